//! Nonsense the readers refuse, each with the file, the field and what was expected
//! (issue "Never silently wrong", item 8): ballots with nothing to count, an RCTab
//! contest with more winners than candidates, settings that the rule would ignore,
//! results whose lines contradict each other, a vacancy under another law.

use mandat_core::ranked::{BallotBox, RankedError};
use mandat_io::ranked::{count_error, parse_blt, parse_rankings_csv, rctab, DirectSettings, Naming};

// ------------------------------------------------------------------ ranked ballots

#[test]
fn ballots_whose_weights_are_all_zero_are_refused() {
    let e = parse_blt("3 1\n0 1 2 0\n0 3 0\n0\n\"A\"\n\"B\"\n\"C\"\n", "z.blt").unwrap_err();
    assert_eq!((e.line, e.field.as_deref()), (Some(4), Some("ballots")), "{e}");
    assert!(e.message.contains("no ballot to count"), "{e}");
    // No ballot line at all is the same.
    let e = parse_blt("2 1\n0\n\"A\"\n\"B\"\n", "none.blt").unwrap_err();
    assert!(e.message.contains("no ballot to count"), "{e}");

    let e = parse_rankings_csv("weight,rank1,rank2\n0,A,B\n0,B,A\n", "z.csv").unwrap_err();
    assert_eq!((e.path.as_str(), e.field.as_deref()), ("z.csv", Some("weight")), "{e}");
    assert!(e.message.contains("every row has weight 0"), "{e}");
    let e = parse_rankings_csv("# candidates: A, B\nrank1,rank2\n", "h.csv").unwrap_err();
    assert!(e.message.contains("no row after the header"), "{e}");
    // One ballot of weight 1 is enough.
    assert_eq!(parse_rankings_csv("weight,rank1\n0,A\n1,B\n", "ok.csv").unwrap().total_weight(), 1);
}

#[test]
fn rctab_more_winners_than_declared_candidates_is_refused() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/rctab/more_winners_than_candidates");
    let cfg = root.join("more_winners_than_candidates_config.json");
    let e = rctab::load(&cfg.display().to_string()).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("rules.numberOfWinners"), "{e}");
    assert!(e.message.contains("5 winners but only 4 declared candidate(s)"), "{e}");
}

fn ballots() -> BallotBox {
    let mut b = BallotBox::new(vec!["A".into(), "B".into()]);
    b.add_order(&[0, 1], 3);
    b.add_order(&[1], 2);
    b
}

#[test]
fn first_preference_settings_are_refused_for_rules_that_ignore_them() {
    for (s, setting) in [
        (DirectSettings { electorate: Some(100), ..Default::default() }, "--electorate"),
        (DirectSettings { electorate: Some(100), quorum: Some("50%".into()), ..Default::default() }, "--electorate"),
        (DirectSettings { against_all: Some("B".into()), ..Default::default() }, "--against-all"),
    ] {
        for rule in ["irv", "stv-scottish", "meek"] {
            let e = s.options(rule, &ballots(), 0, Naming::Flags).unwrap_err();
            assert_eq!(e.path, setting, "{rule}: {e}");
            assert!(e.message.contains(&format!("only, not {rule}")), "{e}");
        }
        assert!(s.options("two-round", &ballots(), 0, Naming::Flags).is_ok());
    }
    let q = DirectSettings { quorum: Some("50%".into()), ..Default::default() };
    let e = q.options("two-round", &ballots(), 0, Naming::JsonFields).unwrap_err();
    assert_eq!(e.path, "quorum");
    assert!(e.message.contains("give electorate too"), "{e}");
}

#[test]
fn count_errors_name_the_setting_the_user_gave() {
    let sw = || RankedError::SingleWinner { rule: "irv".into(), seats: 3 };
    assert_eq!(count_error(sw(), "b.csv", true, Naming::Flags).path, "--seats");
    assert_eq!(count_error(sw(), "ballots", true, Naming::JsonFields).path, "seats");
    // Seats from a BLT header: the file, its `seats` field, and how to ask for one.
    let e = count_error(sw(), "w.blt", false, Naming::Flags);
    assert_eq!((e.path.as_str(), e.field.as_deref()), ("w.blt", Some("seats")));
    assert!(e.message.contains("header asks for 3 seats, but irv elects one candidate: give --seats 1"), "{e}");
    let e = count_error(RankedError::Electorate { electorate: 0, ballots: 5 }, "b.csv", false, Naming::JsonFields);
    assert_eq!(e.path, "electorate");
    assert_eq!(count_error(RankedError::NoVotes, "b.csv", true, Naming::Flags).path, "b.csv");
}

// ------------------------------------------------------------------------- results

