//! Divisor allocations with list capacities (`highest_averages_capped`): a list takes
//! at most its capacity, and the result is that of handing out seats one by one to the
//! highest average among the lists still below their capacity.

use mandat_core::method::{highest_averages_capped, Method};
use mandat_core::tie::{TieBreaker, TieRule};
use proptest::prelude::*;

fn chain() -> TieBreaker {
    TieBreaker::new(vec![TieRule::MoreVotes, TieRule::ListOrder], 0)
}

/// Seat by seat; None when two lists share the best average at some step (the tie rules
/// then decide, which this reference does not model).
fn seat_by_seat(m: &Method, votes: &[u64], seats: u32, caps: &[Option<u32>]) -> Option<Vec<u32>> {
    let mut a = vec![0u32; votes.len()];
    for _ in 0..seats {
        let open: Vec<usize> = (0..votes.len()).filter(|&i| caps[i].is_none_or(|c| a[i] < c)).collect();
        let Some(&best) = open.iter().max_by(|&&i, &&j| m.average(votes[i], a[i]).cmp(&m.average(votes[j], a[j]))) else { break };
        let top = m.average(votes[best], a[best]);
        if open.iter().filter(|&&i| m.average(votes[i], a[i]) == top).count() > 1 {
            return None;
        }
        a[best] += 1;
    }
    Some(a)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn capped_highest_averages_is_seat_by_seat_with_exhausted_lists_skipped(
        lists in prop::collection::vec((1u64..100_000, prop::option::of(0u32..8)), 1..7),
        seats in 1u32..30,
        method in prop::sample::select(vec!["dhondt", "sainte-lague", "imperiali", "danish", "adams"]),
    ) {
        let m = Method::from_name(method, None).unwrap();
        let votes: Vec<u64> = lists.iter().map(|&(v, _)| v).collect();
        let caps: Vec<Option<u32>> = lists.iter().map(|&(_, c)| c).collect();
        let got = highest_averages_capped(&m, &votes, seats, &caps, &mut chain());
        for (g, c) in got.iter().zip(&caps) {
            prop_assert!(c.is_none_or(|c| *g <= c));
        }
        let room: u64 = caps.iter().map(|c| c.map_or(u64::from(seats), u64::from)).sum();
        prop_assert_eq!(got.iter().map(|&s| u64::from(s)).sum::<u64>(), room.min(u64::from(seats)));
        if let Some(reference) = seat_by_seat(&m, &votes, seats, &caps) {
            prop_assert_eq!(got, reference);
        }
    }

    #[test]
    fn caps_that_do_not_bind_change_nothing(
        votes in prop::collection::vec(1u64..100_000, 1..7),
        seats in 1u32..30,
    ) {
        let free = Method::DHondt.allocate(&votes, seats, &mut chain());
        let caps: Vec<Option<u32>> = free.iter().map(|&s| Some(s)).collect();
        prop_assert_eq!(highest_averages_capped(&Method::DHondt, &votes, seats, &caps, &mut chain()), free);
    }
}

// The additional member system: highest averages continued from seats already held
// (Scotland Act 1998 s. 7-8).
mod continued {
    use mandat_core::method::{highest_averages_from, highest_averages_hinted_into, Method};
    use mandat_core::tie::{TieBreaker, TieRule};
    use proptest::prelude::*;

    fn tb() -> TieBreaker {
        TieBreaker::new(vec![TieRule::Lot], 0)
    }

    /// Seat by seat: each new seat to the highest votes / d(held + new so far).
    fn naive(m: &Method, votes: &[u64], start: &[u32], seats: u32) -> Option<Vec<u32>> {
        let mut a = vec![0u32; votes.len()];
        for _ in 0..seats {
            let avg: Vec<_> = (0..votes.len()).map(|i| m.average(votes[i], start[i] + a[i])).collect();
            let best = *avg.iter().max()?;
            let at: Vec<usize> = (0..votes.len()).filter(|&i| avg[i] == best).collect();
            if at.len() > 1 {
                return None; // a tie: decided by lot, not compared here
            }
            a[at[0]] += 1;
        }
        Some(a)
    }

    #[test]
    fn highlands_and_islands_2021() {
        // SNP 6 and LD 2 constituency seats; the 7 regional seats: Con 4, Lab 1, Green 1, SNP 1.
        let votes = [96433, 60779, 26771, 22713, 17729];
        let s = highest_averages_from(&Method::DHondt, &votes, &[6, 0, 2, 0, 0], 7, &mut tb());
        assert_eq!(s, vec![1, 4, 0, 1, 1]);
        // Without the constituency seats the SNP would take 4 of the 7.
        assert_eq!(highest_averages_from(&Method::DHondt, &votes, &[], 7, &mut tb())[0], 4);
    }

