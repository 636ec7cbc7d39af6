//! RCTab's test suite as the oracle: tests/rctab holds its cases (configuration, CVRs,
//! expected detailed report). Every case is tabulated from its configuration and the
//! Universal RCV Tabulation JSON compared with the expected report: same rounds, same
//! tallies, thresholds and inactive ballots, same elections, eliminations and transfers,
//! same summary. Numbers compare as decimals ("7.2500" = "7.25"); the actions of a round
//! compare as a set (RCTab's order within a round comes from a hash map).
//!
//! Cases listed in NOT_SUPPORTED must fail (or be unreadable) for the reason given; a case
//! that starts to pass must be moved out of the list (and docs/conformance.md updated).

use std::path::{Path, PathBuf};

use mandat_io::ranked::{rctab, urcvt_json};
use serde_json::Value;

/// Cases mandat does not reproduce yet, with the reason (kept in step with
/// docs/conformance.md).
const NOT_SUPPORTED: &[(&str, &str)] = &[
    ("2013_minneapolis_mayor_scale", "not in the repository (26 MB of xlsx); benchmarked from ../shared"),
    ("2018_maine_governor_primary", "its CVR file is absent from the suite (PROVENANCE.md)"),
    ("dominion_kansas", "its CVR file is absent from the suite (PROVENANCE.md)"),
];

/// Cases mandat refuses on purpose, with a piece of the error it must give (kept in step
/// with docs/conformance.md): RCTab counts them, mandat calls the input nonsense.
const REFUSED: &[(&str, &str)] = &[
    ("more_winners_than_candidates", "rules.numberOfWinners: 5 winners but only 4 declared candidate(s)"),
    ("nist_xml_cdf_2", "no ballot ranks any candidate"),
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/rctab")
}

fn norm(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            let mut kv: Vec<(String, Value)> = m.iter().map(|(k, v)| (k.clone(), norm(v))).collect();
            kv.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(kv.into_iter().collect())
        }
        Value::Array(a) => Value::Array(a.iter().map(norm).collect()),
        Value::String(s) => Value::String(norm_num(s).unwrap_or_else(|| s.clone())),
        Value::Number(n) => Value::String(norm_num(&n.to_string()).unwrap_or_else(|| n.to_string())),
        other => other.clone(),
    }
}

/// "7.2500" → "7.25", "8.0" → "8"; not a plain decimal → None.
fn norm_num(s: &str) -> Option<String> {
    let (i, f) = s.split_once('.').unwrap_or((s, ""));
    let neg = i.starts_with('-');
    let i = i.trim_start_matches('-');
    if i.is_empty() || !i.bytes().all(|b| b.is_ascii_digit()) || !f.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let i = i.trim_start_matches('0');
    let i = if i.is_empty() { "0" } else { i };
    let f = f.trim_end_matches('0');
    let body = if f.is_empty() { i.to_string() } else { format!("{i}.{f}") };
    Some(if neg && body != "0" { format!("-{body}") } else { body })
}

/// The first difference between an expected and a computed report, if any.
fn compare(expected: &Value, got: &Value) -> Option<String> {
    let (e, g) = (norm(expected), norm(got));
    let er = e["results"].as_array()?;
    let gr = g["results"].as_array()?;
    for (i, (a, b)) in er.iter().zip(gr).enumerate() {
        for k in ["tally", "threshold", "inactiveBallots"] {
            if a[k] != b[k] {
                return Some(format!("round {}: {k}: expected {} got {}", i + 1, a[k], b[k]));
            }
        }
        let set = |x: &Value| {
            let mut v: Vec<String> = x["tallyResults"].as_array().map(|a| a.iter().map(|y| y.to_string()).collect()).unwrap_or_default();
            v.sort();
            v
        };
        if set(a) != set(b) {
            return Some(format!("round {}: tallyResults: expected {:?} got {:?}", i + 1, set(a), set(b)));
        }
    }
    if er.len() != gr.len() {
        return Some(format!("expected {} rounds, got {}", er.len(), gr.len()));
    }
    for k in ["finalThreshold", "numCandidates", "numWinners", "totalNumBallots", "undervotes"] {
        if e["summary"][k] != g["summary"][k] {
            return Some(format!("summary {k}: expected {} got {}", e["summary"][k], g["summary"][k]));
        }
    }
    None
}

