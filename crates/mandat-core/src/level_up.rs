//! Leveling up: the house grows until every party has at least its minimum number of
//! seats in the national divisor apportionment ([`crate::compensation::Overhang::LevelUp`]).
//!
//! Germany, BWahlG § 6 as amended by the Act of 3 May 2013 (elections of 2013 and 2017):
//! 1. a first distribution (§ 6(2)-(3)): the seats go to the Länder by population, and
//!    in each Land to the parties by second votes, by Sainte-Laguë/Schepers;
//! 2. a party's minimum (§ 6(5) sentence 1, the "Mindestsitzzahl"): the sum over the
//!    Länder of the larger of its seats there and its constituency winners there
//!    ([`Minimum::Regional`]);
//! 3. the number of seats is increased until every party's share of the larger house
//!    reaches its minimum (§ 6(5)), and the enlarged house is shared by the same method
//!    (§ 6(6) sentence 1); each party's seats then go to its Land lists, each at least its
//!    constituency winners there (§ 6(6) sentence 2; [`crate::regional`]).
//!
//! The minimal house is computed exactly, not by trying sizes one by one: the binding
//! average is the lowest of the averages with which the parties would win their
//! minimum-th seat, `a* = min_p votes_p / d(minimum_p − 1)`; the house is the number of
//! averages of all parties at or above `a*`. Every party then has its minimum, no
//! smaller house gives every party its minimum (a smaller one would leave out an
//! average at or above `a*`: the binding party's own, or one equal to it, so that only
//! a lot could give that party its seat), and the enlarged apportionment has no tie at
//! its last seat, since every average equal to `a*` is inside the house.

use serde::{Deserialize, Serialize};

use crate::exact::Fraction;
use crate::method::Method;
use crate::tie::{Tie, TieBreaker};

/// How a party's minimum is defined.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Minimum {
    /// The larger of its lower-tier seats and its national entitlement of the first
    /// distribution: the house grows until no party has overhang.
    #[default]
    National,
    /// The sum over the regions (the constituencies of the results) of the larger of its
    /// single-member winners there and its share of the region's seats, by the tier's
    /// method among the parties in the distribution (BWahlG § 6(2)-(5), 2013). The
    /// regions' seats are the law's constituency seats (or its `[apportionment]`, e.g.
    /// by population), less the winners there that are outside the distribution.
    Regional,
}

/// `[compensation.level_up]` of a law file.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelUp {
    #[serde(default)]
    pub minimum: Minimum,
    #[serde(default)]
    pub article: Option<String>,
}

/// One region of the first distribution ([`Minimum::Regional`]).
#[derive(Clone, Debug, Serialize)]
pub struct RegionShare {
    /// Index of the constituency in the results.
    pub region: usize,
    /// The region's seats before deductions.
    pub seats: u32,
    /// Seats of winners outside the distribution, deducted first.
    pub deducted: u32,
    /// Parties in the distribution with votes there (indices into the election's).
    pub parties: Vec<usize>,
    /// Their share of the region's seats (same order as `parties`).
    pub share: Vec<u32>,
    /// Their single-member winners there.
    pub won: Vec<u32>,
}

/// What the leveling up did.
#[derive(Clone, Debug, Serialize)]
pub struct LevelUpReport {
    pub minimum_rule: Minimum,
    /// The first distribution per region (empty with [`Minimum::National`]).
    pub regions: Vec<RegionShare>,
    /// Each party's minimum (0 outside the distribution).
    pub minimum: Vec<u32>,
    /// Seats shared among the parties in the first distribution.
    pub initial_seats: u32,
    /// Seats shared among the parties in the enlarged house.
    pub seats_shared: u32,
    /// The binding average `a*`: the enlarged house holds every average at or above it.
    pub binding_average: Fraction,
    /// The parties whose minimum-th seat is won with `a*` (they set the house size).
    pub binding: Vec<usize>,
    pub article: Option<String>,
}

/// One region's votes, seats and winners, as [`regional_minimum`] takes them.
pub struct Region {
    /// Index of the constituency in the results.
    pub index: usize,
    /// (party, votes) in the region.
    pub votes: Vec<(usize, u64)>,
    /// The region's seats before deductions.
    pub seats: u32,
    /// (party, single-member seats won) in the region.
    pub won: Vec<(usize, u32)>,
}

