//! Remainders pooled in a second tier: a quota round in each constituency gives only
//! whole quotas; the seats it leaves are shared nationally, then placed back in the
//! constituencies.
//!
//! Two national rounds (`shares` in the law file):
//!
//! - **On the summed remainders** (`shares = "remainders"`, the default): the Czech
//!   procedure (Act 247/1995 Coll. as replaced by Act 189/2021 Coll.): §50 — in each
//!   region the quota is the qualifying lists' votes / (seats + 2), rounded to a whole
//!   number; each list takes its whole quotas, and integer parts beyond the region's
//!   seats are taken back from the smallest remainders; §51 — the remainders (votes −
//!   seats × quota) are summed nationally, the quota is their sum / (seats left + 1),
//!   rounded; whole quotas first, then the largest remainders; each list's seats go to
//!   its regions in descending order of its remainders there. Cyprus (Law 72/1979 s. 33)
//!   shares the same way with the quota's fraction dropped, but gives the seats the whole
//!   quotas leave only to the lists with 7.2% of the votes (`leftover_min_share`), and
//!   places the seats in turn where a constituency still has seats to fill
//!   (`placement = "in-turn"`). Romania (Law 208/2015 art. 94) shares the summed
//!   remainders by D'Hondt instead of a quota: a divisor `method` with `shares =
//!   "remainders"` gives each list its D'Hondt share of the seats left on its summed
//!   remainders, placed as the Czech placement does.
//! - **On all the votes** (`shares = "all-votes"`): Slovenia (Zakon o volitvah v državni
//!   zbor, art. 90-93): the whole house is shared by a divisor method (D'Hondt) on the
//!   lists' national votes, and each list receives its share less the seats of the first
//!   round (art. 92(1)-(2)); a list whose first-round seats exceed its share keeps them
//!   and the others share the rest again (art. 92(5)). The seats are placed one by one
//!   in the order of the national quotients that won them, the highest quotients counting
//!   as the first-round seats (art. 92(4)); each goes to the constituency with seats left
//!   where the list's remainder is the largest share of the quota, one per constituency
//!   before any gets a second (art. 93).
//!
//! Configured by `[allocation.pooled_remainders]` (docs/law-format.md); run once from
//! [`crate::count`] after the constituencies' first round.

use serde::{Deserialize, Serialize};

use crate::count::{AllocationReport, Contest};
use crate::exact::Fraction;
use crate::method::{award_order, largest_remainder_with, Method, QuotaRounding, RemainderAllocation};
use crate::tie::{Tie, TieBreaker, TieStage};

/// What the national round shares the seats on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Shares {
    /// The seats left, by a quota on the lists' summed remainders (Czech §51), or by a
    /// divisor method on them (Romania, Law 208/2015 art. 94: D'Hondt).
    #[default]
    Remainders,
    /// The whole house, by a divisor method on the lists' national votes, less the
    /// first round's seats (Slovenia art. 92).
    AllVotes,
    /// The seats left, one by one to the highest national votes / d(k), each list's
    /// divisors continued after its first-round seats; the seats stay national, in no
    /// constituency (Estonia, Riigikogu Election Act § 62(4)-(5): compensation mandates).
    Continued,
}

/// `[allocation.pooled_remainders]`: how the seats left by the constituencies' quota round
/// are shared nationally.
#[derive(Clone, Debug, Deserialize)]
#[serde(try_from = "RawPooled")]
pub struct PooledRemainders {
    /// The method of the national round: a quota with `Shares::Remainders` (Czech §51(1):
    /// Hagenbach-Bischoff, the sum of the remainders / (seats left + 1)), a divisor method
    /// with `Shares::AllVotes` (Slovenia art. 92(2): D'Hondt).
    pub method: Method,
    pub shares: Shares,
    pub quota_rounding: QuotaRounding,
    /// With `Shares::Continued` and D'Hondt: the divisors are k^e for this exponent
    /// e = num/den (Estonia: 0.9, divisors 1, 2^0.9, 3^0.9, ...); compared exactly.
    pub divisor_exponent: Option<(u32, u32)>,
    /// With `Shares::Remainders`: the seats the whole quotas leave go one at a time to the
    /// largest remainder less one quota per such seat taken, among the lists with this
    /// share of the national valid votes only (Cyprus, Law 72/1979 s. 33: 7.2%). `None`:
    /// the largest remainders of every list taking part.
    pub leftover_min_share: Option<Fraction>,
    /// How the national seats go back to the constituencies.
    pub placement: Placing,
    pub article: Option<String>,
}

