//! Constituencies that elect candidates from ranked ballots (`[ranked]` in a law):
//! single transferable vote in multi-member constituencies (Ireland's Dáil, Electoral Act
//! 1992 Part XIX; Scottish councils; Malta), or any rule of [`crate::ranked::RULES`].
//!
//! Each constituency of the results carries its ballots ([`RankedBallots`]); the count
//! tabulates them under the law's rule for the constituency's seats (the law's, checked
//! against the results' as for a list tier), and each elected candidate is a seat of the
//! candidate's party. The party totals are what cases compare; the record of every count
//! is kept in [`RankedContest`].

use serde::{Deserialize, Serialize};

use crate::count::{CountError, Outcome};
use crate::election::Election;
use crate::law::Law;
use crate::ranked::sampled::WholeQuota;
use crate::ranked::{simple::DirectOptions, Tabulation};

/// The `[ranked]` section of a law.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RankedTier {
    /// The counting rule, by its name in [`crate::ranked::RULES`].
    pub rule: RankedRule,
    /// The quota, for a rule whose quota the law chooses (`stv-sampled`: `droop`, the
    /// default, or `hare`); the other rules define their own.
    #[serde(default)]
    pub quota: Option<WholeQuota>,
    /// The articles of law the count follows, cited in explanations.
    #[serde(default)]
    pub article: Option<String>,
}

/// A rule name, checked against [`crate::ranked::RULES`] when the law is read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RankedRule(pub String);

impl<'de> Deserialize<'de> for RankedRule {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if crate::ranked::RULES.contains(&s.as_str()) {
            Ok(RankedRule(s))
        } else {
            Err(serde::de::Error::custom(format!("unknown ranked rule {s:?}: expected one of {}", crate::ranked::RULES.join(", "))))
        }
    }
}

/// One constituency counted from its ranked ballots.
#[derive(Clone, Debug, Serialize)]
pub struct RankedContest {
    pub name: String,
    pub seats: u32,
    /// The party (index into [`Outcome::parties`]) of each candidate of the tabulation.
    pub parties: Vec<usize>,
    /// Every count of the constituency: tallies, transfers, ties.
    pub tabulation: Tabulation,
}

impl RankedContest {
    /// The elected candidates' names, in the order they were elected.
    pub fn elected(&self) -> Vec<&str> {
        self.tabulation.winners_by_name()
    }
}

/// Counts every constituency of `election` under the law's `[ranked]` rule; `seed` is the
/// lot's (and, for `stv-sampled`, the random selection's).
pub fn count(law: &Law, tier: &RankedTier, election: &Election, seed: u64) -> Result<Outcome, CountError> {
    if election.constituencies.is_empty() {
        return Err(CountError::Empty);
    }
    let not_counted = crate::count::match_constituencies(law, election)?;
    let law_seats = |n: &str| law.constituency(n).map(|k| (k.seats.0, 0));
    let mut total = vec![0u32; election.parties.len()];
    let mut ranked = Vec::new();
    for c in &election.constituencies {
        let Some(rb) = &c.ranked else {
            return Err(CountError::Parameter(format!("constituency {:?} has no ballots: the law counts ranked ballots (`ballots` in the results)", c.name)));
        };
        let seats = crate::count::list_tier_seats(law, election, c, &law_seats)?;
        let tab = match (tier.rule.0.as_str(), tier.quota) {
            ("stv-sampled", q) => crate::ranked::sampled::stv_sampled(&rb.ballots, seats, seed, q.unwrap_or_default()),
            (rule, _) => {
                let direct = DirectOptions { seed, ..Default::default() };
                crate::ranked::tabulate_by_name(rule, &rb.ballots, seats, &direct, None).expect("a rule of RULES")
            }
        }
        .map_err(|e| CountError::Parameter(format!("constituency {:?}: {e}", c.name)))?;
        for &w in &tab.elected {
            total[rb.parties[w as usize]] += 1;
        }
        ranked.push(RankedContest { name: c.name.clone(), seats, parties: rb.parties.clone(), tabulation: tab });
    }
    Ok(Outcome { parties: election.parties.clone(), votes: election.national_votes(), total, seed, not_counted, ranked, ..Outcome::default() })
}
