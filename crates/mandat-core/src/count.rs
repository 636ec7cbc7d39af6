//! The count: an [`Election`] under a [`Law`] gives an [`Outcome`], a typed record of
//! every step of the legal procedure, tier by tier:
//!
//! 1. seats per constituency from population, when the law apportions them;
//! 2. the list tier, per constituency or nationally: threshold, then the method among
//!    the lists that take part (lists in an alliance pooled, then split);
//! 3. the compensation tier, when the law has one (leveling seats, MMP, upper
//!    apportionment), and the placement of its seats into constituencies;
//! 4. the lower apportionment of each party's seats to its regional lists, with the
//!    coverage of single-member winners ([`crate::regional`]).

use serde::Serialize;

use crate::compensation::{distribute, place, place_by_party, place_in_national_order, place_in_regions, CompensationReport, ConstituencyTie, LowerTier, Overhang, Placed, PlacementRule, RegionStep};
use crate::election::{ConstituencyVotes, Election};
use crate::exact::Fraction;
use crate::law::{ApportionBy, Base, Condition, IfOnlyOnePasses, Law, Level, ResultsSeats, Threshold};
use crate::method::{award_order, highest_averages_weighted, quota_allocation_averages, quota_allocation_capped_of, quota_allocation_of, AverageSeat, Leftover, Method, QuotaRounding, RemainderAllocation};
use crate::tie::{Tie, TieBreaker};

