//! `mandat tabulate`: count ranked ballots (BLT or a rankings CSV) under a rule, or an
//! RCTab configuration with the CVR files it names.

use mandat_core::ranked::meek::{meek, MeekVariant};
use mandat_core::ranked::{rctab, simple, stv, BallotBox, Tabulation};
use mandat_io::ranked::{self as io, ReportMeta};
use mandat_io::InputError;

/// Output formats of `tabulate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TabulateFormat {
    Table,
    Json,
    Csv,
}

/// The arguments of `tabulate`, as parsed by clap in main.rs.
pub struct TabulateArgs {
    pub rule: Option<String>,
    pub seats: Option<u32>,
    pub rctab_config: Option<String>,
    pub seed: u64,
    pub format: TabulateFormat,
    pub file: Option<String>,
}

pub const RULES: &str = "plurality, two-round, irv, supplementary, stv-scottish, meek, meek-nz";

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
        let rule = a.rule.as_deref().ok_or_else(|| arg("rule", format!("which rule? one of {RULES}")))?;
        let (bb, file_seats, title) = read_ballots(file)?;
        let seats = a.seats.or(file_seats).unwrap_or(1);
        let fail = |e: mandat_core::ranked::RankedError| InputError::new(file, e.to_string());
        let t = match rule {
            "plurality" | "fptp" => simple::plurality(&bb, seats, a.seed).map_err(fail)?,
            "two-round" => simple::two_round(&bb, a.seed, None).map_err(fail)?,
            "supplementary" => simple::supplementary(&bb, a.seed).map_err(fail)?,
            "irv" => {
                let mut r = rctab::RctabRules::irv(bb.num_candidates());
                r.seed = a.seed as i64;
                rctab::tabulate(&bb, &r).map_err(fail)?
            }
            "stv-scottish" => stv::scottish_stv(&bb, seats, a.seed).map_err(fail)?,
            "meek" => meek(&bb, seats, MeekVariant::Precise, a.seed).map_err(fail)?,
            "meek-nz" => meek(&bb, seats, MeekVariant::NewZealand, a.seed).map_err(fail)?,
            other => return Err(arg("rule", format!("unknown rule {other:?}; expected one of {RULES}"))),
        };
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
