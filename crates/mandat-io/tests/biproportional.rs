//! The Zurich biproportional presets against their real cases, cell by cell, and the
//! errors of the `[biproportional]` law section and of its count.

use std::path::PathBuf;

use mandat_core::count::{count, CountError};
use mandat_io::case::{compare, parse_case, ExpectedValue};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn case(name: &str) -> (String, mandat_io::case::Case) {
    let text = std::fs::read_to_string(root().join(format!("tests/cases/{name}.json"))).unwrap();
    let c = parse_case(&text, name).unwrap();
    (text, c)
}

/// Every cell and the upper apportionment are compared, and all match.
#[test]
fn zurich_cases_are_reproduced_cell_by_cell() {
    for (name, cells, lists) in [("ch-zh-kantonsrat-2019", 162, 9), ("ch-zh-gemeinderat-2018", 63, 7)] {
        let (_, c) = case(name);
        let law = mandat_io::preset(&c.law).unwrap().unwrap();
        let out = count(&law, &c.election, 0).unwrap();
        let per_party = |field: &str| -> usize {
            c.expected
                .iter()
                .filter(|e| e.field == field)
                .map(|e| match &e.value {
                    ExpectedValue::PerParty(v) => v.len(),
                    ExpectedValue::Number(_) => 0,
                })
                .sum()
        };
        assert_eq!(per_party("seats"), cells, "{name}: cells compared");
        assert_eq!(per_party("upper_apportionment"), lists, "{name}: upper apportionment compared");
        assert_eq!(compare(&c, &out), vec![], "{name}");
        let b = out.biproportional.as_ref().unwrap();
        assert!(b.lower.ties.is_empty(), "{name}: no ties in the official result");
        assert_eq!(out.house_size(), if cells == 162 { 180 } else { 125 });
    }
}

/// A wrong official figure is caught: the upper apportionment is really compared.
#[test]
fn a_wrong_upper_apportionment_is_a_mismatch() {
    let (text, _) = case("ch-zh-kantonsrat-2019");
    let text = text.replace("\"SVP\": 45", "\"SVP\": 44");
    let c = parse_case(&text, "x.json").unwrap();
    let law = mandat_io::preset("ch-zh-kantonsrat").unwrap().unwrap();
    let diff = compare(&c, &count(&law, &c.election, 0).unwrap());
    assert_eq!(diff.len(), 1, "{diff:?}");
    assert_eq!(diff[0].field, "upper_apportionment");
}

/// The City of Zurich publishes every Wählerzahl: round(Parteistimmen / seats), half up
/// (six of the 63 are exact halves, all rounded up).
#[test]
fn gemeinderat_voter_numbers_are_the_official_ones() {
    let (text, c) = case("ch-zh-gemeinderat-2018");
    let raw: serde_json::Value = serde_json::from_str(&text).unwrap();
    let law = mandat_io::preset("ch-zh-gemeinderat").unwrap().unwrap();
    let out = count(&law, &c.election, 0).unwrap();
    let up = &out.biproportional.as_ref().unwrap().upper;
    let mut checked = 0;
    for (i, d) in raw["constituencies"].as_array().unwrap().iter().enumerate() {
        for (party, w) in d["official_waehlerzahl"].as_object().unwrap() {
            let p = out.parties.iter().position(|x| x == party).unwrap();
            let k = up.lists.iter().position(|&q| q == p).unwrap();
            assert_eq!(up.cells[i][k].to_string(), w.as_u64().unwrap().to_string(), "{party} in {}", d["name"]);
            checked += 1;
        }
    }
    assert_eq!(checked, 63);
    // The official Wahlschlüssel is 770; the divisor reported lies in the same range.
    assert_eq!(up.divisor.to_string(), "770");
}

#[test]
fn explanation_and_json_show_every_step() {
    let (_, c) = case("ch-zh-kantonsrat-2019");
    let law = mandat_io::preset("ch-zh-kantonsrat").unwrap().unwrap();
    let out = count(&law, &c.election, 0).unwrap();
    let text = mandat_io::report::explain(&law, &out);
    for needle in ["1. Quorum (GPR § 102)", "BDP", "out", "Divisor 1675", "District divisors:", "List divisors:", "Ties: none", "4. Seats:"] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
    let json = mandat_io::report::outcome_json(&law, &out);
    assert_eq!(json["total"]["SVP"], 45);
    assert_eq!(json["biproportional"]["upper_apportionment"]["divisor"]["exact"], "1675");
    assert!(json["biproportional"]["lower_apportionment"]["district_divisors"].as_array().unwrap().len() == 18);
    assert!(json["constituencies"][0]["cells"][0]["quotient"]["exact"].is_string());
}

const HEAD: &str = "id = \"x\"\nname = \"x\"\ncitation = \"x\"\n";

