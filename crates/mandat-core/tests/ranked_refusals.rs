//! Ranked counts that cannot mean anything are refused, never answered: a single-winner
//! rule asked for several seats, nothing to count, registered voters that cannot be.

use mandat_core::ranked::simple::{two_round, DirectOptions};
use mandat_core::ranked::{tabulate_by_name, BallotBox, RankedError};

fn ballots() -> BallotBox {
    let mut b = BallotBox::new(vec!["A".into(), "B".into(), "C".into()]);
    b.add_order(&[0], 40);
    b.add_order(&[1, 0], 35);
    b.add_order(&[2, 1], 25);
    b
}

fn count(rule: &str, bb: &BallotBox, seats: u32, o: &DirectOptions) -> Result<Vec<String>, RankedError> {
    tabulate_by_name(rule, bb, seats, o, None).expect("a known rule").map(|t| t.winners_by_name().into_iter().map(String::from).collect())
}

#[test]
fn single_winner_rules_refuse_other_numbers_of_seats() {
    let o = DirectOptions::default();
    for rule in ["irv", "two-round", "supplementary"] {
        for seats in [0, 2, 3] {
            let e = count(rule, &ballots(), seats, &o).unwrap_err();
            assert_eq!(e, RankedError::SingleWinner { rule: rule.into(), seats }, "{rule} with {seats} seats");
            assert!(e.to_string().contains(&format!("{rule} elects one candidate, but {seats} seats were asked")), "{e}");
        }
        assert_eq!(count(rule, &ballots(), 1, &o).unwrap().len(), 1, "{rule} with 1 seat");
    }
    // Plurality elects the `seats` highest (block vote): several seats are a real count.
    assert_eq!(count("plurality", &ballots(), 2, &o).unwrap(), vec!["A", "B"]);
}

#[test]
fn a_runoff_is_refused_for_a_rule_without_one() {
    let e = tabulate_by_name("irv", &ballots(), 1, &DirectOptions::default(), Some(&[(0, 10), (1, 20)])).unwrap().unwrap_err();
    assert!(e.to_string().contains("two-round rule only, not irv"), "{e}");
}

#[test]
fn nothing_to_count_is_refused_by_every_rule() {
    // Only blank ballots (the readers drop ballots of weight 0, so an all-zero file
    // reaches the count as an empty box).
    let mut blank = BallotBox::new(vec!["A".into(), "B".into(), "C".into()]);
    blank.add(vec![], 5);
    let empty = BallotBox::new(vec!["A".into(), "B".into(), "C".into()]);
    for bb in [&blank, &empty] {
        for rule in mandat_core::ranked::RULES {
            let seats = if ["irv", "two-round", "supplementary"].contains(rule) { 1 } else { 2 };
            assert_eq!(count(rule, bb, seats, &DirectOptions::default()), Err(RankedError::NoVotes), "{rule}");
        }
    }
}

#[test]
fn the_electorate_must_be_positive_and_at_least_the_ballots_cast() {
    // 100 ballots cast.
    for (electorate, ok) in [(0u64, false), (99, false), (100, true), (1000, true)] {
        let o = DirectOptions { electorate: Some(electorate), ..Default::default() };
        for rule in ["plurality", "two-round", "supplementary"] {
            let r = count(rule, &ballots(), 1, &o);
            if ok {
                assert!(r.is_ok(), "{rule}, electorate {electorate}: {r:?}");
            } else {
                let e = r.unwrap_err();
                assert_eq!(e, RankedError::Electorate { electorate, ballots: 100 }, "{rule}");
                let want = if electorate == 0 { "is 0".to_string() } else { format!("{electorate} registered voters, is below the 100 ballots cast") };
                assert!(e.to_string().contains(&want), "{e}");
            }
        }
    }
}

#[test]
fn a_quorum_without_the_electorate_is_refused() {
    let o = DirectOptions { quorum: Some("50%".parse().unwrap()), ..Default::default() };
    let e = two_round(&ballots(), &o, None).unwrap_err();
    assert!(e.to_string().contains("needs the electorate"), "{e}");
}