/// How a list's pooled seats are placed in its constituencies (`shares = "remainders"`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Placing {
    /// Each list's seats in its constituencies in descending order of its remainders
    /// there, one per constituency before a second (Czech §51(3)).
    #[default]
    ByList,
    /// The lists in turn, in descending order of their summed remainders: each places one
    /// seat per pass in its constituency with the largest remainder that still has a seat
    /// to fill and none of the list's pooled seats yet; then the leftover seats, in the
    /// order won, each in the list's constituency with the largest remainder and a seat
    /// to fill (Cyprus, Law 72/1979 s. 33, as the Ministry of the Interior applies it).
    InTurn,
    /// One ranking of every list in every constituency by its remainder there as a share
    /// of that constituency's quota; down the ranking, each takes a seat while its list has
    /// national seats to place and the constituency has seats to fill, one per list and
    /// constituency per pass (Romania, Law 208/2015 art. 94: the national seats placed by
    /// a ratio ordered across the lists; the statute's wording was not read [?]).
    ShareOfQuota,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPooled {
    method: String,
    #[serde(default)]
    first_divisor: Option<crate::law::DecimalValue>,
    #[serde(default)]
    shares: Shares,
    #[serde(default)]
    quota_rounding: Option<QuotaRounding>,
    #[serde(default)]
    divisor_exponent: Option<crate::law::DecimalValue>,
    #[serde(default)]
    leftover_min_share: Option<crate::law::PercentValue>,
    #[serde(default)]
    placement: Option<Placing>,
    #[serde(default)]
    article: Option<String>,
}

impl TryFrom<RawPooled> for PooledRemainders {
    type Error = String;
    fn try_from(r: RawPooled) -> Result<Self, String> {
        let method = Method::from_name(&r.method, r.first_divisor.map(|d| d.0)).map_err(|e| e.to_string())?;
        let divisor_exponent = match r.divisor_exponent {
            None => None,
            Some(d) => {
                if r.shares != Shares::Continued || method != Method::DHondt {
                    return Err("pooled_remainders.divisor_exponent raises D'Hondt's divisors to a power (divisors 1, 2^e, 3^e, ...): it needs method = \"dhondt\" and shares = \"continued\"".into());
                }
                let f = d.0.as_fraction();
                let (num, den) = (f.num, f.den.max(1));
                if num == 0 || num > den * 4 || den > 1_000 {
                    return Err(format!("pooled_remainders.divisor_exponent must lie above 0 and at most 4, with at most 3 decimals, found {}", d.0));
                }
                let g = gcd(num, den);
                Some(((num / g) as u32, (den / g) as u32))
            }
        };
        if r.shares != Shares::Remainders && (r.leftover_min_share.is_some() || r.placement.is_some()) {
            return Err("pooled_remainders.leftover_min_share and placement apply to the national round on the summed remainders (shares = \"remainders\")".into());
        }
        let leftover_min_share = r.leftover_min_share.map(|p| p.0.as_fraction());
        if leftover_min_share.is_some_and(|f| f.num == 0) {
            return Err("pooled_remainders.leftover_min_share must be above 0% (without it every list takes part in the leftover seats)".into());
        }
        let placement = r.placement.unwrap_or_default();
        match (r.shares, method) {
            (Shares::Remainders, Method::LargestRemainder(_)) => Ok(PooledRemainders { method, shares: r.shares, quota_rounding: r.quota_rounding.unwrap_or_default(), divisor_exponent, leftover_min_share, placement, article: r.article }),
            // A divisor method on the summed remainders (Romania, Law 208/2015 art. 94:
            // D'Hondt): no quota to round, no leftover seats, the Czech placement.
            (Shares::Remainders, m) if r.quota_rounding.is_some() || leftover_min_share.is_some() || placement == Placing::InTurn => Err(format!(
                "pooled_remainders.quota_rounding, leftover_min_share and placement = \"in-turn\" apply to a quota on the remainders, not to {} (a divisor method shares the summed remainders whole; placement \"by-list\" or \"share-of-quota\")",
                m.name()
            )),
            (Shares::Remainders, m) => Ok(PooledRemainders { method: m, shares: r.shares, quota_rounding: QuotaRounding::Exact, divisor_exponent, leftover_min_share, placement, article: r.article }),
            (Shares::AllVotes | Shares::Continued, Method::LargestRemainder(q)) => Err(format!("pooled_remainders.shares = \"all-votes\" or \"continued\" shares the seats by a divisor method (dhondt, sainte-lague, ...), not {}", q.name())),
            (Shares::AllVotes | Shares::Continued, _) if r.quota_rounding.is_some() => Err("pooled_remainders.quota_rounding applies to a quota on the remainders, not to shares = \"all-votes\" or \"continued\"".into()),
            (Shares::AllVotes | Shares::Continued, m) => Ok(PooledRemainders { method: m, shares: r.shares, quota_rounding: QuotaRounding::Exact, divisor_exponent, leftover_min_share, placement, article: r.article }),
        }
    }
}

