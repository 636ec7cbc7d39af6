//! Two-round districts through the readers: a wrong round-2 field list is refused, and
//! the fr-assemblee preset counts a district as the law says.

use mandat_io::parse_results;

const DISTRICT: &str = r#"{"constituencies": [{"name": "Ain 1", "single_member": true,
  "votes": {"RN": 23819, "LR": 14495, "UG": 14188, "ENS": 7063},
  "other_votes": {"blank": 929}, "registered": 86843, "ballots_cast": 61830,
  "round_2": ROUND2}]}"#;

fn with(round_2: &str) -> String {
    DISTRICT.replace("ROUND2", round_2)
}

#[test]
fn a_wrong_round_2_field_list_is_refused() {
    let e = parse_results(&with(r#"{"votes": {"RN": 26116, "LR": 33889}, "turnout": 5}"#), "r.json").unwrap_err();
    assert!(e.to_string().contains("turnout"), "{e}");
    let e = parse_results(&with(r#"{"other_votes": {"blank": 1}}"#), "r.json").unwrap_err();
    assert!(e.to_string().contains("votes"), "{e}");
    assert!(parse_results(&with(r#"{"votes": {"RN": 26116, "LR": 33889}}"#), "r.json").is_ok());
}

#[test]
fn the_french_preset_decides_round_2_and_refuses_an_outsider() {
    let law = mandat_io::preset("fr-assemblee").unwrap().unwrap();
    let e = parse_results(&with(r#"{"votes": {"RN": 26116, "LR": 33889}}"#), "r.json").unwrap();
    let out = mandat_core::count::count(&law, &e, 0).unwrap();
    let lr = out.parties.iter().position(|p| p == "LR").unwrap();
    assert_eq!(out.single_member[0].winner, Some(lr));
    assert_eq!(out.total[lr], 1);
    // ENS had 8.13% of the registered voters: not entitled to stand in round 2.
    let e = parse_results(&with(r#"{"votes": {"RN": 26116, "ENS": 33889}}"#), "r.json").unwrap();
    let err = mandat_core::count::count(&law, &e, 0).unwrap_err().to_string();
    assert!(err.contains("ENS, who was not entitled"), "{err}");
    // No round 2 at all: refused, saying who was entitled.
    let none = DISTRICT.replace(",\n  \"round_2\": ROUND2", "");
    let e = parse_results(&none, "r.json").unwrap();
    let err = mandat_core::count::count(&law, &e, 0).unwrap_err().to_string();
    assert!(err.contains("no `round_2`") && err.contains("RN, LR, UG"), "{err}");
}