/// Why an election cannot be counted under a law.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CountError {
    #[error("constituency {0:?}: the results give no seats and the law fixes none for it")]
    NoSeats(String),
    #[error("constituency {constituency:?} is not one of the law's constituencies ({known})")]
    UnknownConstituency { constituency: String, known: String },
    #[error("constituency {constituency:?}: the results declare {declared} {what} but the law fixes {law}; results of another election or law are refused (a law whose seats change by decree says results_seats = \"use\"; to ask what other seats would give, use --set seats=N)")]
    SeatsMismatch { constituency: String, what: &'static str, declared: u32, law: u32 },
    #[error("the law's constituency {constituency:?} is missing from the results, and {why}")]
    MissingConstituency { constituency: String, why: &'static str },
    #[error("{0}")]
    Parameter(String),
    /// The results name independent candidates (Romania's `independents`), but no tier of
    /// the law counts them apart: counted as lists, they could take list seats.
    #[error("the results name independent candidates ({0}), but this law counts none apart: only a quota tier with `quota_base = \"lists-taking-part-and-independents\"` does (Romania, Law 208/2015); counted as lists, they could take list seats")]
    IndependentsNotCounted(String),
    #[error("constituency {0:?}: the law's threshold is a share of ballots cast, but the results give no `ballots_cast`")]
    NeedsBallotsCast(String),
    #[error("constituency {0:?}: the law's threshold is a share of the registered voters, but the results give no `registered`")]
    NeedsRegistered(String),
    #[error("the law allocates seats nationally but fixes no `seats` and the results give no single total")]
    NoNationalSeats,
    #[error("the results have no constituency")]
    Empty,
    #[error("constituency {0:?} has no seats for the list tier")]
    ZeroSeats(String),
    #[error("the law apportions seats by population, but constituency {0:?} has no population")]
    NoPopulation(String),
    #[error("the law's mixed-member tier needs the electorate seats won (`electorate_seats` in the results)")]
    NoElectorateSeats,
    #[error("the law has neither a list tier ([allocation]) nor a compensation tier")]
    NoTier,
    #[error("district {district:?}: {why}")]
    TwoRound { district: String, why: String },
    #[error(transparent)]
    Regional(#[from] crate::regional::RegionalError),
    #[error(transparent)]
    Biproportional(#[from] crate::biproportional::BiproportionalError),
}

/// The result of a count, with its proof.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Outcome {
    pub parties: Vec<String>,
    /// Votes per party over all constituencies.
    pub votes: Vec<u64>,
    /// Seats per constituency from population, when the law apportions them.
    pub apportionment: Option<ApportionmentReport>,
    /// The list tier: one contest per constituency (or one national contest).
    pub contests: Vec<Contest>,
    /// The compensation tier, when the law has one.
    pub compensation: Option<CompensationReport>,
    /// Seats per party over all tiers.
    pub total: Vec<u32>,
    /// The seed of the lot, printed with every result so that it can be reproduced.
    pub seed: u64,
    /// Each party's seats per region and the single-member winners seated or not, when
    /// the compensation tier has a lower apportionment.
    pub regional: Option<crate::regional::RegionalReport>,
    /// The biproportional count, when the law has one (districts are then `contests`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub biproportional: Option<crate::biproportional::BiproportionalReport>,
    /// The single-member districts, when the law has a `[single_member]` tier.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub single_member: Vec<crate::single_member::District>,
    /// The law's constituencies that the results do not have: a partial count, which
    /// the count allows only where every constituency is counted on its own.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_counted: Vec<String>,
    /// The national round on the constituencies' pooled remainders, when the law has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pooled: Option<crate::pooled::PooledReport>,
    /// The majority bonus, when the law has one (included in `total`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bonus: Option<crate::bonus::BonusReport>,
    /// District votes passed on to the national list allocation, when the law's
    /// `[single_member]` tier transfers them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transfer: Option<crate::single_member::TransferReport>,
    /// The constituencies counted from ranked ballots, when the law has `[ranked]`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ranked: Vec<crate::ranked_tier::RankedContest>,
    /// The seats added after the divisions' count, when the law has `[additional_seats]`
    /// (included in `total`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additional: Option<crate::additional_seats::AdditionalReport>,
}

impl Outcome {
    /// Seats of the whole assembly (overhang and independents included).
    pub fn house_size(&self) -> u32 {
        self.total.iter().sum()
    }

    /// Disproportionality and fragmentation indices of the result.
    pub fn indices(&self) -> crate::analysis::indices::Indices {
        crate::analysis::indices::Indices::new(&self.votes, &self.total)
    }
}

/// Constituency seats apportioned from population.
#[derive(Clone, Debug, Serialize)]
pub struct ApportionmentReport {
    pub constituencies: Vec<String>,
    /// What the seats were shared in proportion to: population, or valid votes.
    pub by: ApportionBy,
    /// Seats each constituency got before the proportional share.
    pub min_seats: u32,
    /// The figure of each constituency (population, or valid votes, as `by` says).
    pub population: Vec<u64>,
    pub seats: Vec<u32>,
    pub allocation: AllocationReport,
    pub ties: Vec<Tie>,
}

/// One allocation of seats among lists: a constituency, or the nation.
#[derive(Clone, Debug, Serialize)]
pub struct Contest {
    pub name: String,
    /// Seats of the list tier.
    pub seats: u32,
    /// The parties standing, as indices into [`Outcome::parties`], in list order.
    pub parties: Vec<usize>,
    pub votes: Vec<u64>,
    /// List-tier seats per standing party (same order as `parties`).
    pub result: Vec<u32>,
    /// Compensatory seats placed here per standing party (same order as `parties`).
    pub leveling: Vec<u32>,
    pub threshold: Option<ThresholdReport>,
    /// The lists as the allocation saw them: each unit is one list, or the lists of an
    /// alliance pooled (indices into `parties`).
    pub units: Vec<Vec<usize>>,
    /// The allocation among the units (indices into `units`).
    pub allocation: AllocationReport,
    /// How the seats of each alliance were split among its lists.
    pub splits: Vec<Split>,
    /// Ties, with contenders and winners as indices into `units` (allocation) or
    /// `parties` (splits).
    pub ties: Vec<Tie>,
    /// Lists that reached their capacity (the results' `list_capacity`: candidates who can
    /// still be elected) before the method would have stopped giving them seats: (index
    /// into `parties`, capacity). Their further averages went to the other lists.
    pub capped: Vec<(usize, u32)>,
    /// With `continue_from` ([`crate::law::ContinueFrom`]): the seats each standing party
    /// already held here (same order as `parties`), from which its divisors continued;
    /// they are in the totals, not in `result`. Empty otherwise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub continued_from: Vec<u32>,
    /// District votes added to each standing party's list votes for the allocation (same
    /// order as `parties`; empty when the law transfers none). The threshold measures
    /// `votes` alone.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub transferred: Vec<u64>,
    /// Seats won by minority lists at a fraction of the quota, when the law has
    /// `[preferential]` seats.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preferential: Option<crate::preferential::PreferentialReport>,
    /// With `[allocation.alliance_bar]`: each alliance's counted votes against the bar,
    /// and whether it was pooled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alliance_bar: Option<AllianceBarReport>,
}

/// How the alliances were measured against the law's `alliance_bar`
/// ([`crate::law::AllianceBar`]).
#[derive(Clone, Debug, Serialize)]
pub struct AllianceBarReport {
    /// The valid votes the shares are taken of.
    pub base: u64,
    /// The smallest counted votes that reach the alliance bar, exactly.
    pub bar: Fraction,
    /// The smallest votes with which a list counts for its alliance (None: every list).
    pub counted_from: Option<Fraction>,
    pub alliances: Vec<AllianceMeasure>,
    pub article: Option<String>,
}

/// One alliance measured against the bar.
#[derive(Clone, Debug, Serialize)]
pub struct AllianceMeasure {
    /// Its lists that stand here (indices into the contest's `parties`).
    pub lists: Vec<usize>,
    /// Those whose votes count for it (indices into `parties`).
    pub counted: Vec<usize>,
    /// The votes of the counted lists.
    pub votes: u64,
    /// Whether one of its lists passes the lists' threshold.
    pub has_list_over_threshold: bool,
    /// Pooled as one unit: its votes reach the bar and one of its lists passes.
    pub pooled: bool,
}

/// The split of an alliance's seats among its lists, by the allocation's method; with
/// sub-alliances, first among the sub-alliances and the other lists, then inside each
/// sub-alliance.
#[derive(Clone, Debug, Serialize)]
pub struct Split {
    /// The alliance (index into the contest's `units`).
    pub unit: usize,
    /// The lists whose seats are split (indices into the contest's `parties`): the whole
    /// alliance, or one of its sub-alliances.
    pub of: Vec<usize>,
    /// Among whom: each a list, or a sub-alliance's lists (indices into `parties`).
    pub among: Vec<Vec<usize>>,
    pub seats: u32,
    /// Every average that won, with `party` an index into `among`.
    pub averages: Vec<AverageSeat>,
    /// The seats of each of `among`.
    pub shares: Vec<u32>,
    /// Ties, with contenders and winners as indices into `among`.
    pub ties: Vec<Tie>,
}

/// How the threshold was applied.
#[derive(Clone, Debug, Serialize)]
pub struct ThresholdReport {
    pub conditions: Vec<ConditionReport>,
    /// For each party considered: whether it takes part.
    pub passed: Vec<bool>,
    /// Parties exempt from the threshold (by the law's `exempt` list).
    pub exempt: Vec<bool>,
    /// A list admitted because it was the only other one (see [`IfOnlyOnePasses`]).
    pub runner_up_admitted: Option<usize>,
    /// Lists admitted in order of votes until those taking part reached the law's share
    /// (see [`crate::law::AdmitUntil`]), in the order admitted.
    pub admitted_until: Vec<usize>,
    /// With `admit_until`: the votes of the lists taking part before any was admitted,
    /// and the bar they had to reach (`share` of the base).
    pub admit_until_measure: Option<(u64, Fraction)>,
    pub article: Option<String>,
}

/// One condition of the threshold as measured.
#[derive(Clone, Debug, Serialize)]
pub struct ConditionReport {
    pub condition: Condition,
    /// The lists the condition applies to (by the number of parties forming them).
    pub for_lists: crate::law::Members,
    /// The base the share is taken of (votes); the votes per seat for a quota; 0 for
    /// seats won.
    pub base: u64,
    /// The smallest figure that meets the condition, exactly.
    pub bar: Fraction,
    /// What each party is measured with: votes (national or constituency), or seats
    /// won for a `seats_won` condition.
    pub measured: Vec<u64>,
    pub met: Vec<bool>,
}

/// The allocation among the lists that take part.
#[allow(clippy::large_enum_variant)] // one per contest, built once per count
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum AllocationReport {
    /// Highest averages: every seat with the average that won it, in order.
    Averages { method: String, squared: bool, seats: Vec<AverageSeat> },
    /// Largest remainders: quota, integer parts, remainders.
    Remainders { method: String, detail: RemainderAllocation },
}

impl AllocationReport {
    pub fn method(&self) -> &str {
        match self {
            AllocationReport::Averages { method, .. } | AllocationReport::Remainders { method, .. } => method,
        }
    }

    /// Allocates `seats` among `votes` by `method`, recording every step (the order of
    /// the averages only when `steps`).
    fn run(method: &Method, votes: &[u64], seats: u32, ties: &mut TieBreaker, steps: bool) -> (Vec<u32>, AllocationReport) {
        Self::run_with(method, QuotaRounding::Exact, true, Leftover::LargestRemainders, None, None, votes, None, seats, ties, steps)
    }

    /// [`AllocationReport::run`] with a quota method's rounding, and without its
    /// remainder seats when they are pooled (`fill` false).
    /// `base`: the votes the quota is computed on, when not the sum of `votes`.
    #[allow(clippy::too_many_arguments)]
    /// `min_quotas`: with leftover seats by highest averages, the quotas a list needs to
    /// take part in them.
    fn run_with(method: &Method, rounding: QuotaRounding, fill: bool, leftover: Leftover, max_remainder_seats: Option<u32>, min_quotas: Option<Fraction>, votes: &[u64], base: Option<u128>, seats: u32, ties: &mut TieBreaker, steps: bool) -> (Vec<u32>, AllocationReport) {
        match method {
            Method::LargestRemainder(q) => {
                let detail = match (max_remainder_seats, min_quotas) {
                    (Some(k), _) if fill => quota_allocation_capped_of(*q, rounding, k, votes, base, seats, ties),
                    (_, Some(m)) if fill && leftover == Leftover::HighestAverages => quota_allocation_averages(*q, rounding, m, votes, base, seats, ties),
                    _ => quota_allocation_of(*q, rounding, fill, leftover, votes, base, seats, ties),
                };
                (detail.seats.clone(), AllocationReport::Remainders { method: method.name().to_string(), detail })
            }
            m => {
                let s = m.allocate(votes, seats, ties);
                let order = if steps { award_order(m, votes, &s) } else { Vec::new() };
                (s, AllocationReport::Averages { method: if steps { method.to_string() } else { String::new() }, squared: m.squared_averages(), seats: order })
            }
        }
    }
}

/// Counts `election` under `law`. `seed` is the seed of any drawing of lots.
///
/// ```
/// use mandat_core::{count::count, election::Election};
/// let law = mandat_core::law::Law::example(); // D'Hondt, no threshold
/// let e = Election::single("c", &[("A", 40), ("B", 30), ("C", 20)], Some(4));
/// let out = count(&law, &e, 0).unwrap();
/// assert_eq!(out.total, vec![2, 1, 1]);
/// ```
pub fn count(law: &Law, election: &Election, seed: u64) -> Result<Outcome, CountError> {
    count_with(law, election, seed, true)
}

/// [`count`], with `steps = false` for callers that only read seat totals (simulations):
/// the same procedure, without what no total depends on — the order in which averages
/// won their seats, and the placement of compensatory seats into constituencies.
pub fn count_with(law: &Law, election: &Election, seed: u64, steps: bool) -> Result<Outcome, CountError> {
    count_inner(law, election, seed, steps, &[])
}

/// [`count_with`], with `transfer`: votes per party that districts passed on to the
/// national list allocation (empty: none).
fn count_inner(law: &Law, election: &Election, seed: u64, steps: bool, transfer: &[u64]) -> Result<Outcome, CountError> {
    if !election.independents.is_empty() && !law.allocation.as_ref().is_some_and(crate::law::Allocation::counts_independents) {
        let names: Vec<&str> = election.independents.iter().map(|&p| election.parties[p].as_str()).collect();
        return Err(CountError::IndependentsNotCounted(names.join(", ")));
    }
    if let Some(b) = &law.biproportional {
        return crate::biproportional::count(law, b, election, seed);
    }
    if let Some(r) = &law.ranked {
        let mut out = crate::ranked_tier::count(law, r, election, seed)?;
        if let Some(a) = &law.additional_seats {
            // The divisions' members counted from the ballots, then art. 52(1) on the
            // parties' first preferences.
            let valid = election.constituencies.iter().map(|c| c.valid_votes()).sum();
            add_seats(&mut out, a, valid);
        }
        return Ok(out);
    }
    if let Some(a) = &law.additional_seats {
        return count_given_divisions(law, a, election, seed);
    }
    if let Some(sm) = &law.single_member {
        return count_with_districts(law, sm, election, seed, steps);
    }
    if election.constituencies.is_empty() {
        return Err(CountError::Empty);
    }
    if law.allocation.is_none() && law.compensation.is_none() {
        return Err(CountError::NoTier);
    }
    let not_counted = match_constituencies(law, election)?;
    if election.national_totals.is_some() {
        let national_tier = law.allocation.as_ref().is_some_and(|a| a.level == Level::National);
        if national_tier || law.compensation.is_some() || law.single_member.is_some() || law.biproportional.is_some() {
            return Err(CountError::Parameter("the results' `national_votes` measure national thresholds of a list tier counted per constituency; a national list tier, a compensation tier, single-member districts or a biproportional apportionment need every constituency's votes instead".into()));
        }
    }
    let n = election.parties.len();
    let national_votes = election.national_votes();
    let national = pool(election);
    let mut ties = TieBreaker::new(law.ties.chain.clone(), seed);

    // 1. Seats per constituency from population.
    let apportionment = apportion(law, election, &mut ties, steps)?;
    let law_seats = |name: &str| -> Option<(u32, u32)> {
        let i = law.constituencies.iter().position(|c| c.name == name)?;
        let c = &law.constituencies[i];
        let seats = apportionment.as_ref().map_or(c.seats.0, |a| a.seats[i]);
        Some((seats, c.leveling_seats))
    };

    // 2. The list tier (after a majority bonus, which it does not share).
    let mut contests = Vec::new();
    let mut bonus_report = None;
    if let Some(alloc) = &law.allocation {
        match alloc.level {
            Level::Constituency => {
                if transfer.iter().any(|&t| t > 0) || law.preferential.is_some() {
                    return Err(CountError::Parameter("district votes passed on to the lists (`[single_member] transfer`) and `[preferential]` seats need a national list tier (`[allocation] level = \"national\"`)".into()));
                }
                // National figures given with a partial count measure national thresholds.
                let (t_national, t_votes) = match &election.national_totals {
                    Some(nt) => (
                        ConstituencyVotes {
                            name: "national".into(),
                            votes: (0..n).filter(|&p| nt.votes[p] > 0).map(|p| (p, nt.votes[p])).collect(),
                            total_valid_votes: Some(nt.total_valid_votes),
                            ..Default::default()
                        },
                        nt.votes.clone(),
                    ),
                    None => (national.clone(), national_votes.clone()),
                };
                for c in &election.constituencies {
                    let seats = list_tier_seats(law, election, c, &law_seats)?;
                    contests.push(contest(law, election, c, &t_national, &t_votes, seats, &[], &mut ties, steps)?);
                }
            }
            Level::National => {
                let mut seats = national_seats(law, election)?;
                if let Some(b) = &law.bonus {
                    let report = bonus(b, &national_votes, national.valid_votes(), &mut ties);
                    seats = seats.checked_sub(report.seats).ok_or_else(|| CountError::Parameter(format!("the bonus of {} seats is more than the {seats} seats", report.seats)))?;
                    bonus_report = Some(report);
                }
                contests.push(contest(law, election, &national, &national, &national_votes, seats, transfer, &mut ties, steps)?);
            }
        }
    }
    // 2b. Seats left by the constituencies' quota round, shared nationally.
    let pooled = match law.allocation.as_ref().and_then(|a| a.pooled_remainders.as_ref()) {
        Some(p) => Some(crate::pooled::run(p, &mut contests, &election.parties, &national_votes, national.valid_votes(), &mut ties).map_err(CountError::Parameter)?),
        None => None,
    };
    let mut list_total = vec![0u32; n];
    for c in &contests {
        for (&p, &s) in c.parties.iter().zip(&c.result) {
            list_total[p] += s;
        }
    }
    if let Some(b) = &bonus_report {
        list_total[b.party] += b.seats;
    }
    // Seats of a continued national round stay national (Estonia's compensation mandates).
    if let Some(p) = &pooled {
        for (t, s) in list_total.iter_mut().zip(crate::pooled::national_seats(p, n)) {
            *t += s;
        }
    }
    // 2c. The single-member seats the list tier continued from (additional member
    // system) are members too: every party's (independents' included) in the totals.
    if law.allocation.as_ref().is_some_and(|a| a.continue_from.is_some()) {
        if election.constituencies.iter().all(|c| c.electorate_seats.is_empty()) {
            return Err(CountError::NoElectorateSeats);
        }
        for c in &election.constituencies {
            for &(p, s) in &c.electorate_seats {
                list_total[p] += s;
            }
        }
    }

    // 3. The compensation tier.
    let compensation = match &law.compensation {
        None => None,
        Some(comp) => {
            let lower: Vec<u32> = match comp.lower_tier {
                LowerTier::Constituencies => list_total.clone(),
                LowerTier::Electorates => {
                    let mut won = vec![0u32; n];
                    let mut any = false;
                    for c in &election.constituencies {
                        for &(p, s) in &c.electorate_seats {
                            won[p] += s;
                            any = true;
                        }
                    }
                    if !any {
                        return Err(CountError::NoElectorateSeats);
                    }
                    won
                }
            };
            let all: Vec<usize> = (0..n).collect();
            let threshold = comp
                .threshold
                .as_ref()
                .map(|t| evaluate(t, &all, &national_votes, &national, &national, &national_votes, comp.total_seats, Some(&lower), election))
                .transpose()?;
            let qualifying: Vec<bool> = match &threshold {
                Some(t) => t.passed.clone(),
                None => national_votes.iter().map(|&v| v > 0).collect(),
            };
            let mut report = distribute(comp, &national_votes, &lower, &qualifying, &mut ties, steps);
            report.threshold = threshold;
            if comp.overhang == Overhang::LevelUp {
                report.level_up = Some(level_up(comp, election, &mut report, &national_votes, &qualifying, &law_seats, &mut ties, steps)?);
            }
            // The constituencies' votes and seats, for returned seats and placement only
            // (an MMP count or a simulation without placement needs neither).
            let places = comp.overhang == Overhang::Return || (comp.placement.is_some() && steps);
            let votes: Vec<Vec<(usize, u64)>> = if places { contests.iter().map(|c| c.parties.iter().copied().zip(c.votes.iter().copied()).collect()).collect() } else { Vec::new() };
            let list_seats: Vec<u32> = if places { contests.iter().map(|c| c.seats).collect() } else { Vec::new() };
            if let (Overhang::Return, Some(alloc)) = (comp.overhang, &law.allocation) {
                let mut seats: Vec<Vec<u32>> = contests.iter().map(|c| c.result.clone()).collect();
                report.settle_returns(&alloc.method, &votes, &mut seats, &list_seats, comp.return_min_seats, &mut ties);
                for (c, s) in contests.iter_mut().zip(seats) {
                    c.result = s;
                }
            }
            if let (Some(pl), true) = (&comp.placement, steps) {
                let seats: Vec<Vec<u32>> = contests.iter().map(|c| c.result.clone()).collect();
                let capacity: Vec<u32> = election
                    .constituencies
                    .iter()
                    .map(|c| c.leveling_seats.or_else(|| law_seats(&c.name).map(|s| s.1)).unwrap_or(0))
                    .collect();
                let (placed, placement_ties) = match pl.rule {
                    PlacementRule::RelativeQuotient => place(&pl.method, &votes, &seats, &list_seats, &capacity, &report.compensatory, &mut ties),
                    PlacementRule::PartyHighestAverages => match &pl.regions {
                        None => {
                            let (placed, c_ties) = place_by_party(&pl.method, &votes, &seats, &report.compensatory, &mut ties);
                            report.constituency_ties.extend(c_ties);
                            (placed, Vec::new())
                        }
                        Some(step) => {
                            let (placed, region_placed, advance, c_ties, r_ties) = place_by_region(step, &pl.method, election, &votes, &seats, &report.compensatory, n, &mut ties)?;
                            report.constituency_ties.extend(c_ties);
                            report.region_placement = region_placed;
                            report.regions = step.regions.iter().map(|g| g.name.clone()).collect();
                            report.region_advance = advance;
                            (placed, r_ties)
                        }
                    },
                    PlacementRule::NationalOrderShare => {
                        let (placed, p_ties, c_ties) = place_in_national_order(
                            &comp.method,
                            &national_votes,
                            &report.lower,
                            &report.qualifying,
                            &pl.method,
                            &votes,
                            &seats,
                            &capacity,
                            &report.compensatory,
                            pl.max_per_constituency,
                            &mut ties,
                        );
                        report.constituency_ties.extend(c_ties);
                        // A party left without a constituency passes its seats down the
                        // national order: the seats placed are the compensatory seats.
                        let mut got = vec![0u32; n];
                        for pcd in &placed {
                            got[pcd.party] += 1;
                        }
                        if placed.len() as u32 == report.compensatory.iter().sum::<u32>() {
                            for p in 0..n {
                                report.seats[p] = report.seats[p] - report.compensatory[p] + got[p];
                                report.compensatory[p] = got[p];
                            }
                            report.house_size = report.seats.iter().sum();
                        }
                        (placed, p_ties)
                    }
                };
                for pcd in &placed {
                    let c = &mut contests[pcd.constituency];
                    if let Some(k) = c.parties.iter().position(|&p| p == pcd.party) {
                        c.leveling[k] += 1;
                    }
                }
                report.placement = placed;
                report.ties.extend(placement_ties);
            }
            Some(report)
        }
    };
    // 4. Lower apportionment to regional lists and coverage of single-member winners.
    let mut compensation = compensation;
    let regional = match (law.compensation.as_ref().and_then(|c| c.lower_apportionment.as_ref()), compensation.as_mut()) {
        (Some(la), Some(report)) => Some(crate::regional::apportion(la, election, report, &mut ties)?),
        _ => None,
    };
    let total = match &compensation {
        Some(r) => r.seats.clone(),
        None => list_total,
    };
    Ok(Outcome {
        parties: election.parties.clone(),
        votes: national_votes,
        apportionment,
        contests,
        compensation,
        total,
        seed,
        regional,
        biproportional: None,
        single_member: Vec::new(),
        not_counted,
        pooled,
        bonus: bonus_report,
        transfer: None,
        ranked: Vec::new(),
        additional: None,
    })
}

/// Adds the seats of `[additional_seats]` to a count of the divisions.
fn add_seats(out: &mut Outcome, a: &crate::additional_seats::AdditionalSeats, valid: u64) {
    let report = a.apply(&out.votes, valid, &out.total);
    for (t, s) in out.total.iter_mut().zip(&report.added) {
        *t += s;
    }
    out.additional = Some(report);
}

/// `[additional_seats]` on the divisions' seats as the results give them
/// (`electorate_seats`, summed over the results' constituencies) and the first-count
/// votes (`votes`): the divisions' own count is not repeated.
fn count_given_divisions(law: &Law, a: &crate::additional_seats::AdditionalSeats, election: &Election, seed: u64) -> Result<Outcome, CountError> {
    if election.constituencies.is_empty() {
        return Err(CountError::Empty);
    }
    let not_counted = match_constituencies(law, election)?;
    let n = election.parties.len();
    let mut won = vec![0u32; n];
    for c in &election.constituencies {
        for &(p, s) in &c.electorate_seats {
            won[p] += s;
        }
    }
    let elected: u32 = won.iter().sum();
    if elected == 0 {
        return Err(CountError::Parameter("the law adds seats to those elected in the divisions: the results give them per party (`electorate_seats`)".into()));
    }
    if let Some(law_seats) = law.seats.as_ref().map(|s| s.0) {
        if elected != law_seats {
            return Err(CountError::SeatsMismatch { constituency: "the divisions".into(), what: "seats elected (`electorate_seats`)", declared: elected, law: law_seats });
        }
    }
    let valid = election.constituencies.iter().map(|c| c.valid_votes()).sum();
    // No tier of the count's own: the seats given, then the additional ones.
    let mut out = Outcome { parties: election.parties.clone(), votes: election.national_votes(), total: won, seed, not_counted, ..Outcome::default() };
    add_seats(&mut out, a, valid);
    Ok(out)
}

/// The house grows until every party has its minimum ([`crate::level_up`]); with a
/// regional minimum, the regions are the results' constituencies and their seats the
/// law's (or its `[apportionment]`'s).
#[allow(clippy::too_many_arguments)]
fn level_up(
    comp: &crate::compensation::Compensation,
    election: &Election,
    report: &mut CompensationReport,
    votes: &[u64],
    qualifying: &[bool],
    law_seats: &dyn Fn(&str) -> Option<(u32, u32)>,
    ties: &mut TieBreaker,
    steps: bool,
) -> Result<crate::level_up::LevelUpReport, CountError> {
    use crate::level_up::{regional_minimum, Minimum, Region};
    let minimum = match comp.level_up.as_ref().map(|l| l.minimum) {
        Some(Minimum::Regional) => {
            let regions = election
                .constituencies
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let seats = law_seats(&c.name).map(|s| s.0).ok_or_else(|| {
                        CountError::Parameter(format!(
                            "the minimum of each party is counted per region, but the law gives no seats for {:?} (list the regions in [[constituencies]] with their seats, or a population and an [apportionment])",
                            c.name
                        ))
                    })?;
                    Ok(Region { index: i, votes: c.votes.clone(), seats, won: c.electorate_seats.clone() })
                })
                .collect::<Result<Vec<_>, CountError>>()?;
            let kept = |p: usize| comp.non_qualifying_winners == crate::compensation::NonQualifyingWinners::Seated || votes[p] == 0;
            let (m, shares, t) = regional_minimum(&comp.method, &regions, votes.len(), qualifying, kept, ties);
            report.ties.extend(t);
            Some((m, shares))
        }
        _ => None,
    };
    Ok(crate::level_up::level(comp, report, votes, minimum, ties, steps))
}

