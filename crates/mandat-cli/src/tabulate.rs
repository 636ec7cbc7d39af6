//! `mandat tabulate`: count ranked ballots (BLT or a rankings CSV) under a rule, or an
//! RCTab configuration with the CVR files it names.

use mandat_core::ranked::{simple, BallotBox, Tabulation};
use mandat_io::ranked::{self as io, ReportMeta};
use mandat_io::InputError;

/// Output formats of `tabulate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TabulateFormat {
    Table,
    Json,
    Csv,
}

/// What `--runoff-bar` is a share of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum BarOf {
    Valid,
    Electorate,
}

/// The arguments of `mandat tabulate`.
#[derive(clap::Args)]
pub struct TabulateArgs {
    /// plurality, two-round, irv, supplementary, stv-scottish, meek, meek-nz, ers97
    /// (meek: Meek's method in exact arithmetic; meek-nz: New Zealand's 9-decimal
    /// statement of it; docs/ranked.md)
    #[arg(long)]
    pub rule: Option<String>,
    /// Seats to fill (default: the BLT header's, else 1).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub seats: Option<u32>,
    /// An RCTab contest configuration (`<case>_config.json`).
    #[arg(long)]
    pub rctab_config: Option<String>,
    /// Seed of the lot, for ties that need one.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// plurality, two-round, supplementary: a ballot line that is not a contestant
    /// (e.g. "Against all"): reported, never elected.
    #[arg(long)]
    pub against_all: Option<String>,
    /// If that line tops the poll: `void` (no one elected) or `ignore` (rank the rest).
    #[arg(long, default_value = "void")]
    pub if_against_all_wins: String,
    /// two-round: registered voters, for the turnout quorum.
    #[arg(long)]
    pub electorate: Option<u64>,
    /// two-round: the share of registered voters who must vote, e.g. 50%.
    #[arg(long)]
    pub quorum: Option<String>,
    /// two-round: the runoff's votes, CSV `party,votes` (else the same voters' preferences).
    #[arg(long)]
    pub runoff: Option<String>,
    /// two-round: every candidate with at least this share goes to the runoff (e.g.
    /// 12.5%), instead of the two leaders; the winner of the runoff needs only the most votes.
    #[arg(long)]
    pub runoff_bar: Option<String>,
    /// two-round: what the runoff bar is a share of: `valid` (the first round's valid
    /// votes) or `electorate` (the registered voters of --electorate).
    #[arg(long, value_enum)]
    pub runoff_bar_of: Option<BarOf>,
    /// two-round: when fewer than two candidates reach the runoff bar, the leaders make up
    /// two (France, Code électoral art. L162).
    #[arg(long)]
    pub runoff_at_least_two: bool,
    /// two-round: a first-round winner also needs this share of the registered voters
    /// (e.g. 25%, France, art. L126; needs --electorate).
    #[arg(long)]
    pub first_round_min_electorate: Option<String>,
    #[arg(long, value_enum, default_value_t = TabulateFormat::Table)]
    pub format: TabulateFormat,
    /// Write the report to this file (whole or not at all).
    #[arg(long, short)]
    pub output: Option<String>,
    /// The ballots: .blt, or .csv of rankings.
    pub file: Option<String>,
}

use mandat_core::ranked::RULES;

/// Reads a ballot file by its extension: `.blt` or `.csv` (rankings).
pub fn read_ballots(path: &str) -> Result<(BallotBox, Option<u32>, String), InputError> {
    let text = mandat_io::read_text(path)?;
    let lower = path.to_ascii_lowercase();
    if lower.ends_with(".csv") {
        Ok((io::parse_rankings_csv(&text, path)?, None, String::new()))
    } else {
        let b = io::parse_blt(&text, path)?;
        for w in &b.warnings {
            eprintln!("warning: {w}");
        }
        Ok((b.ballots, Some(b.seats), b.title))
    }
}