fn gcd(a: u128, b: u128) -> u128 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// The national round on pooled remainders, and where its seats were placed.
#[derive(Clone, Debug, Serialize)]
pub struct PooledReport {
    /// The seats the constituencies' quota round left.
    pub seats: u32,
    /// The lists that took part in some constituency (indices into the outcome's parties).
    pub parties: Vec<usize>,
    /// Each list's remainders, summed over the constituencies (same order as `parties`).
    pub remainders: Vec<u64>,
    /// The national round over `remainders` (`shares = "remainders"`) by a quota.
    pub allocation: Option<RemainderAllocation>,
    /// The national round over `remainders` by a divisor method (Romania: D'Hondt).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub averages: Option<AveragesRound>,
    /// The national round over all the votes (`shares = "all-votes"`).
    pub all_votes: Option<AllVotesRound>,
    /// The national round continued from the first round (`shares = "continued"`).
    pub continued: Option<ContinuedRound>,
    /// Every pooled seat, in the order it was placed.
    pub placements: Vec<Placement>,
    /// Equal remainders of one list in two constituencies, at the cut of its placement.
    pub ties: Vec<Tie>,
    /// With `leftover_min_share` (Cyprus s. 33: 7.2%): the share of the national valid
    /// votes a list needs for the seats the whole quotas leave, and the lists that reach
    /// it (indices into the outcome's parties).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub leftover_min_share: Option<Fraction>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub leftover_eligible: Vec<usize>,
    /// How the seats were placed in the constituencies (`shares = "remainders"`).
    pub placement: Placing,
    pub article: Option<String>,
}

/// One pooled seat placed in a constituency.
#[derive(Clone, Debug, Serialize)]
pub struct Placement {
    pub party: usize,
    pub constituency: String,
    /// The list's remainder there, which ranked the constituency.
    pub remainder: u64,
    /// With `shares = "all-votes"`: the remainder as a share of the constituency's quota,
    /// which ranked it, and the national quotient that won the seat.
    pub share_of_quota: Option<Fraction>,
    pub quotient: Option<Fraction>,
}

/// The national round on the summed remainders by a divisor method (Romania, Law
/// 208/2015 art. 94: D'Hondt on the votes the constituencies left unused).
#[derive(Clone, Debug, Serialize)]
pub struct AveragesRound {
    pub method: String,
    /// Per list of `PooledReport::parties`: the seats it receives.
    pub seats: Vec<u32>,
}

/// The national round of `shares = "all-votes"` (Slovenia art. 92).
#[derive(Clone, Debug, Serialize)]
pub struct AllVotesRound {
    pub method: String,
    /// The house shared nationally (the constituencies' seats together).
    pub house: u32,
    /// Per list of `PooledReport::parties`: its votes over the constituencies, its
    /// first-round seats, its share of the house (the final round) and the seats it
    /// receives nationally (share − first round; 0 for a list that left).
    pub votes: Vec<u64>,
    pub first_round: Vec<u32>,
    pub share: Vec<u32>,
    pub seats: Vec<u32>,
    /// Lists whose first-round seats exceeded their share: they keep them and leave the
    /// distribution, the others share the rest again (art. 92(5)); in the order they left.
    pub left: Vec<usize>,
}

/// The national round of `shares = "continued"` (Estonia § 62(5)).
#[derive(Clone, Debug, Serialize)]
pub struct ContinuedRound {
    pub method: String,
    /// The divisors' exponent `[num, den]` (Estonia: [9, 10]), when the law raises them to
    /// a power.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub divisor_exponent: Option<(u32, u32)>,
    /// Per list of `PooledReport::parties`: its votes over the constituencies, its
    /// first-round seats and the seats it receives nationally.
    pub votes: Vec<u64>,
    pub first_round: Vec<u32>,
    pub seats: Vec<u32>,
    /// Every national seat in the order it was given.
    pub order: Vec<ContinuedSeat>,
}

/// One seat of the continued national round.
#[derive(Clone, Debug, Serialize)]
pub struct ContinuedSeat {
    /// Index into the outcome's parties.
    pub party: usize,
    /// The seat's rank in the list's series: its figure is votes / d(k) (D'Hondt: k; with
    /// an exponent e: k^e).
    pub k: u32,
    /// The figure, when it is a fraction (no exponent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub figure: Option<Fraction>,
}

/// A list's remainder in a constituency after the quota round: votes − seats × quota.
fn remainder(c: &Contest, k: usize) -> u64 {
    let AllocationReport::Remainders { detail, .. } = &c.allocation else { return 0 };
    // The quota is a whole number: the law file requires a rounding with pooling.
    let q = detail.quota.num / detail.quota.den.max(1);
    (c.votes[k] as u128).saturating_sub(c.result[k] as u128 * q).min(u64::MAX as u128) as u64
}