/// The majority bonus: the list with the most votes nationally (equal votes: the law's
/// chain), and its bonus by its share of the valid votes.
fn bonus(b: &crate::bonus::Bonus, votes: &[u64], valid: u64, ties: &mut TieBreaker) -> crate::bonus::BonusReport {
    let most = votes.iter().copied().max().unwrap_or(0);
    let first: Vec<usize> = (0..votes.len()).filter(|&p| votes[p] == most).collect();
    let party = if first.len() > 1 {
        ties.decide(&first, 1, votes, crate::tie::TieStage::Average { average: Fraction::integer(most as u128) })[0]
    } else {
        first.first().copied().unwrap_or(0)
    };
    let (seats, steps) = b.seats_for(most, valid);
    crate::bonus::BonusReport { party, votes: most, valid_votes: valid, steps, seats, article: b.article.clone() }
}

/// A law with single-member districts: the districts are counted by plurality, the rest
/// of the results under the law's other tiers, and the winners combined as the law says
/// (added to the totals, or as the compensation tier's electorate seats).
fn count_with_districts(
    law: &Law,
    sm: &crate::single_member::SingleMember,
    election: &Election,
    seed: u64,
    steps: bool,
) -> Result<Outcome, CountError> {
    use crate::single_member::{self, Combine};
    let is_district = |c: &ConstituencyVotes| c.single_member || law.constituency(&c.name).is_some_and(|k| k.single_member);
    let (districts, lists): (Vec<&ConstituencyVotes>, Vec<&ConstituencyVotes>) =
        election.constituencies.iter().partition(|c| is_district(c));
    let mut ties = TieBreaker::new(law.ties.chain.clone(), seed);
    let results = single_member::count(sm, &districts, &election.parties, &mut ties)?;
    let won = single_member::seats(&results, election.parties.len());
    // Votes passed on to the lists go to the parties that have one in the list tier.
    let passed_on = single_member::transferred(&results, election.parties.len());
    let mut has_list = vec![false; election.parties.len()];
    for c in lists.iter() {
        for &(p, _) in &c.votes {
            has_list[p] = true;
        }
    }
    let to_lists: Vec<u64> = passed_on.iter().zip(&has_list).map(|(&t, &h)| if h { t } else { 0 }).collect();
    let lost: Vec<u64> = passed_on.iter().zip(&has_list).map(|(&t, &h)| if h { 0 } else { t }).collect();
    let mut list_election = Election {
        parties: election.parties.clone(),
        constituencies: lists.into_iter().cloned().collect(),
        alliances: election.alliances.clone(),
        sub_alliances: election.sub_alliances.clone(),
        winners: election.winners.clone(),
        members: election.members.clone(),
        exempt: election.exempt.clone(),
        independents: election.independents.clone(),
        national_totals: election.national_totals.clone(),
    };
    if sm.combine == Combine::Electorates {
        let first = list_election.constituencies.first_mut().ok_or(CountError::Empty)?;
        for (p, &w) in won.iter().enumerate().filter(|(_, &w)| w > 0) {
            match first.electorate_seats.iter_mut().find(|(q, _)| *q == p) {
                Some(slot) => slot.1 += w,
                None => first.electorate_seats.push((p, w)),
            }
        }
    }
    let mut rest = law.clone();
    rest.single_member = None;
    let mut out = if rest.allocation.is_none() && rest.compensation.is_none() {
        // Districts only (first past the post).
        Outcome {
            parties: election.parties.clone(),
            votes: election.national_votes(),
            apportionment: None,
            contests: Vec::new(),
            compensation: None,
            total: vec![0; election.parties.len()],
            seed,
            regional: None,
            biproportional: None,
            single_member: Vec::new(),
            not_counted: Vec::new(),
            pooled: None,
            bonus: None,
            transfer: None,
            ranked: Vec::new(),
            additional: None,
        }
    } else {
        count_inner(&rest, &list_election, seed, steps, &to_lists)?
    };
    if sm.transfer != single_member::Transfer::None {
        if !rest.allocation.as_ref().is_some_and(|a| a.level == Level::National) {
            return Err(CountError::Parameter("`[single_member] transfer` passes district votes on to a national list tier, but the law has none (`[allocation] level = \"national\"`)".into()));
        }
        out.transfer = Some(single_member::TransferReport { rule: sm.transfer, article: sm.transfer_article.clone(), to_lists, lost });
    }
    if sm.combine == Combine::Parallel {
        for (t, w) in out.total.iter_mut().zip(&won) {
            *t += w;
        }
    }
    out.single_member = results;
    Ok(out)
}

