//! Remainders pooled nationally and shared by a divisor method (Romania, Law 208/2015
//! art. 94: whole electoral coefficients in each constituency, the unused votes summed
//! nationally and shared by D'Hondt): a hand-worked count that differs from the quota
//! round on the same remainders, the law reader's refusals, and a property on random
//! elections.

use mandat_core::count::count;
use mandat_core::method::Method;
use mandat_core::tie::{TieBreaker, TieRule};
use mandat_io::{parse_law, parse_results};
use proptest::prelude::*;

fn law(districts: &[u32], national: &str) -> String {
    let mut law = format!("id = \"p\"\nname = \"p\"\ncitation = \"p\"\nseats = {}\n", districts.iter().sum::<u32>());
    for (i, s) in districts.iter().enumerate() {
        law += &format!("[[constituencies]]\nname = \"D{i}\"\nseats = {s}\n");
    }
    law + &format!("[allocation]\nmethod = \"hare\"\nquota_rounding = \"down\"\nlevel = \"constituency\"\n[allocation.pooled_remainders]\n{national}\n[ties]\nchain = [\"more-votes\", \"list-order\"]\n")
}

fn results(districts: &[Vec<u64>]) -> String {
    let cs: Vec<String> = districts
        .iter()
        .enumerate()
        .map(|(i, d)| format!("{{\"name\": \"D{i}\", \"votes\": {{{}}}}}", d.iter().enumerate().map(|(p, v)| format!("\"P{p}\": {v}")).collect::<Vec<_>>().join(", ")))
        .collect();
    format!("{{\"constituencies\": [{}]}}", cs.join(", "))
}

