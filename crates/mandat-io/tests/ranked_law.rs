//! Laws that count ranked ballots (`[ranked]`): the Irish Dáil preset on Dublin West 2002,
//! the law and results checks, and every ranked rule reachable from a law file.

use std::path::PathBuf;

use mandat_core::count::count;
use mandat_io::case::{compare, parse_case};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn case_path() -> String {
    root().join("tests/cases/ie-dail-2002-dublin-west.json").to_string_lossy().into_owned()
}

fn case_text() -> String {
    std::fs::read_to_string(case_path()).unwrap()
}

/// A case beside the real one (so that its relative ballots path resolves), with `edit`
/// applied to the text.
fn edited_case(edit: &dyn Fn(&str) -> String, name: &str) -> Result<mandat_io::case::Case, mandat_io::InputError> {
    let path = root().join(format!("tests/cases/.tmp-{name}-{}.json", std::process::id()));
    std::fs::write(&path, edit(&case_text())).unwrap();
    let r = parse_case(&std::fs::read_to_string(&path).unwrap(), path.to_str().unwrap());
    let _ = std::fs::remove_file(&path);
    r
}

/// The members elected do not depend on which papers the surplus draws: the same three
/// under twenty seeds, and the numbers Lenihan's surplus sends are the law's every time.
#[test]
fn dublin_west_elects_the_same_members_under_every_draw() {
    let case = parse_case(&case_text(), &case_path()).unwrap();
    let law = mandat_io::preset("ie-dail").unwrap().unwrap();
    let mut finals = std::collections::BTreeSet::new();
    for seed in 0..20 {
        let out = count(&law, &case.election, seed).unwrap();
        assert!(compare(&case, &out).is_empty(), "seed {seed}: {:?}", compare(&case, &out));
        let t = &out.ranked[0].tabulation;
        assert_eq!(t.quota.unwrap().raw, 7498);
        let surplus = t.rounds.iter().flat_map(|r| &r.actions).find(|a| a.kind == mandat_core::ranked::ActionKind::SurplusTransferred).unwrap();
        let sent: Vec<i128> = surplus.transfers.iter().map(|x| x.1.raw).collect();
        // 588 papers of the 7,774 transferable ones in proportion: fixed by the law.
        assert_eq!(sent.iter().sum::<i128>(), 588);
        assert_eq!(sent, vec![59, 312, 71, 26, 74, 46], "seed {seed}");
        finals.insert(t.rounds.last().unwrap().tally.iter().map(|x| x.1.raw).collect::<Vec<_>>());
    }
    // Later counts do depend on the draw (which papers moved).
    assert!(finals.len() > 1);
}

/// Dublin North 2002 (4 seats, 43,942 papers): the four members returned under twenty
/// seeds, with the quota of s. 120 (⌊43,942 ÷ 5⌋ + 1).
#[test]
fn dublin_north_elects_the_same_members_under_every_draw() {
    let path = root().join("tests/cases/ie-dail-2002-dublin-north.json").to_string_lossy().into_owned();
    let case = parse_case(&std::fs::read_to_string(&path).unwrap(), &path).unwrap();
    let law = mandat_io::preset("ie-dail").unwrap().unwrap();
    for seed in 0..20 {
        let out = count(&law, &case.election, seed).unwrap();
        assert!(compare(&case, &out).is_empty(), "seed {seed}: {:?}", compare(&case, &out));
        assert_eq!(out.ranked[0].tabulation.quota.unwrap().raw, 8789);
    }
}

