//! The parliament readers and the committee rules on real assemblies: the Belgian
//! Chamber's 2019 chairs (law-notes B4), the presets, and every kind of bad input.

use mandat_core::parliament::committees::{share_out, Preferences, ShareError, Why};
use mandat_core::parliament::Side;
use mandat_io::parliament::{load_rules, parse_assembly, parse_preferences, parse_rules, rules_preset, RULES_PRESETS};

const BE_2019: &str = include_str!("../../../tests/parliament/be-chamber-2019.csv");
const KZ_2023: &str = include_str!("../../../tests/parliament/kz-mazhilis-2023.csv");

#[test]
fn every_preset_parses() {
    for p in RULES_PRESETS {
        let r = rules_preset(p.id).unwrap().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.id, p.id);
    }
    assert!(load_rules("no-such-rules").unwrap_err().message.contains("presets:"));
}

/// law-notes B4: 11 chairs by D'Hondt on the 2019 group sizes give 2 N-VA, 2
/// Ecolo-Groen, 2 PS and 1 each to VB, MR, CD&V, PVDA-PTB and Open Vld, the split
/// Metro reported in 2019. (Group sizes: see tests/parliament/README.md.)
#[test]
fn belgian_chamber_2019_chairs() {
    let rules = rules_preset("be-chamber-rules").unwrap().unwrap();
    let a = parse_assembly(BE_2019, "be-chamber-2019.csv").unwrap();
    assert_eq!(a.total_seats(), 150);
    let s = share_out(&rules, &a, &Preferences::none(a.groups.len()), 0).unwrap();
    let chairs = &s.posts[0];
    assert_eq!(chairs.posts, 11);
    assert_eq!(chairs.counts, vec![2, 2, 2, 1, 1, 1, 1, 1, 0, 0, 0]);
    // The largest group chooses first; N-VA again in round 6 (25/2 = 12.5).
    let first: Vec<(&str, u32)> = chairs.rounds.iter().map(|r| (a.groups[r.group].name.as_str(), r.round)).take(6).collect();
    assert_eq!(first, vec![("N-VA", 1), ("Ecolo-Groen", 2), ("PS", 3), ("VB", 4), ("MR", 5), ("N-VA", 6)]);
    assert!(chairs.rounds.iter().all(|r| r.why == Why::Quotient));
    // DéFI (2) is not a recognised group; cdH (5) is, and wins no seat on a 17-seat committee.
    assert!(!s.recognised[10] && s.recognised[9]);
    for c in &s.committees {
        assert_eq!(c.seats.iter().sum::<u32>(), 17);
        assert_eq!(c.seats[10], 0);
        assert_eq!(c.non_voting, vec![9]);
    }
}

#[test]
fn kazakh_opposition_gets_its_reserved_posts() {
    let rules = rules_preset("kz-mazhilis-rules").unwrap().unwrap();
    let a = parse_assembly(KZ_2023, "kz.csv").unwrap();
    let s = share_out(&rules, &a, &Preferences::none(a.groups.len()), 0).unwrap();
    for (post, need) in [("chair", 1), ("secretary", 2)] {
        let p = s.posts.iter().find(|p| p.name == post).unwrap();
        let opp: u32 = (0..a.groups.len()).filter(|&g| a.groups[g].side == Some(Side::Opposition)).map(|g| p.counts[g]).sum();
        assert!(opp >= need, "{post}: {opp}");
        let mut committees: Vec<usize> = p
            .rounds
            .iter()
            .filter(|r| a.groups[r.group].side == Some(Side::Opposition))
            .map(|r| r.committee)
            .collect();
        committees.sort_unstable();
        committees.dedup();
        assert!(committees.len() as u32 >= need, "reserved posts on distinct committees");
        assert!(p.unmet.is_empty());
    }
}

