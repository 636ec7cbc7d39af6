//! Two rules of the list tier, through the law reader and the count: remainder seats
//! capped, the rest by votes per seat held (`max_remainder_seats`, South Africa's
//! Schedule 1A item 6), and averages multiplied for exempt lists under the threshold
//! (`exempt_factor`, Serbia 2022).

use mandat_core::count::count;
use mandat_io::report::explain;
use mandat_io::{parse_law, parse_results};

const CAPPED: &str = "id = \"z\"\nname = \"z\"\ncitation = \"z\"\nseats = 10\n[allocation]\nmethod = \"droop\"\nmax_remainder_seats = 1\nlevel = \"national\"\n";

#[test]
fn capped_remainder_seats_then_votes_per_seat_held() {
    // Droop quota ⌊11,050 / 11⌋ + 1 = 1,005: integer parts 5/2/1/0; D's remainder 1,000
    // takes the one remainder seat; the last seat goes to C (1,450 / 1 seat held), not
    // to A (remainder 975, 6,000 / 5 = 1,200).
    let law = parse_law(CAPPED, "z.toml").unwrap();
    let e = parse_results(r#"{"constituencies":[{"name":"N","votes":{"A":6000,"B":2600,"C":1450,"D":1000}}]}"#, "r.json").unwrap();
    let out = count(&law, &e, 0).unwrap();
    assert_eq!(out.total, vec![5, 2, 2, 1]);
    let text = explain(&law, &out);
    assert!(text.contains("at most 1 to the largest remainders"), "{text}");
    assert!(text.contains("average seat 1: C (1,450 votes / 1 seats held = 1,450)"), "{text}");
    let plain = parse_law(&CAPPED.replace("max_remainder_seats = 1\n", ""), "p.toml").unwrap();
    assert_eq!(count(&plain, &e, 0).unwrap().total, vec![6, 2, 1, 1]);
}

#[test]
fn capped_remainder_seats_are_refused_where_they_mean_nothing() {
    let divisor = CAPPED.replace("method = \"droop\"", "method = \"dhondt\"");
    let err = parse_law(&divisor, "d.toml").unwrap_err().to_string();
    assert!(err.contains("max_remainder_seats") && err.contains("dhondt"), "{err}");
    let by_votes = CAPPED.replace("max_remainder_seats = 1\n", "max_remainder_seats = 1\nleftover_seats = \"most-votes\"\n");
    assert!(parse_law(&by_votes, "v.toml").unwrap_err().to_string().contains("max_remainder_seats"));
    let negative = CAPPED.replace("max_remainder_seats = 1", "max_remainder_seats = -1");
    assert!(parse_law(&negative, "n.toml").unwrap_err().to_string().contains("max_remainder_seats"));
}

const WEIGHTED: &str = "id = \"s\"\nname = \"s\"\ncitation = \"s\"\nseats = 5\n[allocation]\nmethod = \"dhondt\"\nlevel = \"national\"\n[threshold]\nshare = \"10%\"\nlevel = \"national\"\nexempt = [\"M\", \"N\"]\nexempt_factor = \"1.35\"\n";

#[test]
fn exempt_lists_under_the_threshold_have_their_averages_multiplied() {
    // Valid votes 2,000; 10% = 200. M (150) is exempt and under the bar: averages x1.35
    // = 202.5, 101.25; N (300) is exempt but over the bar: factor 1. Q (90) is out.
    // D'Hondt on A 1,000, N 300, M 202.5: A 1000, A 500, A 333.3, N 300, A 250 -> 4/1/0;
    // with 6 seats: M 202.5 beats A 200 and N 150 -> M 1. Unmultiplied M (150) would
    // lose the 6th seat to A (200).
    let results = r#"{"constituencies":[{"name":"N","votes":{"A":1000,"N":300,"M":150,"Q":90,"R":460}}]}"#;
    let e = parse_results(results, "r.json").unwrap();
    let law = parse_law(&WEIGHTED.replace("seats = 5", "seats = 7"), "s.toml").unwrap();
    let out = count(&law, &e, 0).unwrap();
    // R 460 takes part too (23%): A 1000, A 500, R 460, A 333.3, N 300, A 250, R 230
    // vs M 202.5: 7 seats -> A 4, N 1, M 0, Q 0, R 2.
    assert_eq!(out.total, vec![4, 1, 0, 0, 2]);
    let law8 = parse_law(&WEIGHTED.replace("seats = 5", "seats = 8"), "s.toml").unwrap();
    // 8th seat: M 202.5 > A 200 > N 150 -> M.
    let out8 = count(&law8, &e, 0).unwrap();
    assert_eq!(out8.total, vec![4, 1, 1, 0, 2]);
    assert!(explain(&law8, &out8).contains("(average multiplied by the law's exempt_factor)"));
    let plain = parse_law(&WEIGHTED.replace("seats = 5", "seats = 8").replace("exempt_factor = \"1.35\"\n", ""), "p.toml").unwrap();
    assert_eq!(count(&plain, &e, 0).unwrap().total, vec![5, 1, 0, 0, 2]);
}

#[test]
fn exempt_factor_is_refused_where_it_means_nothing() {
    let without = WEIGHTED.replace("exempt = [\"M\", \"N\"]\n", "");
    assert!(parse_law(&without, "w.toml").unwrap_err().to_string().contains("exempt_factor"));
    let zero = WEIGHTED.replace("1.35", "0");
    assert!(parse_law(&zero, "z.toml").unwrap_err().to_string().contains("exempt_factor"));
    let quota = WEIGHTED.replace("dhondt", "hare");
    let law = parse_law(&quota, "q.toml").unwrap();
    let e = parse_results(r#"{"constituencies":[{"name":"N","votes":{"A":1000,"M":50}}]}"#, "r.json").unwrap();
    let err = count(&law, &e, 0).unwrap_err().to_string();
    assert!(err.contains("exempt_factor") && err.contains("hare"), "{err}");
}

#[test]
fn capped_remainder_seats_on_a_quota_of_all_the_votes() {
    // The same four lists, with 4,950 votes of lists not given (total_valid_votes 16,000)
    // and `quota_base = "all-lists"`: quota ⌊16,000 / 11⌋ + 1 = 1,455; integer parts
    // 4/1/0/0; the one remainder seat goes to C (1,450); the four seats left by votes
    // per seat held: B 2,600, A 1,500, C 1,450, B 1,300 -> 5/3/2/0. D holds no seat, so
    // it takes none of them (on its listed votes alone the quota is 1,005: 5/2/2/1).
    let law = parse_law(&CAPPED.replace("level = ", "quota_base = \"all-lists\"\nlevel = "), "z.toml").unwrap();
    let e = parse_results(r#"{"constituencies":[{"name":"N","total_valid_votes":16000,"votes":{"A":6000,"B":2600,"C":1450,"D":1000}}]}"#, "r.json").unwrap();
    let out = count(&law, &e, 0).unwrap();
    assert_eq!(out.total, vec![5, 3, 2, 0]);
    let plain = parse_law(CAPPED, "p.toml").unwrap();
    assert_eq!(count(&plain, &e, 0).unwrap().total, vec![5, 2, 2, 1]);
}
