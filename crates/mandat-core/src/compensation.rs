//! A national tier that compensates for seats won in a lower tier: leveling seats
//! (Norway, Sweden, Denmark), mixed-member proportional (New Zealand), and upper
//! apportionment with constituency seats inside the party's share (Germany since 2023).
//!
//! One mechanism, configured by the law:
//! 1. the lower tier's seats per party: the law's own constituency tier, or the
//!    electorate (single-member) seats given with the results;
//! 2. which parties take part (a threshold, possibly "or N seats won");
//! 3. the seats to share: the tier's total, less the lower-tier seats of parties (and
//!    independents) that do not take part;
//! 4. each party's national entitlement by a divisor method;
//! 5. what happens to a party that won more lower-tier seats than its entitlement
//!    ([`Overhang`]);
//! 6. compensatory seats = entitlement − lower-tier seats, optionally placed into
//!    constituencies ([`Placement`]).

use serde::{Deserialize, Serialize};

use crate::exact::Fraction;
use crate::law::{DecimalValue, Seats};
use crate::method::{award_order, AverageSeat, Method};
use crate::tie::{Tie, TieBreaker, TieStage};

/// Where the seats already won come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LowerTier {
    /// The law's own list tier in constituencies (`[allocation]`).
    Constituencies,
    /// Single-member seats given with the results (`electorate_seats`).
    Electorates,
}

/// What happens to a party whose lower-tier seats exceed its entitlement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Overhang {
    /// The party keeps its lower-tier seats and leaves the distribution together with
    /// them; the others' shares are computed again (Norway, valgloven § 11-5; Sweden,
    /// vallagen 14:6).
    ExcludeAndRecompute,
    /// The party keeps them as overhang seats and the house grows (New Zealand,
    /// Electoral Act 1993 s 192(5)).
    Keep,
    /// The party gets its entitlement only; the lower-tier winners it cannot cover are
    /// not seated (Germany, BWahlG § 6(4) as amended 2023: Zweitstimmendeckung).
    NotSeated,
}

/// What happens to the single-member winners of parties that take no part in the
/// distribution (below the threshold).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NonQualifyingWinners {
    /// They keep their seats (deducted first when `deduct_non_qualifying`).
    #[default]
    Seated,
    /// Only winners outside every list (independents: parties without list votes) keep
    /// their seats; winners of a party with list votes that does not take part are not
    /// seated, and nothing is deducted for them (Germany, BWahlG § 6(1)-(2) as amended
    /// 2023: a party's winner needs the coverage of its Land list's seats).
    IndependentsOnly,
}

/// How compensatory seats are placed into constituencies.
#[derive(Clone, Debug)]
pub struct Placement {
    /// The divisors applied to a party's seats in the constituency.
    pub method: Method,
    pub article: Option<String>,
}

