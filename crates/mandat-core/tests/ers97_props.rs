//! Properties of the ERS97 count on random small elections, read back from its record:
//! every seat is filled, every stage balances to the hundredth, and every exclusion and
//! surplus transfer is the one that ERS97 5.2.2 and 5.2.5 call for: a group excluded
//! together has, with the deferred surpluses, no more votes than the candidate next above,
//! leaves enough candidates for the places, and is the largest such group; a surplus is
//! transferred only when no such group exists.

use std::collections::BTreeSet;

use mandat_core::ranked::ers97::ers97;
use mandat_core::ranked::{ActionKind, BallotBox, Cand, Round, Tabulation};
use proptest::prelude::*;

fn election() -> impl Strategy<Value = (usize, u32, Vec<(u64, Vec<Cand>)>)> {
    (3usize..=7).prop_flat_map(|n| {
        let ranking = Just((0..n as Cand).collect::<Vec<_>>()).prop_shuffle().prop_flat_map(move |order| (1..=n).prop_map(move |k| order[..k].to_vec()));
        (Just(n), 1..n as u32, prop::collection::vec((1u64..50, ranking), 3..30))
    })
}

fn tally(r: &Round, c: Cand) -> i128 {
    r.tally.iter().find(|x| x.0 == c).map_or(0, |x| x.1.raw)
}

/// For each stage: the candidates elected so far (by the decisions recorded up to and
/// including that stage's own elections) and those excluded before it.
fn statuses(t: &Tabulation) -> Vec<(BTreeSet<Cand>, BTreeSet<Cand>)> {
    let mut elected = BTreeSet::new();
    let mut excluded = BTreeSet::new();
    let mut out = Vec::new();
    for r in &t.rounds {
        // Elections at the head of the stage's actions come from its tally.
        for a in r.actions.iter().take_while(|a| a.kind == ActionKind::Elected) {
            elected.insert(a.candidate);
        }
        out.push((elected.clone(), excluded.clone()));
        for a in &r.actions {
            match a.kind {
                ActionKind::Elected => {
                    elected.insert(a.candidate);
                }
                ActionKind::Eliminated => {
                    excluded.insert(a.candidate);
                }
                _ => {}
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn ers97_fills_the_seats_balances_and_excludes_as_5_2_5_says((n, seats, bs) in election(), seed in any::<u64>()) {
        let mut bb = BallotBox::new((0..n).map(|i| format!("C{i}")).collect());
        for (w, order) in &bs {
            bb.add_order(order, *w);
        }
        let t = ers97(&bb, seats, seed).unwrap();
        prop_assert_eq!(t.elected.len(), seats as usize);
        let distinct: BTreeSet<Cand> = t.elected.iter().copied().collect();
        prop_assert_eq!(distinct.len(), seats as usize);
        for r in &t.rounds {
            let held: i128 = r.tally.iter().map(|x| x.1.raw).sum();
            prop_assert_eq!(held + r.inactive.exhausted_choices.raw + r.residual_surplus.raw, t.total_ballots.raw, "stage {} balances", r.number);
        }
        let st = statuses(&t);
        for (i, r) in t.rounds.iter().enumerate() {
            let (elected, excluded) = &st[i];
            let quota = r.threshold.unwrap().raw;
            // Elected by the quota (no reason): at least the quota in that stage.
            for a in r.actions.iter().take_while(|a| a.kind == ActionKind::Elected) {
                if a.reason.is_none() {
                    prop_assert!(tally(r, a.candidate) >= quota);
                }
            }
            let group: Vec<Cand> = r.actions.iter().filter(|a| a.kind == ActionKind::Eliminated && !excluded.contains(&a.candidate)).map(|a| a.candidate).collect();
            let surplus = r.actions.iter().any(|a| a.kind == ActionKind::SurplusTransferred);
            if group.is_empty() && !surplus {
                continue;
            }
            let places = seats as usize - elected.len();
            if places == 0 {
                continue;
            }
            let deferred: i128 = elected.iter().map(|&e| (tally(r, e) - quota).max(0)).sum();
            let mut cont: Vec<i128> = (0..n as Cand).filter(|c| !elected.contains(c) && !excluded.contains(c)).map(|c| tally(r, c)).collect();
            cont.sort_unstable();
            // The valid group sizes under 5.2.5 on this stage's tally.
            let valid = |k: usize| k >= 1 && k <= cont.len() - places && cont[..k].iter().sum::<i128>() + deferred <= cont[k];
            let largest = (1..=cont.len().saturating_sub(places)).filter(|&k| valid(k)).max();
            if surplus {
                // 5.2.2: transferred only when no group could be excluded.
                prop_assert_eq!(largest, None, "stage {}: a surplus moved though a group could go", r.number);
            } else {
                let k = group.len();
                prop_assert_eq!(Some(k), largest, "stage {}: the group excluded is the largest allowed", r.number);
                let mut gv: Vec<i128> = group.iter().map(|&c| tally(r, c)).collect();
                gv.sort_unstable();
                prop_assert_eq!(&gv[..], &cont[..k], "stage {}: the group is the lowest", r.number);
            }
        }
    }
}
