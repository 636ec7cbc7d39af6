//! From party seats to elected people: candidate lists, the law's list rules, the
//! designation of the elected (closed list, Belgian devolution of the list vote,
//! preference threshold, open list, party choice), mandate quotas as one general
//! mechanism, and vacancy succession.
//!
//! Like the rest of the core this module does no I/O: the lists, the ballots and a
//! party's choice arrive already parsed (`mandat-io/src/candidates.rs`), and every
//! step is returned as data ([`Designation`]) for the renderers.
//!
//! - [`law`]: the optional law-file sections `[candidates]`, `[[list_rules]]`,
//!   `[[quotas]]` (strict, self-validating, like the rest of `Law`);
//! - [`rules`]: checking lists against list rules and list-stage quotas (`lint-lists`);
//! - [`designate`]: who takes the seats, with the reason for each person;
//! - [`vacancy`]: who succeeds a member who leaves.
//!
//! Everything that decides is an integer or an exact fraction: E = ceil(V / (s + 1)),
//! the pot, a quota's target (`ceil(30% × seats)`), a preference threshold.

pub mod designate;
pub mod law;
pub mod rules;
pub mod vacancy;

use serde::{Deserialize, Serialize};

use crate::law::Date;

pub use designate::{designate, Designation, DesignationError, ListOutcome, Ranked, Reason};
pub use law::{CandidateRules, Category, DesignationRule, ListRule, QuotaRule, QuotaScope, QuotaStage, Rounding, SexSel, Target};
pub use rules::{lint, Violation};
pub use vacancy::{succeed, succeed_in_turn, Succession, VacancyError};

/// Sex as declared on a candidate list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Sex {
    F,
    M,
    X,
}

impl Sex {
    pub fn parse(s: &str) -> Option<Sex> {
        match s.trim() {
            "F" | "f" => Some(Sex::F),
            "M" | "m" => Some(Sex::M),
            "X" | "x" => Some(Sex::X),
            _ => None,
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Sex::F => "F",
            Sex::M => "M",
            Sex::X => "X",
        }
    }
}

/// One person on a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    pub name: String,
    /// Place on the ballot, within its category (effective candidates and substitutes
    /// are numbered separately, as on a Belgian ballot).
    pub position: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<Date>,
    #[serde(default)]
    pub disability: bool,
    #[serde(default)]
    pub substitute: bool,
    #[serde(default)]
    pub preference_votes: u64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

impl Candidate {
    /// A candidate with only a name and a position (tests, examples).
    pub fn new(name: &str, position: u32) -> Candidate {
        Candidate {
            name: name.into(),
            position,
            sex: None,
            birth_date: None,
            disability: false,
            substitute: false,
            preference_votes: 0,
            tags: Vec::new(),
        }
    }

    pub fn sex(mut self, s: Sex) -> Self {
        self.sex = Some(s);
        self
    }

    pub fn votes(mut self, v: u64) -> Self {
        self.preference_votes = v;
        self
    }

    /// Whole years of age on `on` (a birthday counts on its day; 29 February birthdays
    /// count on 1 March in other years).
    pub fn age_on(&self, on: Date) -> Option<u32> {
        let b = self.birth_date?;
        if (on.year, on.month, on.day) < (b.year, b.month, b.day) {
            return Some(0);
        }
        let mut years = (on.year - b.year) as u32;
        if (on.month, on.day) < (b.month, b.day) {
            years -= 1;
        }
        Some(years)
    }
}

/// Ballots of a list that are not preference votes for one candidate, as the Belgian
/// devolution needs them (Electoral Code art. 172-173; special law of 8 August 1980
/// art. 29octies-29nonies).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListBallots {
    /// Ballots with a vote at the head of the list (a list vote).
    pub head: u64,
    /// Ballots with votes only for one or more substitutes.
    pub substitutes_only: u64,
    /// Ballots with votes only for one or more effective candidates.
    pub effective_only: u64,
}

/// A party's list in one constituency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CandidateList {
    pub constituency: String,
    pub party: String,
    /// Effective candidates, in ballot order.
    pub effective: Vec<Candidate>,
    /// Substitute candidates (a separate category), in ballot order.
    #[serde(default)]
    pub substitutes: Vec<Candidate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ballots: Option<ListBallots>,
}

impl CandidateList {
    pub fn new(constituency: &str, party: &str, effective: Vec<Candidate>) -> CandidateList {
        CandidateList { constituency: constituency.into(), party: party.into(), effective, substitutes: Vec::new(), ballots: None }
    }

    /// Sorts both categories by position (what makes results independent of row order).
    pub fn sort(&mut self) {
        self.effective.sort_by_key(|c| c.position);
        self.substitutes.sort_by_key(|c| c.position);
    }
}

/// The names a party chose for its mandates (Kazakhstan, Constitutional Law on
/// Elections art. 97-1(5)), per list, in the party's order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PartyChoice {
    /// (constituency, party, names)
    pub choices: Vec<(String, String, Vec<String>)>,
}

impl PartyChoice {
    pub fn of(&self, constituency: &str, party: &str) -> Option<&[String]> {
        self.choices.iter().find(|(c, p, _)| c == constituency && p == party).map(|(_, _, n)| n.as_slice())
    }
}