/// The configuration of the tier (`[compensation]` in a law file).
#[derive(Clone, Debug, Deserialize)]
#[serde(try_from = "RawCompensation")]
pub struct Compensation {
    /// Seats shared nationally before deductions and overhang (Norway 169, NZ 120).
    pub total_seats: u32,
    pub method: Method,
    pub lower_tier: LowerTier,
    pub overhang: Overhang,
    pub threshold: Option<crate::law::Threshold>,
    /// Whether lower-tier seats of parties that do not take part (and of independents)
    /// are deducted from the seats to share.
    pub deduct_non_qualifying: bool,
    pub placement: Option<Placement>,
    pub article: Option<String>,
    /// Each party's seats shared among its regional lists, and single-member winners
    /// seated by coverage ([`crate::regional`]).
    pub lower_apportionment: Option<crate::regional::LowerApportionment>,
    pub non_qualifying_winners: NonQualifyingWinners,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCompensation {
    total_seats: Seats,
    method: String,
    #[serde(default)]
    first_divisor: Option<DecimalValue>,
    lower_tier: LowerTier,
    overhang: Overhang,
    #[serde(default)]
    threshold: Option<crate::law::Threshold>,
    #[serde(default = "yes")]
    deduct_non_qualifying: bool,
    #[serde(default)]
    placement: Option<RawPlacement>,
    #[serde(default)]
    article: Option<String>,
    #[serde(default)]
    lower_apportionment: Option<crate::regional::LowerApportionment>,
    #[serde(default)]
    non_qualifying_winners: NonQualifyingWinners,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlacement {
    method: String,
    #[serde(default)]
    first_divisor: Option<DecimalValue>,
    #[serde(default)]
    article: Option<String>,
}

impl TryFrom<RawCompensation> for Compensation {
    type Error = String;
    fn try_from(r: RawCompensation) -> Result<Self, String> {
        let method = Method::from_name(&r.method, r.first_divisor.map(|d| d.0)).map_err(|e| e.to_string())?;
        if !method.is_divisor() {
            return Err("the compensation tier needs a divisor method".into());
        }
        let placement = r
            .placement
            .map(|p| {
                let m = Method::from_name(&p.method, p.first_divisor.map(|d| d.0)).map_err(|e| e.to_string())?;
                if !m.is_divisor() {
                    return Err("placement needs a divisor method".to_string());
                }
                Ok(Placement { method: m, article: p.article })
            })
            .transpose()?;
        if placement.is_some() && r.lower_tier != LowerTier::Constituencies {
            return Err("placement into constituencies needs `lower_tier = \"constituencies\"`".into());
        }
        if let Some(t) = &r.threshold {
            if t.any_of.iter().any(|c| c.level() == crate::law::Level::Constituency) {
                return Err("the compensation tier's threshold is national: use `level = \"national\"`".into());
            }
        }
        if r.lower_apportionment.is_some() && (r.lower_tier != LowerTier::Electorates || r.overhang != Overhang::NotSeated) {
            return Err("a lower apportionment needs `lower_tier = \"electorates\"` and `overhang = \"not-seated\"`".into());
        }
        Ok(Compensation {
            total_seats: r.total_seats.0,
            method,
            lower_tier: r.lower_tier,
            overhang: r.overhang,
            threshold: r.threshold,
            deduct_non_qualifying: r.deduct_non_qualifying,
            placement,
            article: r.article,
            lower_apportionment: r.lower_apportionment,
            non_qualifying_winners: r.non_qualifying_winners,
        })
    }
}

/// One round of the national distribution.
#[derive(Clone, Debug, Serialize)]
pub struct Round {
    pub seats_to_share: u32,
    /// Parties taking part in this round (indices into the election's parties).
    pub parties: Vec<usize>,
    /// Entitlement per party of the round (same order as `parties`).
    pub entitlement: Vec<u32>,
    /// Every average that won a seat, in order (party indices into the election's parties).
    pub averages: Vec<AverageSeat>,
    /// Parties whose lower-tier seats exceed their entitlement in this round.
    pub over: Vec<usize>,
}

/// Everything the compensation tier did (per party: indices into the election's parties).
#[derive(Clone, Debug, Serialize)]
pub struct CompensationReport {
    /// Lower-tier seats per party (independents appear as parties without votes).
    pub lower: Vec<u32>,
    pub qualifying: Vec<bool>,
    pub threshold: Option<crate::count::ThresholdReport>,
    /// Seats deducted before sharing: lower-tier seats of parties (and independents)
    /// outside the distribution.
    pub deducted: u32,
    pub rounds: Vec<Round>,
    /// The national entitlement per party (last round; 0 outside the distribution).
    pub entitlement: Vec<u32>,
    /// Parties removed with their lower-tier seats (exclude-and-recompute).
    pub removed: Vec<usize>,
    /// Compensatory (leveling, list) seats per party.
    pub compensatory: Vec<u32>,
    /// Overhang seats kept per party.
    pub overhang: Vec<u32>,
    /// Lower-tier seats not seated for lack of entitlement.
    pub unseated: Vec<u32>,
    /// Final seats per party.
    pub seats: Vec<u32>,
    /// The size of the house after overhang.
    pub house_size: u32,
    pub placement: Vec<Placed>,
    pub ties: Vec<Tie>,
}

/// A compensatory seat placed in a constituency.
#[derive(Clone, Debug, Serialize)]
pub struct Placed {
    /// Index of the constituency in the results.
    pub constituency: usize,
    pub party: usize,
    /// The party's votes in the constituency / divisor(its seats there), relative to the
    /// constituency's votes per list-tier seat.
    pub quotient: Fraction,
    pub order: u32,
}

/// The national distribution (steps 3-5). `votes` are national votes per party,
/// `lower` the lower-tier seats per party, `qualifying` who takes part; `steps` records
/// the order in which averages won their seats.
pub fn distribute(
    c: &Compensation,
    votes: &[u64],
    lower: &[u32],
    qualifying: &[bool],
    ties: &mut TieBreaker,
    steps: bool,
) -> CompensationReport {
    let n = votes.len();
    // Winners outside the distribution who keep their seats.
    let kept = |p: usize| !qualifying[p] && (c.non_qualifying_winners == NonQualifyingWinners::Seated || votes[p] == 0);
    let deducted: u32 = if c.deduct_non_qualifying {
        (0..n).filter(|&p| kept(p)).map(|p| lower[p]).sum::<u32>()
    } else {
        0
    };
    let mut active: Vec<usize> = (0..n).filter(|&p| qualifying[p]).collect();
    let mut seats_to_share = c.total_seats.saturating_sub(deducted);
    let mut rounds = Vec::new();
    let mut removed = Vec::new();
    let mut all_ties = Vec::new();
    let mut entitlement = vec![0u32; n];
    loop {
        let v: Vec<u64> = active.iter().map(|&p| votes[p]).collect();
        let mark = ties.mark();
        let ent = c.method.allocate(&v, seats_to_share, ties);
        // Only this round's ties: indices among `active`.
        for mut t in ties.take_ties_since(mark) {
            t.contenders = t.contenders.iter().map(|&k| active[k]).collect();
            t.winners = t.winners.iter().map(|&k| active[k]).collect();
            all_ties.push(t);
        }
        let mut averages = if steps { award_order(&c.method, &v, &ent) } else { Vec::new() };
        for a in &mut averages {
            a.party = active[a.party];
        }
        let over: Vec<usize> = active.iter().zip(&ent).filter(|(&p, &e)| lower[p] > e).map(|(&p, _)| p).collect();
        entitlement = vec![0u32; n];
        for (k, &p) in active.iter().enumerate() {
            entitlement[p] = ent[k];
        }
        rounds.push(Round { seats_to_share, parties: active.clone(), entitlement: ent, averages, over: over.clone() });
        if c.overhang != Overhang::ExcludeAndRecompute || over.is_empty() {
            break;
        }
        // Every over-represented party leaves with its seats; the others share again.
        for &p in &over {
            seats_to_share = seats_to_share.saturating_sub(lower[p]);
            removed.push(p);
        }
        active.retain(|p| !over.contains(p));
    }
    let mut seats = vec![0u32; n];
    let mut compensatory = vec![0u32; n];
    let mut overhang = vec![0u32; n];
    let mut unseated = vec![0u32; n];
    for p in 0..n {
        let (l, e) = (lower[p], entitlement[p]);
        let in_last_round = active.contains(&p);
        seats[p] = match c.overhang {
            _ if !qualifying[p] && !kept(p) => 0,
            _ if !in_last_round => l,
            Overhang::ExcludeAndRecompute => e,
            Overhang::Keep => e.max(l),
            Overhang::NotSeated => e,
        };
        if in_last_round {
            compensatory[p] = e.saturating_sub(l);
            if l > e {
                match c.overhang {
                    Overhang::Keep => overhang[p] = l - e,
                    Overhang::NotSeated => unseated[p] = l - e,
                    Overhang::ExcludeAndRecompute => {}
                }
            }
        }
        if !qualifying[p] && c.overhang == Overhang::NotSeated && c.lower_tier == LowerTier::Electorates {
            // Germany: a constituency winner of a party outside the distribution keeps
            // the seat only as an independent would (BWahlG § 6(1)); seats stay as won.
            seats[p] = if kept(p) { l } else { 0 };
        }
        if !qualifying[p] && !kept(p) {
            unseated[p] = l;
        }
    }
    let house_size = seats.iter().sum::<u32>();
    CompensationReport {
        lower: lower.to_vec(),
        qualifying: qualifying.to_vec(),
        threshold: None,
        deducted,
        rounds,
        entitlement,
        removed,
        compensatory,
        overhang,
        unseated,
        seats,
        house_size,
        placement: Vec::new(),
        ties: all_ties,
    }
}

/// Places each party's compensatory seats into constituencies (step 6).
///
/// For every constituency c and party p still owed seats, the quotient is
/// `votes(p, c) / d(seats(p, c))` divided by `votes(c) / list seats(c)`, where d is the
/// placement method's divisor and seats(p, c) the party's list-tier seats there
/// (Norway, valgloven § 11-6: the party's quotient relative to the county's votes per
/// district seat). The highest quotient wins the constituency's next compensatory seat,
/// as long as the constituency has one left and the party is still owed one; then the
/// next highest, and so on.
///
/// `votes[c]` are (party, votes) pairs, `seats[c][k]` the list-tier seats of the k-th
/// pair, `capacity[c]` the compensatory seats of the constituency.
pub fn place(
    method: &Method,
    votes: &[Vec<(usize, u64)>],
    seats: &[Vec<u32>],
    list_seats: &[u32],
    capacity: &[u32],
    owed: &[u32],
    ties: &mut TieBreaker,
) -> (Vec<Placed>, Vec<Tie>) {
    let mut cands: Vec<(Fraction, usize, usize)> = Vec::new();
    for (c, vs) in votes.iter().enumerate() {
        let total: u64 = vs.iter().map(|&(_, v)| v).sum();
        if capacity[c] == 0 || total == 0 || list_seats[c] == 0 {
            continue;
        }
        for (k, &(p, v)) in vs.iter().enumerate() {
            if owed.get(p).copied().unwrap_or(0) == 0 || v == 0 {
                continue;
            }
            let avg = method.average(v, seats[c][k]);
            // avg / (total / list_seats) = avg.num * list_seats / (avg.den * total)
            let q = Fraction::new(avg.num * list_seats[c] as u128, avg.den * total as u128);
            cands.push((q, c, p));
        }
    }
    cands.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut left_c = capacity.to_vec();
    let mut left_p = owed.to_vec();
    let mut placed = Vec::new();
    let mut out_ties = Vec::new();
    let mut i = 0;
    while i < cands.len() {
        // A group of equal quotients competing for the same scarce places is a tie.
        let mut j = i + 1;
        while j < cands.len() && cands[j].0 == cands[i].0 {
            j += 1;
        }
        let mut group: Vec<(Fraction, usize, usize)> =
            cands[i..j].iter().copied().filter(|&(_, c, p)| left_c[c] > 0 && left_p[p] > 0).collect();
        if group.len() > 1 && conflicts(&group, &left_c, &left_p) {
            // Decide the order within the group by the tie chain on the parties' votes.
            let votes_of: Vec<u64> = group.iter().map(|&(_, c, p)| votes[c].iter().find(|x| x.0 == p).map_or(0, |x| x.1)).collect();
            let idx: Vec<usize> = (0..group.len()).collect();
            let mut order = Vec::new();
            let mut rest = idx.clone();
            while !rest.is_empty() {
                let w = if rest.len() == 1 {
                    rest[0]
                } else {
                    ties.decide(&rest, 1, &votes_of, TieStage::Average { average: group[0].0 })[0]
                };
                order.push(w);
                rest.retain(|&x| x != w);
            }
            for mut t in ties.take_ties() {
                t.contenders = t.contenders.iter().map(|&k| group[k].2).collect();
                t.winners = t.winners.iter().map(|&k| group[k].2).collect();
                out_ties.push(t);
            }
            group = order.into_iter().map(|k| group[k]).collect();
        }
        for (q, c, p) in group {
            if left_c[c] > 0 && left_p[p] > 0 {
                left_c[c] -= 1;
                left_p[p] -= 1;
                placed.push(Placed { constituency: c, party: p, quotient: q, order: placed.len() as u32 + 1 });
            }
        }
        i = j;
    }
    (placed, out_ties)
}

/// Whether handing out a group of equal quotients in a different order could change who
/// gets what (two entries share a constituency or a party with too few places left).
fn conflicts(group: &[(Fraction, usize, usize)], left_c: &[u32], left_p: &[u32]) -> bool {
    let mut by_c = std::collections::HashMap::new();
    let mut by_p = std::collections::HashMap::new();
    for &(_, c, p) in group {
        *by_c.entry(c).or_insert(0u32) += 1;
        *by_p.entry(p).or_insert(0u32) += 1;
    }
    by_c.iter().any(|(&c, &n)| n > left_c[c]) || by_p.iter().any(|(&p, &n)| n > left_p[p])
}
