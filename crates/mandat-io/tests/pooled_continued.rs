//! A quota round that gives a seat for a remainder of 75% of the quota and leaves the
//! other seats to a national round continued from the first-round seats, with divisors
//! k^0.9 (Estonia, Riigikogu Election Act § 62(3)-(5)): two real districts of 2023, the
//! exact comparison, the law reader's refusals, and properties on random elections.

use mandat_core::count::count;
use mandat_io::{parse_law, parse_results};
use proptest::prelude::*;

fn law_text(units: &[(&str, u32)], threshold: &str, exponent: Option<&str>) -> String {
    let mut s = format!("id = \"s\"\nname = \"s\"\ncitation = \"s\"\nseats = {}\n", units.iter().map(|u| u.1).sum::<u32>());
    for (n, k) in units {
        s += &format!("[[constituencies]]\nname = \"{n}\"\nseats = {k}\n");
    }
    s += "[allocation]\nmethod = \"hare\"\nquota_base = \"all-lists\"\nremainder_seat_at = \"75%\"\nlevel = \"constituency\"\n";
    s += "[allocation.pooled_remainders]\nmethod = \"dhondt\"\nshares = \"continued\"\narticle = \"§ 62(5)\"\n";
    if let Some(e) = exponent {
        s += &format!("divisor_exponent = \"{e}\"\n");
    }
    s += &format!("[threshold]\nshare = \"{threshold}\"\nlevel = \"national\"\n");
    s
}

/// Districts 3 (8 seats) and 8 (7 seats) of the Riigikogu election of 5 March 2023, every
/// list's votes as the French Wikipedia's district articles give them (valid votes 51,084
/// and 39,297; see tests/cases/README.md and the ee-riigikogu preset's notes).
const TWO_DISTRICTS: &str = r#"{"constituencies": [
    {"name": "3", "votes": {"Reform": 17730, "Kesk": 9654, "E200": 7263, "EKRE": 5960, "SDE": 4563, "Isamaa": 3305, "Parempoolsed": 1072, "EÜVP": 953, "Rohelised": 584}},
    {"name": "8", "votes": {"Reform": 10933, "EKRE": 9153, "SDE": 5084, "Isamaa": 4673, "E200": 4195, "Kesk": 4021, "Parempoolsed": 806, "Rohelised": 308, "Independent": 124}}]}"#;

