//! `mandat compare`, `sweep` and `margins`: rendering of mandat_core::analysis.

use mandat_core::analysis::{compare, margins, sweep};
use mandat_core::election::Election;
use mandat_core::exact::Percent;
use mandat_core::law::Law;
use mandat_io::{report, report_analysis, InputError};
use serde_json::json;

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
        OutputFormat::Table => {
            let mut s = String::new();
            let w = cmp.parties.iter().map(|p| p.chars().count()).max().unwrap_or(5).max(5).min(mandat_io::MAX_COLUMN_WIDTH);
            for (k, l) in cmp.labels.iter().enumerate() {
                s.push_str(&format!("[{}] {l}\n", k + 1));
            }
            s.push_str(&format!("\n  {:<w$}  {:>12}", "party", "votes"));
            for k in 0..cmp.labels.len() {
                s.push_str(&format!("  {:>5}", format!("[{}]", k + 1)));
            }
            s.push('\n');
            let votes = &cmp.outcomes[0].votes;
            for (p, name) in cmp.parties.iter().enumerate() {
                s.push_str(&format!("  {:<w$}  {:>12}", name, report::thousands(votes[p] as u128)));
                for o in &cmp.outcomes {
                    s.push_str(&format!("  {:>5}", o.total[p]));
                }
                s.push('\n');
            }
            s.push('\n');
            for ch in &cmp.changes {
                s.push_str(&format!("[{}] against [1]: {}.\n", ch.law + 1, ch.summary(&cmp.parties)));
                if cmp.outcomes[0].contests.len() > 1 {
                    for (n, d) in &ch.constituencies {
                        let m = d.iter().map(|&(p, x)| format!("{} {x:+}", cmp.parties[p])).collect::<Vec<_>>().join(", ");
                        s.push_str(&format!("    {n}: {m}\n"));
                    }
                }
            }
            s
        }
    })
}

pub fn sweep(law: &str, param: &str, from: &str, to: &str, results: &str, seed: u64, format: OutputFormat) -> Result<String, InputError> {
    let law = mandat_io::load_law(law)?;
    let election = load(results)?;
    let segments = match param {
        "threshold" => {
            let p = |s: &str, flag: &str| s.parse::<Percent>().map_err(|e| InputError::new(flag, e.to_string()));
            let (a, b) = (p(from, "--from")?, p(to, "--to")?);
            if a > b {
                return Err(InputError::new("--from", "must not be above --to"));
            }
            sweep::threshold(&law, &election, a, b, seed)
        }
        "seats" => {
            let n = |s: &str, flag: &str| s.parse::<u32>().ok().filter(|&n| (1..=100_000).contains(&n)).ok_or_else(|| InputError::new(flag, format!("expected a number of seats, found {s:?}")));
            let (a, b) = (n(from, "--from")?, n(to, "--to")?);
            if a > b || b - a > 10_000 {
                return Err(InputError::new("--from", "expected --from <= --to, at most 10,000 apart"));
            }
            sweep::seats(&law, &election, a, b, seed)
        }
        other => return Err(InputError::new("--param", format!("unknown parameter {other:?}; expected threshold or seats"))),
    }
    .map_err(count_error(results))?;
    let parties = &election.parties;
    Ok(match format {
        OutputFormat::Svg => unreachable!("rejected before"),
        OutputFormat::Json => crate::pretty(&mandat_io::report_analysis::sweep_json(&law.id, &param, parties, &segments)),
        OutputFormat::Table => {
            let mut out = format!("{} — seats as a function of the {param}\n", law.id);
            for (k, s) in segments.iter().enumerate() {
                let range = if s.from_inclusive && s.from.to_string() == s.to.to_string() {
                    format!("{}", s.from)
                } else {
                    format!("{}{} to {}]", if s.from_inclusive { "[" } else { "(" }, s.from, s.to)
                };
                let seats: Vec<String> = parties.iter().zip(&s.seats).filter(|(_, &x)| x > 0).map(|(n, x)| format!("{n} {x}")).collect();
                out.push_str(&format!("  {range}: {}\n", seats.join(", ")));
                if let Some(next) = segments.get(k + 1) {
                    let moves: Vec<String> = parties.iter().enumerate().filter(|&(p, _)| next.seats[p] != s.seats[p]).map(|(p, n)| format!("{n} {:+}", next.seats[p] as i64 - s.seats[p] as i64)).collect();
                    out.push_str(&format!("    breakpoint above {}: {}\n", next.from, moves.join(", ")));
                }
            }
            out
        }
    })
}

