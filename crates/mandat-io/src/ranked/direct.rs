//! The options of the first-preference rules (plurality, two-round, supplementary) as a
//! user gives them — text, by name — checked and turned into
//! [`DirectOptions`]. `mandat tabulate` and the HTTP API share this, so both accept the
//! same settings with the same errors.

use mandat_core::exact::Percent;
use mandat_core::ranked::simple::{BarBase, DirectOptions, NonContestantTops, RunoffField};
use mandat_core::ranked::{BallotBox, Cand, RankedError};

use crate::InputError;

/// How a setting is named in errors: `--runoff-bar` on the command line, `runoff_bar`
/// in a JSON request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Naming {
    Flags,
    JsonFields,
}

impl Naming {
    fn name(self, setting: &str) -> String {
        match self {
            Naming::Flags => format!("--{setting}"),
            Naming::JsonFields => setting.replace('-', "_"),
        }
    }
}

/// The settings, as given (names as the command-line flags, without `--`).
#[derive(Clone, Debug, Default)]
pub struct DirectSettings {
    /// A ballot line that is not a contestant (e.g. "Against all").
    pub against_all: Option<String>,
    /// `void` (default) or `ignore`: what happens if that line tops the poll.
    pub if_against_all_wins: Option<String>,
    pub electorate: Option<u64>,
    /// Turnout quorum, e.g. `50%`.
    pub quorum: Option<String>,
    /// Runoff bar, e.g. `12.5%`.
    pub runoff_bar: Option<String>,
    /// `valid` (default) or `electorate`.
    pub runoff_bar_of: Option<String>,
    pub runoff_at_least_two: bool,
    /// e.g. `25%`.
    pub first_round_min_electorate: Option<String>,
}

impl DirectSettings {
    /// Checks the settings for `rule` against the candidates of `ballots`.
    pub fn options(&self, rule: &str, ballots: &BallotBox, seed: u64, naming: Naming) -> Result<DirectOptions, InputError> {
        let err = |setting: &str, msg: String| InputError::new(naming.name(setting), msg);
        let percent = |setting: &str, text: &Option<String>| -> Result<Option<Percent>, InputError> {
            text.as_deref().map(|q| q.parse::<Percent>().map_err(|e| err(setting, e.to_string()))).transpose()
        };
        let two_round_only = [
            ("runoff-bar", self.runoff_bar.is_some()),
            ("runoff-bar-of", self.runoff_bar_of.is_some()),
            ("runoff-at-least-two", self.runoff_at_least_two),
            ("first-round-min-electorate", self.first_round_min_electorate.is_some()),
        ];
        if let Some((setting, _)) = two_round_only.iter().find(|x| x.1) {
            if rule != "two-round" {
                return Err(err(setting, format!("applies to the two-round rule only, not {rule}")));
            }
        }
        let first_preference_only = [("electorate", self.electorate.is_some()), ("quorum", self.quorum.is_some()), ("against-all", self.against_all.is_some())];
        if let Some((setting, _)) = first_preference_only.iter().find(|x| x.1) {
            if !FIRST_PREFERENCE_RULES.contains(&rule) {
                return Err(err(setting, format!("applies to the plurality, two-round and supplementary rules only, not {rule}")));
            }
        }
        if self.quorum.is_some() && self.electorate.is_none() {
            return Err(err("quorum", format!("a turnout quorum is a share of the registered voters: give {} too", naming.name("electorate"))));
        }
        let runoff_field = match percent("runoff-bar", &self.runoff_bar)? {
            None => {
                if let Some((setting, _)) = two_round_only[1..3].iter().find(|x| x.1) {
                    return Err(err(setting, format!("give the bar too, e.g. {} 12.5%", naming.name("runoff-bar"))));
                }
                RunoffField::TopTwo
            }
            Some(share) => {
                let of = match self.runoff_bar_of.as_deref() {
                    None | Some("valid") => BarBase::ValidVotes,
                    Some("electorate") => BarBase::Electorate,
                    Some(other) => return Err(err("runoff-bar-of", format!("expected valid or electorate, found {other:?}"))),
                };
                if of == BarBase::Electorate && self.electorate.is_none() {
                    return Err(err("runoff-bar-of", format!("a share of the registered voters needs {}", naming.name("electorate"))));
                }
                RunoffField::Bar { share, of, at_least_two: self.runoff_at_least_two }
            }
        };
        let first_round_min_electorate = percent("first-round-min-electorate", &self.first_round_min_electorate)?;
        if first_round_min_electorate.is_some() && self.electorate.is_none() {
            return Err(err("first-round-min-electorate", format!("a share of the registered voters needs {}", naming.name("electorate"))));
        }
        Ok(DirectOptions {
            seed,
            non_contestant: self.against_all.as_deref().map(|n| candidate(ballots, n).ok_or_else(|| err("against-all", format!("{n:?} is not a candidate or line of the ballots")))).transpose()?,
            if_non_contestant_tops: match self.if_against_all_wins.as_deref() {
                None | Some("void") => NonContestantTops::Void,
                Some("ignore") => NonContestantTops::Ignore,
                Some(other) => return Err(err("if-against-all-wins", format!("expected void or ignore, found {other:?}"))),
            },
            electorate: self.electorate,
            quorum: percent("quorum", &self.quorum)?,
            runoff_field,
            first_round_min_electorate,
        })
    }
}