/// Shares the seats the constituencies left among the lists on their summed remainders,
/// and places each list's seats in its constituencies with the largest remainders.
///
/// `national_votes` (per party) and `valid` (the national valid votes) measure the share
/// a list needs for the leftover seats when the law sets one (`leftover_min_share`).
pub fn run(config: &PooledRemainders, contests: &mut [Contest], names: &[String], national_votes: &[u64], valid: u64, ties: &mut TieBreaker) -> Result<PooledReport, String> {
    if config.shares == Shares::AllVotes {
        return run_all_votes(config, contests, names, ties);
    }
    if config.shares == Shares::Continued {
        return run_continued(config, contests, names, ties);
    }
    let parties = names.len();
    let mut sums = vec![0u64; parties];
    let mut took_part = vec![false; parties];
    for c in contests.iter() {
        for unit in &c.units {
            for &k in unit {
                let p = c.parties[k];
                took_part[p] = true;
                sums[p] = sums[p].saturating_add(remainder(c, k));
            }
        }
    }
    let held: u64 = contests.iter().map(|c| c.result.iter().map(|&s| s as u64).sum::<u64>()).sum();
    let magnitude: u64 = contests.iter().map(|c| c.seats as u64).sum();
    let seats = magnitude.saturating_sub(held) as u32;
    let listed: Vec<usize> = (0..parties).filter(|&p| took_part[p]).collect();
    let remainders: Vec<u64> = listed.iter().map(|&p| sums[p]).collect();
    let mark = ties.mark();
    let Method::LargestRemainder(quota) = config.method else {
        // A divisor method on the summed remainders (Romania: D'Hondt); equal averages
        // go to the tie chain with the summed remainders as the lists' votes.
        let won = config.method.allocate(&remainders, seats, ties);
        let placements = match config.placement {
            Placing::ShareOfQuota => place_by_share_of_quota(&listed, &won, contests, names, ties)?,
            _ => place_by_list(&listed, &won, contests, ties),
        };
        let pooled_ties = ties.take_ties_since(mark);
        let averages = AveragesRound { method: config.method.name().to_string(), seats: won };
        return Ok(PooledReport { seats, parties: listed, remainders, allocation: None, averages: Some(averages), all_votes: None, continued: None, placements, ties: pooled_ties, leftover_min_share: None, leftover_eligible: Vec::new(), placement: config.placement, article: config.article.clone() });
    };
    let mut leftover_eligible = Vec::new();
    let allocation = match config.leftover_min_share {
        None => largest_remainder_with(quota, config.quota_rounding, true, &remainders, seats, ties),
        Some(share) => {
            let lv: Vec<u64> = listed.iter().map(|&p| national_votes[p]).collect();
            let eligible: Vec<bool> = lv.iter().map(|&v| v as u128 * share.den >= share.num * valid as u128).collect();
            leftover_eligible = (0..listed.len()).filter(|&j| eligible[j]).map(|j| listed[j]).collect();
            leftover_to_share(largest_remainder_with(quota, config.quota_rounding, false, &remainders, seats, ties), &eligible, &remainders, &lv, seats, ties)?
        }
    };
    let placements = match config.placement {
        Placing::ByList => place_by_list(&listed, &allocation.seats, contests, ties),
        Placing::InTurn => place_in_turn(&listed, &remainders, &allocation, contests, names, ties)?,
        Placing::ShareOfQuota => place_by_share_of_quota(&listed, &allocation.seats, contests, names, ties)?,
    };
    let pooled_ties = ties.take_ties_since(mark);
    Ok(PooledReport { seats, parties: listed, remainders, allocation: Some(allocation), averages: None, all_votes: None, continued: None, placements, ties: pooled_ties, leftover_min_share: config.leftover_min_share, leftover_eligible, placement: config.placement, article: config.article.clone() })
}

/// The seats the whole quotas left, one at a time to the largest remainder less one
/// quota per such seat already taken, among the `eligible` lists (Cyprus s. 33: the lists
/// with 7.2% of the valid votes); a list may take several.
/// Equal figures go to the tie chain with the lists' national votes (`votes`).
fn leftover_to_share(mut a: RemainderAllocation, eligible: &[bool], remainders: &[u64], votes: &[u64], seats: u32, ties: &mut TieBreaker) -> Result<RemainderAllocation, String> {
    let held: u32 = a.seats.iter().sum();
    if held >= seats {
        return Ok(a);
    }
    let takers: Vec<usize> = (0..eligible.len()).filter(|&j| eligible[j] && remainders[j] > 0).collect();
    if takers.is_empty() {
        return Err(format!("{} pooled seat(s) are left after the whole quotas, but no list reaches the share the law sets for them (pooled_remainders.leftover_min_share)", seats - held));
    }
    // Remainder less t quotas, over the quota's denominator: (r·den − t·num) / den, signed.
    let (qn, qd) = (a.quota.num as i128, a.quota.den.max(1) as i128);
    let figure = |j: usize, taken: u32| remainders[j] as i128 * qd - a.integer_seats[j] as i128 * qn - taken as i128 * qn;
    let mut taken = vec![0u32; remainders.len()];
    for _ in held..seats {
        let best = takers.iter().map(|&j| figure(j, taken[j])).max().expect("takers is not empty");
        let tied: Vec<usize> = takers.iter().copied().filter(|&j| figure(j, taken[j]) == best).collect();
        let j = if tied.len() == 1 {
            tied[0]
        } else {
            ties.decide(&tied, 1, votes, TieStage::Remainder { remainder: Fraction::new(best.max(0) as u128, qd as u128) })[0]
        };
        taken[j] += 1;
        a.seats[j] += 1;
        a.remainder_seats.push(j);
    }
    Ok(a)
}

/// The constituency's quota of the first round (a whole number with pooling).
fn quota_of(c: &Contest) -> u128 {
    let AllocationReport::Remainders { detail, .. } = &c.allocation else { return 1 };
    (detail.quota.num / detail.quota.den.max(1)).max(1)
}

