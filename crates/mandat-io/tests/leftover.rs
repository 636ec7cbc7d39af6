//! Leftover seats of a quota method given to the lists with the most votes
//! (`leftover_seats = "most-votes"`, Georgia's Election Code): the law reader's refusals
//! and a hand-worked count with its explanation.

use mandat_core::count::count;
use mandat_io::{parse_law, parse_results};

const LAW: &str = "id = \"g\"\nname = \"g\"\ncitation = \"g\"\nseats = 10\n[allocation]\nmethod = \"hare\"\nleftover_seats = \"most-votes\"\nlevel = \"national\"\n";

#[test]
fn leftover_seats_go_by_votes_not_remainders() {
    // Hare quota 100 for 1,000 votes and 10 seats: integer parts 4/2/1/1 = 8; the largest
    // remainders are C's 90 and D's 80, but the two seats left go to A and B (most votes).
    let law = parse_law(LAW, "g.toml").unwrap();
    let e = parse_results(r#"{"constituencies":[{"name":"N","votes":{"A":410,"B":230,"C":190,"D":180}}]}"#, "r.json").unwrap();
    assert_eq!(count(&law, &e, 0).unwrap().total, vec![5, 3, 1, 1]);
    let plain = parse_law(&LAW.replace("leftover_seats = \"most-votes\"\n", ""), "h.toml").unwrap();
    assert_eq!(count(&plain, &e, 0).unwrap().total, vec![4, 2, 2, 2]);
    let same = parse_law(&LAW.replace("most-votes", "largest-remainders"), "h.toml").unwrap();
    assert_eq!(count(&same, &e, 0).unwrap().total, vec![4, 2, 2, 2]);
}

#[test]
fn leftover_seats_are_refused_where_they_mean_nothing() {
    let divisor = LAW.replace("method = \"hare\"", "method = \"dhondt\"");
    let err = parse_law(&divisor, "d.toml").unwrap_err().to_string();
    assert!(err.contains("leftover_seats") && err.contains("dhondt"), "{err}");
    let unknown = LAW.replace("most-votes", "most-seats");
    assert!(parse_law(&unknown, "u.toml").unwrap_err().to_string().contains("leftover_seats"));
    let pooled = "id = \"p\"\nname = \"p\"\ncitation = \"p\"\nseats = 4\n[[constituencies]]\nname = \"N\"\nseats = 4\n[allocation]\nmethod = \"hare\"\nquota_rounding = \"down\"\nleftover_seats = \"most-votes\"\n[allocation.pooled_remainders]\nmethod = \"hare\"\nquota_rounding = \"down\"\n";
    assert!(parse_law(pooled, "p.toml").unwrap_err().to_string().contains("pooled_remainders"));
}

/// Brazil (Código Eleitoral art. 106-109, Lei 14.211/2021): the quotient is the valid
/// votes / seats rounded with halves down; lists below one quotient win nothing in the
/// first round; the seats left go to the highest votes / (seats held + 1) among the lists
/// with 80% of the quotient.
const BRAZIL: &str = "id = \"b\"\nname = \"b\"\ncitation = \"b\"\n[allocation]\nmethod = \"hare\"\nquota_rounding = \"nearest-half-down\"\nquota_base = \"all-lists\"\nleftover_seats = \"highest-averages\"\nleftover_min_quotas = 0.8\nlevel = \"constituency\"\n";

#[test]
fn leftover_seats_by_averages_among_lists_with_80_percent_of_the_quotient() {
    // 394,000 valid votes, 8 seats: quotient 49,250. Integer parts 3/2/1 = 6. The bar for
    // the leftover seats is 39,400: D (44,000) takes part with 44,000 / 1, E (30,000) and
    // F (20,000) do not. Seat 7: D's 44,000; seat 8: A's 150,000 / 4 = 37,500 (over E's
    // 30,000, which would otherwise win nothing anyway, and B's 100,000 / 3 = 33,333).
    let law = parse_law(BRAZIL, "b.toml").unwrap();
    let e = parse_results(r#"{"constituencies":[{"name":"Acre","seats":8,"votes":{"A":150000,"B":100000,"C":50000,"D":44000,"E":30000,"F":20000}}]}"#, "r.json").unwrap();
    let o = count(&law, &e, 0).unwrap();
    assert_eq!(o.total, vec![4, 2, 1, 1, 0, 0]);
    let text = mandat_io::report::explain(&law, &o);
    assert!(text.contains("Quota: 49,250"), "{text}");
    assert!(text.contains("2 left for the highest averages (votes / (seats held + 1)) among the lists with at least 0.80 quotas (39,400 votes)"), "{text}");
    assert!(text.contains("below the share, no leftover seat: E, F"), "{text}");
    assert!(text.contains("leftover seat 2: A (150,000 votes / (3 seats held + 1) = 37,500)"), "{text}");
    let json = mandat_io::report::outcome_json(&law, &o);
    let detail = &json["constituencies"][0]["steps"]["allocation"];
    assert_eq!(detail["leftover_seats"], "highest-averages");
    assert_eq!(detail["leftover_eligible"], serde_json::json!(["A", "B", "C", "D"]));
    // With largest remainders instead (plain Hare), D and E take the two seats.
    let plain = parse_law(&BRAZIL.replace("leftover_seats = \"highest-averages\"\nleftover_min_quotas = 0.8\n", ""), "p.toml").unwrap();
    assert_eq!(count(&plain, &e, 0).unwrap().total, vec![3, 2, 1, 1, 1, 0]);
    // The quotient rounds halves down: 394,004 votes / 8 = 49,250.5 -> 49,250.
    let half = parse_results(r#"{"constituencies":[{"name":"Acre","seats":8,"votes":{"A":150004,"B":100000,"C":50000,"D":44000,"E":30000,"F":20000}}]}"#, "r.json").unwrap();
    assert!(mandat_io::report::explain(&law, &count(&law, &half, 0).unwrap()).contains("Quota: 49,250 "));
}

#[test]
fn a_share_of_the_quota_needs_leftover_seats_by_averages() {
    let without = BRAZIL.replace("leftover_seats = \"highest-averages\"\n", "");
    let err = parse_law(&without, "b.toml").unwrap_err().to_string();
    assert!(err.contains("leftover_min_quotas") && err.contains("highest-averages"), "{err}");
    let zero = BRAZIL.replace("leftover_min_quotas = 0.8", "leftover_min_quotas = 0");
    assert!(parse_law(&zero, "b.toml").unwrap_err().to_string().contains("above 0"));
    let divisor = BRAZIL.replace("method = \"hare\"\nquota_rounding = \"nearest-half-down\"\nquota_base = \"all-lists\"\n", "method = \"dhondt\"\n");
    assert!(parse_law(&divisor, "d.toml").unwrap_err().to_string().contains("leftover_seats"));
    let capped = BRAZIL.replace("level = ", "max_remainder_seats = 2\nlevel = ");
    assert!(parse_law(&capped, "c.toml").unwrap_err().to_string().contains("max_remainder_seats"));
}