#[test]
fn preferences_name_the_line_of_an_unknown_group_or_committee() {
    let rules = rules_preset("be-chamber-rules").unwrap().unwrap();
    let a = parse_assembly(BE_2019, "be.csv").unwrap();
    let ok = "\"N-VA\" = [\"Finance and Budget\", \"Justice\"]\nPS = [\"Finance and Budget\"]\n";
    let p = parse_preferences(ok, "prefs.toml", &a, &rules).unwrap();
    assert_eq!(p.by_group[0], vec![1, 0]);
    let s = share_out(&rules, &a, &p, 0).unwrap();
    assert_eq!(rules.committees[s.posts[0].rounds[0].committee].name, "Finance and Budget");
    // Ecolo-Groen has no preference: the first free committee; PS's 1st choice is gone.
    assert_eq!(rules.committees[s.posts[0].rounds[1].committee].name, "Justice");
    let ps = &s.posts[0].rounds[2];
    assert_eq!(rules.committees[ps.committee].name, "Interior, Security, Migration and Administrative Matters");
    assert_eq!(ps.choice, mandat_core::parliament::committees::Choice::FirstFree);

    let e = parse_preferences("PS = [\"Justice\"]\nGroen = [\"Justice\"]\n", "prefs.toml", &a, &rules).unwrap_err();
    assert_eq!(e.line, Some(2));
    assert!(e.message.contains("unknown group \"Groen\""), "{e}");
    let e = parse_preferences("PS = [\"Justice\", \"Finances\"]\n", "prefs.toml", &a, &rules).unwrap_err();
    assert_eq!((e.line, e.field.as_deref()), (Some(1), Some("PS")));
    assert!(e.message.contains("unknown committee \"Finances\""), "{e}");
    let e = parse_preferences("PS = \"Justice\"\n", "prefs.toml", &a, &rules).unwrap_err();
    assert_eq!(e.line, Some(1));
    let e = parse_preferences("PS = [\"Justice\"]\n\n[vice-chair]\nMR = [\"Justice\"]\n", "prefs.toml", &a, &rules).unwrap_err();
    assert_eq!(e.line, Some(3), "{e}");
    assert!(e.message.contains("unknown post \"vice-chair\""), "{e}");
    let e = parse_preferences("[chair]\nMR = [\"Justice\"]\nVB = [\"Justise\"]\n", "prefs.toml", &a, &rules).unwrap_err();
    assert_eq!((e.line, e.field.as_deref()), (Some(3), Some("chair.VB")), "{e}");
}

#[test]
fn preferences_can_differ_by_kind_of_post() {
    let rules = rules_preset("kz-mazhilis-rules").unwrap().unwrap();
    let a = parse_assembly(KZ_2023, "kz.csv").unwrap();
    let text = "Amanat = [\"Finance and Budget\"]\n\n[secretary]\nAmanat = [\"Agrarian Issues\"]\n";
    let p = parse_preferences(text, "prefs.toml", &a, &rules).unwrap();
    let s = share_out(&rules, &a, &p, 0).unwrap();
    let first = |post: &str| {
        let r = &s.posts.iter().find(|p| p.name == post).unwrap().rounds[0];
        (a.groups[r.group].name.as_str(), rules.committees[r.committee].name.as_str())
    };
    assert_eq!(first("chair"), ("Amanat", "Finance and Budget"));
    assert_eq!(first("secretary"), ("Amanat", "Agrarian Issues"));
}

const RULES_HEAD: &str = "id = \"t\"\nname = \"t\"\ncitation = \"t\"\n[committee_seats]\nmethod = \"dhondt\"\n[[committees]]\nname = \"A\"\nsize = 5\n[[committees]]\nname = \"B\"\nsize = 5\n";

#[test]
fn rules_errors_name_the_line_and_key() {
    let bad = format!("{RULES_HEAD}[[posts]]\nname = \"chair\"\nreserved = {{ side = \"opposition\", count = 3 }}\n");
    let e = parse_rules(&bad, "r.toml").unwrap_err();
    assert_eq!(e.line, Some(14), "{e}");
    assert!(e.message.contains("3 reserved posts, but there are only 2 committees"), "{e}");

    let e = parse_rules(&format!("{RULES_HEAD}[[committees]]\nname = \"A\"\nsize = 3\n"), "r.toml").unwrap_err();
    assert!(e.message.contains("listed twice"), "{e}");
    assert_eq!(e.line, Some(13));

    let e = parse_rules(&RULES_HEAD.replace("size = 5\n[[", "sise = 5\n[["), "r.toml").unwrap_err();
    assert!(e.message.contains("unknown field `sise`"), "{e}");
    assert_eq!(e.line, Some(8));

    let e = parse_rules(&RULES_HEAD.replace("size = 5\n[[", "size = 0\n[["), "r.toml").unwrap_err();
    assert!(e.message.contains("between 1 and 100000"), "{e}");

    let e = parse_rules(&format!("{RULES_HEAD}[[posts]]\nname = \"chair\"\nmethod = \"hare\"\n"), "r.toml").unwrap_err();
    assert!(e.message.contains("divisor method"), "{e}");

    let e = parse_rules(&format!("{RULES_HEAD}[[posts]]\nname = \"chair\"\nreserved = {{ side = \"left\", count = 1 }}\n"), "r.toml").unwrap_err();
    assert!(e.message.contains("unknown variant `left`"), "{e}");
}

#[test]
fn a_committee_larger_than_the_assembly_is_an_error() {
    let rules = parse_rules(&RULES_HEAD.replace("size = 5\n[[", "size = 500\n[["), "r.toml").unwrap();
    let a = parse_assembly(BE_2019, "be.csv").unwrap();
    let e = share_out(&rules, &a, &Preferences::none(a.groups.len()), 0).unwrap_err();
    assert_eq!(e, ShareError::CommitteeTooLarge { committee: "A".into(), size: 500, seats: 150 });
    assert_eq!(e.to_string(), "committee \"A\" has 500 members but the assembly has only 150 seats");
}