/// `placement = "share-of-quota"`: every list's remainder in every constituency where it
/// took part, as a share of that constituency's quota, in one ranking across the lists;
/// the seats go down the ranking to the cells whose list has national seats left and
/// whose constituency has seats to fill, one per cell per pass, and again from the top
/// while seats are left. Equal shares go to the tie chain with the lists' votes there.
fn place_by_share_of_quota(listed: &[usize], won: &[u32], contests: &mut [Contest], names: &[String], ties: &mut TieBreaker) -> Result<Vec<Placement>, String> {
    let mut capacity: Vec<u32> = contests.iter().map(|c| c.seats.saturating_sub(c.result.iter().sum())).collect();
    let mut left: Vec<u32> = won.to_vec();
    // (list j, contest, index of the list there, remainder, quota)
    let mut cells: Vec<(usize, usize, usize, u64, u128)> = Vec::new();
    for (j, &p) in listed.iter().enumerate() {
        for (ci, c) in contests.iter().enumerate() {
            let Some(k) = c.parties.iter().position(|&q| q == p) else { continue };
            if c.units.iter().any(|u| u.contains(&k)) {
                cells.push((j, ci, k, remainder(c, k), quota_of(c)));
            }
        }
    }
    // a/b against c/d, exactly: a·d against c·b.
    let share_cmp = |x: &(usize, usize, usize, u64, u128), y: &(usize, usize, usize, u64, u128)| (x.3 as u128 * y.4).cmp(&(y.3 as u128 * x.4));
    let mut placements = Vec::new();
    let mut used = vec![false; cells.len()];
    while left.iter().any(|&n| n > 0) {
        let open: Vec<usize> = (0..cells.len()).filter(|&i| !used[i] && left[cells[i].0] > 0 && capacity[cells[i].1] > 0).collect();
        if open.is_empty() {
            if used.iter().any(|&u| u) {
                // Every open cell has taken a seat this pass: again from the top.
                used.iter_mut().for_each(|u| *u = false);
                continue;
            }
            let j = (0..left.len()).find(|&j| left[j] > 0).expect("a list has seats left");
            return Err(format!("{} has a pooled seat to place but no constituency where it stands has a seat left to fill", names[listed[j]]));
        }
        let best = *open.iter().max_by(|&&a, &&b| share_cmp(&cells[a], &cells[b])).expect("open is not empty");
        let tied: Vec<usize> = open.iter().copied().filter(|&i| share_cmp(&cells[i], &cells[best]).is_eq()).collect();
        let i = if tied.len() == 1 {
            tied[0]
        } else {
            let votes: Vec<u64> = cells.iter().map(|&(_, ci, k, _, _)| contests[ci].votes[k]).collect();
            let (r, q) = (cells[best].3, cells[best].4);
            ties.decide(&tied, 1, &votes, TieStage::Remainder { remainder: Fraction::new(r as u128, q) })[0]
        };
        let (j, ci, k, r, q) = cells[i];
        used[i] = true;
        left[j] -= 1;
        capacity[ci] -= 1;
        contests[ci].result[k] += 1;
        placements.push(Placement { party: listed[j], constituency: contests[ci].name.clone(), remainder: r, share_of_quota: Some(Fraction::new(r as u128, q)), quotient: None });
    }
    Ok(placements)
}

/// Czech §51(3): each list's seats in its constituencies, largest remainder first.
fn place_by_list(listed: &[usize], won: &[u32], contests: &mut [Contest], ties: &mut TieBreaker) -> Vec<Placement> {
    let mut placements = Vec::new();
    for (j, &p) in listed.iter().enumerate() {
        let won = won[j] as usize;
        if won == 0 {
            continue;
        }
        // The list's constituencies, largest remainder first; more seats than
        // constituencies go round again.
        let mut places: Vec<(usize, usize, u64)> = contests
            .iter()
            .enumerate()
            .filter_map(|(ci, c)| {
                let k = c.parties.iter().position(|&q| q == p)?;
                c.units.iter().any(|u| u.contains(&k)).then(|| (ci, k, remainder(c, k)))
            })
            .collect();
        places.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
        let mut left = won;
        while left > 0 && !places.is_empty() {
            let take = left.min(places.len());
            let chosen: Vec<usize> = if take < places.len() && places[take - 1].2 == places[take].2 {
                // Equal remainders at the cut: the law's chain decides, with the list's
                // votes in each constituency for `more-votes`.
                let cut = places[take - 1].2;
                let sure: Vec<usize> = (0..take).filter(|&i| places[i].2 > cut).collect();
                let tied: Vec<usize> = (0..places.len()).filter(|&i| places[i].2 == cut).collect();
                let votes: Vec<u64> = places.iter().map(|&(ci, k, _)| contests[ci].votes[k]).collect();
                let winners = ties.decide(&tied, take - sure.len(), &votes, TieStage::Remainder { remainder: Fraction::integer(cut as u128) });
                sure.into_iter().chain(winners).collect()
            } else {
                (0..take).collect()
            };
            for i in chosen {
                let (ci, k, r) = places[i];
                contests[ci].result[k] += 1;
                placements.push(Placement { party: p, constituency: contests[ci].name.clone(), remainder: r, share_of_quota: None, quotient: None });
            }
            left -= take;
        }
    }
    placements
}

