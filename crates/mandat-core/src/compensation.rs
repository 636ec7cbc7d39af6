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
//! 4. each party's national entitlement by a divisor method, or by largest remainders
//!    (Denmark, folketingsvalgloven § 77: the Hare quota);
//! 5. what happens to a party that won more lower-tier seats than its entitlement
//!    ([`Overhang`]);
//! 6. compensatory seats = entitlement − lower-tier seats, optionally placed into
//!    constituencies ([`Placement`]).

use serde::{Deserialize, Serialize};

use crate::exact::Fraction;
use crate::law::{DecimalValue, Seats};
use crate::method::{award_order, largest_remainder, AverageSeat, Method, RemainderAllocation};
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
    /// them; the others' shares are computed again (Norway, valgloven § 11-5; Sweden
    /// until 2014).
    ExcludeAndRecompute,
    /// The party gets its entitlement only: its excess constituency seats are returned,
    /// those won with the lowest comparison figures first (never in a constituency with
    /// fewer than [`Compensation::return_min_seats`] seats), and go to the other parties
    /// there that are still below their entitlement (Sweden, vallagen 14:5 as amended by
    /// SFS 2014:1384).
    Return,
    /// The party keeps them as overhang seats and the house grows (New Zealand,
    /// Electoral Act 1993 s 192(5)).
    Keep,
    /// The party gets its entitlement only; the lower-tier winners it cannot cover are
    /// not seated (Germany, BWahlG § 6(4) as amended 2023: Zweitstimmendeckung).
    NotSeated,
    /// The house grows until every party's share of it reaches its minimum: its
    /// lower-tier seats, or more as `[compensation.level_up]` says (Germany, BWahlG
    /// § 6(5)-(6) as amended 3 May 2013; see [`crate::level_up`]).
    LevelUp,
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
    pub rule: PlacementRule,
    /// With [`PlacementRule::NationalOrderShare`]: at most this many compensatory seats
    /// for one party in one constituency (Iceland: 2, the two figures recorded per list).
    pub max_per_constituency: Option<u32>,
    /// The seats first go to regions (groups of constituencies), then each region's
    /// seats to its constituencies by `rule` (Denmark, folketingsvalgloven §§ 78-79).
    pub regions: Option<RegionStep>,
    pub article: Option<String>,
}

/// A first placement step into regions ([`place_in_regions`]): every quotient
/// `votes(p, region) / d(seats(p, region))` of every party in every region, by `method`,
/// continued from the party's lower-tier seats in the region, is ranked; the highest takes
/// a seat for that party in that region while the region has seats left and the party is
/// still owed seats (Denmark, folketingsvalgloven § 78: Sainte-Laguë, 1-3-5-7).
#[derive(Clone, Debug)]
pub struct RegionStep {
    pub method: Method,
    pub regions: Vec<Region>,
    pub article: Option<String>,
}

/// A group of constituencies with its number of compensatory seats.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    pub name: String,
    /// Compensatory seats of the region (Denmark: fixed per landsdel, § 10).
    pub seats: crate::law::Seats,
    /// The constituencies of the region, by name.
    pub constituencies: Vec<String>,
}

/// Which comparison decides where a compensatory seat goes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlacementRule {
    /// All parties compete for each constituency's fixed number of compensatory seats by
    /// their quotient relative to the constituency's votes per list seat (Norway,
    /// valgloven § 11-6). See [`place`].
    #[default]
    RelativeQuotient,
    /// Each party's compensatory seats go one by one to the constituency where its own
    /// comparison figure (votes ÷ divisor of its seats there so far) is highest; a
    /// constituency has no fixed number of them (Sweden, vallagen 14:7). See
    /// [`place_by_party`].
    PartyHighestAverages,
    /// The compensatory seats are taken one at a time in the national order of the tier's
    /// figures (votes ÷ divisor of the party's lower-tier seats plus those already taken);
    /// each goes to the constituency, among those with a compensatory seat left, where the
    /// party's figure votes ÷ d(its seats there) is the highest share of the
    /// constituency's valid votes (Iceland, lög nr. 24/2000 art. 108; kosningalög nr.
    /// 112/2021 art. 110). See [`place_in_national_order`].
    NationalOrderShare,
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
    /// With [`Overhang::Return`]: no seat is returned in a constituency with fewer
    /// seats than this (Sweden: 3).
    pub return_min_seats: u32,
    /// With [`Overhang::LevelUp`]: how each party's minimum is defined.
    pub level_up: Option<crate::level_up::LevelUp>,
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
    #[serde(default)]
    return_min_seats: Option<Seats>,
    #[serde(default)]
    level_up: Option<crate::level_up::LevelUp>,
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
    rule: PlacementRule,
    #[serde(default)]
    max_per_constituency: Option<Seats>,
    #[serde(default)]
    regions: Option<RawRegionStep>,
    #[serde(default)]
    article: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegionStep {
    method: String,
    #[serde(default)]
    first_divisor: Option<DecimalValue>,
    regions: Vec<Region>,
    #[serde(default)]
    article: Option<String>,
}

impl TryFrom<RawRegionStep> for RegionStep {
    type Error = String;
    fn try_from(r: RawRegionStep) -> Result<Self, String> {
        let method = Method::from_name(&r.method, r.first_divisor.map(|d| d.0)).map_err(|e| e.to_string())?;
        if !method.is_divisor() {
            return Err("placement into regions needs a divisor method".into());
        }
        if r.regions.is_empty() {
            return Err("`[compensation.placement.regions]` needs at least one region".into());
        }
        let mut names = std::collections::HashSet::new();
        let mut members = std::collections::HashSet::new();
        for g in &r.regions {
            if !names.insert(g.name.as_str()) {
                return Err(format!("region {:?} is given twice", g.name));
            }
            if g.constituencies.is_empty() {
                return Err(format!("region {:?} has no constituencies", g.name));
            }
            for c in &g.constituencies {
                if !members.insert(c.as_str()) {
                    return Err(format!("constituency {c:?} is in two regions (or twice in one)"));
                }
            }
        }
        Ok(RegionStep { method, regions: r.regions, article: r.article })
    }
}

