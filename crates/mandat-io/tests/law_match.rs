//! Results are checked against the law before anything is counted (issue 14, items 1-2):
//! constituencies the law does not have, seats that differ from the law's, and a partial
//! count where something is measured nationally are refused; a what-if on the seats
//! changes the seats counted. docs/checks.md lists these checks.

use std::path::PathBuf;

use mandat_core::count::{count, CountError};
use mandat_io::case::parse_case;
use proptest::prelude::*;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn cases() -> Vec<mandat_io::case::Case> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(root().join("tests/cases")).unwrap() {
        let path = e.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let text = std::fs::read_to_string(&path).unwrap();
            out.push(parse_case(&text, path.to_str().unwrap()).unwrap());
        }
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

/// Every real case under every other preset: where the law names its constituencies
/// and the case has one it does not name, or where the law fixes the national seats
/// and the case declares others, the count is refused.
#[test]
fn every_case_under_a_law_it_does_not_match_is_refused() {
    let mut refused = 0;
    for law in mandat_io::presets() {
        let listed: Vec<&str> = law.constituencies.iter().filter(|c| !c.single_member).map(|c| c.name.as_str()).collect();
        for case in cases().into_iter().filter(|c| c.law != law.id) {
            let foreign = !listed.is_empty()
                && case.election.constituencies.iter().any(|c| !c.single_member && !listed.contains(&c.name.as_str()));
            let other_seats = law.results_seats == mandat_core::law::ResultsSeats::Check
                && listed.is_empty()
                && matches!((&case.election.constituencies[..], law.seats), ([only], Some(s)) if only.seats.is_some_and(|d| d != s.0));
            if foreign || other_seats {
                let r = count(&law, &case.election, 0);
                assert!(r.is_err(), "{} counted under {} although they do not match", case.id, law.id);
                refused += 1;
            }
        }
    }
    assert!(refused > 50, "only {refused} mismatched pairs: the test lost its cases");
}

#[test]
fn the_issue_examples_are_refused() {
    let kz = cases().into_iter().find(|c| c.id == "kz-mazhilis-2021").unwrap();
    let us = cases().into_iter().find(|c| c.id == "us-house-2020").unwrap();
    let se = mandat_io::preset("se-riksdag").unwrap().unwrap();
    let ch = mandat_io::preset("ch-nationalrat").unwrap().unwrap();
    assert!(matches!(count(&se, &kz.election, 0), Err(CountError::UnknownConstituency { .. })));
    assert!(matches!(count(&ch, &us.election, 0), Err(CountError::UnknownConstituency { .. })));
}

/// `--set seats=N` counts N seats even where the results declare the real election's.
#[test]
fn a_what_if_on_the_seats_beats_the_seats_the_results_declare() {
    let kz = cases().into_iter().find(|c| c.id == "kz-mazhilis-2021").unwrap();
    let mut law = mandat_io::preset("kz-mazhilis-2021").unwrap().unwrap();
    assert_eq!(count(&law, &kz.election, 0).unwrap().house_size(), 98);
    law.set("seats", "150").unwrap();
    assert_eq!(count(&law, &kz.election, 0).unwrap().house_size(), 150);
}

#[test]
fn seats_that_cannot_be_shared_out_are_refused_not_ignored() {
    let mut be = mandat_io::preset("be-chamber").unwrap().unwrap();
    assert!(be.set("seats", "160").unwrap_err().contains("11 constituencies"));
    let mut no = mandat_io::preset("no-storting").unwrap().unwrap();
    assert!(no.set("seats", "170").unwrap_err().contains("leveling"));
    let mut kz = mandat_io::preset("kz-mazhilis-2021").unwrap().unwrap();
    assert!(kz.set("first_divisor", "1.4").unwrap_err().contains("modified-sainte-lague"));
    // Sweden's adjustment seats come on top of the constituencies': the tier can grow.
    let mut se = mandat_io::preset("se-riksdag").unwrap().unwrap();
    se.set("seats", "360").unwrap();
    let case = cases().into_iter().find(|c| c.id == "se-riksdag-2022").unwrap();
    assert_eq!(count(&se, &case.election, 0).unwrap().house_size(), 360);
}