/// District 3: quota 51,084 / 8 = 6,385.5. Reform 17,730 = 2 quotas + 4,959 (77.7% of the
/// quota: a third seat), Kesk 1 + 3,268.5 (51%), E200 1 + 877.5, EKRE 0 + 5,960 (93%: a
/// seat), SDE 4,563 (71%: none), Isamaa 3,305: 3, 1, 1, 1, 0, 0 — the official district
/// mandates. District 8: quota 39,297 / 7 = 5,613.857...; Reform 1 + 5,319.1 (94.8%: 2),
/// EKRE 1 + 3,539.1 (63%), SDE 5,084 (90.6%: 1), Isamaa 4,673 (83.2%: 1), E200 4,195
/// (74.7%: none, just under), Kesk 4,021 (71.6%): 2, 1, 1, 1, 0, 0 — official too.
/// The four seats the two districts leave (as if they were the whole country) go by
/// votes / k^0.9 from each list's first-round seats: Kesk 13,675 / 2^0.9 ≈ 7,328.3,
/// E200 11,458 / 2^0.9 ≈ 6,140.2, Reform 28,663 / 6^0.9 ≈ 5,714.6, EKRE 15,113 / 3^0.9 ≈
/// 5,622.7; next would be SDE 9,647 / 2^0.9 ≈ 5,169.7. With plain D'Hondt divisors SDE
/// (4,823.5) would beat Reform (4,777.2) for the third seat.
#[test]
fn two_real_districts_and_a_continued_round() {
    let law = parse_law(&law_text(&[("3", 8), ("8", 7)], "5%", Some("0.9")), "s.toml").unwrap();
    let e = parse_results(TWO_DISTRICTS, "r.json").unwrap();
    let o = count(&law, &e, 0).unwrap();
    let seats_of = |c: usize, name: &str| {
        let k = o.contests[c].parties.iter().position(|&p| o.parties[p] == name).unwrap();
        o.contests[c].result[k]
    };
    let d3: Vec<u32> = ["Reform", "Kesk", "E200", "EKRE", "SDE", "Isamaa"].iter().map(|p| seats_of(0, p)).collect();
    let d8: Vec<u32> = ["Reform", "EKRE", "SDE", "Isamaa", "E200", "Kesk"].iter().map(|p| seats_of(1, p)).collect();
    assert_eq!(d3, [3, 1, 1, 1, 0, 0]);
    assert_eq!(d8, [2, 1, 1, 1, 0, 0]);
    let p = o.pooled.as_ref().unwrap();
    assert_eq!(p.seats, 4);
    let order: Vec<(&str, u32)> = p.continued.as_ref().unwrap().order.iter().map(|s| (o.parties[s.party].as_str(), s.k)).collect();
    assert_eq!(order, [("Kesk", 2), ("E200", 2), ("Reform", 6), ("EKRE", 3)]);
    let total = |name: &str| o.total[o.parties.iter().position(|p| p == name).unwrap()];
    assert_eq!((total("Reform"), total("EKRE"), total("Kesk"), total("E200"), total("SDE"), total("Isamaa")), (6, 3, 2, 2, 1, 1));
    let text = mandat_io::report::explain(&law, &o);
    assert!(text.contains("4 seats by dhondt figures votes / k^(9/10)"), "{text}");
    assert!(text.contains("national seat 3: Reform (votes / 6^(9/10))"), "{text}");
    // Plain D'Hondt divisors give the third seat to SDE instead.
    let plain = parse_law(&law_text(&[("3", 8), ("8", 7)], "5%", None), "s.toml").unwrap();
    let o2 = count(&plain, &e, 0).unwrap();
    let order2: Vec<&str> = o2.pooled.as_ref().unwrap().continued.as_ref().unwrap().order.iter().map(|s| o2.parties[s.party].as_str()).collect();
    assert_eq!(order2, ["Kesk", "E200", "EKRE", "SDE"]);
    // Without the 75% rule the districts would give fewer seats (EKRE in 3, SDE and Isamaa in 8).
    let no_rule = parse_law(&law_text(&[("3", 8), ("8", 7)], "5%", Some("0.9")).replace("remainder_seat_at = \"75%\"\n", ""), "s.toml").unwrap();
    let o3 = count(&no_rule, &e, 0).unwrap();
    assert_eq!(o3.pooled.as_ref().unwrap().seats, 9);
}