/// Three constituencies of 5 seats and 1,000 votes: quota 200, P0 takes 4 in each.
/// Unused votes: P0 100 + 120 + 80 = 300, P1 60 + 50 + 70 = 180, P2 40 + 30 + 50 = 120.
/// D'Hondt on them for the 3 seats left: 300 (P0), 180 (P1), 150 (P0 / 2) beat 120 (P2):
/// P0 2, P1 1. P0's seats go to D1 (120) and D0 (100), P1's to D2 (70). A Hare quota on
/// the same remainders (600 / 3 = 200) would give P0 1 and the two leftover seats to P1
/// and P2.
#[test]
fn a_hand_worked_count_with_dhondt_on_the_summed_remainders() {
    let votes = vec![vec![900, 60, 40], vec![920, 50, 30], vec![880, 70, 50]];
    let e = parse_results(&results(&votes), "r.json").unwrap();
    let dhondt = parse_law(&law(&[5, 5, 5], "method = \"dhondt\"\narticle = \"art. 94\""), "p.toml").unwrap();
    let o = count(&dhondt, &e, 0).unwrap();
    let p = o.pooled.as_ref().unwrap();
    assert_eq!(p.seats, 3);
    assert_eq!(p.remainders, vec![300, 180, 120]);
    assert!(p.allocation.is_none());
    assert_eq!(p.averages.as_ref().unwrap().seats, vec![2, 1, 0]);
    let placed: Vec<(&str, &str)> = p.placements.iter().map(|pl| (o.parties[pl.party].as_str(), pl.constituency.as_str())).collect();
    assert_eq!(placed, [("P0", "D1"), ("P0", "D0"), ("P1", "D2")]);
    assert_eq!(o.total, vec![14, 1, 0]);
    let text = mandat_io::report::explain(&dhondt, &o);
    assert!(text.contains("Remainders pooled nationally (art. 94): 3 seats left by the constituencies, shared by dhondt"), "{text}");
    assert!(text.contains("P1 takes its seat in D2"), "{text}");
    let json = mandat_io::report::outcome_json(&dhondt, &o).to_string();
    assert!(json.contains(r#""pooled_remainders":{"seats":3,"shares":"remainders","method":"dhondt","parties":[{"party":"P0","remainders":300,"seats":2}"#), "{json}");

    let hare = parse_law(&law(&[5, 5, 5], "method = \"hare\"\nquota_rounding = \"down\""), "p.toml").unwrap();
    assert_eq!(count(&hare, &e, 0).unwrap().total, vec![13, 1, 1]);
}

/// D0: P0 920 (4, unused 120), P1 50, P2 30; D1: P0 900 (4, 100), P1 70, P2 30; D2: P0
/// 880 (4, 80), P1 60, P2 60. Unused: P0 300, P1 180, P2 120: D'Hondt gives P0 2, P1 1.
/// By list, P1's seat goes to its largest remainder, D1 (70), where P0 placed one too: D1
/// would have 6 seats and D2 4. By share of the quota (quota 200 everywhere): P0-D0 0.6,
/// P0-D1 0.5 fill D0 and D1; P0-D2 (0.4) is skipped (P0 has placed both), P1-D1 (0.35)
/// too (D1 is full); P1-D2 (0.3) takes D2's seat.
#[test]
fn placed_by_share_of_the_quota_every_constituency_fills_its_seats() {
    let votes = vec![vec![920, 50, 30], vec![900, 70, 30], vec![880, 60, 60]];
    let e = parse_results(&results(&votes), "r.json").unwrap();
    let seats_in = |o: &mandat_core::count::Outcome| -> Vec<u32> { o.contests.iter().map(|c| c.result.iter().sum()).collect() };
    let by_list = count(&parse_law(&law(&[5, 5, 5], "method = \"dhondt\""), "p.toml").unwrap(), &e, 0).unwrap();
    assert_eq!(seats_in(&by_list), vec![5, 6, 4]);
    let l = parse_law(&law(&[5, 5, 5], "method = \"dhondt\"\nplacement = \"share-of-quota\""), "p.toml").unwrap();
    let o = count(&l, &e, 0).unwrap();
    assert_eq!(seats_in(&o), vec![5, 5, 5]);
    assert_eq!(o.total, by_list.total);
    let p = o.pooled.as_ref().unwrap();
    let placed: Vec<(&str, &str)> = p.placements.iter().map(|pl| (o.parties[pl.party].as_str(), pl.constituency.as_str())).collect();
    assert_eq!(placed, [("P0", "D0"), ("P0", "D1"), ("P1", "D2")]);
    let text = mandat_io::report::explain(&l, &o);
    assert!(text.contains("P1 takes its seat in D2 (remainder 60 = 0.3000 of the quota)"), "{text}");
    let json = mandat_io::report::outcome_json(&l, &o).to_string();
    assert!(json.contains(r#""placement":"share-of-quota""#), "{json}");
}

#[test]
fn a_divisor_method_on_the_remainders_refuses_the_quota_options() {
    for extra in ["quota_rounding = \"down\"", "leftover_min_share = \"7.2%\"", "placement = \"in-turn\""] {
        let text = law(&[5, 5], &format!("method = \"dhondt\"\n{extra}"));
        let err = parse_law(&text, "p.toml").unwrap_err().to_string();
        assert!(err.contains("apply to a quota on the remainders"), "{extra}: {err}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Every seat is given once, and each list's national seats are the divisor method's
    /// share of the seats left on its summed remainders.
    #[test]
    fn the_national_round_is_the_divisor_method_on_the_summed_remainders(
        districts in prop::collection::vec((1u32..12, prop::collection::vec(1u64..5_000, 4)), 1..6),
        method in prop::sample::select(vec!["dhondt", "sainte-lague"]),
    ) {
        let seats: Vec<u32> = districts.iter().map(|d| d.0).collect();
        let votes: Vec<Vec<u64>> = districts.iter().map(|d| d.1.clone()).collect();
        let l = parse_law(&law(&seats, &format!("method = \"{method}\"")), "p.toml").unwrap();
        let o = count(&l, &parse_results(&results(&votes), "r.json").unwrap(), 0).unwrap();
        let p = o.pooled.as_ref().unwrap();
        prop_assert_eq!(o.house_size(), seats.iter().sum::<u32>());
        prop_assert_eq!(p.placements.len() as u32, p.seats);
        let m = Method::from_name(method, None).unwrap();
        let expected = m.allocate(&p.remainders, p.seats, &mut TieBreaker::new(vec![TieRule::MoreVotes, TieRule::ListOrder], 0));
        let got = &p.averages.as_ref().unwrap().seats;
        // Equal averages at the cut are decided by the chain: compare the totals only
        // when the round had no tie.
        if p.ties.is_empty() {
            prop_assert_eq!(got, &expected);
        } else {
            prop_assert_eq!(got.iter().sum::<u32>(), expected.iter().sum::<u32>());
        }
        for (j, &party) in p.parties.iter().enumerate() {
            prop_assert_eq!(p.placements.iter().filter(|pl| pl.party == party).count() as u32, got[j]);
        }
    }

    /// Placed by share of the quota (after D'Hondt or a quota on the remainders), every
    /// constituency fills exactly its seats, and the totals are those of the placement by
    /// list.
    #[test]
    fn placed_by_share_of_the_quota_seats_fit_the_constituencies(
        districts in prop::collection::vec((1u32..12, prop::collection::vec(1u64..5_000, 4)), 1..6),
        national in prop::sample::select(vec!["method = \"dhondt\"", "method = \"hare\"\nquota_rounding = \"down\""]),
    ) {
        let seats: Vec<u32> = districts.iter().map(|d| d.0).collect();
        let votes: Vec<Vec<u64>> = districts.iter().map(|d| d.1.clone()).collect();
        let e = parse_results(&results(&votes), "r.json").unwrap();
        let l = parse_law(&law(&seats, &format!("{national}\nplacement = \"share-of-quota\"")), "p.toml").unwrap();
        let o = count(&l, &e, 0).unwrap();
        for (c, &s) in o.contests.iter().zip(&seats) {
            prop_assert_eq!(c.result.iter().sum::<u32>(), s, "constituency {}", c.name);
        }
        let by_list = count(&parse_law(&law(&seats, national), "p.toml").unwrap(), &e, 0).unwrap();
        prop_assert_eq!(o.total, by_list.total);
    }
}