/// First preferences per party and valid votes stated in the results are checked against
/// the ballots: a wrong figure is refused before anything is counted.
#[test]
fn stated_first_preferences_must_match_the_ballots() {
    let err = edited_case(&|t| t.replace("\"Fine Gael\": 3694", "\"Fine Gael\": 3695"), "fg").unwrap_err();
    assert!(err.message.contains("votes of \"Fine Gael\": 3695, but the ballots give it 3694"), "{err}");
    let err = edited_case(&|t| t.replace("\"total_valid_votes\": 29988", "\"total_valid_votes\": 29989"), "valid").unwrap_err();
    assert!(err.message.contains("total_valid_votes is 29989, but the ballots hold 29988"), "{err}");
    let err = edited_case(&|t| t.replace("\"Sheila Terry\": \"Fine Gael\"", "\"Sheila Tery\": \"Fine Gael\""), "name").unwrap_err();
    assert!(err.message.contains("\"Sheila Tery\", who is not a candidate"), "{err}");
    let err = edited_case(&|t| t.replace("dublin-west.blt", "no-such-file.blt"), "file").unwrap_err();
    assert!(err.message.contains("no-such-file.blt"), "{err}");
    let err = edited_case(&|t| t.replace("\"ballots\": \"../data/ie-dail-2002/dublin-west.blt\",", ""), "noballots").unwrap_err();
    assert!(err.message.contains("name the file in `ballots`"), "{err}");
}

/// Results sent to the server cannot make it read a file.
#[test]
fn results_sent_cannot_name_a_ballots_file() {
    let err = mandat_io::parse_results_sent(&case_text(), "results.json").unwrap_err();
    assert!(err.message.contains("cannot name a ballots file"), "{err}");
}

/// A ranked law refuses the list-tier sections, a quota the rule does not take, and an
/// unknown rule, naming the key.
#[test]
fn ranked_law_checks() {
    let base = "id = \"x\"\nname = \"x\"\ncitation = \"x\"\n[ranked]\nrule = \"stv-sampled\"\n";
    assert!(mandat_io::parse_law(base, "x.toml").is_ok());
    let err = mandat_io::parse_law(&format!("{base}[allocation]\nmethod = \"dhondt\"\n"), "x.toml").unwrap_err();
    assert!(err.message.contains("remove [allocation]"), "{err}");
    let err = mandat_io::parse_law("id = \"x\"\nname = \"x\"\ncitation = \"x\"\n[ranked]\nrule = \"ers97\"\nquota = \"hare\"\n", "x.toml").unwrap_err();
    assert!(err.message.contains("defines its own quota"), "{err}");
    let err = mandat_io::parse_law("id = \"x\"\nname = \"x\"\ncitation = \"x\"\n[ranked]\nrule = \"stv-irish\"\n", "x.toml").unwrap_err();
    assert!(err.message.contains("unknown ranked rule \"stv-irish\""), "{err}");
    assert_eq!(err.line, Some(5));
}

/// The same ballots under other rules named by a law file: the law format reaches every
/// multi-seat STV rule, and a Hare quota changes the threshold.
#[test]
fn a_law_can_name_any_ranked_rule() {
    let case = parse_case(&case_text(), &case_path()).unwrap();
    for (rule, quota) in [("ers97", ""), ("stv-scottish", ""), ("meek", ""), ("stv-sampled", "quota = \"hare\"\n")] {
        let text = format!("id = \"x\"\nname = \"x\"\ncitation = \"x\"\n[ranked]\nrule = \"{rule}\"\n{quota}");
        let law = mandat_io::parse_law(&text, "x.toml").unwrap();
        let out = count(&law, &case.election, 0).unwrap();
        assert_eq!(out.ranked[0].tabulation.rule, rule);
        assert_eq!(out.house_size(), 3, "{rule}");
        if !quota.is_empty() {
            assert_eq!(out.ranked[0].tabulation.quota.unwrap().raw, 9996);
        }
    }
}

/// What-ifs: the seats can change (Dublin West with five seats); a list threshold, method
/// or tie chain, which the ranked rule would ignore, is refused.
#[test]
fn ranked_what_ifs() {
    let case = parse_case(&case_text(), &case_path()).unwrap();
    let mut law = mandat_io::preset("ie-dail").unwrap().unwrap();
    for (k, v) in [("threshold", "5%"), ("method", "dhondt"), ("ties", "lot")] {
        let err = law.clone().set(k, v).unwrap_err();
        assert!(err.contains("ranked ballots"), "{k}: {err}");
    }
    law.set("seats", "5").unwrap();
    let out = count(&law, &case.election, 0).unwrap();
    assert_eq!(out.house_size(), 5);
    assert_eq!(out.ranked[0].tabulation.quota.unwrap().raw, 29988 / 6 + 1);
}