/// The rules that read [`DirectOptions`] (the others ignore them).
const FIRST_PREFERENCE_RULES: &[&str] = &["plurality", "fptp", "two-round", "supplementary"];

/// A count's refusal as an input error named as the user gave the value: the seats
/// (`--seats` / `seats` when given, else the ballot file's header), the electorate, the
/// runoff, else the ballots (`file`).
pub fn count_error(e: RankedError, file: &str, seats_given: bool, naming: Naming) -> InputError {
    match e {
        RankedError::SingleWinner { .. } | RankedError::NoSeats | RankedError::TooFewCandidates { .. } if seats_given => InputError::new(naming.name("seats"), e.to_string()),
        RankedError::SingleWinner { rule, seats } => InputError::new(
            file,
            format!(
                "the file's header asks for {seats} seats, but {rule} elects one candidate: give {}, or a multi-seat rule (plurality, stv-scottish, meek, meek-nz, ers97, stv-sampled)",
                if naming == Naming::Flags { "--seats 1" } else { "\"seats\": 1" }
            ),
        )
        .field("seats"),
        RankedError::Electorate { .. } => InputError::new(naming.name("electorate"), e.to_string()),
        RankedError::RunoffNotApplicable(_) => InputError::new(naming.name("runoff"), e.to_string()),
        _ => InputError::new(file, e.to_string()),
    }
}

/// The runoff's votes, CSV `party,votes` (`path` names the text in errors), matched to
/// the candidates of `ballots`.
pub fn runoff_votes(text: &str, path: &str, ballots: &BallotBox) -> Result<Vec<(Cand, u64)>, InputError> {
    let e = crate::parse_votes(text, path)?;
    e.constituencies[0]
        .votes
        .iter()
        .map(|&(p, n)| {
            let name = &e.parties[p];
            candidate(ballots, name).map(|c| (c, n)).ok_or_else(|| InputError::new(path, format!("{name:?} is not a candidate or line of the ballots")))
        })
        .collect()
}

fn candidate(ballots: &BallotBox, name: &str) -> Option<Cand> {
    ballots.candidates.iter().position(|c| c == name).map(|i| i as Cand)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ballots() -> BallotBox {
        BallotBox::new(vec!["A".into(), "B".into(), "Against all".into()])
    }

    #[test]
    fn errors_name_the_setting_as_the_user_wrote_it() {
        let s = DirectSettings { runoff_bar_of: Some("electorate".into()), ..Default::default() };
        let cli = s.options("two-round", &ballots(), 0, Naming::Flags).unwrap_err();
        assert_eq!(cli.path, "--runoff-bar-of");
        let api = s.options("two-round", &ballots(), 0, Naming::JsonFields).unwrap_err();
        assert_eq!(api.path, "runoff_bar_of");
        assert!(api.message.contains("runoff_bar"), "{}", api.message);
    }

    #[test]
    fn two_round_settings_are_refused_for_other_rules() {
        let s = DirectSettings { runoff_at_least_two: true, runoff_bar: Some("12.5%".into()), ..Default::default() };
        assert!(s.options("plurality", &ballots(), 0, Naming::Flags).is_err());
        let o = s.options("two-round", &ballots(), 0, Naming::Flags).unwrap();
        assert!(matches!(o.runoff_field, RunoffField::Bar { at_least_two: true, of: BarBase::ValidVotes, .. }));
    }

    #[test]
    fn the_against_all_line_must_be_on_the_ballot() {
        let s = DirectSettings { against_all: Some("Nobody".into()), ..Default::default() };
        assert!(s.options("plurality", &ballots(), 0, Naming::Flags).is_err());
        let s = DirectSettings { against_all: Some("Against all".into()), ..Default::default() };
        assert_eq!(s.options("plurality", &ballots(), 0, Naming::Flags).unwrap().non_contestant, Some(2));
    }
}
