//! `mandat tabulate`: count ranked ballots (BLT or a rankings CSV) under a rule, or an
//! RCTab configuration with the CVR files it names.

use mandat_core::ranked::{BallotBox, Tabulation};
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
    // Streaming readers: the file is read block by block on every core (issue 17).
    let lower = path.to_ascii_lowercase();
    if lower.ends_with(".csv") {
        Ok((io::read_rankings_csv(path)?, None, String::new()))
    } else {
        let b = io::read_blt(path)?;
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
        let fail = |e: mandat_core::ranked::RankedError| io::count_error(e, file, a.seats.is_some(), io::Naming::Flags);
        let settings = io::DirectSettings {
            against_all: a.against_all.clone(),
            if_against_all_wins: Some(a.if_against_all_wins.clone()),
            electorate: a.electorate,
            quorum: a.quorum.clone(),
            runoff_bar: a.runoff_bar.clone(),
            runoff_bar_of: a.runoff_bar_of.map(|b| match b {
                BarOf::Valid => "valid".into(),
                BarOf::Electorate => "electorate".into(),
            }),
            runoff_at_least_two: a.runoff_at_least_two,
            first_round_min_electorate: a.first_round_min_electorate.clone(),
        };
        let direct = settings.options(rule, &bb, a.seed, io::Naming::Flags)?;
        let runoff = match &a.runoff {
            None => None,
            Some(path) => Some(io::runoff_votes(&mandat_io::read_text(path)?, path, &bb)?),
        };
        let t = mandat_core::ranked::tabulate_by_name(rule, &bb, seats, &direct, runoff.as_deref())
            .ok_or_else(|| arg("rule", format!("unknown rule {rule:?}; expected one of {}", RULES.join(", "))))?
            .map_err(fail)?;
        // The process ends after the report: the operating system takes the ballot box
        // back at once, where dropping it would free each distinct ranking's ranks one by
        // one (a tenth of reading and counting a million ballots, issue 17).
        std::mem::forget(bb);
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