/// Tabulates one case; Ok(None) when it matches.
fn run_case(dir: &Path, name: &str) -> Result<Option<String>, String> {
    let cfg = dir.join(format!("{name}_config.json"));
    let run = rctab::load(&cfg.display().to_string()).map_err(|e| e.to_string())?;
    let tabs = run.tabulate().map_err(|e| e.to_string())?;
    let single = dir.join(format!("{name}_expected_detailed_report.json"));
    let expected: Vec<PathBuf> = if single.exists() {
        vec![single]
    } else {
        (1..=tabs.len().max(1) + 5).map(|k| dir.join(format!("{name}_{k}_expected_detailed_report.json"))).filter(|p| p.exists()).collect()
    };
    if expected.len() != tabs.len() {
        return Ok(Some(format!("expected {} tabulation(s), got {}", expected.len(), tabs.len())));
    }
    for (p, t) in expected.iter().zip(&tabs) {
        let want: Value = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
        if let Some(d) = compare(&want, &urcvt_json(t, &run.meta)) {
            return Ok(Some(d));
        }
    }
    Ok(None)
}

#[test]
fn rctab_suite_matches_the_expected_reports() {
    let root = root();
    let mut cases: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(|d| d.ok())
        .filter(|d| d.path().is_dir())
        .map(|d| d.file_name().to_string_lossy().into_owned())
        .filter(|n| {
            let d = root.join(n);
            d.join(format!("{n}_expected_detailed_report.json")).exists() || d.join(format!("{n}_1_expected_detailed_report.json")).exists()
        })
        .collect();
    cases.sort();
    let mut passed = 0;
    let mut problems = Vec::new();
    for name in &cases {
        if let Some((_, why)) = REFUSED.iter().find(|(n, _)| n == name) {
            match run_case(&root.join(name), name) {
                Err(e) if e.contains(why) => {}
                other => problems.push(format!("{name}: must be refused with {why:?}, got {other:?}")),
            }
            continue;
        }
        let listed = NOT_SUPPORTED.iter().find(|(n, _)| n == name);
        let outcome = run_case(&root.join(name), name);
        match (outcome, listed) {
            (Ok(None), None) => passed += 1,
            (Ok(None), Some(_)) => problems.push(format!("{name}: now passes; remove it from NOT_SUPPORTED and docs/conformance.md")),
            (Ok(Some(d)), None) => problems.push(format!("{name}: {d}")),
            (Err(e), None) => problems.push(format!("{name}: {e}")),
            (_, Some(_)) => {}
        }
    }
    eprintln!("RCTab conformance: {passed} of {} cases with expected reports match", cases.len());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(passed >= 67, "fewer cases pass than documented");
}

#[test]
fn bad_configurations_are_clear_errors() {
    let root = root();
    for (case, needle) in [("invalid_params_test", "rules."), ("invalid_sources_test", "")] {
        let cfg = root.join(case).join(format!("{case}_config.json"));
        let e = rctab::load(&cfg.display().to_string()).err().unwrap_or_else(|| panic!("{case} must be rejected"));
        assert!(e.to_string().contains(needle), "{case}: {e}");
    }
}

/// RCTab's 1-million-ballot case, read from ../shared (26 MB, not copied into the
/// repository). Slow in a debug build: `cargo test --release -- --ignored`.
#[test]
#[ignore]
fn rctab_minneapolis_mayor_scale_from_shared() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/rctab-test-data/2013_minneapolis_mayor_scale");
    assert!(dir.is_dir(), "{} is missing", dir.display());
    assert_eq!(run_case(&dir, "2013_minneapolis_mayor_scale"), Ok(None));
}
