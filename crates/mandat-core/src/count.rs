//! The count: an [`Election`] under a [`Law`] gives an [`Outcome`], a typed record of
//! every step of the legal procedure (threshold, quota or averages, ties).

use serde::Serialize;

use crate::election::{ConstituencyVotes, Election};
use crate::exact::Fraction;
use crate::law::{Base, Condition, IfOnlyOnePasses, Law, Level};
use crate::method::{award_order, largest_remainder, AverageSeat, Method, RemainderAllocation};
use crate::tie::{Tie, TieBreaker};

/// Why an election cannot be counted under a law.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CountError {
    #[error("constituency {0:?}: the results give no seats and the law fixes none for it")]
    NoSeats(String),
    #[error("constituency {constituency:?} is not one of the law's constituencies ({known})")]
    UnknownConstituency { constituency: String, known: String },
    #[error("constituency {0:?}: the law's threshold is a share of ballots cast, but the results give no `ballots_cast`")]
    NeedsBallotsCast(String),
    #[error("the law allocates seats nationally but fixes no `seats` and the results give no single total")]
    NoNationalSeats,
    #[error("the results have no constituency")]
    Empty,
    #[error("constituency {0:?} has 0 seats")]
    ZeroSeats(String),
}

/// The result of a count, with its proof.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    pub parties: Vec<String>,
    /// One contest per constituency (or one national contest).
    pub contests: Vec<Contest>,
    /// Seats per party over all contests.
    pub total: Vec<u32>,
    /// The seed of the lot, printed with every result so that it can be reproduced.
    pub seed: u64,
}

/// One allocation of seats among lists: a constituency, or the nation.
#[derive(Clone, Debug, Serialize)]
pub struct Contest {
    pub name: String,
    pub seats: u32,
    /// The parties standing, as indices into [`Outcome::parties`], in list order.
    pub parties: Vec<usize>,
    pub votes: Vec<u64>,
    /// Seats per standing party (same order as `parties`).
    pub result: Vec<u32>,
    pub threshold: Option<ThresholdReport>,
    pub allocation: AllocationReport,
    /// Ties, with contenders and winners as indices into `parties`.
    pub ties: Vec<Tie>,
}

/// How the threshold was applied in a contest.
#[derive(Clone, Debug, Serialize)]
pub struct ThresholdReport {
    pub conditions: Vec<ConditionReport>,
    /// For each standing party (same order as [`Contest::parties`]): whether it takes part.
    pub passed: Vec<bool>,
    /// A list admitted because it was the only other one (see [`IfOnlyOnePasses`]).
    pub runner_up_admitted: Option<usize>,
    pub article: Option<String>,
}

/// One condition of the threshold as measured in a contest.
#[derive(Clone, Debug, Serialize)]
pub struct ConditionReport {
    pub condition: Condition,
    /// The base the share is taken of (votes), or the votes divided by seats for a quota.
    pub base: u64,
    /// The smallest number of votes that meets the condition, exactly.
    pub bar: Fraction,
    /// The votes each standing party is measured with (national or constituency).
    pub votes: Vec<u64>,
    pub met: Vec<bool>,
}

/// The allocation among the lists that take part.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum AllocationReport {
    /// Highest averages: every seat with the average that won it, in order.
    Averages { method: String, seats: Vec<AverageSeat> },
    /// Largest remainders: quota, integer parts, remainders.
    Remainders { method: String, detail: RemainderAllocation },
}