/// The first distribution per region and each party's minimum ([`Minimum::Regional`]):
/// in each region its seats less the winners of parties outside the distribution that
/// keep their seats (`kept`) are shared among the parties in the distribution
/// (`qualifying`) with votes there; a party's minimum is the sum over the regions of
/// the larger of that share and its winners there. Ties are recorded with party indices.
pub fn regional_minimum(
    method: &Method,
    regions: &[Region],
    n: usize,
    qualifying: &[bool],
    kept: impl Fn(usize) -> bool,
    ties: &mut TieBreaker,
) -> (Vec<u32>, Vec<RegionShare>, Vec<Tie>) {
    let mut minimum = vec![0u32; n];
    let mut shares = Vec::with_capacity(regions.len());
    let mut out_ties = Vec::new();
    for r in regions {
        let deducted: u32 = r.won.iter().filter(|&&(p, _)| !qualifying[p] && kept(p)).map(|&(_, s)| s).sum();
        let parties: Vec<usize> = r.votes.iter().filter(|&&(p, v)| qualifying[p] && v > 0).map(|&(p, _)| p).collect();
        let votes: Vec<u64> = r.votes.iter().filter(|&&(p, v)| qualifying[p] && v > 0).map(|&(_, v)| v).collect();
        let mark = ties.mark();
        let share = if parties.is_empty() { Vec::new() } else { method.allocate(&votes, r.seats.saturating_sub(deducted), ties) };
        for mut t in ties.take_ties_since(mark) {
            t.contenders = t.contenders.iter().map(|&k| parties[k]).collect();
            t.winners = t.winners.iter().map(|&k| parties[k]).collect();
            out_ties.push(t);
        }
        let won_by = |p: usize| r.won.iter().filter(|&&(q, _)| q == p).map(|&(_, s)| s).sum::<u32>();
        let won: Vec<u32> = parties.iter().map(|&p| won_by(p)).collect();
        for (k, &p) in parties.iter().enumerate() {
            minimum[p] += share[k].max(won[k]);
        }
        // A party in the distribution with winners but no votes in the region.
        for &(p, s) in &r.won {
            if qualifying[p] && !parties.contains(&p) {
                minimum[p] += s;
            }
        }
        shares.push(RegionShare { region: r.index, seats: r.seats, deducted, parties, share, won });
    }
    (minimum, shares, out_ties)
}

