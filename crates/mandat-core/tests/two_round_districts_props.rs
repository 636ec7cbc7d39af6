//! Properties of two-round districts: a round-1 winner never needs (nor accepts) a
//! round 2; the round-2 winner is always among the entitled; a round-2 candidate who
//! was not entitled is refused.

use mandat_core::election::{ConstituencyVotes, Round};
use mandat_core::tie::{TieBreaker, TieRule};
use mandat_core::two_round::{decide, TwoRound};
use proptest::prelude::*;

fn france() -> TwoRound {
    toml::from_str(
        r#"
        elected_in_round_1 = [ { more_than = "1/2", of = "votes-cast" }, { at_least = "1/4", of = "registered" } ]
        round_2 = { entitled = { at_least = "12.5%", of = "registered" }, candidates = 2, withdrawals = true }
        "#,
    )
    .unwrap()
}

fn district(votes: &[u64], registered: u64, round_2: Option<Vec<(usize, u64)>>) -> ConstituencyVotes {
    ConstituencyVotes {
        name: "D".into(),
        votes: votes.iter().copied().enumerate().collect(),
        registered: Some(registered),
        single_member: true,
        round_2: round_2.map(|v| Box::new(Round { votes: v, ..Default::default() })),
        ..Default::default()
    }
}

proptest! {
    #[test]
    fn round_1_winners_and_round_2_entitlement(
        votes in prop::collection::vec(0u64..10_000, 2..7),
        extra in 0u64..20_000,
        r2 in prop::collection::vec(0u64..10_000, 7),
        outsider in any::<bool>(),
    ) {
        let parties: Vec<String> = (0..votes.len()).map(|i| format!("P{i}")).collect();
        let registered = votes.iter().sum::<u64>() + extra;
        let tr = france();
        let mut tb = TieBreaker::new(vec![TieRule::Lot], 3);
        match decide(&tr, &district(&votes, registered, None), &parties, &mut tb) {
            Ok(d) => {
                // Elected in round 1: the leader, with a majority and a quarter of the registered.
                let r = d.two_round.unwrap();
                prop_assert_eq!(r.decided_in, 1);
                let w = d.winner.unwrap();
                let cast: u64 = votes.iter().sum();
                prop_assert!(votes[w] * 2 > cast && votes[w] * 4 >= registered);
                prop_assert!(votes.iter().all(|&v| v <= votes[w]));
                // A round 2 is then refused.
                let again = decide(&tr, &district(&votes, registered, Some(vec![(w, 1)])), &parties, &mut tb);
                prop_assert!(again.is_err());
            }
            Err(_) => {
                // Round 2 needed: find the entitled by giving every candidate a round-2 vote.
                let all: Vec<(usize, u64)> = (0..votes.len()).map(|k| (k, r2[k])).collect();
                let probe = decide(&tr, &district(&votes, registered, Some(all)), &parties, &mut tb);
                let entitled: Vec<usize> = match probe {
                    Ok(_) => (0..votes.len()).collect(),
                    Err(_) => (0..votes.len()).filter(|&k| votes[k] > 0 && votes[k] * 8 >= registered).collect(),
                };
                let mut entitled = entitled;
                if entitled.len() < 2 {
                    // The top two (and ties at the cut) by round-1 votes.
                    let mut order: Vec<usize> = (0..votes.len()).filter(|k| !entitled.contains(k)).collect();
                    order.sort_by(|&a, &b| votes[b].cmp(&votes[a]).then(a.cmp(&b)));
                    let mut i = 0;
                    while entitled.len() < 2 && i < order.len() {
                        let v = votes[order[i]];
                        while i < order.len() && votes[order[i]] == v { entitled.push(order[i]); i += 1; }
                    }
                }
                let standing: Vec<(usize, u64)> = entitled.iter().map(|&k| (k, r2[k])).collect();
                let d = decide(&tr, &district(&votes, registered, Some(standing)), &parties, &mut tb).unwrap();
                let r = d.two_round.clone().unwrap();
                prop_assert_eq!(r.decided_in, 2);
                let w = d.winner.unwrap();
                prop_assert!(r.entitled.contains(&w));
                prop_assert!(entitled.iter().all(|k| r2[*k] <= r2[w]));
                // Someone not entitled is refused.
                if let Some(o) = (0..votes.len()).find(|k| !entitled.contains(k)) {
                    if outsider {
                        let bad = vec![(entitled[0], 1), (o, 1)];
                        prop_assert!(decide(&tr, &district(&votes, registered, Some(bad)), &parties, &mut tb).is_err());
                    }
                }
            }
        }
    }
}