/// Seats per constituency from population, when the law says so.
fn apportion(law: &Law, election: &Election, ties: &mut TieBreaker, steps: bool) -> Result<Option<ApportionmentReport>, CountError> {
    let Some(a) = &law.apportionment else { return Ok(None) };
    let population: Vec<u64> = law
        .constituencies
        .iter()
        .map(|c| match a.by {
            ApportionBy::Population => c.population.ok_or_else(|| CountError::NoPopulation(c.name.clone())),
            ApportionBy::ValidVotes => election
                .constituencies
                .iter()
                .find(|v| v.name == c.name)
                .map(|v| v.valid_votes())
                .ok_or_else(|| CountError::MissingConstituency { constituency: c.name.clone(), why: "the law shares the seats among the constituencies by their valid votes" }),
        })
        .collect::<Result<_, _>>()?;
    let total = law.seats.ok_or(CountError::NoNationalSeats)?.0;
    let first = a.min_seats as u64 * law.constituencies.len() as u64;
    if first > total as u64 {
        return Err(CountError::Parameter(format!("{} constituencies of at least {} seats need more than the law's {total} seats", law.constituencies.len(), a.min_seats)));
    }
    let (mut seats, allocation) = AllocationReport::run(&a.method, &population, total - first as u32, ties, steps);
    seats.iter_mut().for_each(|s| *s += a.min_seats);
    Ok(Some(ApportionmentReport {
        constituencies: law.constituencies.iter().map(|c| c.name.clone()).collect(),
        by: a.by,
        min_seats: a.min_seats,
        population,
        seats,
        allocation,
        ties: ties.take_ties(),
    }))
}