/// How many of a party's averages `votes / d(k)`, k = 0, 1, ..., are at or above `bar`.
fn averages_at_or_above(method: &Method, votes: u64, bar: Fraction) -> u32 {
    if votes == 0 || method.average(votes, 0) < bar {
        return 0;
    }
    // Averages fall as k grows: double an upper bound, then bisect.
    let mut hi: u32 = 1;
    while method.average(votes, hi) >= bar {
        if hi >= u32::MAX / 2 {
            return u32::MAX / 2;
        }
        hi *= 2;
    }
    let mut lo = hi / 2; // average(lo) >= bar (lo = 0 checked above), average(hi) < bar
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if method.average(votes, mid) >= bar {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    lo + 1
}

/// The smallest house in which every party has at least its minimum whatever the lot,
/// and the binding average (see the module documentation). `votes` and `minimum` are of
/// the parties in the distribution; parties without votes are left out (no house gives
/// them a seat). Returns `None` when no party has a minimum.
pub fn minimal_house(method: &Method, votes: &[u64], minimum: &[u32]) -> Option<(u32, Fraction, Vec<usize>)> {
    let bar = (0..votes.len()).filter(|&k| votes[k] > 0 && minimum[k] > 0).map(|k| method.average(votes[k], minimum[k] - 1)).min()?;
    let binding: Vec<usize> = (0..votes.len()).filter(|&k| votes[k] > 0 && minimum[k] > 0 && method.average(votes[k], minimum[k] - 1) == bar).collect();
    let house = votes.iter().map(|&v| averages_at_or_above(method, v, bar) as u64).sum::<u64>().min(u32::MAX as u64 / 2) as u32;
    Some((house, bar, binding))
}

/// Grows the house of a compensation tier with [`crate::compensation::Overhang::LevelUp`]:
/// `report` is [`crate::compensation::distribute`]'s (the first distribution),
/// `minimum` each party's minimum (`None`: [`Minimum::National`], the larger of its
/// lower-tier seats and its first entitlement). The enlarged apportionment becomes the
/// report's last round, entitlement and seats; its ties (none at the last seat, see the
/// module documentation) are recorded.
pub fn level(
    c: &crate::compensation::Compensation,
    report: &mut crate::compensation::CompensationReport,
    votes: &[u64],
    minimum: Option<(Vec<u32>, Vec<RegionShare>)>,
    ties: &mut TieBreaker,
    steps: bool,
) -> LevelUpReport {
    let n = votes.len();
    let rule = c.level_up.as_ref().map_or(Minimum::National, |l| l.minimum);
    let (minimum, regions) = minimum.unwrap_or_else(|| {
        let m = (0..n).map(|p| if report.qualifying[p] { report.entitlement[p].max(report.lower[p]) } else { 0 }).collect();
        (m, Vec::new())
    });
    let active: Vec<usize> = (0..n).filter(|&p| report.qualifying[p] && votes[p] > 0).collect();
    let v: Vec<u64> = active.iter().map(|&p| votes[p]).collect();
    let m: Vec<u32> = active.iter().map(|&p| minimum[p]).collect();
    let initial = report.rounds.last().map_or(c.total_seats, |r| r.seats_to_share);
    let (house, bar, binding) = match minimal_house(&c.method, &v, &m) {
        Some((h, bar, b)) => (h.max(initial), bar, b.into_iter().map(|k| active[k]).collect()),
        None => (initial, Fraction::integer(0), Vec::new()),
    };
    let mark = ties.mark();
    let ent = c.method.allocate(&v, house, ties);
    for mut t in ties.take_ties_since(mark) {
        t.contenders = t.contenders.iter().map(|&k| active[k]).collect();
        t.winners = t.winners.iter().map(|&k| active[k]).collect();
        report.ties.push(t);
    }
    let mut averages = if steps { crate::method::award_order(&c.method, &v, &ent) } else { Vec::new() };
    for a in &mut averages {
        a.party = active[a.party];
    }
    for (k, &p) in active.iter().enumerate() {
        report.entitlement[p] = ent[k];
        // A party short of its minimum (only with a house capped at its largest size).
        report.seats[p] = ent[k].max(minimum[p]).max(report.lower[p]);
        report.compensatory[p] = report.seats[p].saturating_sub(report.lower[p]);
        report.overhang[p] = report.seats[p] - ent[k];
    }
    let over = active.iter().copied().filter(|&p| report.lower[p] > report.entitlement[p]).collect();
    report.rounds.push(crate::compensation::Round { seats_to_share: house, parties: active.clone(), entitlement: ent, averages, remainders: None, over });
    report.house_size = report.seats.iter().sum();
    LevelUpReport {
        minimum_rule: rule,
        regions,
        minimum,
        initial_seats: initial,
        seats_shared: house,
        binding_average: bar,
        binding,
        article: c.level_up.as_ref().and_then(|l| l.article.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tie::TieRule;

    #[test]
    fn the_house_grows_to_the_first_size_that_gives_every_minimum() {
        // Sainte-Laguë, votes 600 / 300 / 100. Party 2 needs 2 seats: its second seat
        // comes with 100 / 3 = 33.3; A's averages ≥ 33.3 are 600/1..600/17 (9), B's
        // 300/1..300/9 (5), C's 2: a house of 16.
        let (house, bar, binding) = minimal_house(&Method::SainteLague, &[600, 300, 100], &[0, 0, 2]).unwrap();
        assert_eq!(bar, Fraction::new(100, 3));
        assert_eq!(binding, vec![2]);
        assert_eq!(house, 16);
        let mut ties = TieBreaker::new(vec![TieRule::Lot], 0);
        let seats = Method::SainteLague.allocate(&[600, 300, 100], house, &mut ties);
        assert_eq!(seats, vec![9, 5, 2]);
        assert!(ties.ties().is_empty());
        let fewer = Method::SainteLague.allocate(&[600, 300, 100], house - 1, &mut ties);
        assert!(fewer[2] < 2);
    }

    #[test]
    fn equal_averages_at_the_binding_one_are_all_inside_the_house() {
        // A 300 and B 100, SL: A's 2nd seat (300/3 = 100) equals B's first (100/1). B
        // needs 1: both averages of 100 are in, so no lot decides B's seat.
        let (house, _, binding) = minimal_house(&Method::SainteLague, &[300, 100], &[0, 1]).unwrap();
        assert_eq!(house, 3);
        assert_eq!(binding, vec![1]);
    }

    #[test]
    fn a_region_counts_the_larger_of_share_and_winners() {
        // Two regions of 4 seats: A wins 3 in the first where its share is 2.
        let regions = vec![
            Region { index: 0, votes: vec![(0, 500), (1, 500)], seats: 4, won: vec![(0, 3)] },
            Region { index: 1, votes: vec![(0, 90), (1, 700)], seats: 4, won: vec![(1, 2)] },
        ];
        let mut ties = TieBreaker::new(vec![TieRule::Lot], 0);
        let (minimum, shares, t) = regional_minimum(&Method::SainteLague, &regions, 2, &[true, true], |_| true, &mut ties);
        assert_eq!(shares[0].share, vec![2, 2]);
        assert_eq!(shares[1].share, vec![0, 4]);
        assert_eq!(minimum, vec![3, 6]);
        assert!(t.is_empty());
    }

    #[test]
    fn winners_outside_the_distribution_are_deducted_from_their_region() {
        let regions = vec![Region { index: 0, votes: vec![(0, 500), (1, 500), (2, 10)], seats: 5, won: vec![(2, 1)] }];
        let mut ties = TieBreaker::new(vec![TieRule::Lot], 0);
        let (minimum, shares, _) = regional_minimum(&Method::SainteLague, &regions, 3, &[true, true, false], |_| true, &mut ties);
        assert_eq!(shares[0].deducted, 1);
        assert_eq!(minimum, vec![2, 2, 0]);
    }
}