#[test]
fn a_partial_count_says_what_it_leaves_out_and_is_refused_where_anything_is_national() {
    let flanders = cases().into_iter().find(|c| c.id == "be-chamber-2024-flanders").unwrap();
    let be = mandat_io::preset("be-chamber").unwrap().unwrap();
    let o = count(&be, &flanders.election, 0).unwrap();
    assert_eq!(o.not_counted.len(), 7);
    assert!(mandat_io::report::outcome_table(&o).contains("Partial count: the results have 4 of the law's 11"));
    let mut se = cases().into_iter().find(|c| c.id == "se-riksdag-2022").unwrap();
    se.election.constituencies.pop();
    let law = mandat_io::preset("se-riksdag").unwrap().unwrap();
    assert!(matches!(count(&law, &se.election, 0), Err(CountError::MissingConstituency { .. })));
}

/// A law of `names.len()` constituencies (each with `seats`) under D'Hondt, with a
/// threshold measured where `national` says.
fn law_text(names: &[String], seats: &[u32], national: bool) -> String {
    let mut t = format!(
        "id = \"t\"\nname = \"t\"\ncitation = \"t\"\nseats = {}\n",
        seats.iter().sum::<u32>()
    );
    for (n, s) in names.iter().zip(seats) {
        t += &format!("[[constituencies]]\nname = \"{n}\"\nseats = {s}\n");
    }
    t += "[allocation]\nmethod = \"dhondt\"\nlevel = \"constituency\"\n";
    t += &format!("[threshold]\nshare = \"5%\"\nlevel = \"{}\"\n", if national { "national" } else { "constituency" });
    t
}

fn results_text(names: &[String], seats: &[Option<u32>]) -> String {
    let cs: Vec<String> = names
        .iter()
        .zip(seats)
        .map(|(n, s)| {
            let seats = s.map_or(String::new(), |s| format!(", \"seats\": {s}"));
            format!("{{\"name\": \"{n}\"{seats}, \"votes\": {{\"A\": 100, \"B\": 60, \"C\": 7}}}}")
        })
        .collect();
    format!("{{\"constituencies\": [{}]}}", cs.join(", "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Any results file run under a law whose constituencies it does not match is
    /// refused: a name the law does not have, declared seats that differ from the law's,
    /// or (with a national threshold) a constituency of the law missing. Results that
    /// match are counted, with the law's seats.
    #[test]
    fn results_that_do_not_match_the_law_are_refused(
        k in 1usize..6,
        seats in proptest::collection::vec(1u32..20, 6),
        national in any::<bool>(),
        mismatch in 0u8..4,
        pick in 0usize..6,
        declare in any::<bool>(),
    ) {
        let names: Vec<String> = (0..k).map(|i| format!("D{i}")).collect();
        let law = mandat_io::parse_law(&law_text(&names, &seats[..k], national), "law.toml").unwrap();
        let mut res_names = names.clone();
        let mut res_seats: Vec<Option<u32>> = seats[..k].iter().map(|&s| declare.then_some(s)).collect();
        let i = pick % k;
        let expect_refusal = match mismatch {
            0 => false,
            1 => { res_names[i] = format!("X{i}"); true }
            2 => { res_seats[i] = Some(seats[i] + 1); true }
            _ if k > 1 => { res_names.remove(i); res_seats.remove(i); national }
            _ => false,
        };
        let election = mandat_io::parse_results(&results_text(&res_names, &res_seats), "r.json").unwrap();
        let r = count(&law, &election, 0);
        if expect_refusal {
            prop_assert!(r.is_err(), "accepted: {:?}", (mismatch, &res_names, &res_seats));
        } else {
            let o = r.unwrap();
            let counted: u32 = res_names.iter().map(|n| seats[names.iter().position(|m| m == n).unwrap()]).sum();
            prop_assert_eq!(o.house_size(), counted);
            prop_assert_eq!(o.not_counted.len(), k - res_names.len());
        }
    }
}