#[test]
fn a_name_both_in_votes_and_in_other_votes_is_refused() {
    let t = r#"{"constituencies": [{"name": "North", "seats": 3, "votes": {"A": 100, "B": 50}, "other_votes": {"A": 10}}]}"#;
    let e = mandat_io::parse_results(t, "r.json").unwrap_err();
    assert_eq!(e.field.as_deref(), Some("constituency \"North\""), "{e}");
    assert!(e.message.contains("\"A\" is both a party in `votes` and a line of `other_votes`"), "{e}");
    // A repeated line of other_votes is refused where it stands.
    let t = "{\"constituencies\": [{\"name\": \"North\", \"seats\": 3, \"votes\": {\"A\": 100},\n \"other_votes\": {\"blank\": 1, \"blank\": 2}}]}";
    let e = mandat_io::parse_results(t, "r.json").unwrap_err();
    assert_eq!(e.line, Some(2), "{e}");
    assert!(e.message.contains("\"blank\" appears twice"), "{e}");
}

#[test]
fn ballots_cast_below_valid_and_other_votes_is_refused() {
    let t = r#"{"constituencies": [{"name": "North", "seats": 3, "votes": {"A": 100, "B": 50}, "other_votes": {"blank": 10}, "ballots_cast": 155}]}"#;
    let e = mandat_io::parse_results(t, "r.json").unwrap_err();
    assert_eq!(e.field.as_deref(), Some("constituency \"North\""), "{e}");
    assert!(e.message.contains("ballots_cast 155 is below the valid votes and other_votes together, 160"), "{e}");
    let ok = t.replace("155", "160");
    assert!(mandat_io::parse_results(&ok, "r.json").is_ok());
}

// ------------------------------------------------------------------------- vacancy

/// The JSON of `mandat run --law kosovo-assembly ... --candidates ... --format json`.
fn kosovo_result() -> (mandat_core::law::Law, serde_json::Value) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/candidates");
    let read = |f: &str| std::fs::read_to_string(root.join(f)).unwrap();
    let mut law = mandat_io::load_law("kosovo-assembly").unwrap();
    law.set("seats", "10").unwrap(); // the example is a 10-seat miniature
    let e = mandat_io::parse_results(&read("kosovo-example-results.json"), "r.json").unwrap();
    let out = mandat_core::count::count(&law, &e, 0).unwrap();
    let lists = mandat_io::parse_lists(&read("kosovo-example-lists.csv"), "l.csv").unwrap();
    let d = mandat_core::candidates::designate(&law, &out, &lists.lists, None).unwrap();
    let mut v = mandat_io::report::outcome_json(&law, &out);
    v["designation"] = mandat_io::candidates::designation_json(&d);
    (law, v)
}

#[test]
fn a_vacancy_under_another_law_than_the_result_is_refused() {
    let (kosovo, v) = kosovo_result();
    let text = v.to_string();
    assert!(mandat_io::parse_designation_for(&kosovo, &text, "r.json").is_ok());

    let be = mandat_io::load_law("be-chamber").unwrap();
    let e = mandat_io::parse_designation_for(&be, &text, "r.json").unwrap_err();
    assert_eq!(e.field.as_deref(), Some("law.id"), "{e}");
    assert!(e.message.contains("counted under the law \"kosovo-assembly\", not \"be-chamber\""), "{e}");

    // No law named: nothing to check against.
    let mut w = v.clone();
    w.as_object_mut().unwrap().remove("law");
    let e = mandat_io::parse_designation_for(&kosovo, &w.to_string(), "r.json").unwrap_err();
    assert_eq!(e.field.as_deref(), Some("law.id"), "{e}");

    // The same id, another designation rule: the law changed since.
    let mut w = v.clone();
    w["designation"]["rule"] = "closed list (list order)".into();
    let e = mandat_io::parse_designation_for(&kosovo, &w.to_string(), "r.json").unwrap_err();
    assert_eq!(e.field.as_deref(), Some("designation.rule"), "{e}");
}

#[test]
fn a_vacancy_in_a_constituency_the_law_does_not_have_is_refused() {
    let be = mandat_io::load_law("be-chamber").unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/candidates");
    let read = |f: &str| std::fs::read_to_string(root.join(f)).unwrap();
    let e = mandat_io::parse_results(&read("be-b1-results.json"), "r.json").unwrap();
    let out = mandat_core::count::count(&be, &e, 0).unwrap();
    let mut lists = mandat_io::parse_lists(&read("be-b1-lists.csv"), "l.csv").unwrap();
    mandat_io::parse_ballots(&read("be-b1-ballots.csv"), "b.csv", &mut lists).unwrap();
    let d = mandat_core::candidates::designate(&be, &out, &lists.lists, None).unwrap();
    let mut v = mandat_io::report::outcome_json(&be, &out);
    v["designation"] = mandat_io::candidates::designation_json(&d);
    assert!(mandat_io::parse_designation_for(&be, &v.to_string(), "r.json").is_ok());
    v["designation"]["lists"][1]["constituency"] = "Atlantis".into();
    let err = mandat_io::parse_designation_for(&be, &v.to_string(), "r.json").unwrap_err();
    assert_eq!(err.field.as_deref(), Some("designation.lists[1].constituency"), "{err}");
    assert!(err.message.contains("\"Atlantis\" is not one of the constituencies of be-chamber"), "{err}");
}