pub fn margins(law: &str, results: &str, seed: u64, format: OutputFormat) -> Result<String, InputError> {
    let law = mandat_io::load_law(law)?;
    let election = load(results)?;
    let ms = margins::margins(&law, &election, seed).map_err(count_error(results))?;
    let name = |p: usize| election.parties[p].as_str();
    let cname = |c: usize| election.constituencies[c].name.as_str();
    Ok(match format {
        OutputFormat::Svg => unreachable!("rejected before"),
        OutputFormat::Json => crate::pretty(&json!({
            "law": law.id,
            "margins": ms.iter().map(|m| json!({
                "constituency": cname(m.constituency), "holder": name(m.holder), "challenger": name(m.challenger),
                "votes": m.votes, "exact": m.exact,
            })).collect::<Vec<_>>(),
        })),
        OutputFormat::Table => {
            let mut out = format!("{} — the votes that would move each party's last seat\n", law.id);
            let mut sorted = ms.clone();
            sorted.sort_by_key(|m| (m.constituency, m.votes));
            for m in &sorted {
                out.push_str(&format!(
                    "  {}: {}'s last seat goes to {} with {} more votes for {}{}\n",
                    cname(m.constituency),
                    name(m.holder),
                    name(m.challenger),
                    report::thousands(m.votes as u128),
                    name(m.challenger),
                    if m.exact { "" } else { " (not minimal: this law is not monotone here)" }
                ));
            }
            out
        }
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
    let p = projection::project(&law, &base, &model, &progress).map_err(|e| InputError::new(&a.poll, e.to_string()))?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let names = &base.parties;
    Ok(match format {
        OutputFormat::Svg => report_analysis::projection_svg(&law, names, &p, &base_text),
        OutputFormat::Json => crate::pretty(&report_analysis::projection_json(&law, names, &poll.shares, &p, &a.coalitions)),
        OutputFormat::Table => {
            let w = names.iter().map(|n| n.chars().count()).max().unwrap_or(5).max(5).min(mandat_io::MAX_COLUMN_WIDTH);
            // "threshold": the share of simulations passing the law's threshold (the
            // compensation tier's when it has one); "takes part": passing any tier's
            // threshold or winning a seat, which a party can do in a constituency tier
            // without a threshold while it misses the national one.
            let tier = projection::threshold_tier(&law);
            let mut s = format!("{} — {} simulations (seed {})\n  {:<w$}  {:>6}  {:>6}  {:>7}  {:>9}  {:>10}  {:>10}\n", law.id, p.sims, p.seed, "party", "poll", "mean", "median", "5-95%", "threshold", "takes part");
            let mut hidden = 0;
            for (k, (n, pp)) in names.iter().zip(&p.parties).enumerate() {
                // Lists of the base that the poll leaves out and that never win a seat
                // would only bury the others (Sweden's base has about 100 lists).
                if poll.shares[k] == 0.0 && pp.mean == 0.0 {
                    hidden += 1;
                    continue;
                }
                let bar = pp.p_threshold.map_or_else(|| "-".to_string(), |t| format!("{:.1}%", t * 100.0));
                s.push_str(&format!("  {:<w$}  {:>5.1}%  {:>6.1}  {:>7}  {:>9}  {:>10}  {:>9.1}%\n", n, poll.shares[k] * 100.0, pp.mean, pp.median, format!("{}-{}", pp.p5, pp.p95), bar, pp.p_takes_part * 100.0));
            }
            if hidden > 0 {
                s.push_str(&format!("  ({hidden} lists without a poll share and without a seat in any simulation are not shown; --format json has them)\n"));
            }
            s.push_str(match tier {
                Some("compensation") => "  threshold: simulations passing the compensation tier's threshold; takes part: passing a threshold or winning a seat\n",
                Some(_) => "  threshold: simulations passing the list tier's threshold (somewhere); takes part: passing it or winning a seat\n",
                None => "  the law has no threshold; takes part: winning a seat\n",
            });
            for (c, m) in a.coalitions.iter().zip(&p.p_majority) {
                s.push_str(&format!("  majority for {c}: {:.1}%\n", m * 100.0));
            }
            s
        }
    })
}
