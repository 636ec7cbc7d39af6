//! `mandat compare`, `sweep` and `margins`: rendering of mandat_core::analysis.

use mandat_core::analysis::{compare, margins, sweep};
use mandat_core::election::Election;
use mandat_core::exact::Percent;
use mandat_core::law::Law;
use mandat_io::{report_analysis, InputError};

use crate::OutputFormat;

fn load(results: &str) -> Result<Election, InputError> {
    let text = mandat_io::read_text(results)?;
    mandat_io::parse_results(&text, results)
}

fn count_error(path: &str) -> impl Fn(mandat_core::count::CountError) -> InputError + '_ {
    move |e| InputError::new(path, e.to_string())
}

/// The laws to compare: each `--law`, plus the last one with every `--set` applied.
pub fn variants(laws: &[String], sets: &[String]) -> Result<(Vec<String>, Vec<Law>), InputError> {
    let loaded = laws.iter().map(|l| mandat_io::load_law(l)).collect::<Result<Vec<_>, _>>()?;
    report_analysis::variants(loaded, sets, "--law", "--set")
}

pub fn compare(laws: &[String], sets: &[String], results: &str, seed: u64, format: OutputFormat) -> Result<String, InputError> {
    let (labels, laws) = variants(laws, sets)?;
    let election = load(results)?;
    let cmp = compare::compare(labels, &laws, &election, seed).map_err(count_error(results))?;
    Ok(match format {
        OutputFormat::Svg => report_analysis::compare_svg(&cmp, &mandat_io::read_text(results)?),
        OutputFormat::Json => crate::pretty(&report_analysis::compare_json(&cmp)),
        OutputFormat::Table => report_analysis::compare_text(&cmp),
    })
}

pub fn sweep(law: &str, param: &str, from: &str, to: &str, results: &str, seed: u64, format: OutputFormat) -> Result<String, InputError> {
    let law_arg = law;
    let law = mandat_io::load_law(law)?;
    // A law that cannot take the parameter is the law's fault, not the results': said of
    // the law, before any count.
    let refused = |e: String| InputError::new(law_arg, e);
    let election = load(results)?;
    let segments = match param {
        "threshold" => {
            let p = |s: &str, flag: &str| s.parse::<Percent>().map_err(|e| InputError::new(flag, e.to_string()));
            let (a, b) = (p(from, "--from")?, p(to, "--to")?);
            if a > b {
                return Err(InputError::new("--from", "must not be above --to"));
            }
            law.clone().set_threshold_share(a).map_err(refused)?;
            sweep::threshold(&law, &election, a, b, seed)
        }
        "seats" => {
            let n = |s: &str, flag: &str| s.parse::<u32>().ok().filter(|&n| (1..=100_000).contains(&n)).ok_or_else(|| InputError::new(flag, format!("expected a number of seats, found {s:?}")));
            let (a, b) = (n(from, "--from")?, n(to, "--to")?);
            if a > b || b - a > 10_000 {
                return Err(InputError::new("--from", "expected --from <= --to, at most 10,000 apart"));
            }
            law.clone().set_seats(a).map_err(refused)?;
            sweep::seats(&law, &election, a, b, seed)
        }
        other => return Err(InputError::new("--param", format!("unknown parameter {other:?}; expected threshold or seats"))),
    }
    .map_err(count_error(results))?;
    let parties = &election.parties;
    Ok(match format {
        OutputFormat::Svg => unreachable!("rejected before"),
        OutputFormat::Json => crate::pretty(&mandat_io::report_analysis::sweep_json(&law.id, param, parties, &segments)),
        OutputFormat::Table => report_analysis::sweep_text(&law.id, param, parties, &segments),
    })
}

pub fn margins(law: &str, results: &str, seed: u64, format: OutputFormat) -> Result<String, InputError> {
    let law = mandat_io::load_law(law)?;
    let election = load(results)?;
    let ms = margins::margins(&law, &election, seed).map_err(count_error(results))?;
    Ok(match format {
        OutputFormat::Svg => unreachable!("rejected before"),
        OutputFormat::Json => crate::pretty(&report_analysis::margins_json(&law, &election, &ms, None)),
        OutputFormat::Table => report_analysis::margins_text(&law, &election, &ms),
    })
}

pub struct ProjectArgs {
    pub law: String,
    pub base: String,
    pub poll: String,
    pub sample_size: u64,
    pub sims: u64,
    pub seed: u64,
    pub swing: String,
    pub noise: f64,
    pub coalitions: Vec<String>,
}

pub fn project(a: &ProjectArgs, format: OutputFormat) -> Result<String, InputError> {
    use mandat_core::analysis::projection::{self, Model};
    use std::io::IsTerminal;
    let law = mandat_io::load_law(&a.law)?;
    let base_text = mandat_io::read_text(&a.base)?;
    let base = mandat_io::parse_results(&base_text, &a.base)?;
    let poll = mandat_io::poll::parse_poll(&mandat_io::read_text(&a.poll)?, &a.poll, &base)?;
    if a.sims == 0 || a.sims > 100_000_000 {
        return Err(InputError::new("--sims", "expected a number of simulations from 1 to 100,000,000"));
    }
    if a.sample_size == 0 {
        return Err(InputError::new("--sample-size", "the poll's sample size must be at least 1"));
    }
    let swing = report_analysis::parse_swing(&a.swing, "--swing")?;
    let coalitions = report_analysis::parse_coalitions(&a.coalitions, &base.parties, "--coalition")?;
    let model = Model { shares: poll.shares.clone(), uncertainty: poll.uncertainty(a.sample_size), swing, noise: a.noise, sims: a.sims, seed: a.seed, coalitions: coalitions.clone() };
    // A progress bar on a terminal only: silent when the output is piped or in CI.
    let bar = std::io::stderr().is_terminal().then(|| {
        let b = indicatif::ProgressBar::new(a.sims);
        b.set_style(indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} simulations ({eta} left)").unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()));
        b
    });
    let progress = |done: u64| {
        if let Some(b) = &bar {
            b.set_position(done.max(b.position()));
        }
    };
    let p = projection::project(&law, &base, &model, &progress).map_err(|e| match e {
        // The law's, not the poll's.
        projection::ProjectionError::Ranked => InputError::new(&a.law, e.to_string()),
        _ => InputError::new(&a.poll, e.to_string()),
    })?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let names = &base.parties;
    Ok(match format {
        OutputFormat::Svg => report_analysis::projection_svg(&law, names, &p, &base_text),
        OutputFormat::Json => crate::pretty(&report_analysis::projection_json(&law, names, &poll.shares, &p, &a.coalitions)),
        OutputFormat::Table => report_analysis::projection_text(&law, names, &poll.shares, &p, &a.coalitions),
    })
}
