//! Readers and law-file sections of the candidate stage (issue 4): strict law sections
//! with line and key in errors, a quota added by configuration alone, results that do
//! not depend on the order of the rows, readers that never panic.

use mandat_core::candidates::designate;
use mandat_core::count::count;
use mandat_io::{parse_choice, parse_law, parse_lists, parse_results};
use proptest::prelude::*;

const HEAD: &str = "id = \"x\"\nname = \"x\"\ncitation = \"x\"\neffective = 2024-01-01\n[allocation]\nmethod = \"dhondt\"\n";

fn law_err(extra: &str) -> mandat_io::InputError {
    parse_law(&format!("{HEAD}{extra}"), "law.toml").expect_err(extra)
}

#[test]
fn law_sections_are_strict_and_errors_carry_line_and_key() {
    let e = law_err("[[quotas]]\ncategory = { sex = \"F\" }\nshare = \"30%\"\nrounding = \"upward\"\nstage = \"post-correction\"\n");
    assert_eq!((e.line, e.field.as_deref()), (Some(10), Some("quotas.rounding")));
    assert!(e.message.contains("unknown variant `upward`"), "{e}");

    let e = law_err("[[list_rules]]\nrule = \"zipper\"\ncolour = 1\n");
    assert_eq!((e.line, e.field.as_deref()), (Some(9), Some("list_rules.colour")));

    let e = law_err("[[list_rules]]\nrule = \"min-share\"\ncategory = { sexx = \"F\" }\nshare = \"30%\"\n");
    assert_eq!(e.line, Some(9));
    assert!(e.message.contains("unknown field `sexx`"), "{e}");

    let e = law_err("[candidates]\ndesignation = \"closed\"\n");
    assert_eq!((e.line, e.field.as_deref()), (Some(8), Some("candidates.designation")));

    let e = law_err("[[quotas]]\ncategory = { sex = \"F\" }\nshare = \"130%\"\nstage = \"pre-allocation\"\n");
    assert_eq!((e.line, e.field.as_deref()), (Some(9), Some("quotas.share")));

    let e = law_err("[[quotas]]\nscope = \"assembly\"\ncategory = { sex = \"F\" }\ncount = 3\nstage = \"post-correction\"\n");
    assert!(e.message.contains("scope \"assembly\" is not supported"), "{e}");
    assert_eq!(e.line, Some(7));

    let e = law_err("[[quotas]]\ncategory = { sex = \"F\" }\nshare = \"30%\"\ncount = 3\nstage = \"pre-allocation\"\n");
    assert!(e.message.contains("either `share` or `count`"), "{e}");

    let e = law_err("[[quotas]]\ncategory = {}\ncount = 3\nstage = \"pre-allocation\"\n");
    assert!(e.message.contains("names no criterion"), "{e}");

    let e = law_err("[candidates]\ndesignation = \"preference-threshold\"\n");
    assert!(e.message.contains("needs `preference_threshold`"), "{e}");

    // A party-choice check without party choice; ages without a date.
    let e = law_err("[[quotas]]\ncategory = { sex = \"F\" }\ncount = 1\nstage = \"party-choice\"\n");
    assert_eq!((e.line, e.field.as_deref()), (Some(7), Some("quotas")));
    let no_date = HEAD.replace("effective = 2024-01-01\n", "");
    let e = parse_law(&format!("{no_date}[[list_rules]]\nrule = \"min-share\"\ncategory = {{ younger_than = 29 }}\nshare = \"30%\"\n"), "law.toml").unwrap_err();
    assert!(e.message.contains("age_on"), "{e}");
}

const K: &str = "Kazakhstan (nationwide party list)";

/// A separate quota for persons with disabilities (5% of a party's mandates, rounded up,
/// as first announced for Kazakhstan, law-notes 0) works by configuration alone.
#[test]
fn a_disability_quota_needs_only_configuration() {
    let preset = mandat_io::PRESETS.iter().find(|p| p.id == "kz-mazhilis-2023-list").unwrap().text;
    let text = format!(
        "{preset}\n[[quotas]]\nname = \"5% persons with disabilities\"\nscope = \"party\"\ncategory = {{ disability = true }}\nshare = \"5%\"\nrounding = \"up\"\nstage = \"party-choice\"\narticle = \"announced, not found in law (law-notes 0)\"\n"
    );
    let mut law = parse_law(&text, "kz-5.toml").unwrap();
    law.set("seats", "4").unwrap(); // a 4-seat miniature of the 69-seat list tier
    let results = parse_results(&format!("{{\"constituencies\": [{{\"name\": \"{K}\", \"seats\": 4, \"votes\": {{\"A\": 100}}}}]}}"), "r.json").unwrap();
    let lists = parse_lists(
        &format!("constituency,party,position,name,sex,disability\n{K},A,1,a,F,false\n{K},A,2,b,F,false\n{K},A,3,c,M,true\n{K},A,4,d,M,false\n{K},A,5,e,M,false\n"),
        "l.csv",
    )
    .unwrap();
    let out = count(&law, &results, 0).unwrap();
    let choose = |names: &[&str]| {
        let csv: String = names.iter().map(|n| format!("{K},A,{n}\n")).collect();
        parse_choice(&format!("constituency,party,name\n{csv}"), "c.csv").unwrap()
    };
    let d = designate(&law, &out, &lists.lists, Some(&choose(&["a", "b", "d", "e"]).choice)).unwrap();
    let q = d.quotas.iter().find(|q| q.quota == "5% persons with disabilities").unwrap();
    assert_eq!((q.need, q.have, q.met, q.violation), (1, 0, false, true));
    let d = designate(&law, &out, &lists.lists, Some(&choose(&["a", "b", "c", "e"]).choice)).unwrap();
    assert!(d.quotas.iter().all(|q| q.met), "{:?}", d.quotas);
}

