//! `mandat committees` and `mandat coalitions` as a user runs them: outputs, and bad
//! input ending in a clear message (file, line, field) and exit status 2.

mod common;

use common::*;

const BE: &str = "tests/parliament/be-chamber-2019.csv";

#[test]
fn committees_explains_every_chair() {
    let o = mandat(&["committees", "--rules", "be-chamber-rules", BE]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s = stdout(&o);
    assert!(s.contains("round  1: N-VA         25 / 1 = 25"), "{s}");
    assert!(s.contains("round  6: N-VA         25 / 2 = 12.50"), "{s}");
    assert!(s.contains("chair posts: N-VA 2, Ecolo-Groen 2, PS 2, VB 1, MR 1, CD&V 1, PVDA-PTB 1, Open Vld 1"), "{s}");
    assert!(s.contains("tie for who chooses first among CD&V, PVDA-PTB, Open Vld at 12"), "{s}");
    assert!(s.lines().any(|l| l.trim_start().starts_with("DéFI") && l.ends_with(" 2, not recognised (fewer than 5 seats)")), "{s}");
}

#[test]
fn committees_json_has_rounds_with_quotients_and_reasons() {
    let o = mandat(&["committees", "--rules", "be-chamber-rules", "--format", "json", BE]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let chairs = &v["posts"][0];
    assert_eq!(chairs["counts"]["N-VA"], 2);
    assert_eq!(chairs["counts"]["sp.a"], 0);
    let r = &chairs["rounds"][5];
    assert_eq!(r["group"], "N-VA");
    assert_eq!(r["quotient"]["exact"], "25/2");
    assert_eq!(r["why"], "quotient");
    assert_eq!(v["committees"][0]["seats"]["N-VA"], 3);
}

#[test]
fn committees_with_government_and_preferences() {
    let prefs = Scratch::new("prefs.toml", "Amanat = [\"Finance and Budget\", \"Agrarian Issues\"]\nAuyl = [\"Finance and Budget\"]\n");
    let a = Scratch::new("kz.csv", "group,seats\nAmanat,62\nAuyl,9\nRespublica,6\nAk Zhol,6\n");
    let o = mandat(&[
        "committees", "--rules", "kz-mazhilis-rules", "--government", "Amanat", "--preferences", prefs.path(), "--format", "json", a.path(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let chairs = v["posts"].as_array().unwrap().iter().find(|p| p["name"] == "chair").unwrap();
    let rounds = chairs["rounds"].as_array().unwrap();
    // Amanat chooses first (62/1) and takes its first preference, then its second.
    assert_eq!((&rounds[0]["group"], &rounds[0]["committee"]), (&"Amanat".into(), &"Finance and Budget".into()));
    assert_eq!(rounds[0]["choice"]["preference"], 1);
    assert_eq!(rounds[1]["committee"], "Agrarian Issues");
    assert_eq!(rounds[1]["choice"]["preference"], 2);
    assert_eq!(rounds[2]["choice"], "first-free");
    // Auyl's preference is gone by its turn: the first free committee.
    let auyl = rounds.iter().find(|r| r["group"] == "Auyl").unwrap();
    assert_eq!(auyl["choice"], "first-free", "{auyl}");
}

#[test]
fn coalitions_table_and_json() {
    let o = mandat(&["coalitions", BE, "--order", "PVDA-PTB,Ecolo-Groen,PS,sp.a,cdH,DéFI,CD&V,Open Vld,MR,N-VA,VB", "--limit", "3"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s = stdout(&o);
    assert!(s.contains("Majority: more than half of the seats = 76 seats."), "{s}");
    assert!(s.contains("Minimal winning coalitions: 138 (the 3 with the fewest seats listed"), "{s}");
    assert!(s.contains("Minimal connected winning coalitions"), "{s}");

    let o = mandat(&["coalitions", BE, "--majority", "2/3", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["quota"], 100);
    assert_eq!(v["power"][0]["group"], "N-VA");
    assert_eq!(v["power"][0]["shapley_shubik"]["exact"], "493/2772");
}

const GUARANTEE_RULES: &str = "id = \"g\"\nname = \"guarantees\"\ncitation = \"test\"\n[committee_seats]\nmethod = \"sainte-lague\"\nevery_group_at_least = 1\nopposition_at_least = 3\nwithout_seat = \"non-voting-member\"\n[[committees]]\nname = \"Budget\"\nsize = 7\n[[committees]]\nname = \"Tiny\"\nsize = 3\n[[posts]]\nname = \"chair\"\nreserved = { side = \"opposition\", count = 1 }\n";

#[test]
fn committees_explain_guarantees_and_say_when_one_cannot_hold() {
    let r = Scratch::new("g-rules.toml", GUARANTEE_RULES);
    let a = Scratch::new("g.csv", "group,seats,side\nA,70,majority\nB,20,opposition\nC,6,opposition\nD,4,opposition\n");
    let o = mandat(&["committees", "--rules", r.path(), a.path()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s = stdout(&o);
    // Sainte-Laguë gives 5/2/0/0 on 7 seats; every group at least one: 4/1/1/1.
    assert!(s.contains("Budget (7): A 4, B 1, C 1, D 1"), "{s}");
    assert!(s.contains("A: 5 → 4 (gives way to the guarantee: every recognised group at least 1 seat(s))"), "{s}");
    assert!(s.contains("C: 0 → 1 (every recognised group at least 1 seat(s))"), "{s}");
    // Three seats cannot seat four groups: reported, and the opposition's three seats hold.
    assert!(s.contains("GUARANTEE NOT MET: every recognised group at least 1 seat(s): the 4 recognised groups need 4 seats, the committee has 3"), "{s}");
    assert!(s.contains("Tiny (3): B 2, C 1"), "{s}");
    assert!(s.contains("non-voting member: A, D"), "{s}");
    assert!(s.contains("round  2: B  20 / 1 = 20        reserved for the opposition → Tiny"), "{s}");
}

#[test]
fn coalitions_say_whether_the_majority_side_wins() {
    let a = Scratch::new("sides.csv", "group,seats,side\nA,40,majority\nB,30,majority\nC,20,opposition\nD,10,opposition\n");
    let o = mandat(&["coalitions", a.path()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("Majority side (A + B): 70 seats, a minimal winning coalition."), "{}", stdout(&o));
    let o = mandat(&["coalitions", a.path(), "--majority", "2/3", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["majority_side"]["wins"], true);
    assert_eq!(v["quota"], 67);
    let o = mandat(&["coalitions", a.path(), "--majority", "71"]);
    assert!(stdout(&o).contains("70 seats, short of the majority"), "{}", stdout(&o));
    let o = mandat(&["coalitions", a.path(), "--government", "A,B,C"]);
    assert!(stdout(&o).contains("Majority side (A + B + C): 90 seats, winning, with members it does not need."), "{}", stdout(&o));
}

#[test]
fn bad_input_is_a_clear_error_with_status_2() {
    let cases: Vec<(Vec<String>, &str)> = vec![
        (vec!["coalitions".into(), BE.into(), "--majority".into(), "151".into()], "--majority: at least 151 seats is 151 seats, but the assembly"),
        (vec!["coalitions".into(), BE.into(), "--majority".into(), "3/2".into()], "--majority: a majority must be a share above 0"),
        (vec!["coalitions".into(), BE.into(), "--order".into(), "N-VA,Groen".into()], "--order: unknown group \"Groen\""),
        (vec!["committees".into(), "--rules".into(), "nope-rules".into(), BE.into()], "no preset rules by this name"),
        (vec!["committees".into(), "--rules".into(), "kz-mazhilis-rules".into(), BE.into()], "reserve \"chair\" posts for a side, but the assembly says no group's side"),
        (vec!["committees".into(), "--rules".into(), "kz-mazhilis-rules".into(), "--government".into(), "Amanat".into(), BE.into()], "--government: unknown group \"Amanat\""),
    ];
    for (args, want) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = mandat(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stdout(&o));
        assert!(stderr(&o).contains(want), "{args:?}: {}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"));
    }
    let small = Scratch::new("small.csv", "group,seats\nEPP,40\nS&D,30\n");
    let o = mandat(&["committees", "--rules", "european-parliament-rules", small.path()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("rules/european-parliament-rules.toml") || stderr(&o).contains("european-parliament-rules"), "{}", stderr(&o));
    assert!(stderr(&o).contains("committee \"AFET Foreign Affairs\" has 71 members but the assembly has only 70 seats"), "{}", stderr(&o));
    let prefs = Scratch::new("bad-prefs.toml", "\"N-VA\" = [\"Justice\"]\nGroen = [\"Justice\"]\n");
    let o = mandat(&["committees", "--rules", "be-chamber-rules", "--preferences", prefs.path(), BE]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bad-prefs.toml:2:1: Groen: unknown group \"Groen\""), "{}", stderr(&o));
}