/// Cyprus s. 33 as the Ministry of the Interior applies it: the lists in turn, in
/// descending order of their summed remainders, each placing one of its whole-quota seats
/// per pass in its constituency with the largest remainder that still has a seat to fill
/// and none of its pooled seats yet (again from the top when it has none left); then
/// every leftover seat, in the order won, in the list's constituency with the largest
/// remainder that still has a seat to fill. Equal remainders go to the tie chain.
fn place_in_turn(listed: &[usize], remainders: &[u64], allocation: &RemainderAllocation, contests: &mut [Contest], names: &[String], ties: &mut TieBreaker) -> Result<Vec<Placement>, String> {
    let mut capacity: Vec<u32> = contests.iter().map(|c| c.seats.saturating_sub(c.result.iter().sum())).collect();
    // Each list's constituencies: (contest, index of the list there, remainder).
    let places: Vec<Vec<(usize, usize, u64)>> = listed
        .iter()
        .map(|&p| {
            contests
                .iter()
                .enumerate()
                .filter_map(|(ci, c)| {
                    let k = c.parties.iter().position(|&q| q == p)?;
                    c.units.iter().any(|u| u.contains(&k)).then(|| (ci, k, remainder(c, k)))
                })
                .collect()
        })
        .collect();
    let mut placements = Vec::new();
    // Places list j's next seat in its open constituency (one not in `avoid`) with the
    // largest remainder; `None` if no such constituency has a seat left.
    let mut place = |j: usize, avoid: &[bool], capacity: &mut [u32], contests: &mut [Contest], ties: &mut TieBreaker| -> Option<usize> {
        let open: Vec<usize> = (0..places[j].len()).filter(|&i| capacity[places[j][i].0] > 0 && !avoid[i]).collect();
        let best = open.iter().map(|&i| places[j][i].2).max()?;
        let tied: Vec<usize> = open.into_iter().filter(|&i| places[j][i].2 == best).collect();
        let i = if tied.len() == 1 {
            tied[0]
        } else {
            let votes: Vec<u64> = places[j].iter().map(|&(ci, k, _)| contests[ci].votes[k]).collect();
            ties.decide(&tied, 1, &votes, TieStage::Remainder { remainder: Fraction::integer(best as u128) })[0]
        };
        let (ci, k, r) = places[j][i];
        capacity[ci] -= 1;
        contests[ci].result[k] += 1;
        placements.push(Placement { party: listed[j], constituency: contests[ci].name.clone(), remainder: r, share_of_quota: None, quotient: None });
        Some(i)
    };
    let no_room = |j: usize| format!("{} has a pooled seat to place but no constituency where it stands has a seat left to fill", names[listed[j]]);
    let mut order: Vec<usize> = (0..listed.len()).collect();
    order.sort_by(|&a, &b| remainders[b].cmp(&remainders[a]).then(a.cmp(&b)));
    let whole: Vec<u32> = (0..listed.len()).map(|j| allocation.seats[j] - allocation.remainder_seats.iter().filter(|&&x| x == j).count() as u32).collect();
    let mut need = whole.clone();
    let mut used: Vec<Vec<bool>> = places.iter().map(|pl| vec![false; pl.len()]).collect();
    while need.iter().any(|&n| n > 0) {
        for &j in &order {
            if need[j] == 0 {
                continue;
            }
            if used[j].iter().all(|&u| u) {
                used[j].iter_mut().for_each(|u| *u = false);
            }
            // A constituency the list already holds a pooled seat in is passed over while
            // another has a seat left; if none has, the list takes a second one.
            let i = match place(j, &used[j], &mut capacity[..], contests, ties) {
                Some(i) => i,
                None => place(j, &vec![false; used[j].len()], &mut capacity[..], contests, ties).ok_or_else(|| no_room(j))?,
            };
            used[j][i] = true;
            need[j] -= 1;
        }
    }
    for &j in &allocation.remainder_seats {
        place(j, &vec![false; places[j].len()], &mut capacity[..], contests, ties).ok_or_else(|| no_room(j))?;
    }
    Ok(placements)
}

/// The whole quota of a constituency's first round (a whole number: the law file
/// requires a rounding with pooling), or `None` if its round was not a quota's.
fn whole_quota(c: &Contest) -> Option<u128> {
    let AllocationReport::Remainders { detail, .. } = &c.allocation else { return None };
    Some(detail.quota.num / detail.quota.den.max(1))
}