/// Checks the results' constituencies against the law's, before anything is counted.
///
/// Where the law names its constituencies, every constituency of the results must be one
/// of them (a results file of another country is refused, not counted). A constituency
/// of the law that the results lack makes a partial count: refused when anything is
/// measured or shared nationally (a national list tier, threshold or compensation tier,
/// which would be computed on part of the votes), allowed otherwise and returned, so
/// that the outcome says which constituencies it does not cover. Single-member
/// districts that the results mark as such are the `[single_member]` tier's, not the
/// list tier's.
pub fn match_constituencies(law: &Law, election: &Election) -> Result<Vec<String>, CountError> {
    let listed: Vec<&str> = law.constituencies.iter().filter(|c| !c.single_member).map(|c| c.name.as_str()).collect();
    if listed.is_empty() {
        return Ok(Vec::new());
    }
    for c in &election.constituencies {
        let district = c.single_member && law.single_member.is_some();
        if !district && law.constituency(&c.name).is_none() {
            return Err(CountError::UnknownConstituency { constituency: c.name.clone(), known: listed.join(", ") });
        }
    }
    let missing: Vec<String> =
        listed.iter().filter(|k| !election.constituencies.iter().any(|c| c.name == **k)).map(|k| k.to_string()).collect();
    if let Some(first) = missing.first() {
        let national_threshold = law.threshold.as_ref().is_some_and(|t| t.any_of.iter().any(|c| c.level() == Level::National));
        let why = if law.compensation.is_some() {
            Some("the law's compensation tier shares seats over all constituencies")
        } else if law.allocation.as_ref().is_some_and(|a| a.level == Level::National) {
            Some("the law shares its seats nationally")
        } else if national_threshold {
            Some("the law's threshold is measured nationally")
        } else {
            None
        };
        if let Some(why) = why {
            return Err(CountError::MissingConstituency { constituency: first.clone(), why });
        }
    }
    Ok(missing)
}

/// The seats a results file declares for a constituency (all seats, list-tier seats,
/// leveling seats), as far as the law lets the count see them.
pub(crate) fn declared(law: &Law, c: &ConstituencyVotes) -> (Option<u32>, Option<u32>, Option<u32>) {
    match law.results_seats {
        ResultsSeats::Ignore => (None, None, None),
        _ => (c.seats, c.district_seats, c.leveling_seats),
    }
}

/// Refuses declared seats that differ from the law's, when the law says to check them.
pub(crate) fn check_declared(law: &Law, name: &str, what: &'static str, declared: Option<u32>, fixed: u32) -> Result<(), CountError> {
    match declared {
        Some(d) if law.results_seats == ResultsSeats::Check && d != fixed => {
            Err(CountError::SeatsMismatch { constituency: name.to_string(), what, declared: d, law: fixed })
        }
        _ => Ok(()),
    }
}

/// The seats of a national list tier: the law's, checked against (or, where the law
/// fixes none or says so, taken from) the seats a single nationwide constituency of the
/// results declares.
fn national_seats(law: &Law, election: &Election) -> Result<u32, CountError> {
    let (name, declared) = match &election.constituencies[..] {
        [only] => {
            let (seats, district, _) = declared(law, only);
            (only.name.as_str(), district.or(seats))
        }
        _ => ("", None),
    };
    match (law.seats, declared) {
        (Some(fixed), Some(d)) => {
            check_declared(law, name, "seats", Some(d), fixed.0)?;
            Ok(if law.results_seats == ResultsSeats::Use { d } else { fixed.0 })
        }
        (Some(fixed), None) => Ok(fixed.0),
        (None, Some(d)) => Ok(d),
        (None, None) => Err(CountError::NoNationalSeats),
    }
}

/// The seats of a constituency's list tier: the law's seats less its leveling seats,
/// checked against the seats the results declare; the declared seats where the law
/// fixes none (or says to use them).
pub(crate) fn list_tier_seats(
    law: &Law,
    election: &Election,
    c: &ConstituencyVotes,
    law_seats: &dyn Fn(&str) -> Option<(u32, u32)>,
) -> Result<u32, CountError> {
    let from_law = law_seats(&c.name);
    if from_law.is_none() && !law.constituencies.is_empty() {
        return Err(CountError::UnknownConstituency {
            constituency: c.name.clone(),
            known: law.constituencies.iter().map(|k| k.name.as_str()).collect::<Vec<_>>().join(", "),
        });
    }
    let (seats, district, leveling) = declared(law, c);
    if let Some((total, law_leveling)) = from_law {
        check_declared(law, &c.name, "seats", seats, total)?;
        check_declared(law, &c.name, "leveling seats", leveling, law_leveling)?;
        check_declared(law, &c.name, "district seats", district, total.saturating_sub(law_leveling))?;
    }
    let single = election.constituencies.len() == 1;
    let seats = match district {
        Some(d) => d,
        None => {
            let (total, law_leveling) = match (seats, from_law) {
                (Some(s), l) => (s, l.map_or(0, |l| l.1)),
                (None, Some((s, l))) => (s, l),
                (None, None) if single => (law.seats.ok_or_else(|| CountError::NoSeats(c.name.clone()))?.0, 0),
                _ => return Err(CountError::NoSeats(c.name.clone())),
            };
            total.saturating_sub(leveling.unwrap_or(law_leveling))
        }
    };
    if seats == 0 {
        return Err(CountError::ZeroSeats(c.name.clone()));
    }
    Ok(seats)
}

/// All constituencies as one, for national allocations and national thresholds.
fn pool(e: &Election) -> ConstituencyVotes {
    if let [only] = &e.constituencies[..] {
        return only.clone();
    }
    let national = e.national_votes();
    let mut standing = vec![false; e.parties.len()];
    let mut other: Vec<(String, u64)> = Vec::new();
    let mut electorate = vec![0u32; e.parties.len()];
    for c in &e.constituencies {
        for &(p, _) in &c.votes {
            standing[p] = true;
        }
        for (k, v) in &c.other_votes {
            match other.iter_mut().find(|(n, _)| n == k) {
                Some(slot) => slot.1 += v,
                None => other.push((k.clone(), *v)),
            }
        }
        for &(p, s) in &c.electorate_seats {
            electorate[p] += s;
        }
    }
    let sum_opt = |f: fn(&ConstituencyVotes) -> Option<u64>| -> Option<u64> { e.constituencies.iter().map(f).sum::<Option<u64>>() };
    ConstituencyVotes {
        name: "national".into(),
        seats: None,
        votes: (0..e.parties.len()).filter(|&p| standing[p]).map(|p| (p, national[p])).collect(),
        other_votes: other,
        total_valid_votes: sum_opt(|c| Some(c.valid_votes())),
        ballots_cast: sum_opt(|c| c.ballots_cast),
        district_seats: None,
        leveling_seats: None,
        electorate_seats: (0..e.parties.len()).filter(|&p| electorate[p] > 0).map(|p| (p, electorate[p])).collect(),
        single_member: false,
        // A list's candidates stand in one constituency: capacities do not add up nationally.
        capacity: Vec::new(),
        registered: sum_opt(|c| c.registered),
        born: Vec::new(),
        round_2: None,
        ranked: None,
    }
}

