//! A tier of single-member districts won by plurality, beside the list tier: parallel
//! systems (Kazakhstan's Mazhilis since 2023: 69 list seats + 29 districts) add their
//! winners to the parties' totals; mixed-member systems can take their winners as the
//! compensation tier's electorate seats instead of counting them by hand.
//!
//! A district is a constituency of the results marked `single_member`, or named by the
//! law with `single_member = true`. Its `votes` are per candidate, labelled by party (an
//! independent is a party of its own); lines that are not candidates ('against all',
//! blank) stay in `other_votes` and can never win (Kazakhstan, Constitutional Law on
//! Elections art. 9(2) as amended 2022: "a larger number of votes ... compared to other
//! candidates"). What happens when such a line tops the poll is the law's choice.
//!
//! A district may instead be decided in two rounds (`[single_member.two_round]`,
//! [`crate::two_round`]): France (Code électoral art. L126, L162), Lithuania (Rinkimų
//! kodeksas art. 167(2)).

use serde::{Deserialize, Serialize};

use crate::election::ConstituencyVotes;
use crate::exact::Fraction;
use crate::tie::{Tie, TieBreaker, TieStage};

/// The `[single_member]` section of a law.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SingleMember {
    /// How the districts' winners combine with the list tier.
    pub combine: Combine,
    /// What happens when a non-candidate line ('against all') has more votes than the
    /// winner.
    #[serde(default)]
    pub if_other_tops: IfOtherTops,
    /// Districts decided in two rounds instead of by plurality.
    #[serde(default)]
    pub two_round: Option<crate::two_round::TwoRound>,
    #[serde(default)]
    pub article: Option<String>,
    /// Which district votes pass on to the parties' list votes ([`Transfer`]).
    #[serde(default)]
    pub transfer: Transfer,
    /// The article of the transfer, cited in explanations.
    #[serde(default)]
    pub transfer_article: Option<String>,
}

/// District votes that did not elect, added to the parties' votes in the national list
/// allocation (mixed systems with a "fragment vote" transfer).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Transfer {
    /// Nothing passes on (parallel systems, MMP).
    #[default]
    None,
    /// The votes of every candidate who was not elected pass to the candidate's party
    /// (Hungary's fragment votes before 2014: Act XXXIV of 1989 §8(3)).
    Losing,
    /// The losing candidates' votes, and the winner's surplus: the winner's votes less
    /// the runner-up's, less one (Hungary, Act CCIII of 2011 §15(1)).
    LosingAndSurplus,
}

impl Transfer {
    /// What the district passes on, per candidate (same order as `votes`): a losing
    /// candidate's votes; with [`Transfer::LosingAndSurplus`], the winner's votes beyond
    /// the runner-up's plus one (0 when they are equal; all but one vote when the
    /// winner stood alone). A vacant seat elected nobody: every vote passes on.
    pub fn per_candidate(self, votes: &[u64], winner: Option<usize>) -> Vec<u64> {
        if self == Transfer::None {
            return vec![0; votes.len()];
        }
        let Some(w) = winner else { return votes.to_vec() };
        let runner_up = votes.iter().enumerate().filter(|&(k, _)| k != w).map(|(_, &v)| v).max().unwrap_or(0);
        votes
            .iter()
            .enumerate()
            .map(|(k, &v)| match (k == w, self) {
                (false, _) => v,
                (true, Transfer::LosingAndSurplus) => v.saturating_sub(runner_up).saturating_sub(1),
                (true, _) => 0,
            })
            .collect()
    }
}

/// How single-member winners combine with the list tier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Combine {
    /// Added to the parties' list seats (parallel system).
    Parallel,
    /// Taken as the compensation tier's electorate seats (mixed-member proportional).
    Electorates,
}

/// What happens when a non-candidate line tops a district's poll.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IfOtherTops {
    /// The candidate with most votes is elected all the same (the reading of the
    /// Kazakh CEC in 2022: no rerun; law-notes A1 [M]).
    #[default]
    WinnerStands,
    /// The seat stays vacant (a rerun is for another count).
    SeatVacant,
}