/// Counts and renders; returns the report text.
pub fn tabulate(a: TabulateArgs) -> Result<String, InputError> {
    let arg = |name: &str, msg: String| InputError::new(format!("--{name}"), msg);
    let (tabs, meta): (Vec<Tabulation>, ReportMeta) = if let Some(cfg) = &a.rctab_config {
        if a.rule.is_some() || a.file.is_some() {
            return Err(arg("rctab-config", "the configuration names the rules and the CVR files: give neither --rule nor FILE".into()));
        }
        let run = mandat_io::ranked::rctab::load(cfg)?;
        let tabs = run.tabulate().map_err(|e| InputError::new(cfg, e.to_string()))?;
        (tabs, run.meta.clone())
    } else {
        let file = a.file.as_deref().ok_or_else(|| arg("rule", "give a ballot file (BLT or rankings CSV), or --rctab-config".into()))?;
        let rule = a.rule.as_deref().ok_or_else(|| arg("rule", format!("which rule? one of {}", RULES.join(", "))))?;
        let (bb, file_seats, title) = read_ballots(file)?;
        let seats = a.seats.or(file_seats).unwrap_or(1);
        let fail = |e: mandat_core::ranked::RankedError| InputError::new(file, e.to_string());
        let find = |flag: &str, name: &str| -> Result<mandat_core::ranked::Cand, InputError> {
            bb.candidates
                .iter()
                .position(|c| c == name)
                .map(|i| i as mandat_core::ranked::Cand)
                .ok_or_else(|| arg(flag, format!("{name:?} is not a candidate or line of {file}")))
        };
        let percent = |flag: &str, text: &Option<String>| -> Result<Option<mandat_core::exact::Percent>, InputError> {
            text.as_deref().map(|q| q.parse::<mandat_core::exact::Percent>().map_err(|e| arg(flag, e.to_string()))).transpose()
        };
        let two_round_only = [
            ("runoff-bar", a.runoff_bar.is_some()),
            ("runoff-bar-of", a.runoff_bar_of.is_some()),
            ("runoff-at-least-two", a.runoff_at_least_two),
            ("first-round-min-electorate", a.first_round_min_electorate.is_some()),
        ];
        if let Some((flag, _)) = two_round_only.iter().find(|x| x.1) {
            if rule != "two-round" {
                return Err(arg(flag, format!("applies to --rule two-round only, not {rule}")));
            }
        }
        let runoff_field = match percent("runoff-bar", &a.runoff_bar)? {
            None => {
                if let Some((flag, _)) = two_round_only[1..3].iter().find(|x| x.1) {
                    return Err(arg(flag, "give the bar too, e.g. --runoff-bar 12.5%".into()));
                }
                simple::RunoffField::TopTwo
            }
            Some(share) => {
                let of = match a.runoff_bar_of {
                    Some(BarOf::Electorate) => simple::BarBase::Electorate,
                    Some(BarOf::Valid) | None => simple::BarBase::ValidVotes,
                };
                if of == simple::BarBase::Electorate && a.electorate.is_none() {
                    return Err(arg("runoff-bar-of", "a share of the registered voters needs --electorate N".into()));
                }
                simple::RunoffField::Bar { share, of, at_least_two: a.runoff_at_least_two }
            }
        };
        let first_round_min_electorate = percent("first-round-min-electorate", &a.first_round_min_electorate)?;
        if first_round_min_electorate.is_some() && a.electorate.is_none() {
            return Err(arg("first-round-min-electorate", "a share of the registered voters needs --electorate N".into()));
        }
        let direct = simple::DirectOptions {
            seed: a.seed,
            non_contestant: a.against_all.as_deref().map(|n| find("against-all", n)).transpose()?,
            if_non_contestant_tops: match a.if_against_all_wins.as_str() {
                "void" => simple::NonContestantTops::Void,
                "ignore" => simple::NonContestantTops::Ignore,
                other => return Err(arg("if-against-all-wins", format!("expected void or ignore, found {other:?}"))),
            },
            electorate: a.electorate,
            quorum: percent("quorum", &a.quorum)?,
            runoff_field,
            first_round_min_electorate,
        };
        let runoff = match &a.runoff {
            None => None,
            Some(path) => {
                let text = mandat_io::read_text(path)?;
                let e = mandat_io::parse_votes(&text, path)?;
                let mut v = Vec::new();
                for (p, n) in &e.constituencies[0].votes {
                    v.push((find("runoff", &e.parties[*p]).map_err(|x| InputError::new(path, x.message))?, *n));
                }
                Some(v)
            }
        };
        let t = mandat_core::ranked::tabulate_by_name(rule, &bb, seats, &direct, runoff.as_deref())
            .ok_or_else(|| arg("rule", format!("unknown rule {rule:?}; expected one of {}", RULES.join(", "))))?
            .map_err(fail)?;
        (vec![t], ReportMeta { contest: title, ..Default::default() })
    };
    let mut out = String::new();
    for t in &tabs {
        match a.format {
            TabulateFormat::Table => out.push_str(&io::round_table(t)),
            TabulateFormat::Csv => out.push_str(&io::rounds_csv(t)),
            TabulateFormat::Json => {
                let mut s = serde_json::to_string_pretty(&io::urcvt_json(t, &meta)).expect("JSON values serialize");
                s.push('\n');
                out.push_str(&s);
            }
        }
    }
    Ok(out)
}