fn base_of(base: Base, c: &ConstituencyVotes) -> Result<u64, CountError> {
    Ok(match base {
        Base::ValidVotes => c.valid_votes(),
        Base::ValidVotesAndOther => c.valid_votes() + c.other_votes_total(),
        Base::BallotsCast => c.ballots_cast.ok_or_else(|| CountError::NeedsBallotsCast(c.name.clone()))?,
        Base::Registered => c.registered.ok_or_else(|| CountError::NeedsRegistered(c.name.clone()))?,
    })
}

/// Applies a threshold to `parties` (indices into the election's parties).
/// `local_votes` are their votes in `scope`; national conditions use `national`.
#[allow(clippy::too_many_arguments)]
fn evaluate(
    t: &Threshold,
    parties: &[usize],
    local_votes: &[u64],
    scope: &ConstituencyVotes,
    national: &ConstituencyVotes,
    national_votes: &[u64],
    seats: u32,
    seats_won: Option<&[u32]>,
    election: &Election,
) -> Result<ThresholdReport, CountError> {
    let names = &election.parties;
    let mut conditions = Vec::new();
    for (cond, lists) in t.any_of.iter().zip(&t.for_lists) {
        let (base, bar, measured): (u64, Fraction, Vec<u64>) = match cond {
            Condition::Share { share, base, level } => {
                let (sc, measured) = match level {
                    Level::Constituency => (scope, local_votes.to_vec()),
                    Level::National => (national, parties.iter().map(|&p| national_votes[p]).collect()),
                };
                let b = base_of(*base, sc)?;
                (b, share.bar(b), measured)
            }
            Condition::Quotas { quotas, level } => {
                let (sc, measured) = match level {
                    Level::Constituency => (scope, local_votes.to_vec()),
                    Level::National => (national, parties.iter().map(|&p| national_votes[p]).collect()),
                };
                let b = sc.valid_votes();
                let q = quotas.as_fraction();
                (b, Fraction::new(q.num * b as u128, q.den * seats.max(1) as u128), measured)
            }
            Condition::SeatsWon { seats } => {
                let won: Vec<u64> = parties.iter().map(|&p| seats_won.map_or(0, |w| w[p] as u64)).collect();
                (0, Fraction::integer(*seats as u128), won)
            }
            Condition::ShareIn { share, base, constituencies } => {
                // Romania, Law 208/2015 art. 94(2)(a): the share in each list constituency
                // of the results, on that constituency's own base; the measure is the
                // number of constituencies where the list has it, the bar the law's count.
                let mut counted = vec![0u64; parties.len()];
                for k in election.constituencies.iter().filter(|k| !k.single_member) {
                    let b = base_of(*base, k)?;
                    for (i, &p) in parties.iter().enumerate() {
                        let v = k.votes.iter().find(|&&(q, _)| q == p).map_or(0, |&(_, v)| v);
                        if v > 0 && share.reached_by(v, b) {
                            counted[i] += 1;
                        }
                    }
                }
                (0, Fraction::integer(*constituencies as u128), counted)
            }
        };
        // A condition set for other kinds of lists is not met, whatever the votes.
        let met = measured.iter().zip(parties).map(|(&v, &p)| lists.contains(election.members_of(p)) && Fraction::integer(v as u128) >= bar).collect();
        conditions.push(ConditionReport { condition: cond.clone(), for_lists: *lists, base, bar, measured, met });
    }
    let exempt: Vec<bool> = parties.iter().map(|&p| t.exempt.iter().any(|x| *x == names[p]) || (t.exempt_declared && election.exempt.contains(&p))).collect();
    let mut passed: Vec<bool> = (0..parties.len()).map(|i| exempt[i] || conditions.iter().any(|r| r.met[i])).collect();
    let mut runner_up_admitted = None;
    if t.if_only_one_passes == IfOnlyOnePasses::AdmitRunnerUp && passed.iter().filter(|&&x| x).count() == 1 {
        // The runner-up by the votes the first condition measured.
        let measured = &conditions[0].measured;
        if let Some(i) = (0..parties.len())
            .filter(|&i| !passed[i] && measured[i] > 0)
            .max_by(|&a, &b| measured[a].cmp(&measured[b]).then(b.cmp(&a)))
        {
            passed[i] = true;
            runner_up_admitted = Some(i);
        }
    }
    let mut admitted_until = Vec::new();
    let mut admit_until_measure = None;
    if let Some(a) = &t.admit_until {
        let (sc, votes): (&ConstituencyVotes, Vec<u64>) = match a.level {
            Level::Constituency => (scope, local_votes.to_vec()),
            Level::National => (national, parties.iter().map(|&p| national_votes[p]).collect()),
        };
        let b = base_of(a.base, sc)?;
        let together = |passed: &[bool]| -> u64 { (0..parties.len()).filter(|&i| passed[i]).map(|i| votes[i]).sum() };
        admit_until_measure = Some((together(&passed), a.share.bar(b)));
        // The next list by votes (with every list of equal votes) until the share is reached.
        while !a.share.reached_by(together(&passed), b) {
            let Some(best) = (0..parties.len()).filter(|&i| !passed[i] && votes[i] > 0).map(|i| votes[i]).max() else { break };
            for i in 0..parties.len() {
                if !passed[i] && votes[i] == best {
                    passed[i] = true;
                    admitted_until.push(i);
                }
            }
        }
    }
    Ok(ThresholdReport { conditions, passed, exempt, runner_up_admitted, admitted_until, admit_until_measure, article: t.article.clone() })
}

/// Shares `seats` of the lists `of` among the groups `among` (their votes summed) by
/// `method`, recorded as a [`Split`] of alliance `unit`; returns it and each group's seats.
/// `rounding`: a quota method's rounding of the split's quota (Italy, DPR 361/1957
/// art. 83(1)(g): the fractional part of the quotient is ignored).
#[allow(clippy::too_many_arguments)]
fn split_seats(method: &Method, rounding: QuotaRounding, unit: usize, of: &[usize], among: &[Vec<usize>], seats: u32, votes: &[u64], ties: &mut TieBreaker, steps: bool) -> (Split, Vec<u32>) {
    let v: Vec<u64> = among.iter().map(|g| g.iter().map(|&i| votes[i]).sum()).collect();
    let (s, report) = AllocationReport::run_with(method, rounding, true, Leftover::LargestRemainders, None, None, &v, None, seats, ties, steps);
    let averages = match report {
        AllocationReport::Averages { seats, .. } => seats,
        AllocationReport::Remainders { .. } => Vec::new(),
    };
    let split = Split { unit, of: of.to_vec(), among: among.to_vec(), seats, averages, shares: s.clone(), ties: ties.take_ties() };
    (split, s)
}

