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
//!   its regions in descending order of its remainders there.
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
    /// The seats left, by a quota on the lists' summed remainders (Czech §51).
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
    pub article: Option<String>,
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
        match (r.shares, method) {
            (Shares::Remainders, Method::LargestRemainder(_)) => Ok(PooledRemainders { method, shares: r.shares, quota_rounding: r.quota_rounding.unwrap_or_default(), divisor_exponent, article: r.article }),
            (Shares::Remainders, m) => Err(format!("pooled_remainders.method is the quota of the national round on the remainders (hare, droop, hagenbach-bischoff, imperiali-quota), not {}; a divisor method shares all the votes: shares = \"all-votes\" or \"continued\"", m.name())),
            (Shares::AllVotes | Shares::Continued, Method::LargestRemainder(q)) => Err(format!("pooled_remainders.shares = \"all-votes\" or \"continued\" shares the seats by a divisor method (dhondt, sainte-lague, ...), not {}", q.name())),
            (Shares::AllVotes | Shares::Continued, _) if r.quota_rounding.is_some() => Err("pooled_remainders.quota_rounding applies to a quota on the remainders, not to shares = \"all-votes\" or \"continued\"".into()),
            (Shares::AllVotes | Shares::Continued, m) => Ok(PooledRemainders { method: m, shares: r.shares, quota_rounding: QuotaRounding::Exact, divisor_exponent, article: r.article }),
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
    /// The national round over `remainders` (`shares = "remainders"`).
    pub allocation: Option<RemainderAllocation>,
    /// The national round over all the votes (`shares = "all-votes"`).
    pub all_votes: Option<AllVotesRound>,
    /// The national round continued from the first round (`shares = "continued"`).
    pub continued: Option<ContinuedRound>,
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
    /// With `shares = "all-votes"`: the remainder as a share of the constituency's quota,
    /// which ranked it, and the national quotient that won the seat.
    pub share_of_quota: Option<Fraction>,
    pub quotient: Option<Fraction>,
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
pub fn run(config: &PooledRemainders, contests: &mut [Contest], names: &[String], ties: &mut TieBreaker) -> Result<PooledReport, String> {
    if config.shares == Shares::AllVotes {
        return run_all_votes(config, contests, names, ties);
    }
    if config.shares == Shares::Continued {
        return run_continued(config, contests, names, ties);
    }
    let Method::LargestRemainder(quota) = config.method else { unreachable!("checked when the law is read") };
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
    let allocation = largest_remainder_with(quota, config.quota_rounding, true, &remainders, seats, ties);
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
                placements.push(Placement { party: p, constituency: contests[ci].name.clone(), remainder: r, share_of_quota: None, quotient: None });
            }
            left -= take;
        }
    }
    let pooled_ties = ties.take_ties_since(mark);
    Ok(PooledReport { seats, parties: listed, remainders, allocation: Some(allocation), all_votes: None, continued: None, placements, ties: pooled_ties, article: config.article.clone() })
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
    Ok(PooledReport { seats, parties: listed, remainders, allocation: None, all_votes: Some(round), continued: None, placements, ties: pooled_ties, article: config.article.clone() })
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
    Ok(PooledReport { seats, parties: listed, remainders, allocation: None, all_votes: None, continued: Some(round), placements: Vec::new(), ties: pooled_ties, article: config.article.clone() })
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
