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
