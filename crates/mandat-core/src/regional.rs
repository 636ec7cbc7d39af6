//! After the compensation tier: each party's seats shared among its regional lists
//! (lower apportionment), and the single-member winners seated as far as their party's
//! regional seats cover them (coverage).
//!
//! One mechanism, configured by `[compensation.lower_apportionment]`:
//! 1. **lower apportionment**: the seats of every party in the distribution are shared
//!    among the constituencies of the election where its list stood (Germany: the Land
//!    lists), by a divisor method on the party's votes there (BWahlG § 4(3) and § 5, 2023);
//! 2. **coverage** (`coverage = "by-first-vote-share"`): in each constituency, the
//!    party's single-member winners ([`ConstituencyWinner`]) are ranked by their share of
//!    the valid first votes where they won, highest first, and seated in that order as
//!    far as the party's seats there reach; the others are not seated; the seats left
//!    go to the list (BWahlG § 6(1), 2023: Zweitstimmendeckung). Winners of parties
//!    outside the distribution, and independents, are seated without coverage.
//!
//! Shares are compared exactly (`votes₁ · valid₂` against `votes₂ · valid₁`, see
//! [`crate::exact`]); equal shares straddling the last covered place are a tie, decided
//! by the law's chain with the winners' first votes for `more-votes`, and recorded.
//!
//! The national figures of the [`CompensationReport`] are refined in place: a party's
//! compensatory (list) seats and its unseated winners become the sums over its regions.

use serde::{Deserialize, Serialize};

use crate::compensation::CompensationReport;
use crate::election::{ConstituencyWinner, Election};
use crate::exact::Fraction;
use crate::law::DecimalValue;
use crate::method::{award_order, AverageSeat, Method};
use crate::tie::{Tie, TieBreaker, TieStage};

/// How single-member winners are seated inside their party's regional seats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Coverage {
    /// In descending order of the winner's share of the valid first votes in their
    /// single-member constituency.
    ByFirstVoteShare,
    /// Every winner keeps the seat: each regional list gets at least its party's winners
    /// there, the divisor apportionment giving the rest (seats = max(winners,
    /// apportionment) with one divisor for the others; Germany, BWahlG § 6(6) sentence 2
    /// as amended 2013). Needs the compensation tier to level up, so that a party's seats
    /// are never fewer than its winners. The winners need not be named: the seats won per
    /// party and region are enough.
    AllWinners,
}

/// `[compensation.lower_apportionment]` of a law file.
#[derive(Clone, Debug, Deserialize)]
#[serde(try_from = "RawLowerApportionment")]
pub struct LowerApportionment {
    /// The divisor method that shares a party's seats among its regional lists.
    pub method: Method,
    /// How single-member winners are seated; `None`: the regional seats are only
    /// apportioned (winners, if any, are not assigned to them).
    pub coverage: Option<Coverage>,
    pub article: Option<String>,
    pub coverage_article: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLowerApportionment {
    method: String,
    #[serde(default)]
    first_divisor: Option<DecimalValue>,
    #[serde(default)]
    coverage: Option<Coverage>,
    #[serde(default)]
    article: Option<String>,
    #[serde(default)]
    coverage_article: Option<String>,
}

impl TryFrom<RawLowerApportionment> for LowerApportionment {
    type Error = String;
    fn try_from(r: RawLowerApportionment) -> Result<Self, String> {
        let method = Method::from_name(&r.method, r.first_divisor.map(|d| d.0)).map_err(|e| e.to_string())?;
        if !method.is_divisor() {
            return Err("the lower apportionment needs a divisor method".into());
        }
        if r.coverage.is_none() && r.coverage_article.is_some() {
            return Err("`coverage_article` without `coverage`".into());
        }
        Ok(LowerApportionment { method, coverage: r.coverage, article: r.article, coverage_article: r.coverage_article })
    }
}

/// Why the lower apportionment cannot be made from these results.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RegionalError {
    #[error("the law seats single-member winners by coverage, but the results name no winners (only seats won per party); read the official results file, which names them")]
    NoWinners,
    #[error("constituency {region:?}: the results give {party:?} {seats} single-member seat(s) but name {winners} winner(s)")]
    WinnersMismatch { region: String, party: String, seats: u32, winners: u32 },
    #[error("winner in {name:?}: {what}")]
    BadWinner { name: String, what: String },
}

