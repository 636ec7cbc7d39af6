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