impl TryFrom<RawCompensation> for Compensation {
    type Error = String;
    fn try_from(r: RawCompensation) -> Result<Self, String> {
        let method = Method::from_name(&r.method, r.first_divisor.map(|d| d.0)).map_err(|e| e.to_string())?;
        method_rules(&method, r.overhang, r.placement.as_ref().map(|p| p.rule))?;
        let placement = r
            .placement
            .map(|p| {
                let m = Method::from_name(&p.method, p.first_divisor.map(|d| d.0)).map_err(|e| e.to_string())?;
                if !m.is_divisor() {
                    return Err("placement needs a divisor method".to_string());
                }
                if p.max_per_constituency.is_some() && p.rule != PlacementRule::NationalOrderShare {
                    return Err("`max_per_constituency` needs `rule = \"national-order-share\"`".to_string());
                }
                if p.regions.is_some() && p.rule != PlacementRule::PartyHighestAverages {
                    return Err("`[compensation.placement.regions]` needs `rule = \"party-highest-averages\"` within each region".to_string());
                }
                let regions = p.regions.map(RegionStep::try_from).transpose()?;
                Ok(Placement { method: m, rule: p.rule, max_per_constituency: p.max_per_constituency.map(|s| s.0), regions, article: p.article })
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
        if r.lower_apportionment.is_some() && (r.lower_tier != LowerTier::Electorates || !matches!(r.overhang, Overhang::NotSeated | Overhang::LevelUp)) {
            return Err("a lower apportionment needs `lower_tier = \"electorates\"` and `overhang = \"not-seated\"` or `\"level-up\"`".into());
        }
        if r.level_up.is_some() && r.overhang != Overhang::LevelUp {
            return Err("`[compensation.level_up]` needs `overhang = \"level-up\"`".into());
        }
        if r.overhang == Overhang::LevelUp && r.lower_tier != LowerTier::Electorates {
            return Err("`overhang = \"level-up\"` grows the house over single-member seats: it needs `lower_tier = \"electorates\"`".into());
        }
        let all_winners = r.lower_apportionment.as_ref().is_some_and(|l| l.coverage == Some(crate::regional::Coverage::AllWinners));
        if all_winners && r.overhang != Overhang::LevelUp {
            return Err("`coverage = \"all-winners\"` seats every winner: it needs `overhang = \"level-up\"`".into());
        }
        if r.return_min_seats.is_some() && r.overhang != Overhang::Return {
            return Err("`return_min_seats` needs `overhang = \"return\"`".into());
        }
        if r.overhang == Overhang::Return && r.lower_tier != LowerTier::Constituencies {
            return Err("`overhang = \"return\"` returns constituency seats: it needs `lower_tier = \"constituencies\"`".into());
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
            return_min_seats: r.return_min_seats.map_or(0, |s| s.0),
            level_up: if r.overhang == Overhang::LevelUp { Some(r.level_up.unwrap_or_default()) } else { None },
        })
    }
}

impl Compensation {
    /// The rules of the tier that depend on its method, checked when a law is read and
    /// again when `--set method` changes it ([`crate::law::Law::set`]): growing the house
    /// until every party's minimum is covered, and placing seats in the national order of
    /// the figures, are defined for divisor methods only (a quota method has no such
    /// house: the search for one would not end).
    pub fn check_method(&self) -> Result<(), String> {
        method_rules(&self.method, self.overhang, self.placement.as_ref().map(|p| p.rule))
    }
}

/// [`Compensation::check_method`] on the parts it reads, for the law reader too.
fn method_rules(method: &Method, overhang: Overhang, placement: Option<PlacementRule>) -> Result<(), String> {
    if method.is_divisor() {
        return Ok(());
    }
    if overhang == Overhang::LevelUp {
        return Err("`overhang = \"level-up\"` needs a divisor method".into());
    }
    if placement == Some(PlacementRule::NationalOrderShare) {
        return Err("`rule = \"national-order-share\"` follows the national figures of a divisor method: the tier needs one".into());
    }
    Ok(())
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
    /// With a largest-remainder method: the quota, integer parts and remainders (indices
    /// into `parties`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remainders: Option<RemainderAllocation>,
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
    /// Constituency seats returned by over-represented parties ([`Overhang::Return`]).
    pub returned: Vec<Returned>,
    pub ties: Vec<Tie>,
    /// Ties between constituencies for one party's seat (placement or return).
    pub constituency_ties: Vec<ConstituencyTie>,
    /// The minimums and the enlarged house ([`Overhang::LevelUp`]).
    pub level_up: Option<crate::level_up::LevelUpReport>,
    /// The compensatory seats placed into regions first
    /// ([`Placement::regions`]; `Placed::constituency` is then the region's index).
    pub region_placement: Vec<Placed>,
    /// The names of the regions of `region_placement`.
    pub regions: Vec<String>,
    /// Parties whose region seats were placed in advance, in the regions where they
    /// have votes, because the ranking could not seat them all (folketingsvalgloven
    /// § 78(3), last sentence).
    pub region_advance: Vec<usize>,
}

impl CompensationReport {
    /// [`Overhang::Return`]: returns the excess constituency seats ([`return_seats`];
    /// `seats[c]` is the list tier's result, updated) and settles the tier's books: each
    /// party's compensatory seats are its entitlement less the constituency seats it
    /// now holds. Seats held only where none may be returned stay, as overhang.
    pub fn settle_returns(&mut self, method: &Method, votes: &[Vec<(usize, u64)>], seats: &mut [Vec<u32>], list_seats: &[u32], min_seats: u32, ties: &mut TieBreaker) {
        let (returned, c_ties, p_ties) = return_seats(method, votes, seats, list_seats, min_seats, &self.entitlement, &self.qualifying, &mut self.lower, ties);
        for p in (0..self.lower.len()).filter(|&p| self.qualifying[p]) {
            self.compensatory[p] = self.entitlement[p].saturating_sub(self.lower[p]);
            if self.lower[p] > self.entitlement[p] {
                self.overhang[p] = self.lower[p] - self.entitlement[p];
                self.seats[p] = self.lower[p];
            }
        }
        self.house_size = self.seats.iter().sum();
        self.returned = returned;
        self.constituency_ties.extend(c_ties);
        self.ties.extend(p_ties);
    }
}

/// A constituency seat returned by a party over its entitlement and given to another
/// ([`Overhang::Return`]).
#[derive(Clone, Debug, Serialize)]
pub struct Returned {
    /// Index of the constituency in the results.
    pub constituency: usize,
    /// The party that returned the seat, and the comparison figure that had won it.
    pub from: usize,
    pub from_figure: Fraction,
    /// The party that received it and its comparison figure; `None` when no party of
    /// the constituency was below its entitlement (the seat then stays).
    pub to: Option<usize>,
    pub to_figure: Option<Fraction>,
}

/// Equal comparison figures of one party in several constituencies, when fewer seats
/// are left than constituencies tied.
#[derive(Clone, Debug, Serialize)]
pub struct ConstituencyTie {
    pub party: usize,
    pub figure: Fraction,
    /// Constituency indices.
    pub contenders: Vec<usize>,
    pub chosen: Vec<usize>,
    pub decided_by: crate::tie::TieRule,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
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

/// Buffers of the national distribution's rounds, reused from count to count by
/// [`distribute_seats`] (a projection counts millions of times).
#[derive(Clone, Debug, Default)]
pub struct Rounds {
    /// Parties in the current round (indices into the election's parties).
    active: Vec<usize>,
    /// Their votes.
    votes: Vec<u64>,
    /// Their entitlement in the round (same order as `active`).
    ent: Vec<u32>,
    /// Parties of the round whose lower-tier seats exceed their entitlement.
    over: Vec<usize>,
    /// The entitlement per party of the last round (0 outside it).
    entitlement: Vec<u32>,
    in_last_round: Vec<bool>,
}

impl Rounds {
    /// The first round: every qualifying party.
    fn start(&mut self, qualifying: &[bool]) {
        self.active.clear();
        self.active.extend((0..qualifying.len()).filter(|&p| qualifying[p]));
    }

