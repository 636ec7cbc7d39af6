//! Properties of the parliament module: power indices (sum to 1, dummies have none,
//! equal groups are equal, agreement with enumeration), coalitions (agreement with
//! enumeration), committee seats (they add up, every guarantee holds whenever it can).

use mandat_core::law::Seats;
use mandat_core::parliament::coalitions::{count_minimal_winning, minimal_connected_winning, minimal_winning};
use mandat_core::parliament::committees::{example_rules, share_out, Preferences, Why};
use mandat_core::parliament::power::{power_indices, power_indices_brute_force};
use mandat_core::parliament::rules::Reservation;
use mandat_core::parliament::{Assembly, Group, Side};
use num_bigint::BigUint;
use proptest::prelude::*;

fn game() -> impl Strategy<Value = (Vec<u64>, u64)> {
    prop::collection::vec(0u64..60, 1..12)
        .prop_map(|w| if w.iter().all(|&x| x == 0) { vec![1; w.len()] } else { w })
        .prop_flat_map(|w| {
            let total: u64 = w.iter().sum();
            (Just(w), 1..=total)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn power_matches_enumeration_and_sums_to_one((w, q) in game()) {
        let p = power_indices(&w, q).unwrap();
        let (sw, ss) = power_indices_brute_force(&w, q);
        prop_assert_eq!(&p.banzhaf_swings, &sw);
        prop_assert_eq!(&p.shapley_shubik_num, &ss);
        // Shapley-Shubik sums to 1 exactly.
        let sum: BigUint = p.shapley_shubik_num.iter().sum();
        prop_assert_eq!(sum, p.shapley_shubik_den.clone());
        // Normalised Banzhaf: someone always swings (the quota is within the seats),
        // so the indices are swings over their positive total and sum to 1.
        let total: u128 = p.banzhaf_swings.iter().sum();
        prop_assert!(total > 0);
        // Groups without seats have no power; groups of equal size have equal power.
        for i in 0..w.len() {
            if w[i] == 0 {
                prop_assert_eq!(p.banzhaf_swings[i], 0);
                prop_assert_eq!(p.shapley_shubik_num[i].clone(), BigUint::from(0u32));
            }
            for j in 0..w.len() {
                if w[i] == w[j] {
                    prop_assert_eq!(p.banzhaf_swings[i], p.banzhaf_swings[j]);
                    prop_assert_eq!(&p.shapley_shubik_num[i], &p.shapley_shubik_num[j]);
                    prop_assert_eq!(p.banzhaf(i), p.banzhaf(j));
                }
            }
        }
    }

    /// Groups of even sizes and an even quota: a 1-seat group can never swing (a
    /// coalition of the others has an even total, so it is never exactly quota − 1).
    #[test]
    fn a_dummy_group_has_no_power(halves in prop::collection::vec(1u64..30, 1..10), pick in any::<prop::sample::Index>()) {
        let mut w: Vec<u64> = halves.iter().map(|h| 2 * h).collect();
        let total: u64 = w.iter().sum();
        let q = 2 * (pick.index((total / 2) as usize) as u64 + 1); // even, 2..=total
        w.push(1);
        let p = power_indices(&w, q).unwrap();
        let d = w.len() - 1;
        prop_assert_eq!(p.banzhaf_swings[d], 0);
        prop_assert_eq!(p.shapley_shubik_num[d].clone(), BigUint::from(0u32));
        let sum: BigUint = p.shapley_shubik_num.iter().sum();
        prop_assert_eq!(sum, p.shapley_shubik_den.clone());
    }

    #[test]
    fn minimal_winning_coalitions_match_enumeration((w, q) in game()) {
        let n = w.len();
        let mut expected: Vec<Vec<usize>> = Vec::new();
        for mask in 1u32..(1 << n) {
            let m: Vec<usize> = (0..n).filter(|&i| mask >> i & 1 == 1).collect();
            let s: u64 = m.iter().map(|&i| w[i]).sum();
            if s >= q && m.iter().all(|&i| s - w[i] < q) {
                expected.push(m);
            }
        }
        expected.sort();
        let found = minimal_winning(&w, q, usize::MAX);
        let mut got: Vec<Vec<usize>> = found.coalitions.iter().map(|c| c.members.clone()).collect();
        got.sort();
        prop_assert_eq!(&got, &expected);
        prop_assert_eq!(count_minimal_winning(&w, q), expected.len() as u128);
        for c in &found.coalitions {
            prop_assert_eq!(c.surplus, c.seats - q);
        }
        // Connected ones, in list order, are intervals that win and lose without either end.
        let order: Vec<usize> = (0..n).collect();
        for c in minimal_connected_winning(&w, q, &order) {
            let (a, b) = (c.members[0], *c.members.last().unwrap());
            prop_assert_eq!(&c.members, &(a..=b).collect::<Vec<_>>());
            prop_assert!(c.seats >= q && c.seats - w[a] < q && c.seats - w[b] < q);
        }
    }

    #[test]
    fn committee_seats_add_up_and_guarantees_hold_when_they_can(
        seats in prop::collection::vec(1u32..80, 1..9),
        opposition in prop::collection::vec(any::<bool>(), 9),
        size in 1u32..25,
        at_least in 0u32..3,
        opp_at_least in 0u32..5,
        reserved in 0u32..3,
        seed in any::<u64>(),
    ) {
        let total: u32 = seats.iter().sum();
        prop_assume!(size <= total);
        let opp_at_least = opp_at_least.min(size);
        let groups: Vec<Group> = seats.iter().enumerate().map(|(i, &s)| Group {
            name: format!("G{i}"),
            seats: s,
            side: Some(if opposition[i] { Side::Opposition } else { Side::Majority }),
        }).collect();
        let n = groups.len();
        let a = Assembly { groups };
        let mut rules = example_rules(4, size);
        rules.committee_seats.every_group_at_least = at_least;
        rules.committee_seats.opposition_at_least = opp_at_least;
        if reserved > 0 {
            rules.posts[0].reserved = Some(Reservation { side: Side::Opposition, count: Seats(reserved), article: None });
        }
        let s = share_out(&rules, &a, &Preferences::none(n), seed).unwrap();
        let opp: Vec<usize> = (0..n).filter(|&g| opposition[g]).collect();
        for c in &s.committees {
            prop_assert_eq!(c.seats.iter().sum::<u32>(), size);
            let mins: Vec<u32> = seats.iter().map(|&x| at_least.min(x)).collect();
            let every_can = mins.iter().sum::<u32>() <= size;
            if every_can {
                prop_assert!((0..n).all(|g| c.seats[g] >= mins[g]), "{:?} mins {:?}", c.seats, mins);
            }
            let floors: u32 = (0..n).filter(|g| !opposition[*g]).map(|g| if every_can { mins[g] } else { 0 }).sum();
            let opp_members: u32 = opp.iter().map(|&g| seats[g]).sum();
            let opp_can = opp_at_least <= opp_members && opp_at_least + floors <= size;
            let opp_has: u32 = opp.iter().map(|&g| c.seats[g]).sum();
            if opp_can {
                prop_assert!(opp_has >= opp_at_least, "{:?} opposition {}", c.seats, opp_has);
            }
            prop_assert_eq!(c.unmet.is_empty(), (every_can || at_least == 0) && (opp_can || opp_at_least == 0), "{:?}", c.unmet);
        }
        let chairs = &s.posts[0];
        prop_assert_eq!(chairs.counts.iter().sum::<u32>(), 4);
        prop_assert_eq!(chairs.rounds.len(), 4);
        let mut on: Vec<usize> = chairs.rounds.iter().map(|r| r.committee).collect();
        on.sort_unstable();
        prop_assert_eq!(on, vec![0, 1, 2, 3]);
        // Quotients never increase from one round to the next among posts won by quotient.
        let by_quotient: Vec<_> = chairs.rounds.iter().filter(|r| r.why == Why::Quotient).collect();
        for pair in by_quotient.windows(2) {
            prop_assert!(pair[0].quotient >= pair[1].quotient);
        }
        if reserved > 0 && !opp.is_empty() {
            let got: u32 = opp.iter().map(|&g| chairs.counts[g]).sum();
            prop_assert!(got >= reserved);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Sequential choice: at its turn, each group gets its most preferred committee still
    /// free, or without one the first free committee; chairs follow decreasing quotients.
    #[test]
    fn each_group_takes_its_best_free_committee_at_its_turn(
        seats in prop::collection::vec(1u32..60, 1..8),
        committees in 1usize..9,
        prefs in prop::collection::vec(prop::collection::vec(0usize..9, 0..5), 8),
        seed in any::<u64>(),
    ) {
        let n = seats.len();
        let names: Vec<String> = (0..n).map(|i| format!("G{i}")).collect();
        let pairs: Vec<(&str, u32)> = names.iter().map(String::as_str).zip(seats.iter().copied()).collect();
        let a = Assembly::new(&pairs);
        let rules = example_rules(committees, 1);
        let mut by_group: Vec<Vec<usize>> = prefs[..n].iter().map(|p| {
            let mut seen = Vec::new();
            for &c in p {
                if c < committees && !seen.contains(&c) {
                    seen.push(c);
                }
            }
            seen
        }).collect();
        by_group.truncate(n);
        let p = Preferences { by_group: by_group.clone(), by_post: Vec::new() };
        let s = share_out(&rules, &a, &p, seed).unwrap();
        let rounds = &s.posts[0].rounds;
        prop_assert_eq!(rounds.len(), committees);
        let mut taken = vec![false; committees];
        for (k, r) in rounds.iter().enumerate() {
            prop_assert_eq!(r.round as usize, k + 1);
            if k > 0 {
                prop_assert!(rounds[k - 1].quotient >= r.quotient);
            }
            let free_prefs: Vec<usize> = by_group[r.group].iter().copied().filter(|&c| !taken[c]).collect();
            match r.choice {
                mandat_core::parliament::committees::Choice::Preference { rank } => {
                    prop_assert_eq!(by_group[r.group][rank as usize - 1], r.committee);
                    prop_assert_eq!(free_prefs.first().copied(), Some(r.committee));
                }
                mandat_core::parliament::committees::Choice::FirstFree => {
                    prop_assert!(free_prefs.is_empty());
                    prop_assert_eq!(taken.iter().position(|&t| !t), Some(r.committee));
                }
            }
            prop_assert!(!taken[r.committee]);
            taken[r.committee] = true;
        }
    }
}