#[test]
fn assembly_readers_reject_bad_input_with_line_and_field() {
    let cases: &[(&str, Option<usize>, Option<&str>, &str)] = &[
        ("group,seats\nA,10\nA,5\n", Some(3), Some("group"), "appears twice"),
        ("group,seats\nA,ten\n", Some(2), Some("seats"), "whole number of seats"),
        ("group,seats\nA,-1\n", Some(2), Some("seats"), "whole number of seats"),
        ("group,seats,side\nA,10,left\n", Some(2), Some("side"), "majority"),
        ("party,votes\nA,10\n", Some(1), None, "expected the header"),
        ("group,seats\n", None, None, "no group"),
        ("group,seats\nA,1,2\n", Some(2), None, "expected 2 fields"),
    ];
    for &(text, line, field, msg) in cases {
        let e = parse_assembly(text, "a.csv").unwrap_err();
        assert_eq!((e.line, e.field.as_deref()), (line, field), "{text:?}: {e}");
        assert!(e.message.contains(msg), "{text:?}: {e}");
    }
    let e = parse_assembly("{\"total\": {\"A\": 1.5}}", "a.json").unwrap_err();
    assert_eq!(e.field.as_deref(), Some("total.A"));
}

#[test]
fn the_json_of_a_count_is_an_assembly_without_its_seatless_parties() {
    let law = mandat_io::preset("kz-mazhilis-2021").unwrap().unwrap();
    let text = include_str!("../../../tests/cases/kz-mazhilis-2021.json");
    let e = mandat_io::parse_results(text, "kz.json").unwrap();
    let out = mandat_core::count::count(&law, &e, 0).unwrap();
    let json = mandat_io::report::outcome_json(&law, &out).to_string();
    let a = parse_assembly(&json, "run.json").unwrap();
    let names: Vec<&str> = a.groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, vec!["Nur Otan", "Ak Zhol", "People's Party of Kazakhstan (QHP)"]);
    assert_eq!(a.total_seats(), 98);
    // Item 3 of issue 6: the parties below the threshold are listed as extra-parliamentary.
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["extra_parliamentary"], serde_json::json!([
        {"party": "Auyl", "below_threshold": true},
        {"party": "Adal", "below_threshold": true},
    ]));
    assert!(mandat_io::report::outcome_table(&out).contains("Extra-parliamentary parties (no seat): Auyl (below the threshold), Adal (below the threshold)"));
}

mod never_panic {
    use super::*;
    use proptest::prelude::*;

    fn rules_text() -> impl Strategy<Value = String> {
        let keys = "(method|size|name|min_seats|every_group_at_least|opposition_at_least|without_seat|per_committee|reserved|side|count|chain|first_divisor)";
        let values = r#"("[a-z0-9%.\- ]{0,8}"|-?[0-9.]{1,6}|\{ side = "[a-z]{0,10}", count = -?[0-9]{1,3} \}|\[("[a-z\-]{0,10}",?){0,3}\])"#;
        prop_oneof![
            any::<String>(),
            proptest::string::string_regex(&format!(
                r#"id = "x"\nname = "x"\ncitation = "x"\n(\[recognition\]\n({keys} = {values}\n){{0,2}})?\[committee_seats\]\n({keys} = {values}\n){{0,3}}(\[\[committees\]\]\n({keys} = {values}\n){{0,3}}){{0,3}}(\[\[posts\]\]\n({keys} = {values}\n){{0,3}}){{0,2}}"#
            ))
            .unwrap(),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        #[test]
        fn parliament_readers_never_panic(
            rules in rules_text(),
            assembly in prop_oneof![
                any::<String>(),
                "(group,seats(,side)?\n)?([A-Za-z ]{0,4},-?[0-9.]{0,7}(,[a-z]{0,10})?\n){0,6}",
                r#"\{("total": )?\{("[A-C]{0,1}": -?[0-9.e]{0,8},? ?){0,4}\}\}?"#,
            ],
            prefs in prop_oneof![
                any::<String>(),
                r#"("?[A-Ca-c\-]{0,3}"? = \[("[A-Za-z ]{0,6}",? ?){0,3}\]\n){0,3}(\[[a-z]{0,6}\]\n("?[A-C]{0,2}"? = (\[("[A-Za-z ]{0,6}",? ?){0,3}\]|[0-9]{1,2}|\{\})\n){0,3})?"#,
            ],
            seed in any::<u64>(),
        ) {
            let r = parse_rules(&rules, "r.toml");
            let a = parse_assembly(&assembly, "a.csv");
            let _ = parse_assembly(&assembly, "a.json");
            if let (Ok(r), Ok(a)) = (r, a) {
                let p = parse_preferences(&prefs, "p.toml", &a, &r).unwrap_or_else(|_| Preferences::none(a.groups.len()));
                let _ = share_out(&r, &a, &p, seed);
            }
        }
    }
}