    /// Shares `seats_to_share` among the round's parties by the tier's method; returns
    /// the largest-remainder record when `steps` asks for it.
    fn share(&mut self, c: &Compensation, votes: &[u64], lower: &[u32], seats_to_share: u32, ties: &mut TieBreaker, steps: bool) -> Option<RemainderAllocation> {
        self.votes.clear();
        self.votes.extend(self.active.iter().map(|&p| votes[p]));
        let remainders = match c.method {
            Method::LargestRemainder(q) => {
                let r = largest_remainder(q, &self.votes, seats_to_share, ties);
                self.ent.clone_from(&r.seats);
                steps.then_some(r)
            }
            ref m => {
                m.allocate_into(&self.votes, seats_to_share, ties, &mut self.ent);
                None
            }
        };
        self.over.clear();
        self.over.extend(self.active.iter().zip(&self.ent).filter(|(&p, &e)| lower[p] > e).map(|(&p, _)| p));
        remainders
    }

    /// After a round: with exclude-and-recompute, every over-represented party leaves
    /// with its seats (added to `removed`) and the others share again (`true`).
    fn next(&mut self, c: &Compensation, lower: &[u32], seats_to_share: &mut u32, mut removed: Option<&mut Vec<usize>>) -> bool {
        if c.overhang != Overhang::ExcludeAndRecompute || self.over.is_empty() {
            return false;
        }
        for &p in &self.over {
            *seats_to_share = seats_to_share.saturating_sub(lower[p]);
            if let Some(r) = removed.as_deref_mut() {
                r.push(p);
            }
        }
        let over = &self.over;
        self.active.retain(|p| !over.contains(p));
        true
    }

