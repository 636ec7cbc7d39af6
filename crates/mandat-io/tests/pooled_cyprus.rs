//! Pooled remainders as Cyprus shares and places them (Law 72/1979 s. 33): the seats the
//! whole national quotas leave go only to the lists with a share of the valid votes
//! (`leftover_min_share`), and the national seats are placed in turn where each list has
//! its largest remainder and a seat is still to fill (`placement = "in-turn"`). Hand-worked
//! counts and the law reader's refusals; the real election is tests/cases/cy-vouli-2021.json.

use mandat_core::count::count;
use mandat_io::{parse_law, parse_results};

const LAW: &str = r#"id = "p"
name = "p"
citation = "p"
seats = 10
[[constituencies]]
name = "North"
seats = 5
[[constituencies]]
name = "South"
seats = 5
[allocation]
method = "hare"
quota_rounding = "down"
quota_base = "all-lists"
level = "constituency"
[allocation.pooled_remainders]
method = "hare"
quota_rounding = "down"
"#;

fn with(extra: &str) -> String {
    format!("{LAW}{extra}")
}

/// Each constituency: 1,000 votes, quota 200: A 530 → 2 (130), B 270 → 1 (70), C 200 → 1
/// (0); 4 seats, 1 left. Pooled: A 260, B 140, C 0; 2 seats, quota 400 / 2 = 200: A 1
/// (60); one seat left. On the largest remainders it is B's (140 > 60); with 30% of the
/// valid votes required, only A (53%) may take it.
#[test]
fn the_leftover_seat_goes_only_to_a_list_with_the_share() {
    let results = r#"{"constituencies": [
        {"name": "North", "votes": {"A": 530, "B": 270, "C": 200}},
        {"name": "South", "votes": {"A": 530, "B": 270, "C": 200}}]}"#;
    let e = parse_results(results, "r.json").unwrap();
    let plain = parse_law(LAW, "p.toml").unwrap();
    assert_eq!(count(&plain, &e, 0).unwrap().total, vec![5, 3, 2]);
    let law = parse_law(&with("leftover_min_share = \"30%\"\n"), "p.toml").unwrap();
    let o = count(&law, &e, 0).unwrap();
    assert_eq!(o.total, vec![6, 2, 2]);
    let p = o.pooled.as_ref().unwrap();
    assert_eq!(p.leftover_eligible, vec![0]);
    assert_eq!(p.allocation.as_ref().unwrap().remainder_seats, vec![0]);
    let text = mandat_io::report::explain(&law, &o);
    assert!(text.contains("among the lists with 30% of the valid votes nationally: A"), "{text}");
    let json = mandat_io::report::outcome_json_text(&law, &o);
    assert!(json.contains(r#""leftover_eligible":["A"]"#), "{json}");
}

/// No list reaches the share: the seat cannot be given, and the count says so.
#[test]
fn no_list_with_the_share_is_an_error_not_a_guess() {
    let results = r#"{"constituencies": [
        {"name": "North", "votes": {"A": 530, "B": 270, "C": 200}},
        {"name": "South", "votes": {"A": 530, "B": 270, "C": 200}}]}"#;
    let e = parse_results(results, "r.json").unwrap();
    let law = parse_law(&with("leftover_min_share = \"60%\"\n"), "p.toml").unwrap();
    let err = count(&law, &e, 0).unwrap_err().to_string();
    assert!(err.contains("leftover_min_share"), "{err}");
}

/// North (3 seats, quota 300): A 400 → 1 (100), B 290 (290), C 210 (210): 2 left.
/// South (3 seats, quota 300): A 650 → 2 (50), B 150, C 100: 1 left.
/// Pooled: A 150, B 440, C 310; 3 seats, quota 300: B 1, C 1, the last to A (150).
/// In turn (B, C, A by summed remainders): B and C fill North; A's leftover seat finds
/// North full and goes to South. By list, A's seat would go to North (100 > 50), a fourth
/// seat there.
#[test]
fn placed_in_turn_a_seat_goes_where_one_is_left() {
    let law_text = LAW.replace("seats = 10", "seats = 6").replace("seats = 5", "seats = 3");
    let results = r#"{"constituencies": [
        {"name": "North", "votes": {"A": 400, "B": 290, "C": 210}},
        {"name": "South", "votes": {"A": 650, "B": 150, "C": 100}}]}"#;
    let e = parse_results(results, "r.json").unwrap();
    let by_list = parse_law(&law_text, "p.toml").unwrap();
    let o = count(&by_list, &e, 0).unwrap();
    let north = o.contests.iter().find(|c| c.name == "North").unwrap();
    assert_eq!(north.result.iter().sum::<u32>(), 4, "the Czech placement does not look at the seats left");
    let law = parse_law(&format!("{law_text}placement = \"in-turn\"\n"), "p.toml").unwrap();
    let o = count(&law, &e, 0).unwrap();
    let placed: Vec<(&str, &str)> = o.pooled.as_ref().unwrap().placements.iter().map(|pl| (o.parties[pl.party].as_str(), pl.constituency.as_str())).collect();
    assert_eq!(placed, [("B", "North"), ("C", "North"), ("A", "South")]);
    for c in &o.contests {
        assert_eq!(c.result.iter().sum::<u32>(), c.seats, "{}", c.name);
    }
    assert_eq!(o.total, vec![4, 1, 1]);
    assert!(mandat_io::report::explain(&law, &o).contains("Placed in turn"));
}

#[test]
fn the_law_reader_refuses_the_options_elsewhere() {
    let all_votes = LAW.replace("[allocation.pooled_remainders]\nmethod = \"hare\"\nquota_rounding = \"down\"\n", "[allocation.pooled_remainders]\nmethod = \"dhondt\"\nshares = \"all-votes\"\nplacement = \"in-turn\"\n");
    let err = parse_law(&all_votes, "p.toml").unwrap_err().to_string();
    assert!(err.contains("shares = \\\"remainders\\\"") || err.contains("summed remainders"), "{err}");
    let zero = parse_law(&with("leftover_min_share = \"0%\"\n"), "p.toml").unwrap_err().to_string();
    assert!(zero.contains("above 0%"), "{zero}");
    let unknown = parse_law(&with("placement = \"by-party\"\n"), "p.toml").unwrap_err().to_string();
    assert!(unknown.contains("placement"), "{unknown}");
}