/// Whether a winner got the seat.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Within the party's seats in the region.
    Covered,
    /// Beyond the party's seats in the region: not seated.
    NotCovered,
    /// The party is outside the distribution (or an independent): seated as won.
    OutsideDistribution,
    /// The party is outside the distribution and the law seats only independents there
    /// (`non_qualifying_winners = "independents-only"`): not seated.
    PartyNotQualified,
}

/// One winner as the coverage step judged them.
#[derive(Clone, Debug, Serialize)]
pub struct WinnerVerdict {
    /// Index into the election's `winners`.
    pub index: usize,
    /// The winner, as the results give them (region and party are indices).
    pub winner: ConstituencyWinner,
    /// First votes / valid first votes, exactly.
    pub share: Fraction,
    /// Place in the party's coverage order in the region (1 = highest share); 0 outside
    /// the distribution.
    pub rank: u32,
    pub verdict: Verdict,
}

impl WinnerVerdict {
    pub fn seated(&self) -> bool {
        matches!(self.verdict, Verdict::Covered | Verdict::OutsideDistribution)
    }
}

/// One party's seats across the regions.
#[derive(Clone, Debug, Serialize)]
pub struct PartyRegions {
    pub party: usize,
    /// The party's seats from the compensation tier.
    pub seats: u32,
    /// The constituencies where its list stood (indices into the election's).
    pub regions: Vec<usize>,
    pub votes: Vec<u64>,
    /// Seats per region (same order as `regions`).
    pub region_seats: Vec<u32>,
    /// Every average that won a seat, with `party` an index into `regions`.
    pub averages: Vec<AverageSeat>,
    /// Winners seated per region (constituency seats inside the party's seats).
    pub won: Vec<u32>,
    /// List seats per region: region seats less winners seated.
    pub list: Vec<u32>,
    /// Winners not seated per region.
    pub unseated: Vec<u32>,
}

/// What a tie of this step was about.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum RegionalTieKind {
    /// Equal averages in a party's lower apportionment: contenders and winners are
    /// indices into the election's constituencies.
    Apportionment { party: usize },
    /// Equal first-vote shares at the last covered place: contenders and winners are
    /// indices into the election's `winners`.
    Coverage { party: usize, region: usize },
}

#[derive(Clone, Debug, Serialize)]
pub struct RegionalTie {
    pub about: RegionalTieKind,
    pub tie: Tie,
}

/// Everything the lower apportionment and the coverage step did.
#[derive(Clone, Debug, Serialize)]
pub struct RegionalReport {
    pub method: String,
    /// The election's constituencies (the regions), by name.
    pub regions: Vec<String>,
    /// Votes per party over all regions (the votes the apportionments used).
    pub votes: Vec<u64>,
    pub coverage: Option<Coverage>,
    /// Parties in the distribution with seats, in list order.
    pub parties: Vec<PartyRegions>,
    /// Every winner, grouped by region then party, in coverage order.
    pub winners: Vec<WinnerVerdict>,
    pub ties: Vec<RegionalTie>,
}

impl RegionalReport {
    /// Seats of `party` in `region`: its regional seats if it took part in the
    /// distribution, else the winners seated there.
    pub fn seats_in(&self, region: usize, party: usize) -> u32 {
        if let Some(pr) = self.parties.iter().find(|pr| pr.party == party) {
            return pr.regions.iter().position(|&r| r == region).map_or(0, |k| pr.region_seats[k]);
        }
        self.winners
            .iter()
            .filter(|v| v.verdict == Verdict::OutsideDistribution)
            .filter(|v| v.winner.region == region && v.winner.party == party)
            .count() as u32
    }