#[allow(clippy::too_many_arguments)]
fn contest(
    law: &Law,
    election: &Election,
    c: &ConstituencyVotes,
    national: &ConstituencyVotes,
    national_votes: &[u64],
    seats: u32,
    transfer: &[u64],
    ties: &mut TieBreaker,
    steps: bool,
) -> Result<Contest, CountError> {
    let alloc = law.allocation.as_ref().expect("a list tier");
    let parties: Vec<usize> = c.votes.iter().map(|&(p, _)| p).collect();
    let votes: Vec<u64> = c.votes.iter().map(|&(_, v)| v).collect();
    // Minority lists with preferential seats are outside the parties' threshold and its
    // base (Hungary §14(1): a share of the votes for party lists).
    let minority: Vec<bool> = parties.iter().map(|&p| law.preferential.as_ref().is_some_and(|r| r.lists.iter().any(|n| *n == election.parties[p]))).collect();
    let threshold = match &law.threshold {
        None => None,
        Some(t) if minority.iter().any(|&m| m) => {
            let without = |k: &ConstituencyVotes| {
                let mut k = k.clone();
                let removed: u64 = k.votes.iter().filter(|(p, _)| parties.iter().zip(&minority).any(|(q, &m)| m && q == p)).map(|&(_, v)| v).sum();
                k.votes.retain(|(p, _)| !parties.iter().zip(&minority).any(|(q, &m)| m && q == p));
                k.total_valid_votes = k.total_valid_votes.map(|t| t.saturating_sub(removed));
                k
            };
            let mut report = evaluate(t, &parties, &votes, &without(c), &without(national), national_votes, seats, None, election)?;
            for (i, &m) in minority.iter().enumerate() {
                if m {
                    report.passed[i] = false;
                }
            }
            Some(report)
        }
        Some(t) => Some(evaluate(t, &parties, &votes, c, national, national_votes, seats, None, election)?),
    };
    let transferred: Vec<u64> = if transfer.is_empty() { Vec::new() } else { parties.iter().map(|&p| transfer.get(p).copied().unwrap_or(0)).collect() };
    // The votes the allocation uses: the list votes and the votes passed on to them.
    let mut alloc_votes: Vec<u64> = votes.iter().enumerate().map(|(i, &v)| v + transferred.get(i).copied().unwrap_or(0)).collect();
    let mut eligible: Vec<usize> = (0..parties.len()).filter(|&i| threshold.as_ref().is_none_or(|t| t.passed[i])).collect();
    let mut preferential_seats = vec![0u32; parties.len()];
    let preferential = match &law.preferential {
        None => None,
        Some(rule) => {
            // The quota is taken of the lists that can win seats: the party lists over
            // the threshold with the votes passed on to them, and the minority lists
            // (Hungary §16: the NVI's 2018 quota of 22,424 leaves out the lists under
            // the threshold, tests/cases/hu-orszaggyules-2018-provisional.json).
            let base: u64 = (0..parties.len()).filter(|&i| minority[i] || eligible.contains(&i)).map(|i| alloc_votes[i]).sum();
            let bar = rule.bar(base, seats);
            let mut lists = Vec::new();
            for i in (0..parties.len()).filter(|&i| minority[i]) {
                let won = votes[i] > 0 && votes[i] >= bar;
                lists.push((i, won));
                if won {
                    preferential_seats[i] = 1;
                    if rule.then == crate::preferential::Then::ReducedVotes {
                        alloc_votes[i] = votes[i] - bar;
                        eligible.push(i);
                    }
                }
            }
            eligible.sort_unstable();
            Some(crate::preferential::PreferentialReport { base, seats, bar, lists, then: rule.then, article: rule.article.clone() })
        }
    };
    let won_preferential: u32 = preferential_seats.iter().sum();
    let seats_left = seats.checked_sub(won_preferential).ok_or_else(|| CountError::Parameter(format!("{}: {won_preferential} preferential seats are more than the {seats} seats", c.name)))?;

    // Which alliances are pooled, when the law sets them a bar of their own (Italy, DPR
    // 361/1957 art. 83(1)(c), (e)): the votes of the lists that count for the alliance
    // against a share of the valid votes, and one of its lists over the threshold.
    let alliance_bar = match &alloc.alliance_bar {
        None => None,
        Some(bar) => {
            let base = c.valid_votes();
            let exempt = |i: usize| threshold.as_ref().is_some_and(|t| t.exempt[i]);
            let passed = |i: usize| threshold.as_ref().is_none_or(|t| t.passed[i]);
            let mut alliances = Vec::new();
            for g in &election.alliances {
                let lists: Vec<usize> = (0..parties.len()).filter(|&i| g.contains(&parties[i])).collect();
                if lists.is_empty() {
                    continue;
                }
                let counted: Vec<usize> = lists.iter().copied().filter(|&i| exempt(i) || bar.counted_from.as_ref().is_none_or(|p| p.reached_by(votes[i], base))).collect();
                let together: u64 = counted.iter().map(|&i| votes[i]).sum();
                let has_list_over_threshold = lists.iter().any(|&i| passed(i));
                let pooled = has_list_over_threshold && bar.share.reached_by(together, base);
                alliances.push(AllianceMeasure { lists, counted, votes: together, has_list_over_threshold, pooled });
            }
            Some(AllianceBarReport { base, bar: bar.share.bar(base), counted_from: bar.counted_from.map(|p| p.bar(base)), alliances, article: bar.article.clone() })
        }
    };
    // The lists the allocation sees: those over the threshold, and with an alliance bar
    // the lists under it that count for a pooled alliance (they bring their votes to it,
    // art. 83(1)(c), but take no seat, art. 83(1)(g)).
    let takes_part: Vec<usize> = match &alliance_bar {
        None => eligible.clone(),
        Some(r) => (0..parties.len()).filter(|i| eligible.contains(i) || r.alliances.iter().any(|a| a.pooled && a.counted.contains(i))).collect(),
    };
    // The units of the allocation: single lists, or the lists of an alliance.
    let mut units: Vec<Vec<usize>> = Vec::new();
    for &i in &takes_part {
        let pooled = |g: &&Vec<usize>| alliance_bar.as_ref().is_none_or(|r| r.alliances.iter().any(|a| a.pooled && a.lists.iter().any(|&k| g.contains(&parties[k]))));
        let group = alloc
            .pool_alliances
            .then(|| election.alliances.iter().find(|g| g.contains(&parties[i])).filter(pooled))
            .flatten();
        match group {
            Some(g) => {
                if let Some(u) = units.iter_mut().find(|u| u.iter().any(|&k| g.contains(&parties[k]))) {
                    u.push(i);
                } else {
                    units.push(vec![i]);
                }
            }
            None => units.push(vec![i]),
        }
    }
    let unit_votes: Vec<u64> = units.iter().map(|u| u.iter().map(|&i| alloc_votes[i]).sum()).collect();
    let method = alloc.method;
    let mut capped = Vec::new();
    // The seats each party already holds here, when the tier continues from them (the
    // additional member system); units are single lists then (no alliances).
    let continued_from: Vec<u32> = match alloc.continue_from {
        Some(crate::law::ContinueFrom::ElectorateSeats) => {
            parties.iter().map(|&p| c.electorate_seats.iter().filter(|&&(q, _)| q == p).map(|&(_, s)| s).sum()).collect()
        }
        None => Vec::new(),
    };
    let unit_start: Vec<u32> = if continued_from.is_empty() { Vec::new() } else { units.iter().map(|u| u.iter().map(|&i| continued_from[i]).sum()).collect() };
    // Exempt lists under the threshold whose averages the law multiplies (Serbia).
    let factor = law.threshold.as_ref().and_then(|t| t.exempt_factor);
    let weights: Option<Vec<Fraction>> = match (factor, threshold.as_ref()) {
        (Some(f), Some(report)) => {
            let below = |i: usize| report.exempt[i] && !report.conditions.iter().any(|r| r.met[i]);
            if units.iter().any(|u| u.len() > 1 && u.iter().any(|&i| below(i))) {
                return Err(CountError::Parameter(format!("{}: `exempt_factor` of a list that pools its votes in an alliance is not supported", c.name)));
            }
            let w: Vec<Fraction> = units.iter().map(|u| if below(u[0]) { f.as_fraction() } else { Fraction::integer(1) }).collect();
            w.iter().any(|x| *x != Fraction::integer(1)).then_some(w)
        }
        _ => None,
    };
    let (unit_seats, allocation) = if let Some(w) = weights {
        if !method.is_divisor() || method.squared_averages() || !c.capacity.is_empty() || !unit_start.is_empty() {
            return Err(CountError::Parameter(format!("{}: `exempt_factor` multiplies the averages of a divisor method (not {}, and without list capacities)", c.name, method.name())));
        }
        let (s, order) = highest_averages_weighted(&method, &unit_votes, &w, seats_left, ties);
        (s, AllocationReport::Averages { method: if steps { method.to_string() } else { String::new() }, squared: false, seats: if steps { order } else { Vec::new() } })
    } else if c.capacity.is_empty() && unit_start.is_empty() {
        // Independent candidates standing here, when the quota counts their votes
        // (Romania, Law 208/2015): never lists of the allocation.
        let independents: Vec<usize> = if alloc.counts_independents() {
            (0..parties.len()).filter(|&i| election.independents.contains(&parties[i])).collect()
        } else {
            Vec::new()
        };
        if let Some(&i) = independents.iter().find(|i| takes_part.contains(i)) {
            return Err(CountError::Parameter(format!("{}: the independent candidate {} passes the threshold as a list would; an independent's seat is not modelled", c.name, election.parties[parties[i]])));
        }
        let base = match alloc.quota_base {
            crate::law::QuotaBase::ListsTakingPart => None,
            crate::law::QuotaBase::AllLists => Some(c.valid_votes() as u128),
            crate::law::QuotaBase::ListsTakingPartAndIndependents => {
                Some(unit_votes.iter().map(|&v| v as u128).sum::<u128>() + independents.iter().map(|&i| votes[i] as u128).sum::<u128>())
            }
        };
        let (s, report) = match (alloc.remainder_seat_at, &method) {
            (Some(share), Method::LargestRemainder(q)) => {
                let detail = crate::method::quota_allocation_min_remainder(*q, alloc.quota_rounding, share, &unit_votes, base, seats_left, ties);
                (detail.seats.clone(), AllocationReport::Remainders { method: method.name().to_string(), detail })
            }
            _ => AllocationReport::run_with(&method, alloc.quota_rounding, alloc.pooled_remainders.is_none(), alloc.leftover, alloc.max_remainder_seats, alloc.leftover_min_quotas.map(|d| d.as_fraction()), &unit_votes, base, seats_left, ties, steps),
        };
        if let AllocationReport::Remainders { detail, .. } = &report {
            if let Some(&i) = independents.iter().find(|&&i| Fraction::integer(votes[i] as u128) >= detail.quota) {
                return Err(CountError::Parameter(format!(
                    "{}: the independent candidate {} has {} votes, at least the quota {}: an independent's seat is not modelled",
                    c.name,
                    election.parties[parties[i]],
                    votes[i],
                    detail.quota
                )));
            }
        }
        (s, report)
    } else {
        // A list with fewer candidates than the seats the method would give it (Japan,
        // Public Offices Election Act art. 95-2; a regional candidate standing alone,
        // Scotland Act 1998 s. 8(4)): the seats beyond go to the others. With
        // `continue_from`, the divisors start after the seats already held.
        if !method.is_divisor() {
            return Err(CountError::Parameter(format!("{}: list capacities (`list_capacity`) are applied only with a divisor method, not {}", c.name, method.name())));
        }
        let cap_of = |i: usize| c.capacity.iter().find(|&&(p, _)| p == parties[i]).map(|&(_, k)| k);
        let mut caps = Vec::with_capacity(units.len());
        for u in &units {
            match u[..] {
                [i] => caps.push(cap_of(i)),
                _ if u.iter().all(|&i| cap_of(i).is_none()) => caps.push(None),
                _ => return Err(CountError::Parameter(format!("{}: list capacities (`list_capacity`) of lists that pool their votes in an alliance are not supported", c.name))),
            }
        }
        let available: u64 = caps.iter().map(|k| k.map_or(u64::from(seats_left), u64::from)).sum();
        if available < u64::from(seats_left) {
            return Err(CountError::Parameter(format!("{}: the lists taking part can fill only {available} of the {seats} seats (`list_capacity`); seats left unfilled are not modelled", c.name)));
        }
        let s = if caps.iter().all(Option::is_none) {
            crate::method::highest_averages_from(&method, &unit_votes, &unit_start, seats_left, ties)
        } else {
            let mut free = ties.clone();
            let uncapped = crate::method::highest_averages_from(&method, &unit_votes, &unit_start, seats_left, &mut free);
            let s = crate::method::highest_averages_capped_from(&method, &unit_votes, &unit_start, seats_left, &caps, ties);
            for (u, &k) in caps.iter().enumerate() {
                if let Some(k) = k {
                    if uncapped[u] > k {
                        capped.push((units[u][0], k));
                    }
                }
            }
            s
        };
        let order = if steps { crate::method::award_order_from(&method, &unit_votes, &unit_start, &s) } else { Vec::new() };
        (s, AllocationReport::Averages { method: if steps { method.to_string() } else { String::new() }, squared: method.squared_averages(), seats: order })
    };
    let contest_ties = ties.take_ties();
    let mut result = vec![0u32; parties.len()];
    let mut splits = Vec::new();
    for (u, members) in units.iter().enumerate() {
        // Only the lists over the threshold take seats (art. 83(1)(g)); without an
        // alliance bar every member of a unit is one.
        let takers: Vec<usize> = members.iter().copied().filter(|i| eligible.contains(i)).collect();
        if let [only] = takers[..] {
            result[only] = unit_seats[u];
            continue;
        }
        // The alliance's seats go to its sub-alliances and other lists by the same method,
        // then each sub-alliance's seats to its lists (BPR art. 42).
        let mut among: Vec<Vec<usize>> = Vec::new();
        for &i in &takers {
            let sub = election.sub_alliances.iter().find(|g| g.contains(&parties[i]));
            match sub.and_then(|g| among.iter_mut().find(|a| g.contains(&parties[a[0]]))) {
                Some(a) => a.push(i),
                None => among.push(vec![i]),
            }
        }
        let split = split_seats(&method, alloc.quota_rounding, u, members, &among, unit_seats[u], &alloc_votes, ties, steps);
        let group_seats = split.1;
        splits.push(split.0);
        for (group, &gs) in among.iter().zip(&group_seats) {
            if group.len() == 1 {
                result[group[0]] = gs;
                continue;
            }
            let singles: Vec<Vec<usize>> = group.iter().map(|&i| vec![i]).collect();
            let (inner, list_seats) = split_seats(&method, alloc.quota_rounding, u, group, &singles, gs, &alloc_votes, ties, steps);
            for (&i, &ls) in group.iter().zip(&list_seats) {
                result[i] = ls;
            }
            splits.push(inner);
        }
    }
    for (r, p) in result.iter_mut().zip(&preferential_seats) {
        *r += p;
    }
    let leveling = vec![0u32; parties.len()];
    Ok(Contest { name: c.name.clone(), seats, parties, votes, result, leveling, threshold, units, allocation, splits, ties: contest_ties, capped, continued_from, transferred, preferential, alliance_bar })
}