/// The same lists in another row order designate the same people.
#[test]
fn designation_does_not_depend_on_row_order() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let read = |p: &str| std::fs::read_to_string(root.join(p)).unwrap();
    let law = mandat_io::preset("be-chamber").unwrap().unwrap();
    let results = parse_results(&read("tests/candidates/be-b1-results.json"), "r.json").unwrap();
    let out = count(&law, &results, 0).unwrap();
    let text = read("tests/candidates/be-b1-lists.csv");
    let mut lines: Vec<&str> = text.lines().collect();
    let header = lines.remove(0);
    let ballots = read("tests/candidates/be-b1-ballots.csv");
    let elected = |rows: &[&str]| {
        let mut f = parse_lists(&format!("{header}\n{}\n", rows.join("\n")), "l.csv").unwrap();
        mandat_io::parse_ballots(&ballots, "b.csv", &mut f).unwrap();
        let d = designate(&law, &out, &f.lists, None).unwrap();
        let mut names: Vec<String> = d.elected().map(|(_, r)| r.candidate.name.clone()).collect();
        names.sort();
        let subs: Vec<Vec<String>> = d.lists.iter().map(|l| l.substitutes.iter().map(|s| s.candidate.name.clone()).collect()).collect();
        (names, subs)
    };
    let base = elected(&lines);
    let mut rev = lines.clone();
    rev.reverse();
    assert_eq!(elected(&rev), base);
    for k in 1..lines.len() {
        let mut rot = lines.clone();
        rot.rotate_left(k);
        assert_eq!(elected(&rot), base);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// No input makes a reader panic: every failure is an `InputError`.
    #[test]
    fn candidate_readers_never_panic(s in "(constituency,party,position,name|[a-z_,;0-9 FMX\\n\"-]){0,12}[ -~\\n]{0,80}") {
        let _ = parse_lists(&s, "l.csv");
        let _ = parse_choice(&s, "c.csv");
        let _ = parse_choice(&s, "c.json");
        let _ = mandat_io::parse_designation(&s, "r.json");
        if let Ok(mut f) = parse_lists("constituency,party,position,name\nc,A,1,a\n", "l.csv") {
            let _ = mandat_io::parse_ballots(&s, "b.csv", &mut f);
            let _ = mandat_io::parse_ballots(&s, "b.json", &mut f);
        }
    }
}

#[test]
fn json_ballots_and_choice_are_read_like_csv() {
    let mut f = parse_lists("constituency,party,position,name\nc,A,1,a\nc,A,2,b\n", "l.csv").unwrap();
    mandat_io::parse_ballots("{\"lists\": [{\"constituency\": \"c\", \"party\": \"A\", \"head\": 7, \"substitutes_only\": 2}]}", "b.json", &mut f).unwrap();
    assert_eq!(f.lists[0].ballots, Some(mandat_core::candidates::ListBallots { head: 7, substitutes_only: 2, effective_only: 0 }));
    let e = mandat_io::parse_ballots("{\"lists\": [\n{\"constituency\": \"c\", \"party\": \"A\", \"heads\": 7}]}", "b.json", &mut f).unwrap_err();
    assert_eq!(e.line, Some(2));
    assert!(e.message.contains("unknown field `heads`"), "{e}");
    let e = mandat_io::parse_ballots("constituency,party,head\nc,A,many\n", "b.csv", &mut f).unwrap_err();
    assert_eq!((e.line, e.field.as_deref()), (Some(2), Some("head")));
    let e = mandat_io::parse_ballots("constituency,party,head\nc,A,1\nc,A,2\n", "b.csv", &mut f).unwrap_err();
    assert!(e.message.contains("given twice"), "{e}");
    let e = mandat_io::parse_ballots(&format!("constituency,party,head,effective_only\nc,A,{},1\n", u64::MAX), "b.csv", &mut f).unwrap_err();
    assert!(e.message.contains("add up to more than"), "{e}");

    let c = parse_choice("{\"c\": {\"A\": [\"b\", \"a\"]}}", "c.json").unwrap();
    assert_eq!(c.choice.of("c", "A").unwrap(), &["b".to_string(), "a".to_string()]);
    let e = parse_choice("{\"c\": {\"A\": [\"b\", 3]}}", "c.json").unwrap_err();
    assert!(e.message.contains("a name must be text"), "{e}");
    let e = parse_choice("constituency,party,name\nc,A,\n", "c.csv").unwrap_err();
    assert_eq!((e.line, e.field.as_deref()), (Some(2), Some("name")));
}