/// `shares = "all-votes"`: the house by a divisor method on the national votes, less
/// the first round; the seats placed in the order of the quotients that won them, each
/// where the list's remainder is the largest share of the quota among the constituencies
/// with seats left, one per constituency before a second (Slovenia art. 92-93).
fn run_all_votes(config: &PooledRemainders, contests: &mut [Contest], names: &[String], ties: &mut TieBreaker) -> Result<PooledReport, String> {
    let parties = names.len();
    let mut votes = vec![0u64; parties];
    let mut first = vec![0u32; parties];
    let mut sums = vec![0u64; parties];
    let mut took_part = vec![false; parties];
    for c in contests.iter() {
        for unit in &c.units {
            for &k in unit {
                let p = c.parties[k];
                took_part[p] = true;
                votes[p] = votes[p].saturating_add(c.votes[k]);
                first[p] += c.result[k];
                sums[p] = sums[p].saturating_add(remainder(c, k));
            }
        }
    }
    let held: u64 = contests.iter().map(|c| c.result.iter().map(|&s| s as u64).sum::<u64>()).sum();
    let house_total: u64 = contests.iter().map(|c| c.seats as u64).sum();
    let house = u32::try_from(house_total).map_err(|_| "pooled_remainders: the house is too large".to_string())?;
    let seats = house_total.saturating_sub(held) as u32;
    let listed: Vec<usize> = (0..parties).filter(|&p| took_part[p]).collect();
    let lv: Vec<u64> = listed.iter().map(|&p| votes[p]).collect();
    let lf: Vec<u32> = listed.iter().map(|&p| first[p]).collect();
    let mark = ties.mark();
    // Art. 92(5): a list with more first-round seats than its share keeps them and
    // leaves; the others share the rest again, until no list is over its share.
    let mut active: Vec<usize> = (0..listed.len()).collect();
    let mut left = Vec::new();
    let mut shared = house;
    let (share, order) = loop {
        let v: Vec<u64> = active.iter().map(|&j| lv[j]).collect();
        let s = config.method.allocate(&v, shared, ties);
        let over: Vec<usize> = (0..active.len()).filter(|&i| s[i] < lf[active[i]]).collect();
        if over.is_empty() {
            let mut share = vec![0u32; listed.len()];
            for (i, &j) in active.iter().enumerate() {
                share[j] = s[i];
            }
            let order: Vec<(usize, Fraction)> = award_order(&config.method, &v, &s).into_iter().map(|a| (active[a.party], a.average)).collect();
            break (share, order);
        }
        for &i in over.iter().rev() {
            let j = active.remove(i);
            shared = shared.checked_sub(lf[j]).ok_or_else(|| "pooled_remainders: the first round holds more seats than the house".to_string())?;
            left.push(listed[j]);
        }
    };
    let national: Vec<u32> = (0..listed.len()).map(|j| if left.contains(&listed[j]) { 0 } else { share[j] - lf[j] }).collect();

    // Where each list stands, with its remainder there and the share of the quota.
    let mut capacity: Vec<u32> = contests.iter().map(|c| c.seats.saturating_sub(c.result.iter().sum())).collect();
    let mut places: Vec<Vec<(usize, usize, u64, Fraction)>> = vec![Vec::new(); listed.len()];
    for (ci, c) in contests.iter().enumerate() {
        let Some(q) = whole_quota(c) else { continue };
        for unit in &c.units {
            for &k in unit {
                let Some(j) = listed.iter().position(|&p| p == c.parties[k]) else { continue };
                let r = remainder(c, k);
                places[j].push((ci, k, r, Fraction::new(r as u128, q.max(1))));
            }
        }
    }
    let mut placed_in: Vec<Vec<u32>> = vec![vec![0; contests.len()]; listed.len()];
    let mut counted = vec![0u32; listed.len()];
    let mut placements = Vec::new();
    for (j, quotient) in order {
        counted[j] += 1;
        // The highest quotients of a list count as its first-round seats (art. 92(4)).
        if counted[j] <= lf[j] {
            continue;
        }
        let open: Vec<&(usize, usize, u64, Fraction)> = places[j].iter().filter(|pl| capacity[pl.0] > 0).collect();
        let Some(fewest) = open.iter().map(|pl| placed_in[j][pl.0]).min() else {
            return Err(format!("pooled_remainders: {} has a seat to place but no constituency where it stands has a seat left", names[listed[j]]));
        };
        let round: Vec<&&(usize, usize, u64, Fraction)> = open.iter().filter(|pl| placed_in[j][pl.0] == fewest).collect();
        let best = round.iter().map(|pl| pl.3).max().expect("not empty");
        let tied: Vec<usize> = (0..round.len()).filter(|&i| round[i].3 == best).collect();
        let chosen = if tied.len() > 1 {
            let v: Vec<u64> = round.iter().map(|pl| contests[pl.0].votes[pl.1]).collect();
            ties.decide(&tied, 1, &v, TieStage::Remainder { remainder: best })[0]
        } else {
            tied[0]
        };
        let &(ci, k, r, sh) = *round[chosen];
        contests[ci].result[k] += 1;
        capacity[ci] -= 1;
        placed_in[j][ci] += 1;
        placements.push(Placement { party: listed[j], constituency: contests[ci].name.clone(), remainder: r, share_of_quota: Some(sh), quotient: Some(quotient) });
    }
    let pooled_ties = ties.take_ties_since(mark);
    let remainders: Vec<u64> = listed.iter().map(|&p| sums[p]).collect();
    let round = AllVotesRound { method: config.method.name().to_string(), house, votes: lv, first_round: lf, share, seats: national, left };
    Ok(PooledReport { seats, parties: listed, remainders, allocation: None, averages: None, all_votes: Some(round), continued: None, placements, ties: pooled_ties, leftover_min_share: None, leftover_eligible: Vec::new(), placement: config.placement, article: config.article.clone() })
}