    /// The last round's entitlement per party, and who was in it.
    fn finish(&mut self, n: usize) {
        self.entitlement.clear();
        self.entitlement.resize(n, 0);
        self.in_last_round.clear();
        self.in_last_round.resize(n, false);
        for (k, &p) in self.active.iter().enumerate() {
            self.entitlement[p] = self.ent[k];
            self.in_last_round[p] = true;
        }
    }
}

/// The lower-tier seats deducted before sharing: those of winners outside the
/// distribution who keep them, when the law deducts them.
fn deducted(c: &Compensation, lower: &[u32], kept: impl Fn(usize) -> bool) -> u32 {
    if c.deduct_non_qualifying { (0..lower.len()).filter(|&p| kept(p)).map(|p| lower[p]).sum::<u32>() } else { 0 }
}

/// A party's final seats from its lower-tier seats `l` and last entitlement `e`.
fn final_seats(c: &Compensation, l: u32, e: u32, qualifying: bool, kept: bool, in_last_round: bool) -> u32 {
    if !qualifying && c.overhang == Overhang::NotSeated && c.lower_tier == LowerTier::Electorates {
        // Germany: a constituency winner of a party outside the distribution keeps
        // the seat only as an independent would (BWahlG § 6(1)); seats stay as won.
        return if kept { l } else { 0 };
    }
    match c.overhang {
        _ if !qualifying && !kept => 0,
        _ if !in_last_round => l,
        Overhang::ExcludeAndRecompute | Overhang::Return => e,
        Overhang::Keep | Overhang::LevelUp => e.max(l),
        Overhang::NotSeated => e,
    }
}

/// Winners outside the distribution who keep their seats.
fn kept(c: &Compensation, qualifying: &[bool], votes: &[u64], p: usize) -> bool {
    !qualifying[p] && (c.non_qualifying_winners == NonQualifyingWinners::Seated || votes[p] == 0)
}

/// [`distribute`]'s final seats only, into `seats`, with the buffers of `r`: no record,
/// no allocation once the buffers have grown (the projection kernel). The same rounds,
/// seats and tie decisions as [`distribute`]; its ties are not kept.
pub fn distribute_seats(c: &Compensation, votes: &[u64], lower: &[u32], qualifying: &[bool], ties: &mut TieBreaker, r: &mut Rounds, seats: &mut [u32]) {
    let kept = |p: usize| kept(c, qualifying, votes, p);
    let mut to_share = c.total_seats.saturating_sub(deducted(c, lower, kept));
    r.start(qualifying);
    loop {
        let mark = ties.mark();
        r.share(c, votes, lower, to_share, ties, false);
        ties.forget_ties_since(mark);
        if !r.next(c, lower, &mut to_share, None) {
            break;
        }
    }
    r.finish(votes.len());
    for (p, s) in seats.iter_mut().enumerate() {
        *s = final_seats(c, lower[p], r.entitlement[p], qualifying[p], kept(p), r.in_last_round[p]);
    }
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
    let kept = |p: usize| kept(c, qualifying, votes, p);
    let deducted = deducted(c, lower, kept);
    let mut seats_to_share = c.total_seats.saturating_sub(deducted);
    let mut rounds = Vec::new();
    let mut removed = Vec::new();
    let mut all_ties = Vec::new();
    let mut r = Rounds::default();
    r.start(qualifying);
    loop {
        let mark = ties.mark();
        let remainders = r.share(c, votes, lower, seats_to_share, ties, steps);
        // Only this round's ties: indices among `active`.
        for mut t in ties.take_ties_since(mark) {
            t.contenders = t.contenders.iter().map(|&k| r.active[k]).collect();
            t.winners = t.winners.iter().map(|&k| r.active[k]).collect();
            all_ties.push(t);
        }
        let mut averages = if steps && c.method.is_divisor() { award_order(&c.method, &r.votes, &r.ent) } else { Vec::new() };
        for a in &mut averages {
            a.party = r.active[a.party];
        }
        rounds.push(Round { seats_to_share, parties: r.active.clone(), entitlement: r.ent.clone(), averages, remainders, over: r.over.clone() });
        if !r.next(c, lower, &mut seats_to_share, Some(&mut removed)) {
            break;
        }
    }
    r.finish(n);
    let mut seats = vec![0u32; n];
    let mut compensatory = vec![0u32; n];
    let mut overhang = vec![0u32; n];
    let mut unseated = vec![0u32; n];
    for p in 0..n {
        let (l, e) = (lower[p], r.entitlement[p]);
        let in_last_round = r.in_last_round[p];
        seats[p] = final_seats(c, l, e, qualifying[p], kept(p), in_last_round);
        if in_last_round {
            compensatory[p] = e.saturating_sub(l);
            if l > e {
                match c.overhang {
                    // LevelUp: until the house grows (`crate::level_up::level`).
                    Overhang::Keep | Overhang::LevelUp => overhang[p] = l - e,
                    Overhang::NotSeated => unseated[p] = l - e,
                    // Made good by the return of seats (see `return_seats`).
                    Overhang::ExcludeAndRecompute | Overhang::Return => {}
                }
            }
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
        entitlement: r.entitlement,
        removed,
        compensatory,
        overhang,
        unseated,
        seats,
        house_size,
        placement: Vec::new(),
        returned: Vec::new(),
        ties: all_ties,
        constituency_ties: Vec::new(),
        level_up: None,
        region_placement: Vec::new(),
        regions: Vec::new(),
        region_advance: Vec::new(),
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
    let votes_in = |c: usize, p: usize| votes[c].iter().find(|x| x.0 == p).map_or(0, |x| x.1);
    hand_out(&cands, &mut left_c, &mut left_p, &mut placed, &mut out_ties, &votes_in, ties);
    (placed, out_ties)
}

/// Places the compensatory seats into regions ([`RegionStep`]; Denmark,
/// folketingsvalgloven § 78).
///
/// `votes[r]` are (party, votes) pairs of region r and `seats[r]` the party's lower-tier
/// seats there (same order); `capacity[r]` the region's compensatory seats; `owed[p]` the
/// party's compensatory seats. Every quotient `votes / d(seats + j)` (j = 0, 1, ...) is
/// ranked, the highest first; a quotient takes a seat for its party in its region while
/// both the region and the party have seats left. Equal quotients competing for fewer
/// places go by the law's tie chain on the parties' votes in their regions.
///
/// If the ranking leaves a party short because the regions where it has votes are full
/// (it has no votes in some region), its seats are placed first, in advance, in the
/// regions where it has votes, by its own quotients, and the ranking is done again for
/// the others (§ 78(3), last sentence). Returns the seats placed (the region index in
/// `Placed::constituency`), in the order of the ranking, the ties, and the parties
/// placed in advance.
pub fn place_in_regions(
    method: &Method,
    votes: &[Vec<(usize, u64)>],
    seats: &[Vec<u32>],
    capacity: &[u32],
    owed: &[u32],
    ties: &mut TieBreaker,
) -> (Vec<Placed>, Vec<Tie>, Vec<usize>) {
    let mut advance: Vec<usize> = Vec::new();
    loop {
        let (placed, out_ties, left_p) = rank_regions(method, votes, seats, capacity, owed, &advance, ties);
        let short: Vec<usize> = (0..owed.len()).filter(|&p| left_p[p] > 0 && !advance.contains(&p)).collect();
        // Only a party absent from some region can be left short by full regions.
        let absent = |p: usize| votes.iter().any(|vs| !vs.iter().any(|&(q, v)| q == p && v > 0));
        let new: Vec<usize> = short.into_iter().filter(|&p| absent(p)).collect();
        if new.is_empty() {
            return (placed, out_ties, advance);
        }
        // Start again with these parties first (this attempt and its ties are dropped).
        advance.extend(new);
    }
}

/// One ranking of [`place_in_regions`]: the parties of `advance` first (each by its own
/// quotients), then every other quotient in one ranking. Returns the seats, the ties
/// and what each party is still owed.
fn rank_regions(
    method: &Method,
    votes: &[Vec<(usize, u64)>],
    seats: &[Vec<u32>],
    capacity: &[u32],
    owed: &[u32],
    advance: &[usize],
    ties: &mut TieBreaker,
) -> (Vec<Placed>, Vec<Tie>, Vec<u32>) {
    let mut left_c = capacity.to_vec();
    let mut left_p = owed.to_vec();
    let mut placed: Vec<Placed> = Vec::new();
    let mut out_ties = Vec::new();
    // Every quotient a party may need: at most `owed` of them per region.
    let quotients = |only: &dyn Fn(usize) -> bool| -> Vec<(Fraction, usize, usize)> {
        let mut q = Vec::new();
        for (r, vs) in votes.iter().enumerate() {
            for (k, &(p, v)) in vs.iter().enumerate() {
                let due = owed.get(p).copied().unwrap_or(0);
                if v == 0 || due == 0 || !only(p) {
                    continue;
                }
                for j in 0..due.min(capacity[r]) {
                    q.push((method.average(v, seats[r][k] + j), r, p));
                }
            }
        }
        q.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        q
    };
    let votes_in = |r: usize, p: usize| votes[r].iter().find(|x| x.0 == p).map_or(0, |x| x.1);
    for &p in advance {
        let cands = quotients(&|q| q == p);
        hand_out(&cands, &mut left_c, &mut left_p, &mut placed, &mut out_ties, &votes_in, ties);
    }
    let cands = quotients(&|q| !advance.contains(&q));
    hand_out(&cands, &mut left_c, &mut left_p, &mut placed, &mut out_ties, &votes_in, ties);
    (placed, out_ties, left_p)
}

/// Hands out seats to ranked (quotient, unit, party) candidates while the unit and the
/// party have places left; a group of equal quotients competing for too few places is
/// ordered by the tie chain on the parties' votes in their units.
fn hand_out(
    cands: &[(Fraction, usize, usize)],
    left_c: &mut [u32],
    left_p: &mut [u32],
    placed: &mut Vec<Placed>,
    out_ties: &mut Vec<Tie>,
    votes_in: &dyn Fn(usize, usize) -> u64,
    ties: &mut TieBreaker,
) {
    let mut i = 0;
    while i < cands.len() {
        let mut j = i + 1;
        while j < cands.len() && cands[j].0 == cands[i].0 {
            j += 1;
        }
        let mut group: Vec<(Fraction, usize, usize)> = cands[i..j].iter().copied().filter(|&(_, c, p)| left_c[c] > 0 && left_p[p] > 0).collect();
        if group.len() > 1 && conflicts(&group, left_c, left_p) {
            let votes_of: Vec<u64> = group.iter().map(|&(_, c, p)| votes_in(c, p)).collect();
            let mark = ties.mark();
            let mut order = Vec::new();
            let mut rest: Vec<usize> = (0..group.len()).collect();
            while !rest.is_empty() {
                let w = if rest.len() == 1 { rest[0] } else { ties.decide(&rest, 1, &votes_of, TieStage::Average { average: group[0].0 })[0] };
                order.push(w);
                rest.retain(|&x| x != w);
            }
            for mut t in ties.take_ties_since(mark) {
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
}

/// Places each party's compensatory seats one by one where its own comparison figure is
/// highest ([`PlacementRule::PartyHighestAverages`]; Sweden, vallagen 14:7): the figure
/// is `votes(p, c) / d(seats(p, c))` with d the placement method's divisor and seats(p, c)
/// the party's seats there so far, list-tier and already placed. Constituencies have no
/// fixed number of compensatory seats, so parties do not compete: only equal figures of
/// one party in more constituencies than it has seats left are a tie.
pub fn place_by_party(
    method: &Method,
    votes: &[Vec<(usize, u64)>],
    seats: &[Vec<u32>],
    owed: &[u32],
    ties: &mut TieBreaker,
) -> (Vec<Placed>, Vec<ConstituencyTie>) {
    let mut placed = Vec::new();
    let mut out_ties = Vec::new();
    for (p, &due) in owed.iter().enumerate() {
        // (constituency, index of p in it, votes, seats so far)
        let mut at: Vec<(usize, usize, u64, u32)> = votes
            .iter()
            .enumerate()
            .filter_map(|(c, vs)| vs.iter().position(|&(q, v)| q == p && v > 0).map(|k| (c, k, vs[k].1, seats[c][k])))
            .collect();
        let mut left = due as usize;
        while left > 0 && !at.is_empty() {
            let figure = |e: &(usize, usize, u64, u32)| method.average(e.2, e.3);
            let best = at.iter().map(figure).max().expect("non-empty");
            let tied: Vec<usize> = (0..at.len()).filter(|&i| figure(&at[i]) == best).collect();
            let winners: Vec<usize> = if tied.len() <= left {
                tied.clone()
            } else {
                let votes_of: Vec<u64> = at.iter().map(|e| e.2).collect();
                let (won, t) = decide_between_constituencies(ties, &tied, left, &votes_of, p, best, |i| at[i].0);
                out_ties.extend(t);
                won
            };
            for &i in &winners {
                placed.push(Placed { constituency: at[i].0, party: p, quotient: best, order: 0 });
                at[i].3 += 1;
            }
            left -= winners.len();
        }
    }
    // Number the seats in the order of their figures, as a count sheet lists them.
    placed.sort_by(|a, b| b.quotient.cmp(&a.quotient).then(a.party.cmp(&b.party)).then(a.constituency.cmp(&b.constituency)));
    for (i, pl) in placed.iter_mut().enumerate() {
        pl.order = i as u32 + 1;
    }
    (placed, out_ties)
}

/// Places the compensatory seats one at a time in the national order of the tier's
/// figures ([`PlacementRule::NationalOrderShare`]; Iceland, lög nr. 24/2000 art. 108(2),
/// kosningalög nr. 112/2021 art. 110).
///
/// 1. The next seat goes to the party with the highest national figure
///    `national_votes(p) / d(lower(p) + seats it took so far)` by the tier's
///    `national_method` (the *landstölur*), among the parties still `owed` a seat (of those `qualifying`). With
///    `overhang = "exclude-and-recompute"` these are the tier's compensatory seats
///    exactly: the highest figures continued from the lower-tier seats.
/// 2. It is placed in the constituency, among those with a compensatory seat left
///    (`capacity`), where the party's figure `votes(p, c) / d(seats(p, c))` by the
///    placement `method`, as a share of the constituency's valid votes, is highest
///    (*hlutfallstölur*); seats(p, c) counts the list-tier seats and those already
///    placed there, and a party takes at most `max_per_constituency` there.
/// 3. A party left without a constituency loses its remaining national figures (art.
///    108(2)(6)); the seats it cannot take go to the next highest national figures of the
///    other parties, beyond what they were owed.
///
/// Equal national figures and equal shares go by the law's tie chain. Returns the seats
/// in the order they were placed, the ties between parties, and the ties between
/// constituencies.
#[allow(clippy::too_many_arguments)]
pub fn place_in_national_order(
    national_method: &Method,
    national_votes: &[u64],
    lower: &[u32],
    qualifying: &[bool],
    method: &Method,
    votes: &[Vec<(usize, u64)>],
    seats: &[Vec<u32>],
    capacity: &[u32],
    owed: &[u32],
    max_per_constituency: Option<u32>,
    ties: &mut TieBreaker,
) -> (Vec<Placed>, Vec<Tie>, Vec<ConstituencyTie>) {
    let n = owed.len();
    let valid: Vec<u128> = votes.iter().map(|vs| vs.iter().map(|&(_, v)| v as u128).sum()).collect();
    let mut left_c = capacity.to_vec();
    let mut placed_here: Vec<Vec<u32>> = votes.iter().map(|vs| vec![0; vs.len()]).collect();
    let mut taken = vec![0u32; n];
    let mut struck = vec![false; n];
    // Seats that struck parties could not take: they go on down the national order.
    let mut displaced = 0u32;
    let mut placed = Vec::new();
    let mut party_ties = Vec::new();
    let mut c_ties = Vec::new();
    let seats_left: usize = capacity.iter().map(|&c| c as usize).sum();
    while placed.len() < seats_left {
        let mut cands: Vec<usize> = (0..n).filter(|&p| !struck[p] && taken[p] < owed[p] && national_votes[p] > 0).collect();
        if cands.is_empty() {
            if displaced == 0 {
                break;
            }
            cands = (0..n).filter(|&p| !struck[p] && qualifying[p] && national_votes[p] > 0).collect();
            if cands.is_empty() {
                break;
            }
        }
        let figure = |p: usize| national_method.average(national_votes[p], lower.get(p).copied().unwrap_or(0) + taken[p]);
        let best = cands.iter().map(|&p| figure(p)).max().expect("non-empty");
        let tied: Vec<usize> = cands.iter().copied().filter(|&p| figure(p) == best).collect();
        let p = if tied.len() == 1 {
            tied[0]
        } else {
            let mark = ties.mark();
            let w = ties.decide(&tied, 1, national_votes, TieStage::Average { average: best })[0];
            party_ties.extend(ties.take_ties_since(mark));
            w
        };
        // The party's share figures in the constituencies that can still take its seat.
        let at: Vec<(usize, usize, Fraction, u64)> = votes
            .iter()
            .enumerate()
            .filter(|&(c, _)| left_c[c] > 0 && valid[c] > 0)
            .filter_map(|(c, vs)| {
                let k = vs.iter().position(|&(q, v)| q == p && v > 0)?;
                if max_per_constituency.is_some_and(|m| placed_here[c][k] >= m) {
                    return None;
                }
                let avg = method.average(vs[k].1, seats[c][k] + placed_here[c][k]);
                Some((c, k, Fraction::new(avg.num, avg.den * valid[c]), vs[k].1))
            })
            .collect();
        let Some(top) = at.iter().map(|e| e.2).max() else {
            // No constituency left for the party: its national figures are struck.
            struck[p] = true;
            displaced += owed[p].saturating_sub(taken[p]);
            continue;
        };
        let tied: Vec<usize> = (0..at.len()).filter(|&i| at[i].2 == top).collect();
        let i = if tied.len() == 1 {
            tied[0]
        } else {
            let votes_of: Vec<u64> = at.iter().map(|e| e.3).collect();
            let (won, t) = decide_between_constituencies(ties, &tied, 1, &votes_of, p, top, |i| at[i].0);
            c_ties.extend(t);
            won[0]
        };
        let (c, k, share, _) = at[i];
        left_c[c] -= 1;
        placed_here[c][k] += 1;
        if taken[p] >= owed[p] {
            displaced -= 1;
        }
        taken[p] += 1;
        placed.push(Placed { constituency: c, party: p, quotient: share, order: placed.len() as u32 + 1 });
    }
    (placed, party_ties, c_ties)
}

/// Decides by the law's tie chain which `places` of the `tied` entries (indices into
/// `votes`, entries of one party in several constituencies) go first, and records the
/// tie with constituency indices (`constituency(i)`).
fn decide_between_constituencies(
    ties: &mut TieBreaker,
    tied: &[usize],
    places: usize,
    votes: &[u64],
    party: usize,
    figure: Fraction,
    constituency: impl Fn(usize) -> usize,
) -> (Vec<usize>, Vec<ConstituencyTie>) {
    let mark = ties.mark();
    let won = ties.decide(tied, places, votes, crate::tie::TieStage::Average { average: figure });
    let recorded = ties
        .take_ties_since(mark)
        .into_iter()
        .map(|t| ConstituencyTie {
            party,
            figure,
            contenders: t.contenders.iter().map(|&i| constituency(i)).collect(),
            chosen: t.winners.iter().map(|&i| constituency(i)).collect(),
            decided_by: t.decided_by,
            seed: t.seed,
        })
        .collect();
    (won, recorded)
}

/// Returns the constituency seats of parties over their entitlement ([`Overhang::Return`];
/// Sweden, vallagen 14:5 as amended by SFS 2014:1384).
///
/// Each excess seat is the party's seat with the lowest comparison figure
/// (`votes / d(seats − 1)` by the list tier's `method`) among constituencies with at
/// least `min_seats` seats. The returned seats then go, the greatest comparison figure
/// first, to the other parties of their constituencies that are still below their
/// entitlement, by the same method; equal figures go by the law's tie chain. `seats[c]`
/// (the list tier's result) and `lower` (seats per party) are updated.
#[allow(clippy::too_many_arguments)]
pub fn return_seats(
    method: &Method,
    votes: &[Vec<(usize, u64)>],
    seats: &mut [Vec<u32>],
    list_seats: &[u32],
    min_seats: u32,
    entitlement: &[u32],
    qualifying: &[bool],
    lower: &mut [u32],
    ties: &mut TieBreaker,
) -> (Vec<Returned>, Vec<ConstituencyTie>, Vec<Tie>) {
    let mut out_ties = Vec::new();
    let mut pending: Vec<(usize, usize, Fraction)> = Vec::new(); // (constituency, from, figure)
    let over: Vec<usize> = (0..lower.len()).filter(|&p| qualifying[p] && lower[p] > entitlement[p]).collect();
    for p in over {
        while lower[p] > entitlement[p] {
            let held: Vec<(usize, usize, u64)> = votes
                .iter()
                .enumerate()
                .filter(|&(c, _)| list_seats[c] >= min_seats)
                .filter_map(|(c, vs)| vs.iter().position(|&(q, _)| q == p).filter(|&k| seats[c][k] > 0).map(|k| (c, k, vs[k].1)))
                .collect();
            if held.is_empty() {
                break; // nothing may be returned: the party keeps its seats
            }
            let figure = |&(c, k, v): &(usize, usize, u64)| method.average(v, seats[c][k] - 1);
            let low = held.iter().map(figure).min().expect("non-empty");
            let tied: Vec<usize> = (0..held.len()).filter(|&i| figure(&held[i]) == low).collect();
            let i = if tied.len() == 1 {
                tied[0]
            } else {
                // The lot (or the law's chain) decides which seat goes back (vallagen 14:2).
                let votes_of: Vec<u64> = held.iter().map(|e| e.2).collect();
                let (back, t) = decide_between_constituencies(ties, &tied, 1, &votes_of, p, low, |i| held[i].0);
                out_ties.extend(t);
                back[0]
            };
            let (c, k, _) = held[i];
            seats[c][k] -= 1;
            lower[p] -= 1;
            pending.push((c, p, low));
        }
    }
    let mut returned = Vec::new();
    let mut party_ties = Vec::new();
    while !pending.is_empty() {
        // Every possible taker of every returned seat: (figure, pending index, party's
        // index in the constituency). The greatest figure takes its seat first.
        let takers: Vec<(Fraction, usize, usize)> = pending
            .iter()
            .enumerate()
            .flat_map(|(j, &(c, from, _))| {
                let lower = &*lower;
                let seats = &*seats;
                votes[c]
                    .iter()
                    .enumerate()
                    .filter(move |&(_, &(q, v))| q != from && v > 0 && qualifying[q] && lower[q] < entitlement[q])
                    .map(move |(k, &(_, v))| (method.average(v, seats[c][k]), j, k))
            })
            .collect();
        let Some(top) = takers.iter().map(|t| t.0).max() else {
            // No party of these constituencies is below its entitlement: the seats stay.
            for (c, from, from_figure) in pending.drain(..) {
                let k = votes[c].iter().position(|&(q, _)| q == from).expect("the party held the seat");
                seats[c][k] += 1;
                lower[from] += 1;
                returned.push(Returned { constituency: c, from, from_figure, to: None, to_figure: None });
            }
            break;
        };
        let group: Vec<(Fraction, usize, usize)> = takers.into_iter().filter(|t| t.0 == top).collect();
        let (_, j, k) = if group.len() == 1 {
            group[0]
        } else {
            let party_of = |t: &(Fraction, usize, usize)| votes[pending[t.1].0][t.2].0;
            let votes_of: Vec<u64> = group.iter().map(|t| votes[pending[t.1].0][t.2].1).collect();
            let idx: Vec<usize> = (0..group.len()).collect();
            let mark = ties.mark();
            let w = ties.decide(&idx, 1, &votes_of, crate::tie::TieStage::Average { average: top })[0];
            for mut t in ties.take_ties_since(mark) {
                t.contenders = t.contenders.iter().map(|&i| party_of(&group[i])).collect();
                t.winners = t.winners.iter().map(|&i| party_of(&group[i])).collect();
                party_ties.push(t);
            }
            group[w]
        };
        let (c, from, from_figure) = pending.remove(j);
        let to = votes[c][k].0;
        seats[c][k] += 1;
        lower[to] += 1;
        returned.push(Returned { constituency: c, from, from_figure, to: Some(to), to_figure: Some(top) });
    }
    (returned, out_ties, party_ties)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tie::TieRule;

    fn tb() -> TieBreaker {
        TieBreaker::new(vec![TieRule::Lot], 7)
    }

    #[test]
    fn region_seats_go_down_one_ranking_of_every_quotient_within_both_caps() {
        // Sainte-Laguë. R0 has 1 seat, R1 2; party 0 is owed 1, party 1 owed 2.
        // Quotients: p0 R0 90, 30; R1 50; p1 R0 60, 20; R1 80, 26.7. 90 takes R0 (full,
        // p0 done); 80 takes R1 for p1; 60 (R0 full) and 50 (p0 done) are passed over;
        // 26.7 takes R1's last seat for p1.
        let votes = vec![vec![(0, 90), (1, 60)], vec![(0, 50), (1, 80)]];
        let seats = vec![vec![0, 0], vec![0, 0]];
        let (placed, ties, advance) = place_in_regions(&Method::SainteLague, &votes, &seats, &[1, 2], &[1, 2], &mut tb());
        let at: Vec<(usize, usize)> = placed.iter().map(|p| (p.constituency, p.party)).collect();
        assert_eq!(at, vec![(0, 0), (1, 1), (1, 1)]);
        assert_eq!(placed[2].quotient, Fraction::new(80, 3));
        assert!(ties.is_empty() && advance.is_empty());
        // Lower-tier seats in a region drop the party's first quotients there: with one
        // seat for p0 in R0 its figure there is 90 / 3 = 30, below its 50 in R1.
        let seats = vec![vec![1, 0], vec![0, 0]];
        let (placed, _, _) = place_in_regions(&Method::SainteLague, &votes, &seats, &[1, 2], &[1, 2], &mut tb());
        let at: Vec<(usize, usize)> = placed.iter().map(|p| (p.constituency, p.party)).collect();
        assert_eq!(at, vec![(1, 1), (0, 1), (1, 0)]);
    }

    #[test]
    fn a_party_absent_from_a_region_is_placed_in_advance_when_the_ranking_leaves_it_short() {
        // p0 has votes only in R0; p1's 100 there comes first and fills R0, so p0 would
        // get nothing. It is placed first (§ 78(3)), and p1 takes R1 with 80.
        let votes = vec![vec![(0, 10), (1, 100)], vec![(1, 80)]];
        let seats = vec![vec![0, 0], vec![0]];
        let (placed, _, advance) = place_in_regions(&Method::SainteLague, &votes, &seats, &[1, 1], &[1, 1], &mut tb());
        let at: Vec<(usize, usize)> = placed.iter().map(|p| (p.constituency, p.party)).collect();
        assert_eq!(at, vec![(0, 0), (1, 1)]);
        assert_eq!(advance, vec![0]);
    }

    #[test]
    fn equal_region_quotients_for_the_last_seat_are_a_tie() {
        let votes = vec![vec![(0, 50), (1, 50)]];
        let seats = vec![vec![0, 0]];
        let (placed, ties, _) = place_in_regions(&Method::SainteLague, &votes, &seats, &[1], &[1, 1], &mut tb());
        assert_eq!(placed.len(), 1);
        assert_eq!(ties.len(), 1);
        assert_eq!(ties[0].contenders, vec![0, 1]);
        assert_eq!(ties[0].winners, vec![placed[0].party]);
    }

    fn hare_tier(total_seats: u32) -> Compensation {
        Compensation {
            total_seats,
            method: Method::LargestRemainder(crate::method::Quota::Hare),
            lower_tier: LowerTier::Constituencies,
            overhang: Overhang::ExcludeAndRecompute,
            threshold: None,
            deduct_non_qualifying: true,
            placement: None,
            article: None,
            lower_apportionment: None,
            non_qualifying_winners: NonQualifyingWinners::Seated,
            return_min_seats: 0,
            level_up: None,
        }
    }

    #[test]
    fn largest_remainders_share_the_tier_and_an_over_represented_party_leaves() {
        // Hare on 10 seats: quota 100, shares 6, 3, 1. Party 0 won 7: it keeps them and
        // leaves; 3 seats for 300 and 100 votes, quota 133.3: 2 + remainder 33.3 and
        // 0 + remainder 100, so the remainder seat goes to party 2.
        let r = distribute(&hare_tier(10), &[600, 300, 100], &[7, 0, 0], &[true; 3], &mut tb(), true);
        assert_eq!(r.rounds[0].entitlement, vec![6, 3, 1]);
        assert_eq!(r.removed, vec![0]);
        assert_eq!(r.seats, vec![7, 2, 1]);
        assert_eq!(r.compensatory, vec![0, 2, 1]);
        let rem = r.rounds[1].remainders.as_ref().expect("the round records its remainders");
        assert_eq!(rem.quota, Fraction::new(400, 3));
        assert_eq!(rem.integer_seats, vec![2, 0]);
        assert!(r.rounds[1].averages.is_empty());
        // Without steps the figures are not kept, the seats are the same.
        let quiet = distribute(&hare_tier(10), &[600, 300, 100], &[7, 0, 0], &[true; 3], &mut tb(), false);
        assert_eq!(quiet.seats, r.seats);
        assert!(quiet.rounds.iter().all(|x| x.remainders.is_none()));
    }

    #[test]
    fn a_party_places_its_seats_where_its_own_figures_are_highest() {
        // Sainte-Laguë divisors 1, 3, 5: party 0 has 1 seat in c0 (100 / 3 = 33.3), none
        // in c1 (60) and c2 (50); its two seats go to c1, then c2 (c1's next is 20).
        let votes = vec![vec![(0, 100), (1, 90)], vec![(0, 60), (1, 10)], vec![(0, 50)]];
        let seats = vec![vec![1, 1], vec![0, 0], vec![0]];
        let (placed, ties) = place_by_party(&Method::SainteLague, &votes, &seats, &[2, 0], &mut tb());
        let at: Vec<(usize, usize)> = placed.iter().map(|p| (p.constituency, p.party)).collect();
        assert_eq!(at, vec![(1, 0), (2, 0)]);
        assert_eq!(placed[0].quotient, Fraction::integer(60));
        assert!(ties.is_empty());
        // Owed 3: the third goes to c0 (33.3) before c1's second (20).
        let (placed, _) = place_by_party(&Method::SainteLague, &votes, &seats, &[3, 0], &mut tb());
        assert_eq!(placed.iter().filter(|p| p.constituency == 0).count(), 1);
    }

    #[test]
    fn equal_figures_in_more_constituencies_than_seats_left_are_a_tie() {
        let votes = vec![vec![(0, 60)], vec![(0, 60)], vec![(0, 10)]];
        let seats = vec![vec![0], vec![0], vec![0]];
        let (placed, ties) = place_by_party(&Method::SainteLague, &votes, &seats, &[1], &mut tb());
        assert_eq!(placed.len(), 1);
        assert_eq!(ties.len(), 1);
        assert_eq!(ties[0].contenders, vec![0, 1]);
        assert_eq!(ties[0].chosen, vec![placed[0].constituency]);
        assert_eq!(ties[0].decided_by, TieRule::Lot);
        // With two seats left both get one: no tie to decide.
        let (placed, ties) = place_by_party(&Method::SainteLague, &votes, &seats, &[2], &mut tb());
        assert_eq!(placed.len(), 2);
        assert!(ties.is_empty());
    }

    #[test]
    fn seats_follow_the_national_order_and_go_where_the_share_is_highest() {
        // Two constituencies, one leveling seat each. National figures (D'Hondt on one
        // constituency seat each): A 300 / 2 = 150 first, B 200 / 2 = 100 next.
        // A's shares: c0 100 / 2 of 400 = 1/8, c1 200 / 1 of 800 = 1/4: c1. B takes c0,
        // the constituency left (300 / 1 of 400 = 3/4).
        let votes = vec![vec![(0, 100), (1, 300)], vec![(0, 200), (1, 200), (2, 400)]];
        let seats = vec![vec![1, 0], vec![0, 1, 0]];
        let (placed, pt, ct) = place_in_national_order(&Method::DHondt, &[300, 200, 400], &[1, 1, 1], &[true; 3], &Method::DHondt, &votes, &seats, &[1, 1], &[1, 1, 0], None, &mut tb());
        let at: Vec<(usize, usize)> = placed.iter().map(|p| (p.party, p.constituency)).collect();
        assert_eq!(at, vec![(0, 1), (1, 0)]);
        assert_eq!(placed[0].quotient, Fraction::new(1, 4));
        assert_eq!(placed[1].quotient, Fraction::new(3, 4));
        assert!(pt.is_empty() && ct.is_empty());
    }

    #[test]
    fn a_party_without_a_constituency_left_passes_its_seat_down_the_national_order() {
        // One constituency with two leveling seats; party 0 may take one there at most.
        // Owed 2 to party 0, 0 to party 1: the second goes to party 1, the next figure.
        let votes = vec![vec![(0, 100), (1, 60)]];
        let seats = vec![vec![0, 0]];
        let (placed, _, _) = place_in_national_order(&Method::DHondt, &[100, 60], &[0, 0], &[true; 2], &Method::DHondt, &votes, &seats, &[2], &[2, 0], Some(1), &mut tb());
        let parties: Vec<usize> = placed.iter().map(|p| p.party).collect();
        assert_eq!(parties, vec![0, 1]);
    }

    #[test]
    fn excess_seats_are_returned_where_the_figure_is_lowest_and_go_to_a_party_below_its_share() {
        // D'Hondt. Party A holds 3 seats in c0 (3 seats) and entitlement 2; B is one
        // short, C has its share. A's lowest figure is its third seat in c0 (100 / 3);
        // B takes it there with 30 (C is not below its share).
        let votes = vec![vec![(0, 100), (1, 30), (2, 20)], vec![(0, 10), (1, 50), (2, 40)]];
        let mut seats = vec![vec![3, 0, 0], vec![0, 1, 1]];
        let mut lower = vec![3, 1, 1];
        let (returned, _, _) = return_seats(&Method::DHondt, &votes, &mut seats, &[3, 2], 3, &[2, 2, 1], &[true; 3], &mut lower, &mut tb());
        assert_eq!(seats, vec![vec![2, 1, 0], vec![0, 1, 1]]);
        assert_eq!(lower, vec![2, 2, 1]);
        assert_eq!(returned.len(), 1);
        assert_eq!((returned[0].constituency, returned[0].from, returned[0].to), (0, 0, Some(1)));
        assert_eq!(returned[0].from_figure, Fraction::new(100, 3));
        assert_eq!(returned[0].to_figure, Some(Fraction::integer(30)));
    }

    #[test]
    fn no_seat_is_returned_in_a_small_constituency() {
        let votes = vec![vec![(0, 100), (1, 30), (2, 20)], vec![(0, 10), (1, 50), (2, 40)]];
        let mut seats = vec![vec![3, 0, 0], vec![0, 1, 1]];
        let mut lower = vec![3, 1, 1];
        let (returned, _, _) = return_seats(&Method::DHondt, &votes, &mut seats, &[3, 2], 4, &[2, 2, 1], &[true; 3], &mut lower, &mut tb());
        assert!(returned.is_empty());
        assert_eq!(lower, vec![3, 1, 1]);
    }
}
