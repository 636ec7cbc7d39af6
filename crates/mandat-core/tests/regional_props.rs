//! Properties of the lower apportionment and the coverage of single-member winners
//! (`mandat_core::regional`), on random elections: seats add up at every level, winners
//! are seated exactly as far as their party's regional seats reach and in order of their
//! share, and the house keeps its size.

use mandat_core::compensation::{Compensation, LowerTier, Overhang};
use mandat_core::count::count;
use mandat_core::election::{ConstituencyVotes, ConstituencyWinner, Election};
use mandat_core::law::Law;
use mandat_core::method::Method;
use mandat_core::regional::{Coverage, LowerApportionment, Verdict};
use proptest::prelude::*;

fn law(seats: u32) -> Law {
    let mut law = Law::example();
    law.allocation = None;
    law.compensation = Some(Compensation {
        total_seats: seats,
        method: Method::SainteLague,
        lower_tier: LowerTier::Electorates,
        overhang: Overhang::NotSeated,
        threshold: None,
        deduct_non_qualifying: true,
        placement: None,
        article: None,
        lower_apportionment: Some(LowerApportionment {
            method: Method::SainteLague,
            coverage: Some(Coverage::ByFirstVoteShare),
            article: None,
            coverage_article: None,
        }),
        non_qualifying_winners: Default::default(),
        return_min_seats: 0,
        level_up: None,
    });
    law
}

/// Regions × parties votes, and winners as (region, party, votes, valid votes).
fn election(votes: Vec<Vec<u64>>, winners: Vec<(usize, usize, u64, u64)>) -> Election {
    let n = votes[0].len();
    let mut e = Election { parties: (0..n).map(|p| format!("P{p}")).collect(), ..Default::default() };
    for (r, row) in votes.iter().enumerate() {
        e.constituencies.push(ConstituencyVotes {
            name: format!("R{r}"),
            votes: row.iter().enumerate().filter(|(_, &v)| v > 0).map(|(p, &v)| (p, v)).collect(),
            ..Default::default()
        });
    }
    for (k, (r, p, v, valid)) in winners.into_iter().enumerate() {
        let r = r % e.constituencies.len();
        let p = p % n;
        e.winners.push(ConstituencyWinner { name: format!("W{k}"), number: Some(k as u32), candidate: None, region: r, party: p, votes: v.min(valid), valid_votes: valid });
        let s = &mut e.constituencies[r].electorate_seats;
        match s.iter_mut().find(|x| x.0 == p) {
            Some(x) => x.1 += 1,
            None => s.push((p, 1)),
        }
    }
    e
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn seats_and_coverage_hold_on_random_elections(
        votes in (1usize..5, 1usize..6).prop_flat_map(|(m, n)| prop::collection::vec(prop::collection::vec(0u64..2000, n), m)),
        winners in prop::collection::vec((0usize..5, 0usize..6, 1u64..500, 1u64..600), 1..25),
        extra in 0u32..60,
    ) {
        let mut votes = votes;
        votes[0][0] += 1; // some list has votes
        let e = election(votes, winners);
        let seats = e.winners.len() as u32 + extra + 1;
        let out = count(&law(seats), &e, 7).unwrap();
        let comp = out.compensation.as_ref().unwrap();
        let r = out.regional.as_ref().unwrap();
        prop_assert_eq!(out.house_size(), seats);
        for pr in &r.parties {
            prop_assert_eq!(pr.region_seats.iter().sum::<u32>(), out.total[pr.party]);
            for k in 0..pr.regions.len() {
                prop_assert_eq!(pr.won[k] + pr.list[k], pr.region_seats[k]);
            }
        }
        for p in 0..e.parties.len() {
            if comp.qualifying[p] {
                prop_assert_eq!(r.constituency_seats(p) + comp.compensatory[p], out.total[p]);
            } else {
                // Outside the distribution: every winner seated, nothing else.
                prop_assert_eq!(r.constituency_seats(p), out.total[p]);
                prop_assert_eq!(e.winners.iter().filter(|w| w.party == p).count() as u32, out.total[p]);
            }
            for g in 0..e.constituencies.len() {
                let cell: Vec<_> = r.winners.iter().filter(|v| v.winner.region == g && v.winner.party == p).collect();
                let seated = cell.iter().filter(|v| v.seated()).count() as u32;
                if comp.qualifying[p] {
                    prop_assert_eq!(seated, (cell.len() as u32).min(r.seats_in(g, p)));
                    for a in &cell {
                        for b in &cell {
                            if a.verdict == Verdict::Covered && b.verdict == Verdict::NotCovered {
                                prop_assert!(a.share >= b.share);
                            }
                        }
                    }
                }
            }
        }
        prop_assert_eq!(r.winners.len(), e.winners.len());
        prop_assert_eq!(r.unseated().count() as u32, comp.unseated.iter().sum::<u32>());
    }
}