/// Whether list a's next figure is higher, equal or lower than list b's: votes / d(k)
/// with k = the seats it holds + 1. With an exponent e = p/q the divisors are k^e and
/// v_a / k_a^e against v_b / k_b^e is decided exactly as v_a^q · k_b^p against
/// v_b^q · k_a^p, in big integers.
fn cmp_figures(config: &PooledRemainders, va: u64, ka: u32, vb: u64, kb: u32) -> std::cmp::Ordering {
    match config.divisor_exponent {
        Some((p, q)) => {
            use num_bigint::BigUint;
            let left = BigUint::from(va).pow(q) * BigUint::from(kb).pow(p);
            let right = BigUint::from(vb).pow(q) * BigUint::from(ka).pow(p);
            left.cmp(&right)
        }
        None => config.method.average(va, ka - 1).cmp(&config.method.average(vb, kb - 1)),
    }
}

/// `shares = "continued"`: the seats the constituencies left go one by one to the
/// highest national figure votes / d(k), k counting on from each list's first-round
/// seats (Estonia § 62(5): "as many first elements of the series are omitted as the
/// number of mandates obtained" in the districts). The seats stay national.
fn run_continued(config: &PooledRemainders, contests: &mut [Contest], names: &[String], ties: &mut TieBreaker) -> Result<PooledReport, String> {
    let parties = names.len();
    let mut votes = vec![0u64; parties];
    let mut first = vec![0u32; parties];
    let mut took_part = vec![false; parties];
    for c in contests.iter() {
        for unit in &c.units {
            for &k in unit {
                let p = c.parties[k];
                took_part[p] = true;
                votes[p] = votes[p].saturating_add(c.votes[k]);
                first[p] += c.result[k];
            }
        }
    }
    let held: u64 = contests.iter().map(|c| c.result.iter().map(|&s| s as u64).sum::<u64>()).sum();
    let magnitude: u64 = contests.iter().map(|c| c.seats as u64).sum();
    let seats = magnitude.saturating_sub(held) as u32;
    let listed: Vec<usize> = (0..parties).filter(|&p| took_part[p]).collect();
    let lv: Vec<u64> = listed.iter().map(|&p| votes[p]).collect();
    let lf: Vec<u32> = listed.iter().map(|&p| first[p]).collect();
    let mut national = vec![0u32; listed.len()];
    let mut order = Vec::new();
    let mark = ties.mark();
    let takers: Vec<usize> = (0..listed.len()).filter(|&j| lv[j] > 0).collect();
    for _ in 0..seats {
        if takers.is_empty() {
            break;
        }
        let k = |j: usize| lf[j] + national[j] + 1;
        let mut best = vec![takers[0]];
        for &j in &takers[1..] {
            match cmp_figures(config, lv[j], k(j), lv[best[0]], k(best[0])) {
                std::cmp::Ordering::Greater => best = vec![j],
                std::cmp::Ordering::Equal => best.push(j),
                std::cmp::Ordering::Less => {}
            }
        }
        let figure = config.divisor_exponent.is_none().then(|| config.method.average(lv[best[0]], k(best[0]) - 1));
        let j = if best.len() > 1 {
            // Equal figures: the law's chain, with the lists' national votes; the figure
            // recorded is the fraction, or with an exponent the first list's votes.
            let stage = TieStage::Average { average: figure.unwrap_or(Fraction::integer(lv[best[0]] as u128)) };
            let all_votes: Vec<u64> = lv.clone();
            ties.decide(&best, 1, &all_votes, stage)[0]
        } else {
            best[0]
        };
        order.push(ContinuedSeat { party: listed[j], k: k(j), figure: config.divisor_exponent.is_none().then(|| config.method.average(lv[j], k(j) - 1)) });
        national[j] += 1;
    }
    let pooled_ties = ties.take_ties_since(mark);
    let remainders = vec![0u64; listed.len()];
    let round = ContinuedRound { method: config.method.name().to_string(), divisor_exponent: config.divisor_exponent, votes: lv, first_round: lf, seats: national, order };
    Ok(PooledReport { seats, parties: listed, remainders, allocation: None, averages: None, all_votes: None, continued: Some(round), placements: Vec::new(), ties: pooled_ties, leftover_min_share: None, leftover_eligible: Vec::new(), placement: config.placement, article: config.article.clone() })
}

/// The national seats of a continued round per party of the outcome (all zero for the
/// other shapes, whose seats are placed in the constituencies).
pub fn national_seats(report: &PooledReport, parties: usize) -> Vec<u32> {
    let mut out = vec![0u32; parties];
    if let Some(c) = &report.continued {
        for (j, &p) in report.parties.iter().enumerate() {
            out[p] += c.seats[j];
        }
    }
    out
}