/// The count of one district.
#[derive(Clone, Debug, Serialize)]
pub struct District {
    pub name: String,
    /// Candidates as (party index, votes), in the results' order.
    pub votes: Vec<(usize, u64)>,
    /// The winner's party, or `None` when the seat is vacant.
    pub winner: Option<usize>,
    /// The votes of the largest non-candidate line, when it topped the poll.
    pub other_topped: Option<(String, u64)>,
    /// A tie for the seat, decided by the law's chain (contenders and winner as indices
    /// into `votes`).
    pub tie: Option<Tie>,
    /// How the two rounds decided the seat, when the law has two rounds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub two_round: Option<crate::two_round::TwoRoundRecord>,
    /// Votes passed on to the list tier per candidate (same order as `votes`), when the
    /// law transfers them ([`Transfer`]); empty otherwise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub transferred: Vec<u64>,
}

/// Counts every district: by plurality, or in two rounds when the law says so. A
/// district whose rounds do not fit the law (a round 2 missing where one was needed, a
/// round-2 candidate who was not entitled to stand) is refused.
pub fn count(rule: &SingleMember, districts: &[&ConstituencyVotes], parties: &[String], ties: &mut TieBreaker) -> Result<Vec<District>, crate::count::CountError> {
    if let Some(tr) = &rule.two_round {
        return districts.iter().map(|c| crate::two_round::decide(tr, c, parties, ties)).collect();
    }
    if let Some(c) = districts.iter().find(|c| c.round_2.is_some()) {
        return Err(crate::count::CountError::TwoRound {
            district: c.name.clone(),
            why: "the results give a `round_2`, but the law decides its districts in one round (no [single_member.two_round])".into(),
        });
    }
    Ok(districts
        .iter()
        .map(|c| {
            let votes: Vec<u64> = c.votes.iter().map(|&(_, v)| v).collect();
            let top = votes.iter().copied().max().unwrap_or(0);
            let leaders: Vec<usize> = (0..votes.len()).filter(|&k| votes[k] == top && top > 0).collect();
            let mark = ties.mark();
            let (winner, tie) = match leaders.len() {
                0 => (None, None),
                1 => (Some(leaders[0]), None),
                _ => {
                    let w = ties.decide(&leaders, 1, &votes, TieStage::Average { average: Fraction::integer(top as u128) });
                    (w.first().copied(), ties.take_ties_since(mark).pop())
                }
            };
            let other = c.other_votes.iter().max_by_key(|(_, v)| *v).filter(|(_, v)| *v > top).cloned();
            let winner = match (winner, &other, rule.if_other_tops) {
                (_, Some(_), IfOtherTops::SeatVacant) => None,
                (w, _, _) => w,
            };
            let transferred = if rule.transfer == Transfer::None { Vec::new() } else { rule.transfer.per_candidate(&votes, winner) };
            District { name: c.name.clone(), votes: c.votes.clone(), winner: winner.map(|k| c.votes[k].0), other_topped: other, tie, two_round: None, transferred }
        })
        .collect())
}

/// The votes the districts passed on to the national list allocation.
#[derive(Clone, Debug, Serialize)]
pub struct TransferReport {
    pub rule: Transfer,
    pub article: Option<String>,
    /// Votes added to each party's list votes (indexed by party).
    pub to_lists: Vec<u64>,
    /// Votes of candidates whose party has no list in the list tier: lost (indexed by
    /// party; independents, parties without a national list).
    pub lost: Vec<u64>,
}

/// Votes passed on per party (`parties` long), summed over the districts.
pub fn transferred(districts: &[District], parties: usize) -> Vec<u64> {
    let mut out = vec![0u64; parties];
    for d in districts {
        for (&(p, _), &t) in d.votes.iter().zip(&d.transferred) {
            out[p] += t;
        }
    }
    out
}