    /// Single-member seats inside a party's total: its winners that were seated.
    pub fn constituency_seats(&self, party: usize) -> u32 {
        if self.coverage == Some(Coverage::AllWinners) {
            if let Some(pr) = self.parties.iter().find(|pr| pr.party == party) {
                return pr.won.iter().sum();
            }
        }
        self.winners.iter().filter(|v| v.seated() && v.winner.party == party).count() as u32
    }

    /// The winners that were not seated, in region order then coverage order.
    pub fn unseated(&self) -> impl Iterator<Item = &WinnerVerdict> {
        self.winners.iter().filter(|v| !v.seated())
    }
}

/// Checks that the winners agree with the seats won per party and region.
fn check_winners(election: &Election, coverage: bool) -> Result<(), RegionalError> {
    let (n, m) = (election.parties.len(), election.constituencies.len());
    let mut counted = vec![0u32; n * m];
    for w in &election.winners {
        let bad = |what: String| RegionalError::BadWinner { name: w.name.clone(), what };
        if w.region >= m || w.party >= n {
            return Err(bad("refers to a constituency or party that is not in the results".into()));
        }
        if w.valid_votes == 0 || w.votes > w.valid_votes {
            return Err(bad(format!("{} first votes of {} valid: a share must be above 0 and at most 1", w.votes, w.valid_votes)));
        }
        counted[w.region * n + w.party] += 1;
    }
    let any_seats = election.constituencies.iter().any(|c| c.electorate_seats.iter().any(|&(_, s)| s > 0));
    if election.winners.is_empty() {
        return if coverage && any_seats { Err(RegionalError::NoWinners) } else { Ok(()) };
    }
    let mut declared = vec![0u32; n * m];
    for (r, c) in election.constituencies.iter().enumerate() {
        for &(p, s) in &c.electorate_seats {
            if p < n {
                declared[r * n + p] += s;
            }
        }
    }
    for (i, (&d, &c)) in declared.iter().zip(&counted).enumerate() {
        if d != c {
            let (r, p) = (i / n, i % n);
            return Err(RegionalError::WinnersMismatch {
                region: election.constituencies[r].name.clone(),
                party: election.parties[p].clone(),
                seats: d,
                winners: c,
            });
        }
    }
    Ok(())
}

/// A divisor apportionment in which every entry gets at least `floor` (BWahlG § 6(6)
/// sentence 2, 2013): entries whose apportionment falls below their floor get the floor
/// and leave, the others share the rest again, until none falls below. The result is
/// `max(floor, apportionment by one divisor)`: an entry fixed at its floor with a smaller
/// divisor stays below it with the larger divisor of the later rounds. Ties are recorded
/// by `ties` with indices into `votes`. If the floors take all the seats or more, every
/// entry gets its floor.
pub fn allocate_with_minimum(method: &Method, votes: &[u64], seats: u32, floor: &[u32], ties: &mut TieBreaker) -> Vec<u32> {
    let mut out = vec![0u32; votes.len()];
    let mut fixed = vec![false; votes.len()];
    if floor.iter().sum::<u32>() >= seats {
        return floor.to_vec();
    }
    loop {
        let free: Vec<usize> = (0..votes.len()).filter(|&k| !fixed[k]).collect();
        let left = seats - (0..votes.len()).filter(|&k| fixed[k]).map(|k| floor[k]).sum::<u32>();
        let v: Vec<u64> = free.iter().map(|&k| votes[k]).collect();
        let mark = ties.mark();
        let got = method.allocate(&v, left, ties);
        let round_ties = ties.take_ties_since(mark);
        let below: Vec<usize> = free.iter().enumerate().filter(|&(i, &k)| got[i] < floor[k]).map(|(_, &k)| k).collect();
        if below.is_empty() {
            for (i, &k) in free.iter().enumerate() {
                out[k] = got[i];
            }
            for k in (0..votes.len()).filter(|&k| fixed[k]) {
                out[k] = floor[k];
            }
            // Only the last round's ties decided seats; record them with indices into `votes`.
            for mut t in round_ties {
                t.contenders = t.contenders.iter().map(|&i| free[i]).collect();
                t.winners = t.winners.iter().map(|&i| free[i]).collect();
                ties.record(t);
            }
            return out;
        }
        for k in below {
            fixed[k] = true;
        }
    }
}