/// Equal figures go to the law's chain: two lists with equal votes and first-round seats.
#[test]
fn equal_figures_go_to_the_tie_chain() {
    let e = parse_results(r#"{"constituencies": [{"name": "A", "votes": {"P": 500, "Q": 500, "R": 600}}]}"#, "r.json").unwrap();
    // 4 seats, quota 400: P 1 + 100 (25%), Q the same, R 1 + 200 (50%): one seat each,
    // one left; R's 600 / 2^0.9 is the highest figure.
    let law = parse_law(&law_text(&[("A", 4)], "1%", Some("0.9")), "s.toml").unwrap();
    let o = count(&law, &e, 0).unwrap();
    let p = o.pooled.as_ref().unwrap();
    assert_eq!(p.seats, 1);
    assert_eq!(o.parties[p.continued.as_ref().unwrap().order[0].party], "R");
    assert!(p.ties.is_empty());
    // 5 seats, quota 320: P 1 + 180 (56%), Q the same, R 1 + 280 (87.5%: a second seat);
    // one left: P and Q tie at 500 / 2^0.9 (R: 600 / 3^0.9 is lower). The chain decides.
    let law2 = parse_law(&law_text(&[("A", 5)], "1%", Some("0.9")), "s.toml").unwrap();
    let o2 = count(&law2, &e, 0).unwrap();
    let p2 = o2.pooled.as_ref().unwrap();
    assert_eq!(p2.seats, 1);
    assert_eq!(p2.ties.len(), 1, "P and Q tie for the national seat");
    assert_eq!(p2.ties[0].contenders.len(), 2);
    assert_eq!(o2.total.iter().sum::<u32>(), 5);
    assert_eq!(o2.total[2], 2);
}

#[test]
fn the_law_reader_refuses_what_does_not_fit() {
    let base = law_text(&[("A", 5)], "4%", Some("0.9"));
    let all_votes = base.replace("shares = \"continued\"", "shares = \"all-votes\"");
    assert!(parse_law(&all_votes, "s.toml").unwrap_err().to_string().contains("divisor_exponent"));
    let sainte_lague = base.replace("method = \"dhondt\"\nshares", "method = \"sainte-lague\"\nshares");
    assert!(parse_law(&sainte_lague, "s.toml").unwrap_err().to_string().contains("divisor_exponent"));
    let zero = base.replace("divisor_exponent = \"0.9\"", "divisor_exponent = \"0\"");
    assert!(parse_law(&zero, "s.toml").unwrap_err().to_string().contains("above 0"));
    let quota_continued = law_text(&[("A", 5)], "4%", None).replace("method = \"dhondt\"\nshares", "method = \"hare\"\nshares");
    assert!(parse_law(&quota_continued, "s.toml").unwrap_err().to_string().contains("divisor method"));
    let no_pool = "id = \"s\"\nname = \"s\"\ncitation = \"s\"\nseats = 5\n[allocation]\nmethod = \"hare\"\nremainder_seat_at = \"75%\"\n";
    assert!(parse_law(no_pool, "s.toml").unwrap_err().to_string().contains("pooled_remainders"));
    let divisor = "id = \"s\"\nname = \"s\"\ncitation = \"s\"\nseats = 5\n[allocation]\nmethod = \"dhondt\"\nremainder_seat_at = \"75%\"\n";
    assert!(parse_law(divisor, "s.toml").unwrap_err().to_string().contains("remainder_seat_at"));
    let zero_share = base.replace("remainder_seat_at = \"75%\"", "remainder_seat_at = \"0%\"");
    assert!(parse_law(&zero_share, "s.toml").unwrap_err().to_string().contains("above 0%"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// The house is always filled; the first round never gives a district more than its
    /// seats; a remainder seat needs 75% of the quota; the national figures come in
    /// non-increasing order (checked exactly in big integers); divisor_exponent = "1" is
    /// plain D'Hondt continued.
    #[test]
    fn continued_round_invariants(
        districts in prop::collection::vec((1u32..12, prop::collection::vec(0u64..5_000, 5)), 1..6),
    ) {
        prop_assume!(districts.iter().all(|d| d.1.iter().sum::<u64>() > 0));
        let names: Vec<(String, u32)> = districts.iter().enumerate().map(|(i, d)| (format!("D{i}"), d.0)).collect();
        let refs: Vec<(&str, u32)> = names.iter().map(|(n, k)| (n.as_str(), *k)).collect();
        let cs: Vec<String> = districts
            .iter()
            .enumerate()
            .map(|(i, d)| format!("{{\"name\": \"D{i}\", \"votes\": {{{}}}}}", d.1.iter().enumerate().map(|(p, v)| format!("\"P{p}\": {v}")).collect::<Vec<_>>().join(", ")))
            .collect();
        let e = parse_results(&format!("{{\"constituencies\": [{}]}}", cs.join(", ")), "r.json").unwrap();
        let law = parse_law(&law_text(&refs, "5%", Some("0.9")), "s.toml").unwrap();
        let o = count(&law, &e, 0).unwrap();
        let house: u32 = districts.iter().map(|d| d.0).sum();
        let p = o.pooled.as_ref().unwrap();
        let r = p.continued.as_ref().unwrap();
        let takers = r.votes.iter().filter(|&&v| v > 0).count();
        if takers > 0 {
            prop_assert_eq!(o.total.iter().sum::<u32>(), house);
        }
        for (c, d) in o.contests.iter().zip(&districts) {
            prop_assert!(c.result.iter().sum::<u32>() <= d.0);
            let total: u64 = d.1.iter().sum();
            for (k, &s) in c.result.iter().enumerate() {
                // seats ≤ votes / quota + 0.25, i.e. 4 × seats × total ≤ 4 × votes × S + total.
                let v = c.votes[k] as u128;
                prop_assert!(4 * s as u128 * total as u128 <= 4 * v * d.0 as u128 + total as u128);
            }
        }
        use num_bigint::BigUint;
        let fig = |s: &mandat_core::pooled::ContinuedSeat| {
            let j = p.parties.iter().position(|&q| q == s.party).unwrap();
            (r.votes[j], s.k)
        };
        for w in r.order.windows(2) {
            let ((va, ka), (vb, kb)) = (fig(&w[0]), fig(&w[1]));
            prop_assert!(BigUint::from(va).pow(10) * BigUint::from(kb).pow(9) >= BigUint::from(vb).pow(10) * BigUint::from(ka).pow(9));
        }
        let one = parse_law(&law_text(&refs, "5%", Some("1")), "s.toml").unwrap();
        let plain = parse_law(&law_text(&refs, "5%", None), "s.toml").unwrap();
        let (a, b) = (count(&one, &e, 0).unwrap(), count(&plain, &e, 0).unwrap());
        prop_assert_eq!(a.total, b.total);
    }
}