/// The compensatory seats into regions, then each region's into its constituencies
/// ([`RegionStep`]; Denmark, folketingsvalgloven §§ 78-79). `votes[c]` and `seats[c]`
/// are the list tier's per constituency of the results. Returns the seats placed in
/// constituencies (numbered region by region), those placed in regions, the parties
/// placed in advance, and the ties.
#[allow(clippy::type_complexity, clippy::too_many_arguments)]
fn place_by_region(
    step: &RegionStep,
    method: &crate::method::Method,
    election: &Election,
    votes: &[Vec<(usize, u64)>],
    seats: &[Vec<u32>],
    owed: &[u32],
    n: usize,
    ties: &mut TieBreaker,
) -> Result<(Vec<Placed>, Vec<Placed>, Vec<usize>, Vec<ConstituencyTie>, Vec<crate::tie::Tie>), CountError> {
    if votes.len() != election.constituencies.len() {
        return Err(CountError::Parameter("placement into regions needs the list tier counted per constituency (`[allocation] level = \"constituency\"`)".into()));
    }
    // Every constituency of the results in exactly one region, every region's
    // constituencies in the results.
    let mut region_of = vec![usize::MAX; election.constituencies.len()];
    for (r, g) in step.regions.iter().enumerate() {
        for name in &g.constituencies {
            let c = election.constituencies.iter().position(|c| &c.name == name).ok_or_else(|| {
                CountError::Parameter(format!("region {:?} names the constituency {name:?}, which the results do not have", g.name))
            })?;
            region_of[c] = r;
        }
    }
    if let Some(c) = region_of.iter().position(|&r| r == usize::MAX) {
        return Err(CountError::Parameter(format!("the constituency {:?} is in no region of `[compensation.placement.regions]`", election.constituencies[c].name)));
    }
    let k = step.regions.len();
    let mut rv = vec![vec![0u64; n]; k];
    let mut rs = vec![vec![0u32; n]; k];
    for (c, vs) in votes.iter().enumerate() {
        for (i, &(p, v)) in vs.iter().enumerate() {
            rv[region_of[c]][p] += v;
            rs[region_of[c]][p] += seats[c][i];
        }
    }
    let region_votes: Vec<Vec<(usize, u64)>> = rv.iter().map(|v| v.iter().copied().enumerate().filter(|&(_, x)| x > 0).collect()).collect();
    let region_seats: Vec<Vec<u32>> = region_votes.iter().zip(&rs).map(|(vs, s)| vs.iter().map(|&(p, _)| s[p]).collect()).collect();
    let capacity: Vec<u32> = step.regions.iter().map(|g| g.seats.0).collect();
    let (region_placed, r_ties, advance) = place_in_regions(&step.method, &region_votes, &region_seats, &capacity, owed, ties);
    let mut placed = Vec::new();
    let mut c_ties = Vec::new();
    for r in 0..k {
        let members: Vec<usize> = (0..votes.len()).filter(|&c| region_of[c] == r).collect();
        let mut due = vec![0u32; n];
        for pl in region_placed.iter().filter(|pl| pl.constituency == r) {
            due[pl.party] += 1;
        }
        let sub_votes: Vec<Vec<(usize, u64)>> = members.iter().map(|&c| votes[c].clone()).collect();
        let sub_seats: Vec<Vec<u32>> = members.iter().map(|&c| seats[c].clone()).collect();
        let (mut here, mut t) = place_by_party(method, &sub_votes, &sub_seats, &due, ties);
        for pl in &mut here {
            pl.constituency = members[pl.constituency];
            pl.order += placed.len() as u32;
        }
        for x in &mut t {
            x.contenders = x.contenders.iter().map(|&c| members[c]).collect();
            x.chosen = x.chosen.iter().map(|&c| members[c]).collect();
        }
        placed.extend(here);
        c_ties.extend(t);
    }
    Ok((placed, region_placed, advance, c_ties, r_ties))
}