impl AllocationReport {
    pub fn method(&self) -> &str {
        match self {
            AllocationReport::Averages { method, .. } | AllocationReport::Remainders { method, .. } => method,
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
    if election.constituencies.is_empty() {
        return Err(CountError::Empty);
    }
    let national_votes = election.national_votes();
    // The pooled nation, computed once, when a national condition needs its bases.
    let needs_pool = law.threshold.as_ref().is_some_and(|t| t.any_of.iter().any(|c| c.level() == Level::National));
    let national = needs_pool.then(|| pool(election));
    let mut ties = TieBreaker::new(law.ties.chain.clone(), seed);
    let mut contests = Vec::new();
    match law.allocation.level {
        Level::Constituency => {
            for c in &election.constituencies {
                let seats = constituency_seats(law, election, c)?;
                contests.push(contest(law, c, national.as_ref(), &national_votes, seats, &mut ties)?);
            }
        }
        Level::National => {
            let seats = match (law.seats, &election.constituencies[..]) {
                (_, [only]) if only.seats.is_some() => only.seats.unwrap_or_default(),
                (Some(s), _) => s.0,
                _ => return Err(CountError::NoNationalSeats),
            };
            let pooled = pool(election);
            contests.push(contest(law, &pooled, Some(&pooled), &national_votes, seats, &mut ties)?);
        }
    }
    let mut total = vec![0u32; election.parties.len()];
    for c in &contests {
        for (&p, &s) in c.parties.iter().zip(&c.result) {
            total[p] += s;
        }
    }
    Ok(Outcome { parties: election.parties.clone(), contests, total, seed })
}

fn constituency_seats(law: &Law, election: &Election, c: &ConstituencyVotes) -> Result<u32, CountError> {
    let from_law = law.seats_of(&c.name);
    if from_law.is_none() && !law.constituencies.is_empty() && c.seats.is_none() {
        return Err(CountError::UnknownConstituency {
            constituency: c.name.clone(),
            known: law.constituencies.iter().map(|k| k.name.as_str()).collect::<Vec<_>>().join(", "),
        });
    }
    let single = election.constituencies.len() == 1;
    let seats = c
        .seats
        .or(from_law)
        .or(if single { law.seats.map(|s| s.0) } else { None })
        .ok_or_else(|| CountError::NoSeats(c.name.clone()))?;
    if seats == 0 {
        return Err(CountError::ZeroSeats(c.name.clone()));
    }
    Ok(seats)
}

/// All constituencies as one, for a national allocation.
fn pool(e: &Election) -> ConstituencyVotes {
    let national = e.national_votes();
    let standing: Vec<bool> = {
        let mut s = vec![false; e.parties.len()];
        for c in &e.constituencies {
            for &(p, _) in &c.votes {
                s[p] = true;
            }
        }
        s
    };
    let mut other: Vec<(String, u64)> = Vec::new();
    for c in &e.constituencies {
        for (k, v) in &c.other_votes {
            match other.iter_mut().find(|(n, _)| n == k) {
                Some(slot) => slot.1 += v,
                None => other.push((k.clone(), *v)),
            }
        }
    }
    let sum_opt = |f: fn(&ConstituencyVotes) -> Option<u64>| -> Option<u64> {
        e.constituencies.iter().map(f).sum::<Option<u64>>()
    };
    ConstituencyVotes {
        name: if e.constituencies.len() == 1 { e.constituencies[0].name.clone() } else { "national".into() },
        seats: None,
        votes: (0..e.parties.len()).filter(|&p| standing[p]).map(|p| (p, national[p])).collect(),
        other_votes: other,
        total_valid_votes: sum_opt(|c| Some(c.valid_votes())),
        ballots_cast: sum_opt(|c| c.ballots_cast),
    }
}

fn base_of(base: Base, c: &ConstituencyVotes) -> Result<u64, CountError> {
    Ok(match base {
        Base::ValidVotes => c.valid_votes(),
        Base::ValidVotesAndOther => c.valid_votes() + c.other_votes_total(),
        Base::BallotsCast => c.ballots_cast.ok_or_else(|| CountError::NeedsBallotsCast(c.name.clone()))?,
    })
}

fn contest(
    law: &Law,
    c: &ConstituencyVotes,
    national: Option<&ConstituencyVotes>,
    national_votes: &[u64],
    seats: u32,
    ties: &mut TieBreaker,
) -> Result<Contest, CountError> {
    let parties: Vec<usize> = c.votes.iter().map(|&(p, _)| p).collect();
    let votes: Vec<u64> = c.votes.iter().map(|&(_, v)| v).collect();
    let threshold = match &law.threshold {
        None => None,
        Some(t) => {
            let mut conditions = Vec::new();
            for cond in &t.any_of {
                let (scope, measured): (&ConstituencyVotes, Vec<u64>) = match cond.level() {
                    Level::Constituency => (c, votes.clone()),
                    Level::National => (
                        national.unwrap_or(c),
                        parties.iter().map(|&p| national_votes[p]).collect(),
                    ),
                };
                let (base, bar) = match cond {
                    Condition::Share { share, base, .. } => {
                        let b = base_of(*base, scope)?;
                        (b, share.bar(b))
                    }
                    Condition::Quotas { quotas, level } => {
                        let b = scope.valid_votes();
                        let level_seats = match level {
                            Level::Constituency => seats,
                            Level::National => law.seats.map(|s| s.0).unwrap_or(seats),
                        };
                        let q = quotas.as_fraction();
                        (b, Fraction::new(q.num * b as u128, q.den * level_seats as u128))
                    }
                };
                let met = measured.iter().map(|&v| Fraction::integer(v as u128) >= bar).collect();
                conditions.push(ConditionReport { condition: cond.clone(), base, bar, votes: measured, met });
            }
            let mut passed: Vec<bool> =
                (0..parties.len()).map(|i| conditions.iter().any(|r| r.met[i])).collect();
            let mut runner_up_admitted = None;
            if t.if_only_one_passes == IfOnlyOnePasses::AdmitRunnerUp && passed.iter().filter(|&&x| x).count() == 1 {
                // The runner-up by the votes the threshold measured (the first condition's).
                let measured = &conditions[0].votes;
                if let Some(i) = (0..parties.len())
                    .filter(|&i| !passed[i] && measured[i] > 0)
                    .max_by(|&a, &b| measured[a].cmp(&measured[b]).then(b.cmp(&a)))
                {
                    passed[i] = true;
                    runner_up_admitted = Some(i);
                }
            }
            Some(ThresholdReport { conditions, passed, runner_up_admitted, article: t.article.clone() })
        }
    };
    let eligible: Vec<usize> = (0..parties.len())
        .filter(|&i| threshold.as_ref().is_none_or(|t| t.passed[i]))
        .collect();
    let eligible_votes: Vec<u64> = eligible.iter().map(|&i| votes[i]).collect();
    let method = law.allocation.method;
    let (sub, allocation) = match method {
        Method::LargestRemainder(q) => {
            let detail = largest_remainder(q, &eligible_votes, seats, ties);
            (detail.seats.clone(), AllocationReport::Remainders { method: method.to_string(), detail: lift(detail, &eligible, parties.len()) })
        }
        m => {
            let s = m.allocate(&eligible_votes, seats, ties);
            let mut order = award_order(&m, &eligible_votes, &s);
            for a in &mut order {
                a.party = eligible[a.party];
            }
            (s, AllocationReport::Averages { method: method.to_string(), seats: order })
        }
    };
    let mut result = vec![0u32; parties.len()];
    for (k, &i) in eligible.iter().enumerate() {
        result[i] = sub[k];
    }
    // Ties were recorded with indices among the eligible lists: map them to the contest's.
    let contest_ties: Vec<Tie> = ties
        .take_ties()
        .into_iter()
        .map(|mut t| {
            t.contenders = t.contenders.iter().map(|&k| eligible[k]).collect();
            t.winners = t.winners.iter().map(|&k| eligible[k]).collect();
            t
        })
        .collect();
    Ok(Contest { name: c.name.clone(), seats, parties, votes, result, threshold, allocation, ties: contest_ties })
}

/// Maps a remainder allocation computed among the eligible lists to the contest's lists.
fn lift(d: RemainderAllocation, eligible: &[usize], n: usize) -> RemainderAllocation {
    let spread_u32 = |xs: &[u32]| {
        let mut out = vec![0u32; n];
        for (k, &i) in eligible.iter().enumerate() {
            out[i] = xs[k];
        }
        out
    };
    let mut remainders = vec![Fraction::ZERO; n];
    for (k, &i) in eligible.iter().enumerate() {
        remainders[i] = d.remainders[k];
    }
    RemainderAllocation {
        quota: d.quota,
        integer_seats: spread_u32(&d.integer_seats),
        remainders,
        remainder_seats: d.remainder_seats.iter().map(|&k| eligible[k]).collect(),
        excess_removed: d.excess_removed.iter().map(|&k| eligible[k]).collect(),
        seats: spread_u32(&d.seats),
    }
}
