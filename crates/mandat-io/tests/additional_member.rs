//! `continue_from = "electorate-seats"`: each region's additional seats by D'Hondt, the
//! divisors of a party starting after the constituency seats it won there (Scotland Act
//! 1998 s. 7-8), and what the law and the results must give for it.

use mandat_core::count::count;
use mandat_io::{parse_law, parse_results};

const AMS: &str = "id = \"t\"\nname = \"t\"\ncitation = \"t\"\n[allocation]\nmethod = \"dhondt\"\ncontinue_from = \"electorate-seats\"\n";

fn region(extra: &str) -> String {
    format!(
        r#"{{"constituencies": [{{"name": "R", "seats": 7, "votes": {{"SNP": 96433, "Con": 60779, "LD": 26771, "Lab": 22713, "Grn": 17729, "Ind": 3367}}{extra}}}]}}"#
    )
}

#[test]
fn additional_seats_continue_from_the_constituency_seats_and_totals_add_them() {
    let law = parse_law(AMS, "ams.toml").unwrap();
    let e = parse_results(&region(r#", "electorate_seats": {"SNP": 6, "LD": 2}"#), "r.json").unwrap();
    let out = count(&law, &e, 0).unwrap();
    let c = &out.contests[0];
    assert_eq!(c.result, vec![1, 4, 0, 1, 1, 0]);
    assert_eq!(c.continued_from, vec![6, 0, 2, 0, 0, 0]);
    assert_eq!(out.total, vec![7, 4, 2, 1, 1, 0]);
    assert_eq!(out.house_size(), 15);
}

#[test]
fn an_individual_candidate_takes_at_most_one_seat() {
    let law = parse_law(AMS, "ams.toml").unwrap();
    // An independent with the most votes, no constituency seat: one seat only (s. 8).
    let text = r#"{"constituencies": [{"name": "R", "seats": 3, "votes": {"Ind": 90000, "A": 40000, "B": 30000},
        "electorate_seats": {"A": 1}, "list_capacity": {"Ind": 1}}]}"#;
    let out = count(&law, &parse_results(text, "r.json").unwrap(), 0).unwrap();
    assert_eq!(out.contests[0].result, vec![1, 1, 1]);
    assert_eq!(out.contests[0].capped, vec![(0, 1)]);
}

#[test]
fn results_without_constituency_seats_and_laws_that_cannot_continue_are_refused() {
    let law = parse_law(AMS, "ams.toml").unwrap();
    let e = parse_results(&region(""), "r.json").unwrap();
    let err = count(&law, &e, 0).unwrap_err();
    assert!(err.to_string().contains("electorate_seats"), "{err}");

    let quota = AMS.replace("dhondt", "hare");
    let err = parse_law(&quota, "q.toml").unwrap_err();
    assert!(err.to_string().contains("continue_from"), "{err}");
    let national = format!("{AMS}level = \"national\"\n");
    assert!(parse_law(&national, "n.toml").is_err());
    let both = format!("{AMS}[compensation]\ntotal_seats = 10\nmethod = \"dhondt\"\nlower_tier = \"electorates\"\noverhang = \"keep\"\n");
    let err = parse_law(&both, "b.toml").unwrap_err();
    assert_eq!(err.field.as_deref(), Some("allocation.continue_from"), "{err}");
}
