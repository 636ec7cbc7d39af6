//! Malta's additional seats (Constitution art. 52(1), `mt-kamra`): the real cases of 2008,
//! 2013 and 2022 pass (tests/conformance.rs), and here each one fails when the rule that
//! decides it is read otherwise, and bad input is refused with a clear error.

use std::path::PathBuf;

use mandat_core::count::count;
use mandat_io::case::{compare, parse_case, Case};

fn case(id: &str) -> Case {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("../../tests/cases/{id}.json"));
    parse_case(
        &std::fs::read_to_string(&path).unwrap(),
        path.to_str().unwrap(),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

fn law() -> mandat_core::law::Law {
    mandat_io::preset("mt-kamra").unwrap().unwrap()
}

fn seats(c: &Case, law: &mandat_core::law::Law) -> Vec<(String, u32)> {
    let out = count(law, &c.election, 0).unwrap();
    assert!(compare(c, &out).is_empty(), "{:?}", compare(c, &out));
    out.parties
        .iter()
        .cloned()
        .zip(out.total.iter().copied())
        .filter(|(_, s)| *s > 0)
        .collect()
}

#[test]
fn the_odd_house_decides_2013_and_2022_where_plain_rounding_fails_one() {
    // 2013: the PN's figure 39 × 132,426 / 167,533 = 30.83 gives 30 (House of 69), not 31.
    let s = seats(&case("mt-kamra-2013"), &law());
    assert_eq!(
        s,
        vec![
            ("Labour Party".into(), 39),
            ("Nationalist Party".into(), 30)
        ]
    );
    // 2022: 38 × 123,233 / 162,707 = 28.78 gives 29 (House of 67), not 28.
    let s = seats(&case("mt-kamra-2022"), &law());
    assert_eq!(
        s,
        vec![
            ("Labour Party".into(), 38),
            ("Nationalist Party".into(), 29)
        ]
    );
    // Without the proportionality step, none of 2013, 2017, 2022 adds a seat: the cases fail.
    let mut no_prop = law();
    no_prop.id = "no-prop".into();
    no_prop.additional_seats.as_mut().unwrap().proportionality = false;
    for id in ["mt-kamra-2013", "mt-kamra-2017", "mt-kamra-2022"] {
        let c = case(id);
        let out = count(&no_prop, &c.election, 0).unwrap();
        assert!(!compare(&c, &out).is_empty(), "{id}");
    }
}

#[test]
fn the_relative_majority_of_2008_gets_a_majority_of_one() {
    let c = case("mt-kamra-2008");
    let out = count(&law(), &c.election, 0).unwrap();
    let a = out.additional.as_ref().unwrap();
    assert_eq!(
        a.majority_party.map(|(_, k)| k),
        Some(mandat_core::additional_seats::MajorityKind::Relative)
    );
    assert_eq!(a.for_majority, 4);
    // The proportionality alone gives the same 4 (the PN's figure 34 × 143,468 / 141,888 =
    // 34.38, 35 for an odd House): 2008 does not tell the two rules apart, but without
    // both the case fails.
    let mut only_prop = law();
    only_prop.additional_seats.as_mut().unwrap().majority = false;
    assert!(compare(&c, &count(&only_prop, &c.election, 0).unwrap()).is_empty());
    only_prop.additional_seats.as_mut().unwrap().proportionality = false;
    assert!(!compare(&c, &count(&only_prop, &c.election, 0).unwrap()).is_empty());
}

#[test]
fn the_explanation_shows_the_figure_and_the_seats_added() {
    let c = case("mt-kamra-2013");
    let out = count(&law(), &c.election, 0).unwrap();
    let text = mandat_io::report::explain(&law(), &out);
    assert!(
        text.contains("majority party: Labour Party — more than half of the valid votes"),
        "{text}"
    );
    assert!(text.contains("39 × 132,426 / 167,533 = 30.83"), "{text}");
    assert!(text.contains("4 seat(s) added"), "{text}");
    let json = mandat_io::report::outcome_json_text(&law(), &out);
    assert!(json.contains("\"additional_seats\""), "{json}");
}

#[test]
fn division_seats_other_than_the_laws_are_refused() {
    let c = case("mt-kamra-2022");
    let mut e = c.election.clone();
    e.constituencies[0].electorate_seats[0].1 = 37;
    let err = count(&law(), &e, 0).unwrap_err().to_string();
    assert!(err.contains("64") && err.contains("65"), "{err}");
    e.constituencies[0].electorate_seats.clear();
    let err = count(&law(), &e, 0).unwrap_err().to_string();
    assert!(err.contains("electorate_seats"), "{err}");
}

#[test]
fn a_list_tier_beside_additional_seats_is_refused_with_the_key() {
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../laws/mt-kamra.toml"),
    )
    .unwrap();
    let bad = format!("{text}\n[allocation]\nmethod = \"dhondt\"\n");
    let err = mandat_io::parse_law(&bad, "mt.toml").unwrap_err();
    assert!(err.to_string().contains("remove [allocation]"), "{err}");
}

/// The same section after a count of the divisions from ranked ballots: Dublin West 2002
/// (three members of three parties, none above half of the first preferences) under the
/// Irish law with `[additional_seats]` added: the step runs on the ballots' first
/// preferences and adds nothing.
#[test]
fn additional_seats_follow_a_ranked_count_too() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let law_text = std::fs::read_to_string(root.join("laws/ie-dail.toml")).unwrap();
    let law = mandat_io::parse_law(&format!("{law_text}\n[additional_seats]\n"), "ie-plus.toml").unwrap();
    let path = root.join("tests/cases/ie-dail-2002-dublin-west.json");
    let c = parse_case(&std::fs::read_to_string(&path).unwrap(), path.to_str().unwrap()).unwrap();
    let out = count(&law, &c.election, 0).unwrap();
    let a = out.additional.as_ref().expect("the additional seats ran after the ranked count");
    assert_eq!(a.divisions.iter().sum::<u32>(), 3);
    assert_eq!(a.valid_votes, 29_988);
    assert!(a.majority_party.is_none());
    assert_eq!(out.house_size(), 3);
    assert!(compare(&c, &out).is_empty());
}