fn share(w: &ConstituencyWinner) -> Fraction {
    Fraction::new(w.votes as u128, w.valid_votes as u128)
}

/// Shares each party's seats among its regions and seats its winners (see the module
/// documentation). `comp` is refined in place: compensatory seats become the list seats
/// and `unseated` the winners not covered, summed over the regions.
pub fn apportion(
    la: &LowerApportionment,
    election: &Election,
    comp: &mut CompensationReport,
    ties: &mut TieBreaker,
) -> Result<RegionalReport, RegionalError> {
    check_winners(election, la.coverage == Some(Coverage::ByFirstVoteShare))?;
    let (n, m) = (election.parties.len(), election.constituencies.len());
    let in_distribution = |p: usize| comp.qualifying.get(p).copied().unwrap_or(false);

    // Winners by (region, party).
    let mut by_cell: Vec<Vec<usize>> = vec![Vec::new(); n * m];
    for (i, w) in election.winners.iter().enumerate() {
        by_cell[w.region * n + w.party].push(i);
    }

    let mut report = RegionalReport {
        method: la.method.to_string(),
        regions: election.constituencies.iter().map(|c| c.name.clone()).collect(),
        votes: election.national_votes(),
        coverage: la.coverage,
        parties: Vec::new(),
        winners: Vec::with_capacity(election.winners.len()),
        ties: Vec::new(),
    };
    // Regional seats per (region, party) for the parties in the distribution.
    let mut cell_seats: Vec<Option<u32>> = vec![None; n * m];
    for p in 0..n {
        let seats = comp.seats.get(p).copied().unwrap_or(0);
        if !in_distribution(p) || seats == 0 {
            continue;
        }
        let mut regions = Vec::new();
        let mut votes = Vec::new();
        for (r, c) in election.constituencies.iter().enumerate() {
            if let Some(&(_, v)) = c.votes.iter().find(|&&(q, v)| q == p && v > 0) {
                regions.push(r);
                votes.push(v);
            }
        }
        if regions.is_empty() {
            continue;
        }
        let region_seats = if la.coverage == Some(Coverage::AllWinners) {
            let won_in = |r: usize| election.constituencies[r].electorate_seats.iter().filter(|&&(q, _)| q == p).map(|&(_, s)| s).sum::<u32>();
            let floor: Vec<u32> = regions.iter().map(|&r| won_in(r)).collect();
            allocate_with_minimum(&la.method, &votes, seats, &floor, ties)
        } else {
            la.method.allocate(&votes, seats, ties)
        };
        for mut t in ties.take_ties() {
            t.contenders = t.contenders.iter().map(|&k| regions[k]).collect();
            t.winners = t.winners.iter().map(|&k| regions[k]).collect();
            report.ties.push(RegionalTie { about: RegionalTieKind::Apportionment { party: p }, tie: t });
        }
        let averages = award_order(&la.method, &votes, &region_seats);
        for (k, &r) in regions.iter().enumerate() {
            cell_seats[r * n + p] = Some(region_seats[k]);
        }
        let k = regions.len();
        report.parties.push(PartyRegions {
            party: p,
            seats,
            regions,
            votes,
            region_seats,
            averages,
            won: vec![0; k],
            list: vec![0; k],
            unseated: vec![0; k],
        });
    }

    // Coverage, region by region, party by party.
    for r in 0..m {
        for p in 0..n {
            let cell = &by_cell[r * n + p];
            if cell.is_empty() {
                continue;
            }
            let covered_by = match (in_distribution(p), la.coverage) {
                (true, Some(Coverage::ByFirstVoteShare)) => cell_seats[r * n + p].unwrap_or(0),
                (true, Some(Coverage::AllWinners)) => cell.len() as u32,
                _ => {
                    // Outside the distribution (or no coverage rule): seated as won, unless
                    // the compensation tier seated none of the party's winners.
                    let not_seated = !in_distribution(p) && comp.seats.get(p) == Some(&0);
                    let verdict = if not_seated { Verdict::PartyNotQualified } else { Verdict::OutsideDistribution };
                    for &i in cell {
                        report.winners.push(WinnerVerdict { index: i, winner: election.winners[i].clone(), share: share(&election.winners[i]), rank: 0, verdict });
                    }
                    continue;
                }
            };
            let mut order: Vec<usize> = cell.clone();
            order.sort_by(|&a, &b| share(&election.winners[b]).cmp(&share(&election.winners[a])).then(a.cmp(&b)));
            let places = (covered_by as usize).min(order.len());
            if places > 0 && places < order.len() {
                let cut = share(&election.winners[order[places - 1]]);
                if share(&election.winners[order[places]]) == cut {
                    // Equal shares straddle the last covered place: the law's tie chain.
                    let start = order.iter().position(|&i| share(&election.winners[i]) == cut).unwrap_or(0);
                    let end = order.iter().rposition(|&i| share(&election.winners[i]) == cut).map_or(order.len(), |e| e + 1);
                    let group: Vec<usize> = order[start..end].to_vec();
                    let first_votes: Vec<u64> = group.iter().map(|&i| election.winners[i].votes).collect();
                    let idx: Vec<usize> = (0..group.len()).collect();
                    let won = ties.decide(&idx, places - start, &first_votes, TieStage::Average { average: cut });
                    for mut t in ties.take_ties() {
                        t.contenders = t.contenders.iter().map(|&k| group[k]).collect();
                        t.winners = t.winners.iter().map(|&k| group[k]).collect();
                        report.ties.push(RegionalTie { about: RegionalTieKind::Coverage { party: p, region: r }, tie: t });
                    }
                    let winners_first: Vec<usize> = won.iter().map(|&k| group[k]).chain((0..group.len()).filter(|k| !won.contains(k)).map(|k| group[k])).collect();
                    order.splice(start..end, winners_first);
                }
            }
            for (k, &i) in order.iter().enumerate() {
                let verdict = if k < places { Verdict::Covered } else { Verdict::NotCovered };
                report.winners.push(WinnerVerdict { index: i, winner: election.winners[i].clone(), share: share(&election.winners[i]), rank: k as u32 + 1, verdict });
            }
            if let Some(pr) = report.parties.iter_mut().find(|pr| pr.party == p) {
                if let Some(k) = pr.regions.iter().position(|&x| x == r) {
                    pr.won[k] = places as u32;
                    pr.unseated[k] = (order.len() - places) as u32;
                }
            }
        }
    }
    if la.coverage == Some(Coverage::AllWinners) {
        // Every winner is seated: the seats won per region, named or not.
        for pr in &mut report.parties {
            for (k, &r) in pr.regions.iter().enumerate() {
                pr.won[k] = election.constituencies[r].electorate_seats.iter().filter(|&&(q, _)| q == pr.party).map(|&(_, s)| s).sum();
                pr.unseated[k] = 0;
            }
        }
    }
    for pr in &mut report.parties {
        for k in 0..pr.regions.len() {
            pr.list[k] = pr.region_seats[k].saturating_sub(pr.won[k]);
        }
    }

    // Refine the national figures: list seats and unseated winners are regional sums.
    if la.coverage.is_some() {
        for p in 0..n {
            if !in_distribution(p) {
                continue;
            }
            let pr = report.parties.iter().find(|pr| pr.party == p);
            comp.compensatory[p] = pr.map_or(0, |pr| pr.list.iter().sum());
            comp.unseated[p] = report
                .winners
                .iter()
                .filter(|v| v.verdict == Verdict::NotCovered && v.winner.party == p)
                .count() as u32;
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compensation::{distribute, Compensation, LowerTier, Overhang};
    use crate::election::ConstituencyVotes;
    use crate::tie::TieRule;

    fn winner(name: &str, region: usize, party: usize, votes: u64, valid: u64) -> ConstituencyWinner {
        ConstituencyWinner { name: name.into(), number: None, candidate: None, region, party, votes, valid_votes: valid }
    }

    /// Two regions, two parties; party A has 3 seats, its winners fill region 0.
    fn election(winners: Vec<ConstituencyWinner>) -> Election {
        let mut e = Election {
            parties: vec!["A".into(), "B".into()],
            constituencies: vec![
                ConstituencyVotes { name: "North".into(), votes: vec![(0, 300), (1, 300)], ..Default::default() },
                ConstituencyVotes { name: "South".into(), votes: vec![(0, 110), (1, 300)], ..Default::default() },
            ],
            ..Default::default()
        };
        for w in &winners {
            let c = &mut e.constituencies[w.region];
            match c.electorate_seats.iter_mut().find(|x| x.0 == w.party) {
                Some(x) => x.1 += 1,
                None => c.electorate_seats.push((w.party, 1)),
            }
        }
        e.winners = winners;
        e
    }

    fn law(seats: u32) -> (Compensation, LowerApportionment) {
        let comp = Compensation {
            total_seats: seats,
            method: Method::SainteLague,
            lower_tier: LowerTier::Electorates,
            overhang: Overhang::NotSeated,
            threshold: None,
            deduct_non_qualifying: true,
            placement: None,
            article: None,
            lower_apportionment: None,
            non_qualifying_winners: Default::default(),
            return_min_seats: 0,
            level_up: None,
        };
        let la = LowerApportionment { method: Method::SainteLague, coverage: Some(Coverage::ByFirstVoteShare), article: None, coverage_article: None };
        (comp, la)
    }

    fn run(e: &Election, seats: u32, chain: Vec<TieRule>) -> (CompensationReport, RegionalReport) {
        let (comp, la) = law(seats);
        let mut ties = TieBreaker::new(chain, 0);
        let votes = e.national_votes();
        let mut lower = vec![0u32; e.parties.len()];
        for w in &e.winners {
            lower[w.party] += 1;
        }
        let q = vec![true; e.parties.len()];
        let mut r = distribute(&comp, &votes, &lower, &q, &mut ties, true);
        let reg = apportion(&la, e, &mut r, &mut ties).unwrap();
        (r, reg)
    }

    #[test]
    fn winners_are_seated_by_descending_share_as_far_as_the_region_seats_reach() {
        // 8 seats: A 410 votes → 3 (North 300 → 2, South 110 → 1: averages 300, 110, 100).
        let e = election(vec![
            winner("N1", 0, 0, 40, 100),
            winner("N2", 0, 0, 45, 100),
            winner("N3", 0, 0, 39, 100),
            winner("S1", 1, 0, 30, 100),
        ]);
        let (comp, reg) = run(&e, 8, vec![TieRule::Lot]);
        assert_eq!(comp.seats, vec![3, 5]);
        let a = &reg.parties[0];
        assert_eq!(a.region_seats, vec![2, 1]);
        assert_eq!(a.won, vec![2, 1]);
        assert_eq!(a.unseated, vec![1, 0]);
        let unseated: Vec<&str> = reg.unseated().map(|v| v.winner.name.as_str()).collect();
        assert_eq!(unseated, vec!["N3"]);
        // Coverage order in North: N2 (45%), N1 (40%), N3 (39%).
        let north: Vec<(&str, u32)> = reg.winners.iter().filter(|v| v.winner.region == 0).map(|v| (v.winner.name.as_str(), v.rank)).collect();
        assert_eq!(north, vec![("N2", 1), ("N1", 2), ("N3", 3)]);
        assert_eq!(comp.unseated, vec![1, 0]);
        assert_eq!(comp.compensatory, vec![0, 5]);
        assert_eq!(reg.constituency_seats(0), 3);
    }

    #[test]
    fn shares_are_compared_exactly_not_by_votes() {
        // 1/3 of 300 valid votes beats 333 of 1000: fewer votes, higher share.
        let e = election(vec![winner("big", 0, 0, 333, 1000), winner("small", 0, 0, 100, 300), winner("x", 0, 0, 10, 1000)]);
        let (_, reg) = run(&e, 8, vec![TieRule::Lot]);
        let seated: Vec<&str> = reg.winners.iter().filter(|v| v.seated()).map(|v| v.winner.name.as_str()).collect();
        assert_eq!(seated, vec!["small", "big"]);
    }

    #[test]
    fn equal_shares_at_the_cut_are_a_tie_decided_by_the_chain_and_recorded() {
        // Equal shares 1/3 (100/300 and 200/600), one place left: more votes wins.
        let e = election(vec![winner("top", 0, 0, 90, 100), winner("p", 0, 0, 100, 300), winner("q", 0, 0, 200, 600)]);
        let (_, reg) = run(&e, 8, vec![TieRule::MoreVotes, TieRule::Lot]);
        let seated: Vec<&str> = reg.winners.iter().filter(|v| v.seated()).map(|v| v.winner.name.as_str()).collect();
        assert_eq!(seated, vec!["top", "q"]);
        // (B's 300 + 300 votes make an apportionment tie as well, decided by lot.)
        let cov: Vec<&RegionalTie> = reg.ties.iter().filter(|t| matches!(t.about, RegionalTieKind::Coverage { .. })).collect();
        assert_eq!(cov.len(), 1, "{:?}", reg.ties);
        assert!(matches!(cov[0].about, RegionalTieKind::Coverage { party: 0, region: 0 }));
        assert_eq!(cov[0].tie.decided_by, TieRule::MoreVotes);
        assert_eq!(cov[0].tie.winners, vec![2]);
    }

    #[test]
    fn winners_without_names_are_an_error_not_a_guess() {
        let mut e = election(vec![winner("N1", 0, 0, 40, 100)]);
        e.winners.clear();
        let (comp, la) = law(8);
        let mut ties = TieBreaker::new(vec![TieRule::Lot], 0);
        let mut r = distribute(&comp, &e.national_votes(), &[1, 0], &[true, true], &mut ties, true);
        assert_eq!(apportion(&la, &e, &mut r, &mut ties).unwrap_err(), RegionalError::NoWinners);
        let mut e2 = election(vec![winner("N1", 0, 0, 40, 100)]);
        e2.winners[0].votes = 101;
        assert!(matches!(apportion(&la, &e2, &mut r, &mut ties), Err(RegionalError::BadWinner { .. })));
        let mut e3 = election(vec![winner("N1", 0, 0, 40, 100)]);
        e3.constituencies[0].electorate_seats = vec![(0, 2)];
        assert!(matches!(apportion(&la, &e3, &mut r, &mut ties), Err(RegionalError::WinnersMismatch { seats: 2, winners: 1, .. })));
    }

    #[test]
    fn region_seats_add_up_to_the_party_seats() {
        let e = election(vec![]);
        for seats in 1..40 {
            let (comp, reg) = run(&e, seats, vec![TieRule::Lot]);
            for pr in &reg.parties {
                assert_eq!(pr.region_seats.iter().sum::<u32>(), comp.seats[pr.party]);
            }
        }
    }
}
