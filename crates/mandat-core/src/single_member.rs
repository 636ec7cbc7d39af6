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
            District { name: c.name.clone(), votes: c.votes.clone(), winner: winner.map(|k| c.votes[k].0), other_topped: other, tie, two_round: None }
        })
        .collect())
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
        let rule = SingleMember { combine: Combine::Parallel, if_other_tops: IfOtherTops::WinnerStands, two_round: None, article: None };
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
        let rule = SingleMember { combine: Combine::Parallel, if_other_tops: IfOtherTops::WinnerStands, two_round: None, article: None };
        let a = district("A", &[(0, 300), (1, 300)], 0);
        let mut tb = TieBreaker::new(vec![TieRule::ListOrder], 0);
        let d = count(&rule, &[&a], &[], &mut tb).unwrap();
        assert_eq!(d[0].winner, Some(0));
        assert_eq!(d[0].tie.as_ref().unwrap().contenders, vec![0, 1]);
        assert!(tb.ties().is_empty(), "the district keeps its own tie");
    }
}