/// Seats won per party (`parties` long).
pub fn seats(districts: &[District], parties: usize) -> Vec<u32> {
    let mut out = vec![0u32; parties];
    for d in districts {
        if let Some(p) = d.winner {
            out[p] += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tie::TieRule;

    fn district(name: &str, votes: &[(usize, u64)], against_all: u64) -> ConstituencyVotes {
        ConstituencyVotes { name: name.into(), votes: votes.to_vec(), other_votes: vec![("against all".into(), against_all)], ..Default::default() }
    }

    #[test]
    fn plurality_with_against_all_never_winning() {
        let rule = SingleMember { combine: Combine::Parallel, if_other_tops: IfOtherTops::WinnerStands, two_round: None, article: None, transfer: Transfer::None, transfer_article: None };
        let a = district("A", &[(0, 500), (1, 300)], 900);
        let b = district("B", &[(0, 100), (2, 400)], 10);
        let mut tb = TieBreaker::new(vec![TieRule::MoreVotes, TieRule::Lot], 0);
        let d = count(&rule, &[&a, &b], &[], &mut tb).unwrap();
        assert_eq!(d[0].winner, Some(0));
        assert_eq!(d[0].other_topped, Some(("against all".into(), 900)));
        assert_eq!(d[1].winner, Some(2));
        assert_eq!(seats(&d, 3), vec![1, 0, 1]);
        let vacant = SingleMember { if_other_tops: IfOtherTops::SeatVacant, ..rule };
        assert_eq!(count(&vacant, &[&a], &[], &mut tb).unwrap()[0].winner, None);
    }

    #[test]
    fn a_tie_for_the_seat_is_decided_and_recorded() {
        let rule = SingleMember { combine: Combine::Parallel, if_other_tops: IfOtherTops::WinnerStands, two_round: None, article: None, transfer: Transfer::None, transfer_article: None };
        let a = district("A", &[(0, 300), (1, 300)], 0);
        let mut tb = TieBreaker::new(vec![TieRule::ListOrder], 0);
        let d = count(&rule, &[&a], &[], &mut tb).unwrap();
        assert_eq!(d[0].winner, Some(0));
        assert_eq!(d[0].tie.as_ref().unwrap().contenders, vec![0, 1]);
        assert!(tb.ties().is_empty(), "the district keeps its own tie");
    }

    #[test]
    fn losing_votes_and_the_winners_surplus_pass_on() {
        // Act CCIII of 2011 §15(1): 500 − (300 + 1) = 199 of the winner's, all the losers'.
        let v = [500, 300, 120];
        assert_eq!(Transfer::LosingAndSurplus.per_candidate(&v, Some(0)), vec![199, 300, 120]);
        assert_eq!(Transfer::Losing.per_candidate(&v, Some(0)), vec![0, 300, 120]);
        assert_eq!(Transfer::None.per_candidate(&v, Some(0)), vec![0, 0, 0]);
        // A tie won by lot leaves no surplus; a lone candidate passes on all but one vote.
        assert_eq!(Transfer::LosingAndSurplus.per_candidate(&[300, 300], Some(1)), vec![300, 0]);
        assert_eq!(Transfer::LosingAndSurplus.per_candidate(&[42], Some(0)), vec![41]);
        // A vacant seat elected nobody.
        assert_eq!(Transfer::Losing.per_candidate(&[5, 7], None), vec![5, 7]);
    }

    #[test]
    fn a_count_records_the_transfer_per_party() {
        let rule = SingleMember { combine: Combine::Parallel, if_other_tops: IfOtherTops::WinnerStands, two_round: None, article: None, transfer: Transfer::LosingAndSurplus, transfer_article: None };
        let a = district("A", &[(0, 500), (1, 300), (2, 50)], 0);
        let b = district("B", &[(0, 100), (1, 400)], 0);
        let mut tb = TieBreaker::new(vec![TieRule::MoreVotes, TieRule::Lot], 0);
        let d = count(&rule, &[&a, &b], &[], &mut tb).unwrap();
        assert_eq!(d[0].transferred, vec![199, 300, 50]);
        assert_eq!(d[1].transferred, vec![100, 299]);
        assert_eq!(transferred(&d, 3), vec![299, 599, 50]);
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            /// A district passes on all its candidates' votes but those that elected:
            /// valid votes − (runner-up + 1) with the surplus, valid votes − winner without.
            #[test]
            fn transfer_is_the_votes_that_did_not_elect(votes in proptest::collection::vec(0u64..100_000, 1..8)) {
                let total: u64 = votes.iter().sum();
                let top = *votes.iter().max().unwrap();
                prop_assume!(top > 0);
                let w = votes.iter().position(|&v| v == top).unwrap();
                let runner_up = votes.iter().enumerate().filter(|&(k, _)| k != w).map(|(_, &v)| v).max().unwrap_or(0);
                let surplus: u64 = Transfer::LosingAndSurplus.per_candidate(&votes, Some(w)).iter().sum();
                let elected = if top > runner_up { runner_up + 1 } else { top };
                prop_assert_eq!(surplus, total - elected);
                let losing: u64 = Transfer::Losing.per_candidate(&votes, Some(w)).iter().sum();
                prop_assert_eq!(losing, total - top);
                prop_assert!(losing <= surplus);
                // No candidate passes on more than it received.
                for (t, v) in Transfer::LosingAndSurplus.per_candidate(&votes, Some(w)).iter().zip(&votes) {
                    prop_assert!(t <= v);
                }
            }
        }
    }
}
