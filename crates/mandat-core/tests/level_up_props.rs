//! Properties of leveling up (`overhang = "level-up"`, `mandat_core::level_up`) and of the
//! lower apportionment that seats every winner (`coverage = "all-winners"`), on random
//! elections: the enlarged house gives every party its minimum and is the smallest that
//! does so without a lot; the final seats are the divisor apportionment of that house;
//! every regional list gets at least its winners, and the regions add up.

use mandat_core::compensation::{Compensation, LowerTier, Overhang};
use mandat_core::count::count;
use mandat_core::election::{ConstituencyVotes, Election};
use mandat_core::law::{ConstituencySeats, Law, Seats};
use mandat_core::level_up::{minimal_house, LevelUp, Minimum};
use mandat_core::method::Method;
use mandat_core::regional::{allocate_with_minimum, Coverage, LowerApportionment};
use mandat_core::tie::{TieBreaker, TieRule};
use proptest::prelude::*;

fn law(seats: Vec<u32>, minimum: Minimum) -> Law {
    let mut law = Law::example();
    law.allocation = None;
    law.seats = Some(Seats(seats.iter().sum()));
    law.constituencies = seats
        .iter()
        .enumerate()
        .map(|(r, &s)| ConstituencySeats { name: format!("R{r}"), seats: Seats(s), leveling_seats: 0, population: None, single_member: false })
        .collect();
    law.compensation = Some(Compensation {
        total_seats: seats.iter().sum(),
        method: Method::SainteLague,
        lower_tier: LowerTier::Electorates,
        overhang: Overhang::LevelUp,
        threshold: None,
        deduct_non_qualifying: true,
        placement: None,
        article: None,
        lower_apportionment: Some(LowerApportionment { method: Method::SainteLague, coverage: Some(Coverage::AllWinners), article: None, coverage_article: None }),
        non_qualifying_winners: Default::default(),
        return_min_seats: 0,
        level_up: Some(LevelUp { minimum, article: None }),
    });
    law
}

/// Regions × parties votes and seats won.
fn election(votes: &[Vec<u64>], won: &[Vec<u32>]) -> Election {
    let n = votes[0].len();
    let mut e = Election { parties: (0..n).map(|p| format!("P{p}")).collect(), ..Default::default() };
    for (r, row) in votes.iter().enumerate() {
        e.constituencies.push(ConstituencyVotes {
            name: format!("R{r}"),
            votes: row.iter().enumerate().map(|(p, &v)| (p, v)).collect(),
            electorate_seats: won[r].iter().enumerate().filter(|(_, &w)| w > 0).map(|(p, &w)| (p, w)).collect(),
            ..Default::default()
        });
    }
    e
}

fn lot() -> TieBreaker {
    TieBreaker::new(vec![TieRule::Lot], 1)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// The house of `minimal_house` is the first size, counting up from one seat, at
    /// which every party has its minimum and no lot decides the last seat.
    #[test]
    fn the_house_is_the_smallest_that_gives_every_minimum(
        parties in prop::collection::vec((1000u64..60_000, 0u32..12), 2..6),
    ) {
        let votes: Vec<u64> = parties.iter().map(|p| p.0).collect();
        let minimum: Vec<u32> = parties.iter().map(|p| p.1).collect();
        prop_assume!(minimum.iter().any(|&m| m > 0));
        let (house, _, binding) = minimal_house(&Method::SainteLague, &votes, &minimum).unwrap();
        prop_assert!(!binding.is_empty());
        let mut first = None;
        for h in 1..=house {
            let mut ties = lot();
            let got = Method::SainteLague.allocate(&votes, h, &mut ties);
            if ties.ties().is_empty() && got.iter().zip(&minimum).all(|(g, m)| g >= m) {
                first = Some(h);
                break;
            }
        }
        prop_assert_eq!(first, Some(house));
    }

    /// Every entry gets at least its floor, the seats add up, and without floors it is
    /// the plain apportionment.
    #[test]
    fn a_floor_is_kept_and_the_seats_add_up(
        entries in prop::collection::vec((1u64..5000, 0u32..6), 1..8),
        seats in 0u32..60,
    ) {
        let votes: Vec<u64> = entries.iter().map(|e| e.0).collect();
        let floor: Vec<u32> = entries.iter().map(|e| e.1).collect();
        let got = allocate_with_minimum(&Method::SainteLague, &votes, seats, &floor, &mut lot());
        for (g, f) in got.iter().zip(&floor) {
            prop_assert!(g >= f);
        }
        let floors: u32 = floor.iter().sum();
        prop_assert_eq!(got.iter().sum::<u32>(), seats.max(floors));
        let none = allocate_with_minimum(&Method::SainteLague, &votes, seats, &vec![0; votes.len()], &mut lot());
        prop_assert_eq!(none, Method::SainteLague.allocate(&votes, seats, &mut lot()));
    }

    /// A full count: every party ends with at least its minimum (so at least its
    /// winners: no overhang is left), its seats are the Sainte-Laguë apportionment of
    /// the enlarged house, and its regional lists hold at least its winners there and
    /// add up to its seats.
    #[test]
    fn a_count_levels_up_to_every_minimum(
        cells in (1usize..5, 2usize..5).prop_flat_map(|(m, n)| prop::collection::vec(prop::collection::vec((500u64..20_000, 0u32..4), n), m)),
        seats in prop::collection::vec(2u32..12, 4),
        regional in any::<bool>(),
    ) {
        let votes: Vec<Vec<u64>> = cells.iter().map(|row| row.iter().map(|c| c.0).collect()).collect();
        let won: Vec<Vec<u32>> = cells.iter().map(|row| row.iter().map(|c| c.1).collect()).collect();
        // Without any seat won the tier has no lower tier to level (refused by the count).
        prop_assume!(won.iter().flatten().any(|&w| w > 0));
        let seats: Vec<u32> = seats[..votes.len()].to_vec();
        let e = election(&votes, &won);
        let minimum = if regional { Minimum::Regional } else { Minimum::National };
        let out = count(&law(seats, minimum), &e, 3).unwrap();
        let comp = out.compensation.as_ref().unwrap();
        let lu = comp.level_up.as_ref().unwrap();
        let national = e.national_votes();
        for p in 0..e.parties.len() {
            prop_assert!(comp.seats[p] >= lu.minimum[p], "party {} has {} below its minimum {}", p, comp.seats[p], lu.minimum[p]);
            prop_assert!(comp.seats[p] >= comp.lower[p]);
            prop_assert_eq!(comp.overhang[p], 0);
        }
        prop_assert_eq!(comp.seats.clone(), Method::SainteLague.allocate(&national, lu.seats_shared, &mut lot()));
        prop_assert!(lu.seats_shared >= lu.initial_seats);
        let reg = out.regional.as_ref().unwrap();
        for pr in &reg.parties {
            prop_assert_eq!(pr.region_seats.iter().sum::<u32>(), comp.seats[pr.party]);
            for (k, &r) in pr.regions.iter().enumerate() {
                prop_assert!(pr.region_seats[k] >= won[r][pr.party]);
            }
        }
        // The house is no larger than it must be: one seat fewer would leave a party
        // short (or be decided by lot), unless the house did not grow.
        if lu.seats_shared > lu.initial_seats {
            let mut ties = lot();
            let fewer = Method::SainteLague.allocate(&national, lu.seats_shared - 1, &mut ties);
            prop_assert!(!ties.ties().is_empty() || (0..e.parties.len()).any(|p| fewer[p] < lu.minimum[p]));
        }
    }
}