#[test]
fn bad_biproportional_sections_are_rejected_with_the_key() {
    let cases = [
        ("[biproportional]\nupper_method = \"sainte-lague\"\nlower_method = \"sainte-lague\"\nupper_votez = \"votes\"\n", "unknown field `upper_votez`"),
        ("[biproportional]\nupper_method = \"hare\"\nlower_method = \"sainte-lague\"\n", "divisor method"),
        ("[biproportional]\nupper_method = \"sainte-lague\"\nlower_method = \"adams\"\n", "divisor method"),
        ("[biproportional]\nupper_method = \"sainte-lague\"\nlower_method = \"sainte-lague\"\nupper_votes = \"wählerzahl\"\n", "unknown variant"),
        ("[biproportional]\nupper_method = \"sainte-lague\"\nlower_method = \"sainte-lague\"\n[biproportional.quorum]\narticle = \"x\"\n", "needs `in_any_district`"),
        ("[biproportional]\nupper_method = \"sainte-lague\"\nlower_method = \"sainte-lague\"\n[biproportional.quorum]\nin_any_district = \"105%\"\n", "between 0% and 100%"),
        ("[allocation]\nmethod = \"dhondt\"\n[biproportional]\nupper_method = \"sainte-lague\"\nlower_method = \"sainte-lague\"\n", "remove [allocation]"),
        ("[biproportional]\nlower_method = \"sainte-lague\"\n", "missing field `upper_method`"),
    ];
    for (body, want) in cases {
        let err = mandat_io::parse_law(&format!("{HEAD}{body}"), "b.toml").unwrap_err();
        assert!(err.to_string().contains(want), "{body}\n→ {err}");
    }
}

#[test]
fn results_that_do_not_fit_the_law_are_errors() {
    let law = mandat_io::preset("ch-zh-gemeinderat").unwrap().unwrap();
    let (text, c) = case("ch-zh-gemeinderat-2018");
    // A district the law does not know, without seats in the results.
    let mut e = c.election.clone();
    e.constituencies[0].name = "Wahlkreis 13".into();
    e.constituencies[0].seats = None;
    assert!(matches!(count(&law, &e, 0), Err(CountError::UnknownConstituency { .. })));
    // A district of the law missing from the results.
    let mut e = c.election.clone();
    e.constituencies.pop();
    assert!(count(&law, &e, 0).unwrap_err().to_string().contains("missing from the results"));
    // Declared seats other than the law's: refused, unless the law says to use them;
    // then they must still add up to the law's total.
    let mut e = c.election.clone();
    e.constituencies[0].seats = Some(13);
    assert!(matches!(count(&law, &e, 0), Err(CountError::SeatsMismatch { declared: 13, .. })));
    let mut using = law.clone();
    using.set("results_seats", "use").unwrap();
    assert!(count(&using, &e, 0).unwrap_err().to_string().contains("add up to 126"));
    // No list meets the quorum: all votes zero.
    let zero = text.replace("\"votes\": {", "\"votes\": {\"X\": 0, ");
    let z = parse_case(&zero, "z.json").unwrap();
    let mut e = z.election.clone();
    for c in &mut e.constituencies {
        for v in &mut c.votes {
            v.1 = 0;
        }
    }
    assert!(count(&law, &e, 0).unwrap_err().to_string().contains("no list takes part"));
}

/// A law file with a tie in the lower apportionment: two districts, two lists, equal
/// votes. The cells are flagged (BAZI's n+ / n-), the chain decides (more votes, then
/// list order), and the explanation and JSON say so.
#[test]
fn a_lower_apportionment_tie_is_flagged_decided_and_explained() {
    let law = mandat_io::parse_law(
        &format!(
            "{HEAD}seats = 2\n[[constituencies]]\nname = \"North\"\nseats = 1\n[[constituencies]]\nname = \"South\"\nseats = 1\n\
             [biproportional]\nupper_method = \"sainte-lague\"\nlower_method = \"sainte-lague\"\n\
             [ties]\nchain = [\"more-votes\", \"list-order\"]\n"
        ),
        "tie.toml",
    )
    .unwrap();
    let e = mandat_io::parse_results(
        r#"{"constituencies": [{"name": "North", "votes": {"A": 100, "B": 100}}, {"name": "South", "votes": {"A": 100, "B": 100}}]}"#,
        "r.json",
    )
    .unwrap();
    let out = count(&law, &e, 0).unwrap();
    let b = out.biproportional.as_ref().unwrap();
    assert_eq!(b.upper.seats, vec![1, 1]);
    assert_eq!(b.lower.ties.len(), 1);
    assert_eq!(b.lower.ties[0].decided_by, mandat_core::tie::TieRule::ListOrder);
    // North decided first: its seat to A (list order), so South's goes to B.
    assert_eq!(out.contests[0].result, vec![1, 0]);
    assert_eq!(out.contests[1].result, vec![0, 1]);
    let text = mandat_io::report::explain(&law, &out);
    assert!(text.contains("Tie in North: A, B for 1 seat(s)"), "{text}");
    assert!(text.contains("1-") && text.contains("0+"), "{text}");
    let json = mandat_io::report::outcome_json(&law, &out);
    assert_eq!(json["ties"][0]["decided_by"], "list-order");
    assert_eq!(json["constituencies"][0]["cells"][0]["tie"], "minus");
}
