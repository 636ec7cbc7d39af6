//! The record of a ranked count: every round, every transfer, every tie.
//!
//! All rules fill the same record, so the round table, the Universal RCV Tabulation JSON
//! and the CSV render the same thing. The shape follows what RCTab reports (a round is a
//! tally followed by the decisions taken on it; the transfers that a decision causes are
//! listed with it, though they show in the next round's tally).

use serde::Serialize;

use super::ballot::Cand;
use super::fixed::Fixed;

/// Where transferred votes went.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Target {
    Candidate(Cand),
    /// No continuing candidate could receive them (all reasons together, as RCTab does).
    Exhausted,
    /// The part of a surplus lost to rounding down (RCTab "residual surplus"; the Scottish
    /// rules' "votes lost by truncation").
    ResidualSurplus,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ActionKind {
    Elected,
    Eliminated,
    /// The surplus of a candidate elected earlier is transferred (STV).
    SurplusTransferred,
    /// The candidate goes on to the runoff (two-round system); the reason says why (the
    /// runoff bar and the candidate's votes, or being among the two leaders).
    Qualified,
}

/// A decision taken on a round's tally, with the votes it moved.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Action {
    pub kind: ActionKind,
    pub candidate: Cand,
    /// For a surplus: the share of each ballot's value that moves on (RCTab's surplus
    /// fraction, the Scottish transfer value).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub surplus_fraction: Option<Fixed>,
    pub transfers: Vec<(Target, Fixed)>,
    /// Why (e.g. "below the minimum vote threshold", "batch elimination").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Ballots no longer counting for anyone, by reason (cumulative, as in RCTab reports).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Inactive {
    pub exhausted_choices: Fixed,
    pub overvotes: Fixed,
    pub repeated_rankings: Fixed,
    pub skipped_rankings: Fixed,
    /// Ballots ranking nobody (or, under RCTab's rule, leaving too many ranks blank at the end).
    pub undervotes: Fixed,
    /// Value kept by winners above the threshold in the last round (multi-winner RCTab).
    pub final_round_surplus: Fixed,
}

impl Inactive {
    pub fn zero(scale: u8) -> Self {
        let z = Fixed::zero(scale);
        Inactive { exhausted_choices: z, overvotes: z, repeated_rankings: z, skipped_rankings: z, undervotes: z, final_round_surplus: z }
    }

    pub fn total(&self) -> Fixed {
        self.exhausted_choices + self.overvotes + self.repeated_rankings + self.skipped_rankings + self.undervotes
    }
}

/// One round (a stage, in the Scottish rules' words).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Round {
    pub number: u32,
    /// Votes of each candidate shown in this round (continuing candidates, and winners
    /// holding their quota), in candidate order.
    pub tally: Vec<(Cand, Fixed)>,
    pub threshold: Option<Fixed>,
    pub inactive: Inactive,
    pub actions: Vec<Action>,
    /// Residual surplus lost to rounding so far (multi-winner).
    pub residual_surplus: Fixed,
}

/// Whether a tie chose someone to win or to lose.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TieFor {
    Winner,
    Loser,
    /// Which surplus to transfer first.
    SurplusOrder,
}

/// A tie and how the rule decided it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RankedTie {
    pub round: u32,
    pub choosing: TieFor,
    pub contenders: Vec<Cand>,
    pub chosen: Cand,
    /// How it was decided ("fewest votes in round 2", "random draw, seed 0", ...).
    pub decided_by: String,
}

/// The whole count.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Tabulation {
    /// The rule's name (`irv`, `stv-scottish`, ...).
    pub rule: String,
    pub candidates: Vec<String>,
    pub seats: u32,
    /// Decimal places of the rule's arithmetic.
    pub scale: u8,
    pub total_ballots: Fixed,
    pub rounds: Vec<Round>,
    /// Winners in the order they were elected.
    pub elected: Vec<Cand>,
    pub ties: Vec<RankedTie>,
    /// The quota or threshold used for the whole count, when fixed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quota: Option<Fixed>,
    /// Remarks on the input (withdrawn candidates, ignored marks).
    pub notes: Vec<String>,
}

impl Tabulation {
    pub fn name(&self, c: Cand) -> &str {
        self.candidates.get(c as usize).map_or("?", |s| s.as_str())
    }

    pub fn winners_by_name(&self) -> Vec<&str> {
        self.elected.iter().map(|&c| self.name(c)).collect()
    }
}

/// Why a count could not run.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RankedError {
    #[error("the contest has no candidates")]
    NoCandidates,
    #[error("{seats} seat(s) but only {candidates} candidate(s) standing")]
    TooFewCandidates { seats: u32, candidates: usize },
    #[error("the number of seats must be at least 1")]
    NoSeats,
    #[error("no ballot ranks any candidate")]
    NoVotes,
    /// A single-winner rule asked to fill another number of seats.
    #[error("{rule} elects one candidate, but {seats} seats were asked: give 1 seat, or a multi-seat rule (plurality, stv-scottish, meek, meek-nz, ers97, stv-sampled)")]
    SingleWinner { rule: String, seats: u32 },
    /// A second round's votes given to a rule that holds no runoff.
    #[error("a runoff's votes apply to the two-round rule only, not {0}")]
    RunoffNotApplicable(String),
    /// Registered voters that cannot be: none, or fewer than the ballots cast.
    #[error("{}", electorate_message(*electorate, *ballots))]
    Electorate { electorate: u64, ballots: u128 },
    #[error("{0}")]
    Rule(String),
    /// The ballot weights add up to more than the rule's exact arithmetic can hold.
    #[error("the ballots total {total}, more than {rule} can count exactly (at most {max} ballots)")]
    TooManyBallots { rule: String, total: u128, max: u128 },
}

fn electorate_message(electorate: u64, ballots: u128) -> String {
    if electorate == 0 {
        "the electorate (registered voters) is 0: expected at least 1".into()
    } else {
        format!("the electorate, {electorate} registered voters, is below the {ballots} ballots cast: expected at least {ballots}")
    }
}