    proptest! {
        #[test]
        fn continued_allocation_hands_out_exactly_the_seats_to_the_next_highest_averages(
            votes in prop::collection::vec(1u64..200_000, 1..8),
            held in prop::collection::vec(0u32..12, 8),
            seats in 0u32..20,
        ) {
            let start = &held[..votes.len()];
            let m = Method::DHondt;
            let got = highest_averages_from(&m, &votes, start, seats, &mut tb());
            prop_assert_eq!(got.iter().sum::<u32>(), seats);
            if let Some(want) = naive(&m, &votes, start, seats) {
                prop_assert_eq!(&got, &want);
            }
            // Every seat won has an average at least as high as every average that lost.
            let won = (0..votes.len()).filter(|&i| got[i] > 0).map(|i| m.average(votes[i], start[i] + got[i] - 1)).min();
            let lost = (0..votes.len()).map(|i| m.average(votes[i], start[i] + got[i])).max();
            if let (Some(w), Some(l)) = (won, lost) {
                prop_assert!(w >= l);
            }
            // With nothing held it is the ordinary allocation.
            prop_assert_eq!(highest_averages_from(&m, &votes, &[], seats, &mut tb()), m.allocate(&votes, seats, &mut tb()));
        }

        /// Every divisor method (modified Sainte-Laguë with first divisors 0.7-2.5),
        /// continued from held seats, on a few large lists and many small ones, some
        /// with equal or no votes: the jump's guess (rounded to seats, less those held)
        /// and the exact steps give seat by seat's result wherever no tie decides, and
        /// otherwise an allocation that no lost average beats, with the tie recorded.
        #[test]
        fn every_divisor_method_continued_from_held_seats_is_seat_by_seat(
            big in prop::collection::vec(20_000u64..1_000_000, 0..5),
            small in prop::collection::vec(prop_oneof![1 => Just(0u64), 3 => 1u64..20_000, 2 => prop::sample::select(vec![500u64, 1_000, 5_000])], 1..20),
            held in prop::collection::vec(prop_oneof![3 => Just(0u32), 1 => 1u32..6], 25),
            none_held in any::<bool>(),
            which in 0usize..8,
            tenths in 7u32..=25,
            seats in 1u32..40,
            hint in prop_oneof![Just(1.0f64), 0.25f64..4.0],
        ) {
            let mut votes = big;
            votes.extend(small);
            let start: Vec<u32> = if none_held { vec![0; votes.len()] } else { held[..votes.len()].to_vec() };
            let first = format!("{}.{}", tenths / 10, tenths % 10).parse().unwrap();
            let m = match which {
                0 => Method::DHondt,
                1 => Method::SainteLague,
                2 => Method::from_name("modified-sainte-lague", Some(first)).unwrap(),
                3 => Method::Imperiali,
                4 => Method::Danish,
                5 => Method::Adams,
                6 => Method::HuntingtonHill,
                _ => Method::Dean,
            };
            let mut ties = tb();
            let got = highest_averages_from(&m, &votes, if none_held { &[] } else { &start }, seats, &mut ties);
            prop_assert_eq!(got.iter().sum::<u32>(), seats);
            match naive(&m, &votes, &start, seats) {
                Some(want) => prop_assert_eq!(&got, &want),
                None => {
                    let won = (0..votes.len()).filter(|&i| got[i] > 0).map(|i| m.average(votes[i], start[i] + got[i] - 1)).min();
                    let lost = (0..votes.len()).map(|i| m.average(votes[i], start[i] + got[i])).max();
                    if let (Some(w), Some(l)) = (won, lost) {
                        prop_assert!(w >= l);
                        prop_assert!(w > l || !ties.ties().is_empty(), "a tie at the cut is recorded");
                    }
                }
            }
            // A projection's learnt correction of the guess (any hint, however far off)
            // changes nothing but the guess: the same seats, the same ties, and a hint
            // that stays within its bounds.
            let mut hinted_ties = tb();
            let mut hinted = Vec::new();
            let mut h = hint;
            highest_averages_hinted_into(&m, &votes, if none_held { &[] } else { &start }, seats, &mut hinted_ties, &mut hinted, &mut h);
            prop_assert_eq!(&hinted, &got);
            prop_assert_eq!(hinted_ties.ties().len(), ties.ties().len());
            prop_assert!((0.25..=4.0).contains(&h) || h == hint);
        }
    }
}
