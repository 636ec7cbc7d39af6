//! Properties of the two-round system with a runoff bar: the winner always went to the
//! runoff (or won the first round), every candidate reaching the bar goes through and
//! nobody else does unless the leaders make up two, the field is always the top of the
//! first round, and a bar nobody can reach short of a majority is the two leaders.

use mandat_core::exact::Percent;
use mandat_core::ranked::simple::{two_round, BarBase, DirectOptions, RunoffField};
use mandat_core::ranked::{ActionKind, BallotBox, Cand, Tabulation};
use proptest::prelude::*;

/// Up to 6 candidates; ballots as (weight, ranking) with rankings of distinct candidates.
fn ballots() -> impl Strategy<Value = (usize, Vec<(u64, Vec<Cand>)>)> {
    (2usize..=6).prop_flat_map(|n| {
        let ranking = Just((0..n as Cand).collect::<Vec<_>>()).prop_shuffle().prop_flat_map(move |order| (0..=n).prop_map(move |k| order[..k.max(1)].to_vec()));
        (Just(n), prop::collection::vec((1u64..40, ranking), 1..12))
    })
}

fn ballot_box(n: usize, bs: &[(u64, Vec<Cand>)]) -> BallotBox {
    let mut b = BallotBox::new((0..n).map(|i| format!("C{i}")).collect());
    for (w, order) in bs {
        b.add_order(order, *w);
    }
    b
}

/// A percentage with up to one decimal, 0% to 100%.
fn share() -> impl Strategy<Value = Percent> {
    (0u32..=1000).prop_map(|t| format!("{}.{}%", t / 10, t % 10).parse().unwrap())
}

fn first_votes(t: &Tabulation) -> Vec<(Cand, u128)> {
    t.rounds[0].tally.iter().map(|&(c, v)| (c, v.floor_int() as u128)).collect()
}

fn field(t: &Tabulation) -> Vec<Cand> {
    t.rounds[0].actions.iter().filter(|a| a.kind == ActionKind::Qualified).map(|a| a.candidate).collect()
}

/// `votes >= share * base`, by exact integer arithmetic on the percentage's decimal text.
fn reaches(share: Percent, votes: u128, base: u128) -> bool {
    let f = share.as_fraction();
    votes * f.den >= f.num * base
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn the_winner_went_to_the_runoff_and_the_field_follows_the_bar(
        (n, bs) in ballots(),
        p in share(),
        electorate_extra in 0u64..300,
        of_electorate in any::<bool>(),
        at_least_two in any::<bool>(),
        seed in any::<u64>(),
    ) {
        let bb = ballot_box(n, &bs);
        let turnout: u64 = bs.iter().map(|b| b.0).sum();
        let electorate = turnout + electorate_extra;
        let of = if of_electorate { BarBase::Electorate } else { BarBase::ValidVotes };
        let o = DirectOptions { seed, electorate: Some(electorate), runoff_field: RunoffField::Bar { share: p, of, at_least_two }, ..Default::default() };
        let t = two_round(&bb, &o, None).unwrap();
        let v = first_votes(&t);
        let valid: u128 = v.iter().map(|x| x.1).sum();
        let votes = |c: Cand| v.iter().find(|x| x.0 == c).unwrap().1;
        if t.rounds.len() == 1 {
            // Won in the first round by an absolute majority, or void (nobody reached the bar).
            match t.elected.first() {
                Some(&w) => prop_assert!(votes(w) * 2 > valid),
                None => prop_assert!(!at_least_two && field(&t).is_empty()),
            }
            return Ok(());
        }
        let q = field(&t);
        let base = if of_electorate { electorate as u128 } else { valid };
        // The winner is one of the runoff candidates, who are exactly the field.
        let w = t.elected[0];
        prop_assert!(q.contains(&w));
        let mut runoff: Vec<Cand> = t.rounds[1].tally.iter().map(|x| x.0).collect();
        let mut sorted_q = q.clone();
        sorted_q.sort_unstable();
        runoff.sort_unstable();
        prop_assert_eq!(&runoff, &sorted_q);
        // Everyone reaching the bar goes through; anyone else only to make up two.
        for &(c, x) in &v {
            if reaches(p, x, base) {
                prop_assert!(q.contains(&c), "C{} reaches the bar but is not in the runoff", c);
            }
        }
        let over: usize = q.iter().filter(|&&c| reaches(p, votes(c), base)).count();
        if over >= 2 || !at_least_two {
            prop_assert_eq!(over, q.len());
        } else {
            // The leaders make up two: the field has two (there are always two candidates
            // here) and is the top of the first round.
            prop_assert_eq!(q.len(), 2);
        }
        // The field is the top of the first round: nobody left out has more votes than
        // anyone who went through.
        let min_in = q.iter().map(|&c| votes(c)).min().unwrap();
        for &(c, x) in &v {
            if !q.contains(&c) {
                prop_assert!(x <= min_in);
            }
        }
        // The winner has the most runoff votes.
        let best = t.rounds[1].tally.iter().map(|x| x.1).max().unwrap();
        prop_assert_eq!(t.rounds[1].tally.iter().find(|x| x.0 == w).unwrap().1, best);
    }

    #[test]
    fn a_bar_of_all_valid_votes_with_at_least_two_is_the_two_leaders((n, bs) in ballots(), seed in any::<u64>()) {
        let bb = ballot_box(n, &bs);
        let top_two = two_round(&bb, &DirectOptions { seed, ..Default::default() }, None).unwrap();
        let full: Percent = "100%".parse().unwrap();
        let o = DirectOptions { seed, runoff_field: RunoffField::Bar { share: full, of: BarBase::ValidVotes, at_least_two: true }, ..Default::default() };
        let barred = two_round(&bb, &o, None).unwrap();
        prop_assert_eq!(&barred.elected, &top_two.elected);
        prop_assert_eq!(&barred.ties, &top_two.ties);
        prop_assert_eq!(barred.rounds.len(), top_two.rounds.len());
        if barred.rounds.len() == 2 {
            prop_assert_eq!(&barred.rounds[1].tally, &top_two.rounds[1].tally);
            prop_assert_eq!(field(&barred), field(&top_two));
        }
    }
}
