//! Properties of the placement of leveling seats in the national order
//! (`rule = "national-order-share"`, Iceland) on random elections: every leveling seat is
//! placed, each constituency gets exactly its leveling seats, each party exactly the
//! compensatory seats of the tier, and never more than the cap in one constituency.

use mandat_core::compensation::place_in_national_order;
use mandat_core::method::Method;
use mandat_core::tie::{TieBreaker, TieRule};
use proptest::prelude::*;

/// Constituencies × parties votes, constituency seats and leveling seats per constituency.
fn election() -> impl Strategy<Value = (Vec<Vec<u64>>, Vec<u32>, Vec<u32>)> {
    (1usize..6, 2usize..7).prop_flat_map(|(c, p)| {
        (
            proptest::collection::vec(proptest::collection::vec(1u64..5_000, p), c),
            proptest::collection::vec(1u32..12, c),
            proptest::collection::vec(0u32..3, c),
        )
    })
}

proptest! {
    #[test]
    fn every_leveling_seat_is_placed_as_the_tier_owes((votes, cseats, lev) in election(), cap in proptest::option::of(1u32..3)) {
        let (nc, np) = (votes.len(), votes[0].len());
        // The list tier: D'Hondt per constituency.
        let mut ties = TieBreaker::new(vec![TieRule::Lot], 1);
        let seats: Vec<Vec<u32>> = (0..nc).map(|c| Method::DHondt.allocate(&votes[c], cseats[c], &mut ties)).collect();
        let lower: Vec<u32> = (0..np).map(|p| seats.iter().map(|s| s[p]).sum()).collect();
        let national: Vec<u64> = (0..np).map(|p| votes.iter().map(|v| v[p]).sum()).collect();
        // The tier: the leveling seats by the highest national figures from the lower seats.
        let total: u32 = lev.iter().sum();
        let mut owed = vec![0u32; np];
        for _ in 0..total {
            let best = (0..np).max_by(|&a, &b| Method::DHondt.average(national[a], lower[a] + owed[a]).cmp(&Method::DHondt.average(national[b], lower[b] + owed[b])).then(b.cmp(&a))).unwrap();
            owed[best] += 1;
        }
        let pairs: Vec<Vec<(usize, u64)>> = votes.iter().map(|v| v.iter().copied().enumerate().collect()).collect();
        let (placed, _, _) = place_in_national_order(&Method::DHondt, &national, &lower, &vec![true; np], &Method::DHondt, &pairs, &seats, &lev, &owed, cap, &mut ties);
        let mut per_c = vec![0u32; nc];
        let mut per_p = vec![0u32; np];
        let mut per_cp = vec![vec![0u32; np]; nc];
        for pl in &placed {
            per_c[pl.constituency] += 1;
            per_p[pl.party] += 1;
            per_cp[pl.constituency][pl.party] += 1;
        }
        // No constituency beyond its leveling seats, no list beyond the cap.
        for c in 0..nc {
            prop_assert!(per_c[c] <= lev[c]);
            if let Some(m) = cap {
                prop_assert!(per_cp[c].iter().all(|&k| k <= m));
            }
        }
        // Without a cap, or with room for every party everywhere, nothing is displaced:
        // every seat is placed, each constituency gets exactly its own, each party what
        // the tier owes it.
        let room = cap.is_none_or(|m| lev.iter().all(|&l| l <= m));
        if room {
            prop_assert_eq!(placed.len() as u32, total);
            prop_assert_eq!(&per_c, &lev);
            prop_assert_eq!(&per_p, &owed);
        }
        // Seats are numbered in the order they were placed.
        for (i, pl) in placed.iter().enumerate() {
            prop_assert_eq!(pl.order as usize, i + 1);
        }
    }
}
