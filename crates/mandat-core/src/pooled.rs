//! Remainders pooled in a second tier: a quota round in each constituency gives only
//! whole quotas; the seats it leaves are shared nationally on the lists' remainders
//! summed over the constituencies, then placed back in the constituencies where each
//! list's remainders were largest.
//!
//! This is the Czech procedure (Act 247/1995 Coll. as replaced by Act 189/2021 Coll.):
//! §50 — in each region the quota is the qualifying lists' votes / (seats + 2), rounded
//! to a whole number; each list takes its whole quotas, and integer parts beyond the
//! region's seats are taken back from the smallest remainders; §51 — the remainders
//! (votes − seats × quota) are summed nationally, the quota is their sum / (seats left +
//! 1), rounded; whole quotas first, then the largest remainders; each list's seats go to
//! its regions in descending order of its remainders there. Laws with the same shape
//! (Slovenia, Cyprus, Greece, Romania before 2008) differ in the quota of each round,
//! which the law file names.
//!
//! Configured by `[allocation.pooled_remainders]` (docs/law-format.md); run once from
//! [`crate::count`] after the constituencies' first round.

use serde::{Deserialize, Serialize};

use crate::count::{AllocationReport, Contest};
use crate::exact::Fraction;
use crate::method::{largest_remainder_with, Method, Quota, QuotaRounding, RemainderAllocation};
use crate::tie::{Tie, TieBreaker, TieStage};

/// `[allocation.pooled_remainders]`: how the seats left by the constituencies' quota round
/// are shared nationally.
#[derive(Clone, Debug, Deserialize)]
#[serde(try_from = "RawPooled")]
pub struct PooledRemainders {
    /// The quota of the national round (Czech §51(1): Hagenbach-Bischoff, the sum of the
    /// remainders / (seats left + 1)).
    pub quota: Quota,
    pub quota_rounding: QuotaRounding,
    pub article: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPooled {
    method: String,
    #[serde(default)]
    quota_rounding: QuotaRounding,
    #[serde(default)]
    article: Option<String>,
}

impl TryFrom<RawPooled> for PooledRemainders {
    type Error = String;
    fn try_from(r: RawPooled) -> Result<Self, String> {
        match Method::from_name(&r.method, None).map_err(|e| e.to_string())? {
            Method::LargestRemainder(quota) => Ok(PooledRemainders { quota, quota_rounding: r.quota_rounding, article: r.article }),
            m => Err(format!("pooled_remainders.method is the quota of the national round (hare, droop, hagenbach-bischoff, imperiali-quota), not {}", m.name())),
        }
    }
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
    /// The national round over `remainders`.
    pub allocation: RemainderAllocation,
    /// Every pooled seat, in the order it was placed.
    pub placements: Vec<Placement>,
    /// Equal remainders of one list in two constituencies, at the cut of its placement.
    pub ties: Vec<Tie>,
    pub article: Option<String>,
}

/// One pooled seat placed in a constituency.
#[derive(Clone, Debug, Serialize)]
pub struct Placement {
    pub party: usize,
    pub constituency: String,
    /// The list's remainder there, which ranked the constituency.
    pub remainder: u64,
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
pub fn run(config: &PooledRemainders, contests: &mut [Contest], parties: usize, ties: &mut TieBreaker) -> PooledReport {
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
    let allocation = largest_remainder_with(config.quota, config.quota_rounding, true, &remainders, seats, ties);
    let mut placements = Vec::new();
    for (j, &p) in listed.iter().enumerate() {
        let won = allocation.seats[j] as usize;
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
                placements.push(Placement { party: p, constituency: contests[ci].name.clone(), remainder: r });
            }
            left -= take;
        }
    }
    let pooled_ties = ties.take_ties_since(mark);
    PooledReport { seats, parties: listed, remainders, allocation, placements, ties: pooled_ties, article: config.article.clone() }
}
