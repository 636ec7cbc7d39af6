//! `list_capacity` in a results file: a list takes at most that many seats, the others
//! take the seats beyond (Japan, Public Offices Election Act art. 95-2), and what cannot
//! be counted that way is refused with the constituency and the reason.

use mandat_core::count::count;
use mandat_io::{parse_law, parse_results};

const DHONDT: &str = "id = \"t\"\nname = \"t\"\ncitation = \"t\"\nseats = 5\n[allocation]\nmethod = \"dhondt\"\n";

fn results(capacity: &str) -> String {
    format!(r#"{{"constituencies": [{{"name": "C", "seats": 5, "votes": {{"A": 1000, "B": 620, "C": 290}}{capacity}}}]}}"#)
}

#[test]
fn a_list_with_too_few_candidates_passes_its_seats_to_the_next_averages() {
    let law = parse_law(DHONDT, "t.toml").unwrap();
    let free = count(&law, &parse_results(&results(""), "r.json").unwrap(), 0).unwrap();
    assert_eq!(free.total, vec![3, 2, 0]);
    assert!(free.contests[0].capped.is_empty());
    let e = parse_results(&results(r#", "list_capacity": {"A": 1}"#), "r.json").unwrap();
    let out = count(&law, &e, 0).unwrap();
    // A 1000; B 620, 310; C 290; B 206.67 (A's 500 and 333.3 are skipped).
    assert_eq!(out.total, vec![1, 3, 1]);
    assert_eq!(out.contests[0].capped, vec![(0, 1)]);
    // A capacity the list does not reach changes nothing and is not reported.
    let e = parse_results(&results(r#", "list_capacity": {"A": 3, "C": 0}"#), "r.json").unwrap();
    let out = count(&law, &e, 0).unwrap();
    assert_eq!(out.total, vec![3, 2, 0]);
    assert!(out.contests[0].capped.is_empty());
}

#[test]
fn capacities_that_cannot_be_applied_are_refused() {
    let e = parse_results(&results(r#", "list_capacity": {"D": 1}"#), "r.json").unwrap_err();
    assert!(e.message.contains("list_capacity names \"D\", which has no votes in this constituency"), "{e}");
    let e = parse_results(&results(r#", "list_capacity": {"A": -1}"#), "r.json").unwrap_err();
    assert!(e.message.contains("negative"), "{e}");

    let hare = DHONDT.replace("dhondt", "hare");
    let law = parse_law(&hare, "t.toml").unwrap();
    let e = parse_results(&results(r#", "list_capacity": {"A": 1}"#), "r.json").unwrap();
    let err = count(&law, &e, 0).unwrap_err().to_string();
    assert!(err.contains("only with a divisor method"), "{err}");

    let law = parse_law(DHONDT, "t.toml").unwrap();
    let e = parse_results(&results(r#", "list_capacity": {"A": 1, "B": 1, "C": 1}"#), "r.json").unwrap();
    let err = count(&law, &e, 0).unwrap_err().to_string();
    assert!(err.contains("can fill only 3 of the 5 seats"), "{err}");
}

#[test]
fn the_fast_kernel_leaves_capacities_to_the_full_count() {
    let law = parse_law(DHONDT, "t.toml").unwrap();
    let free = parse_results(&results(""), "r.json").unwrap();
    assert!(mandat_core::kernel::Kernel::new(&law, &free).unwrap().is_some());
    let capped = parse_results(&results(r#", "list_capacity": {"A": 1}"#), "r.json").unwrap();
    assert!(mandat_core::kernel::Kernel::new(&law, &capped).unwrap().is_none());
}
