//! Seats left by the constituencies' quota round, shared on all the votes (Slovenia,
//! Zakon o volitvah v državni zbor art. 90-93): a hand-worked count, a list over its
//! share, the law reader's refusals, and properties on random elections.

use mandat_core::count::count;
use mandat_io::{parse_law, parse_results};
use proptest::prelude::*;

fn law_text(units: &[(&str, u32)], threshold: &str) -> String {
    let mut s = format!("id = \"s\"\nname = \"s\"\ncitation = \"s\"\nseats = {}\n", units.iter().map(|u| u.1).sum::<u32>());
    for (n, k) in units {
        s += &format!("[[constituencies]]\nname = \"{n}\"\nseats = {k}\n");
    }
    s += "[allocation]\nmethod = \"hagenbach-bischoff\"\nquota_rounding = \"up\"\nquota_base = \"all-lists\"\nlevel = \"constituency\"\n";
    s += "[allocation.pooled_remainders]\nmethod = \"dhondt\"\nshares = \"all-votes\"\narticle = \"art. 92\"\n";
    s += &format!("[threshold]\nshare = \"{threshold}\"\nlevel = \"national\"\n");
    s
}

/// North (5 seats), 1,000 votes: quota ⌈1000 / 6⌉ = 167 (C's votes count in the quota
/// though C is below the 15% bar): A 600 → 3 (remainder 99), B 300 → 1 (133).
/// South (5 seats), 1,000 votes, quota 167: A 200 → 1 (33), B 700 → 4 (32).
/// First round: A 4, B 5. D'Hondt of 10 on A 800, B 1,000: A 4, B 6, so B has one seat
/// nationally, won by its sixth quotient (1,000 / 6); South is full, so it goes to North.
#[test]
fn a_hand_worked_count_on_all_the_votes() {
    let law = parse_law(&law_text(&[("North", 5), ("South", 5)], "15%"), "s.toml").unwrap();
    let e = parse_results(
        r#"{"constituencies": [
            {"name": "North", "votes": {"A": 600, "B": 300, "C": 100}},
            {"name": "South", "votes": {"A": 200, "B": 700, "C": 100}}]}"#,
        "r.json",
    )
    .unwrap();
    let o = count(&law, &e, 0).unwrap();
    let p = o.pooled.as_ref().unwrap();
    let r = p.all_votes.as_ref().unwrap();
    assert_eq!(p.seats, 1);
    assert_eq!(r.house, 10);
    assert_eq!((r.first_round.clone(), r.share.clone(), r.seats.clone()), (vec![4, 5], vec![4, 6], vec![0, 1]));
    let placed: Vec<(&str, &str)> = p.placements.iter().map(|pl| (o.parties[pl.party].as_str(), pl.constituency.as_str())).collect();
    assert_eq!(placed, [("B", "North")]);
    assert_eq!(o.total, vec![4, 6, 0]);
    let north: Vec<u32> = o.contests[0].result.clone();
    assert_eq!(north, vec![3, 2, 0]);
    let text = mandat_io::report::explain(&law, &o);
    assert!(text.contains("Seats shared nationally on all the votes (art. 92): 1 seats left"), "{text}");
    assert!(text.contains("B (quotient 166.67) takes its seat in North (remainder 133 = 0.7964 of the quota)"), "{text}");
    // The quota on the lists taking part only would be 150 in North (A 4, B 2): another count.
    let other = parse_law(&law_text(&[("North", 5), ("South", 5)], "15%").replace("quota_base = \"all-lists\"\n", ""), "s.toml").unwrap();
    assert_ne!(count(&other, &e, 0).unwrap().contests[0].result, vec![3, 2, 0]);
}

/// Art. 92(5): A wins two quotas in a small unit but no seat of the national D'Hondt:
/// it keeps them and leaves; B and C share the other four seats again.
#[test]
fn a_list_over_its_share_keeps_its_seats_and_leaves() {
    let law = parse_law(&law_text(&[("North", 2), ("South", 4)], "1%"), "s.toml").unwrap();
    let e = parse_results(
        r#"{"constituencies": [
            {"name": "North", "votes": {"A": 100, "B": 0, "C": 0}},
            {"name": "South", "votes": {"A": 0, "B": 1000, "C": 900}}]}"#,
        "r.json",
    )
    .unwrap();
    let o = count(&law, &e, 0).unwrap();
    let r = o.pooled.as_ref().unwrap().all_votes.as_ref().unwrap();
    assert_eq!(r.left.iter().map(|&q| o.parties[q].as_str()).collect::<Vec<_>>(), ["A"]);
    assert_eq!(o.total, vec![2, 2, 2]);
    assert!(mandat_io::report::explain(&law, &o).contains("A keeps its first-round seats, more than its share, and leaves the distribution"));
}

