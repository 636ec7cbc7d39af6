//! TODO(issue 4, real data): reproduce the official designation of a Belgian Chamber
//! constituency (2019 or 2024) from its official preference votes and ballots, citing
//! the source. Not done: the session that wrote the candidate stage had no internet
//! access. See tests/candidates/README.md for the files this test expects.

use mandat_core::candidates::designate;
use mandat_core::count::count;

/// The file stem under tests/candidates, e.g. "be-chamber-2024-limburg". TODO: fill in.
const STEM: &str = "be-chamber-YYYY-CONSTITUENCY";

#[test]
#[ignore = "TODO(issue 4): official Belgian preference votes not yet transcribed (no internet in the session); see tests/candidates/README.md"]
fn reproduces_an_official_belgian_designation() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/candidates");
    let read = |suffix: &str| {
        let p = root.join(format!("{STEM}-{suffix}"));
        (std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display())), p.display().to_string())
    };
    let law = mandat_io::preset("be-chamber").unwrap().unwrap();
    let (text, path) = read("results.json");
    let results = mandat_io::parse_results(&text, &path).unwrap();
    let (text, path) = read("lists.csv");
    let mut lists = mandat_io::parse_lists(&text, &path).unwrap();
    let (text, path) = read("ballots.csv");
    mandat_io::parse_ballots(&text, &path, &mut lists).unwrap();
    let out = count(&law, &results, 0).unwrap();
    let d = designate(&law, &out, &lists.lists, None).unwrap();
    let (text, _) = read("expected.json");
    let expected: serde_json::Value = serde_json::from_str(&text).unwrap();
    let elected: Vec<String> = d.elected().map(|(_, r)| r.candidate.name.clone()).collect();
    let mut want: Vec<String> = expected["elected"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect();
    let mut got = elected.clone();
    want.sort();
    got.sort();
    assert_eq!(got, want);
    for l in &d.lists {
        if let Some(subs) = expected["substitutes"][&l.party].as_array() {
            let got: Vec<&str> = l.substitutes.iter().map(|s| s.candidate.name.as_str()).collect();
            let want: Vec<&str> = subs.iter().map(|v| v.as_str().unwrap()).collect();
            assert_eq!(got, want, "substitutes of {}", l.party);
        }
    }
}
