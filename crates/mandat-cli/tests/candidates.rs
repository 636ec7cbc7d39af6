//! The candidate stage from the command line (issue 4): `run --candidates`, `lint-lists`,
//! `vacancy`, and their bad input (file, line, field; exit status 2, never a panic).

mod common;

use common::*;

const BE_RESULTS: &str = "tests/candidates/be-b1-results.json";
const BE_LISTS: &str = "tests/candidates/be-b1-lists.csv";
const BE_BALLOTS: &str = "tests/candidates/be-b1-ballots.csv";

fn elected(v: &serde_json::Value) -> Vec<String> {
    v["designation"]["elected"].as_array().unwrap().iter().map(|e| e["name"].as_str().unwrap().to_string()).collect()
}

/// law-notes B1's worked example as a Belgian list (L: 40,000 votes, 3 seats).
#[test]
fn run_be_chamber_designates_by_devolution() {
    let o = mandat(&["run", "--law", "be-chamber", BE_RESULTS, "--candidates", BE_LISTS, "--ballots", BE_BALLOTS, "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(elected(&v), vec!["Anne Dubois", "Paul Martin", "Marc Leroy", "Karim Haddad", "Nathalie Roux"]);
    let l = &v["designation"]["lists"][0];
    assert_eq!((l["eligibility"].as_u64(), l["pot"].as_u64()), (Some(10_000), Some(6_500)));
    let first = &v["designation"]["elected"][0];
    assert_eq!(first["devolved_votes"], 3_000);
    assert_eq!(first["reason"]["kind"], "devolution");
    // The seats are still there, unchanged.
    assert_eq!(v["total"], serde_json::json!({"L": 3, "M": 2, "N": 0}));

    let t = mandat(&["run", "--law", "be-chamber", BE_RESULTS, "--candidates", BE_LISTS, "--ballots", BE_BALLOTS, "--explain"]);
    let s = stdout(&t);
    assert!(s.contains("E = ceil(40,000 / 4) = 10,000"), "{s}");
    assert!(s.contains("Marc Leroy (position 2): 2,500 preference votes + 3,500 devolved list votes = 6,000"), "{s}");
    assert!(s.contains("Substitutes in order"), "{s}");
}

#[test]
fn vacancy_goes_to_the_first_substitute() {
    let out = Scratch::new("be-result.json", "");
    let o = mandat(&["run", "--law", "be-chamber", BE_RESULTS, "--candidates", BE_LISTS, "--ballots", BE_BALLOTS, "--format", "json", "-o", out.path()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = mandat(&["vacancy", "--law", "be-chamber", "--result", out.path(), "--leaves", "Paul Martin"]);
    assert!(v.status.success(), "{}", stderr(&v));
    let s = stdout(&v);
    assert!(s.contains("Eric Simon succeeds"), "{s}");
    assert!(s.contains("art. 173"), "{s}");
    // Successive vacancies: the second goes to the second substitute; a leaver who
    // left cannot leave again.
    let two = mandat(&["vacancy", "--law", "be-chamber", "--result", out.path(), "--leaves", "Paul Martin", "--leaves", "Anne Dubois", "--format", "json"]);
    assert!(two.status.success(), "{}", stderr(&two));
    let v: serde_json::Value = serde_json::from_slice(&two.stdout).unwrap();
    assert_eq!(v["successions"][0]["successor"], "Eric Simon");
    assert_eq!(v["successions"][1]["successor"], "Lea Petit");
    let again = mandat(&["vacancy", "--law", "be-chamber", "--result", out.path(), "--leaves", "Paul Martin", "--leaves", "Paul Martin"]);
    assert_eq!(again.status.code(), Some(2));
    let n = mandat(&["vacancy", "--law", "be-chamber", "--result", out.path(), "--leaves", "Nobody"]);
    assert_eq!(n.status.code(), Some(2));
    assert!(stderr(&n).contains("nobody called \"Nobody\" was elected"), "{}", stderr(&n));
    // A seat-only result has no designation: a clear error.
    let plain = Scratch::new("plain.json", "{\"law\": {}, \"total\": {}}");
    let p = mandat(&["vacancy", "--law", "be-chamber", "--result", plain.path(), "--leaves", "X"]);
    assert_eq!(p.status.code(), Some(2));
    assert!(stderr(&p).contains("designation"), "{}", stderr(&p));
}

#[test]
fn kosovo_correction_and_same_sex_vacancy() {
    let out = Scratch::new("kos.json", "");
    let o = mandat(&[
        "run", "--law", "kosovo-assembly", "--set", "seats=10", "tests/candidates/kosovo-example-results.json",
        "--candidates", "tests/candidates/kosovo-example-lists.csv", "--format", "json", "-o", out.path(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(out.path()).unwrap()).unwrap();
    let reps = &v["designation"]["lists"][0]["replacements"];
    assert_eq!(reps[0]["elected"], "A09 Arta");
    assert_eq!(reps[0]["replaced"], "A07 Besnik");
    assert_eq!(reps[1]["replaced"], "A06 Besnik");
    // A woman leaves: the next woman on the reordered list (none is left: vacant);
    // a man leaves: the next man (A06, the last one replaced).
    let w = mandat(&["vacancy", "--law", "kosovo-assembly", "--result", out.path(), "--leaves", "A03 Arta"]);
    assert!(stdout(&w).contains("the seat stays vacant"), "{}", stdout(&w));
    let m = mandat(&["vacancy", "--law", "kosovo-assembly", "--result", out.path(), "--leaves", "A01 Besnik"]);
    assert!(stdout(&m).contains("A06 Besnik succeeds"), "{}", stdout(&m));
    assert!(stdout(&m).contains("art. 112.2"), "{}", stdout(&m));
}

#[test]
fn lint_lists_reports_each_violation_with_its_article() {
    let o = mandat(&["lint-lists", "--law", "kosovo-assembly", "tests/candidates/kosovo-example-lists.csv"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let s = stdout(&o);
    assert!(s.contains("Kosovo / A (effective positions 4, 5, 6)"), "{s}");
    assert!(s.contains("group 2 (positions 4-6) has no woman"), "{s}");
    assert!(s.contains("art. 27.1"), "{s}");
    let ok = mandat(&["lint-lists", "--law", "be-chamber", BE_LISTS]);
    assert!(ok.status.success(), "{}", stdout(&ok));

    // Belgium: three men first, and one sex too many among the substitutes.
    let bad = Scratch::new(
        "be-bad.csv",
        "constituency,party,position,name,sex,substitute\nNamur,L,1,A,M,false\nNamur,L,2,B,M,false\nNamur,L,3,C,F,false\nNamur,L,4,D,F,false\nNamur,L,1,E,F,true\nNamur,L,2,F,F,true\nNamur,L,3,G,F,true\n",
    );
    let o = mandat(&["lint-lists", "--law", "be-chamber", "--format", "json", bad.path()]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rules: Vec<(String, String)> = v["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (x["candidates"].as_str().unwrap().to_string(), x["rule"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(
        rules,
        vec![
            ("substitutes".into(), "the numbers of women and men differ by at most 1".into()),
            ("effective".into(), "the first two candidates are of different sex".into()),
            ("substitutes".into(), "the first two candidates are of different sex".into()),
        ]
    );

    // Kazakhstan: 30% of the list, one person counted once.
    let kz = Scratch::new(
        "kz-bad.csv",
        "constituency,party,position,name,sex,birth_date,disability\nK,P,1,A,M,1970-01-01,false\nK,P,2,B,M,1970-01-01,false\nK,P,3,C,F,2000-01-01,true\nK,P,4,D,M,1970-01-01,false\n",
    );
    let o = mandat(&["lint-lists", "--law", "kz-mazhilis-2023-list", kz.path()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("1 of the 4 candidates are women or persons under 29 or persons with disabilities; at least 30% (rounded up) means at least 2, 1 short"), "{}", stdout(&o));
}

const KZ_RESULTS: &str = "tests/candidates/kz-example-results.json";
const KZ_LISTS: &str = "tests/candidates/kz-example-lists.csv";

#[test]
fn party_choice_is_checked_against_the_list_and_the_quota() {
    let ok = mandat(&["run", "--law", "kz-mazhilis-2023-list", "--set", "seats=10", KZ_RESULTS, "--candidates", KZ_LISTS, "--choice", "tests/candidates/kz-example-choice.csv"]);
    assert!(ok.status.success(), "{}", stderr(&ok));
    assert!(stdout(&ok).contains("Alpha: Kairat (position 7) — chosen by the party (5. in its choice)"), "{}", stdout(&ok));

    let none = mandat(&["run", "--law", "kz-mazhilis-2023-list", "--set", "seats=10", KZ_RESULTS, "--candidates", KZ_LISTS]);
    assert_eq!(none.status.code(), Some(2));
    assert!(stderr(&none).contains("--choice"), "{}", stderr(&none));

    let c = "constituency,party,name\n";
    let k = "Kazakhstan (nationwide party list)";
    let alpha = ["Aibek", "Bolat", "Dana", "Erlan", "Kairat", "Murat"].map(|n| format!("{k},Alpha,{n}\n")).concat();
    let not_on_list = Scratch::new("c1.csv", &format!("{c}{alpha}{k},Beta,Nurlan\n{k},Beta,Saule\n{k},Beta,Aibek\n{k},Beta,Timur\n"));
    let o = mandat(&["run", "--law", "kz-mazhilis-2023-list", "--set", "seats=10", KZ_RESULTS, "--candidates", KZ_LISTS, "--choice", not_on_list.path()]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(e.contains(&format!("{}:10: name:", not_on_list.path())), "{e}");
    assert!(e.contains("\"Aibek\", who is not on its registered list"), "{e}");

    let too_few = Scratch::new("c2.csv", &format!("{c}{k},Beta,Nurlan\n{k},Beta,Saule\n{k},Alpha,Aibek\n"));
    let o = mandat(&["run", "--law", "kz-mazhilis-2023-list", "--set", "seats=10", KZ_RESULTS, "--candidates", KZ_LISTS, "--choice", too_few.path()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("names 1 person(s) for 6 seat(s)"), "{}", stderr(&o));

    // Lawful as to names, but only one of the four is a woman, under 29 or disabled.
    let lists = Scratch::new(
        "kz-lists.csv",
        &format!("constituency,party,position,name,sex,birth_date\n{k},Beta,1,N,M,1970-01-01\n{k},Beta,2,S,F,1980-01-01\n{k},Beta,3,T,M,1960-01-01\n{k},Beta,4,Y,M,1960-01-01\n{k},Beta,5,Z,F,1980-01-01\n{k},Alpha,1,A,F,1970-01-01\n{k},Alpha,2,B,F,1970-01-01\n{k},Alpha,3,C,F,1970-01-01\n{k},Alpha,4,D,F,1970-01-01\n{k},Alpha,5,E,F,1970-01-01\n{k},Alpha,6,F,F,1970-01-01\n"),
    );
    let choice = Scratch::new("c3.csv", &format!("{c}{k},Beta,N\n{k},Beta,S\n{k},Beta,T\n{k},Beta,Y\n{k},Alpha,A\n{k},Alpha,B\n{k},Alpha,C\n{k},Alpha,D\n{k},Alpha,E\n{k},Alpha,F\n"));
    let o = mandat(&["run", "--law", "kz-mazhilis-2023-list", "--set", "seats=10", KZ_RESULTS, "--candidates", lists.path(), "--choice", choice.path(), "--explain"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let s = stdout(&o);
    assert!(s.contains("Beta: 1 of 4 seats, at least 2 needed: NOT MET although the list has enough members"), "{s}");
}

#[test]
fn bad_candidate_input_names_file_line_and_field() {
    let cases: &[(&str, &str, &str)] = &[
        // A list that does not exist in the results.
        ("constituency,party,position,name\nNamur,L,1,A\nNamur,Z,1,B\n", ":3: party:", "no such list stands there"),
        // A list for a constituency that is not in the results.
        ("constituency,party,position,name\nNamur,L,1,A\nLiège,L,1,B\n", ":3: party:", "\"Liège\""),
        ("constituency,party,position,name\nNamur,L,1,A\nNamur,L,1,B\n", ":3: position:", "position 1 of \"L\" in \"Namur\" is taken twice (first on line 2)"),
        ("constituency,party,position,name,birth_date\nNamur,L,1,A,1990-02-30\n", ":2: birth_date:", "has no day 30 in month 2"),
        ("constituency,party,position,name,birth_date\nNamur,L,1,A,30/01/1990\n", ":2: birth_date:", "expected a date YYYY-MM-DD"),
        ("constituency,party,position,name,sex\nNamur,L,1,A,W\n", ":2: sex:", "expected F, M or X"),
        ("constituency,party,position,name\nNamur,L,0,A\n", ":2: position:", "expected a ballot position"),
        ("constituency,party,position,name,colour\nNamur,L,1,A,red\n", ":1:", "unknown column `colour`"),
        ("constituency,party,name\nNamur,L,A\n", ":1:", "lacks the column `position`"),
        ("constituency,party,position,name,preference_votes\nNamur,L,1,A,-5\n", ":2: preference_votes:", "whole number"),
    ];
    for (csv, place, msg) in cases {
        let f = Scratch::new("bad-lists.csv", csv);
        let o = mandat(&["run", "--law", "be-chamber", BE_RESULTS, "--candidates", f.path()]);
        assert_eq!(o.status.code(), Some(2), "{csv}: {}", stdout(&o));
        let e = stderr(&o);
        assert!(e.contains(&format!("{}{place}", f.path())), "{csv}\n{e}");
        assert!(e.contains(msg), "{csv}\n{e}");
        assert!(!e.contains("panicked"), "{e}");
    }
    // A party that won seats but has no list.
    let f = Scratch::new("l.csv", "constituency,party,position,name\nNamur,L,1,A\nNamur,L,2,B\nNamur,L,3,C\n");
    let lb = Scratch::new("lb.csv", "constituency,party,head\nNamur,L,100\n");
    let o = mandat(&["run", "--law", "be-chamber", BE_RESULTS, "--candidates", f.path(), "--ballots", lb.path()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("\"M\" won 2 seat(s) but has no candidate list"), "{}", stderr(&o));
    // The Belgian devolution needs the ballots.
    let o = mandat(&["run", "--law", "be-chamber", BE_RESULTS, "--candidates", BE_LISTS]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--ballots"), "{}", stderr(&o));
    // Ballots for a list that is not in the lists file.
    let b = Scratch::new("b.csv", "constituency,party,head\nNamur,Q,5\n");
    let o = mandat(&["run", "--law", "be-chamber", BE_RESULTS, "--candidates", BE_LISTS, "--ballots", b.path()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains(&format!("{}:2: party: ballots for \"Q\" in \"Namur\"", b.path())), "{}", stderr(&o));
}

/// A result designated under one law cannot fill a vacancy under another: the successor
/// would follow the wrong rule (here, Kosovo's same-sex rule against Belgium's substitutes).
#[test]
fn vacancy_refuses_a_result_of_another_law() {
    let out = Scratch::new("kos-other-law.json", "");
    let o = mandat(&[
        "run", "--law", "kosovo-assembly", "--set", "seats=10", "tests/candidates/kosovo-example-results.json",
        "--candidates", "tests/candidates/kosovo-example-lists.csv", "--format", "json", "-o", out.path(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = mandat(&["vacancy", "--law", "be-chamber", "--result", out.path(), "--leaves", "A01 Besnik"]);
    assert_eq!(v.status.code(), Some(2), "{}", stdout(&v));
    assert!(stderr(&v).contains("law.id: this result was counted under the law \"kosovo-assembly\", not \"be-chamber\""), "{}", stderr(&v));
}