#[test]
fn the_law_reader_refuses_what_does_not_fit() {
    let base = law_text(&[("North", 5)], "4%");
    let quota_all_votes = base.replace("method = \"dhondt\"\nshares", "method = \"hare\"\nshares");
    assert!(parse_law(&quota_all_votes, "s.toml").unwrap_err().to_string().contains("divisor method"));
    // Without `shares = "all-votes"` a divisor method shares the summed remainders
    // instead (Romania, Law 208/2015 art. 94; tests/pooled_dhondt.rs), not all the votes.
    let divisor_on_remainders = base.replace("shares = \"all-votes\"\n", "");
    let pooled = parse_law(&divisor_on_remainders, "s.toml").unwrap().allocation.unwrap().pooled_remainders.unwrap();
    assert_eq!(pooled.shares, mandat_core::pooled::Shares::Remainders);
    let rounded = base.replace("shares = \"all-votes\"\n", "shares = \"all-votes\"\nquota_rounding = \"up\"\n");
    assert!(parse_law(&rounded, "s.toml").unwrap_err().to_string().contains("quota_rounding"));
    let divisor_base = "id = \"s\"\nname = \"s\"\ncitation = \"s\"\nseats = 5\n[allocation]\nmethod = \"dhondt\"\nquota_base = \"all-lists\"\n";
    assert!(parse_law(divisor_base, "s.toml").unwrap_err().to_string().contains("quota_base"));
    let unknown = base.replace("shares = \"all-votes\"", "shares = \"everything\"");
    assert!(parse_law(&unknown, "s.toml").is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Every constituency fills its seats; no list falls below its first-round seats;
    /// when no list left the distribution, each list's total is its D'Hondt share of the
    /// house on its national votes; the placements follow descending quotients.
    #[test]
    fn all_votes_totals_are_the_national_share(
        districts in prop::collection::vec((1u32..12, prop::collection::vec(0u64..5_000, 4)), 1..6),
    ) {
        prop_assume!(districts.iter().all(|d| d.1.iter().sum::<u64>() > 0));
        let names: Vec<(String, u32)> = districts.iter().enumerate().map(|(i, d)| (format!("D{i}"), d.0)).collect();
        let refs: Vec<(&str, u32)> = names.iter().map(|(n, k)| (n.as_str(), *k)).collect();
        let law = parse_law(&law_text(&refs, "5%"), "s.toml").unwrap();
        let cs: Vec<String> = districts
            .iter()
            .enumerate()
            .map(|(i, d)| format!("{{\"name\": \"D{i}\", \"votes\": {{{}}}}}", d.1.iter().enumerate().map(|(p, v)| format!("\"P{p}\": {v}")).collect::<Vec<_>>().join(", ")))
            .collect();
        let e = parse_results(&format!("{{\"constituencies\": [{}]}}", cs.join(", ")), "r.json").unwrap();
        let o = match count(&law, &e, 0) {
            Ok(o) => o,
            // A list standing only where no seat is left: refused with an error, never a panic.
            Err(err) => { prop_assert!(err.to_string().contains("no constituency where it stands has a seat left")); return Ok(()); }
        };
        for (c, d) in o.contests.iter().zip(&districts) {
            prop_assert_eq!(c.result.iter().sum::<u32>(), d.0);
        }
        let p = o.pooled.as_ref().unwrap();
        let r = p.all_votes.as_ref().unwrap();
        prop_assert_eq!(p.placements.len() as u32, p.seats);
        for (j, &party) in p.parties.iter().enumerate() {
            prop_assert!(o.total[party] >= r.first_round[j]);
            if r.left.is_empty() {
                prop_assert_eq!(o.total[party], r.share[j]);
            }
        }
        let q: Vec<_> = p.placements.iter().map(|pl| pl.quotient.unwrap()).collect();
        prop_assert!(q.windows(2).all(|w| w[0] >= w[1]));
        if r.left.is_empty() {
            let v: Vec<u64> = r.votes.clone();
            let share = mandat_core::method::Method::DHondt.allocate(&v, r.house, &mut mandat_core::tie::TieBreaker::new(vec![mandat_core::tie::TieRule::MoreVotes, mandat_core::tie::TieRule::Lot], 0));
            // Equal averages at the cut may fall either way; otherwise the shares agree.
            prop_assert_eq!(share.iter().sum::<u32>(), r.share.iter().sum::<u32>());
        }
    }
}
