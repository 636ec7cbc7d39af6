//! The `mandat` command line: argument parsing and rendering only. Counting lives in
//! `mandat-core`, reading and writing in `mandat-io`.

use std::process::ExitCode;

mod analysis;

use clap::{Parser, Subcommand, ValueEnum};
use mandat_core::count::{count, Outcome};
use mandat_core::law::Law;
use mandat_io::{report, InputError};

mod candidates;
mod parliament;
mod tabulate;

#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's defaults commit its arenas eagerly and give freed memory back after a delay,
/// which (with transparent huge pages) doubles the peak memory of a streaming count: 64 MB
/// instead of 27 MB for a million ranked ballots. A one-shot command commits lazily and
/// gives back what it freed after 100 ms: a run of tens of milliseconds reuses the pages
/// it freed (worker tables, read buffers) for the ballot box instead of faulting in fresh
/// ones (IRV on a million ballots: 4.2k page faults instead of 6.4k at 0 ms, 4% of the
/// CPU time; 22 MB instead of 20 MB), and a long one still gives back (issue 17). The
/// server keeps the defaults, which serve requests faster.
fn lean_memory() {
    // The option numbers of mimalloc v3's `mi_option_e` (include/mimalloc.h of
    // libmimalloc-sys 0.1.49, pinned in Cargo.lock), which its Rust bindings do not name.
    const ARENA_EAGER_COMMIT: std::ffi::c_int = 4;
    const PURGE_DELAY: std::ffi::c_int = 15;
    extern "C" {
        fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
    }
    // SAFETY: mi_option_set only stores the value; options are read when arenas are made.
    unsafe {
        mi_option_set(ARENA_EAGER_COMMIT, 0);
        mi_option_set(PURGE_DELAY, 100);
    }
}

#[derive(Parser)]
#[command(name = "mandat", version, about = "Turns votes into seats exactly as an electoral law prescribes, and explains every step.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Largest input file to read, e.g. 500M or 8G (default: 4G for ballot files and cast
    /// vote records, 256M for laws, results and lists; or the MANDAT_MAX_INPUT variable).
    #[arg(long, global = true, value_name = "SIZE")]
    max_input_size: Option<String>,
}

/// `--max-input-size`, else `MANDAT_MAX_INPUT`, else the defaults of mandat-io.
fn input_limit(flag: Option<&str>) -> Result<(), InputError> {
    let (name, value) = match (flag, std::env::var("MANDAT_MAX_INPUT")) {
        (Some(v), _) => ("--max-input-size", v.to_string()),
        (None, Ok(v)) if !v.trim().is_empty() => ("MANDAT_MAX_INPUT", v),
        _ => return Ok(()),
    };
    let bytes = mandat_io::parse_size(&value).map_err(|e| InputError::new(name, e))?;
    mandat_io::set_max_input(Some(bytes));
    Ok(())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum OutputFormat {
    Table,
    Json,
    /// A chart: hemicycle (run), hemicycles side by side (compare), seat distributions (project).
    Svg,
}

#[derive(Subcommand)]
enum Command {
    /// Apportion seats among parties by one method (CSV `party,votes` or JSON `{"A": 123}`).
    Apportion {
        /// dhondt, sainte-lague, modified-sainte-lague, imperiali, danish, adams,
        /// huntington-hill, dean, hare, droop, hagenbach-bischoff, imperiali-quota
        #[arg(long)]
        method: String,
        /// Number of seats to allocate.
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=100_000))]
        seats: u32,
        /// Minimum share of the votes in the file to take part, e.g. 5%.
        #[arg(long, allow_hyphen_values = true)]
        threshold: Option<String>,
        /// First divisor of modified-sainte-lague, e.g. 1.4 or 1.2.
        #[arg(long)]
        first_divisor: Option<String>,
        /// Tie rules in order, comma-separated: more-votes, list-order, lot.
        #[arg(long, default_value = "more-votes,lot")]
        ties: String,
        /// Seed of the lot, printed with the result.
        #[arg(long, default_value_t = 0)]
        seed: u64,
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
        /// Print every step: threshold, each average or quota and remainder, each tie.
        #[arg(long)]
        explain: bool,
        /// Write the output to this file (whole or not at all) instead of standard output.
        #[arg(long, short)]
        output: Option<String>,
        /// The votes file.
        file: String,
    },
    /// Count an election under a law: a preset name (see `mandat laws`) or a law file.
    Run {
        #[arg(long)]
        law: String,
        /// Results: JSON in the shape of tests/cases, or CSV `constituency,party,votes`.
        results: String,
        #[arg(long, default_value_t = 0)]
        seed: u64,
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
        #[arg(long)]
        explain: bool,
        /// Print disproportionality indices (always in JSON).
        #[arg(long)]
        indices: bool,
        #[arg(long, short)]
        output: Option<String>,
        /// Candidate lists (CSV, docs/candidates.md): continue to the elected people.
        #[arg(long)]
        candidates: Option<String>,
        /// Ballots per list for the Belgian devolution (CSV or JSON, docs/candidates.md).
        #[arg(long, requires = "candidates")]
        ballots: Option<String>,
        /// The parties' choice of who takes their mandates (CSV or JSON).
        #[arg(long, requires = "candidates")]
        choice: Option<String>,
        /// Change the law before counting, as `compare --set` does: threshold=5%,
        /// method=sainte-lague, first_divisor=1.4, seats=150, results_seats=use,
        /// ties=more-votes,lot. Repeatable.
        #[arg(long = "set", allow_hyphen_values = true)]
        sets: Vec<String>,
    },
    /// The same results under two or more laws, or one law with changed parameters:
    /// seats side by side and every seat that moved, with the reason.
    Compare {
        /// A preset name or a law file; repeat for each law.
        #[arg(long = "law", required = true)]
        laws: Vec<String>,
        /// Compare the (last) law with itself changed: threshold=5%, method=sainte-lague,
        /// first_divisor=1.4, seats=150, ties=more-votes,lot. Repeatable.
        #[arg(long = "set", allow_hyphen_values = true)]
        sets: Vec<String>,
        results: String,
        #[arg(long, default_value_t = 0)]
        seed: u64,
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
        #[arg(long, short)]
        output: Option<String>,
    },
    /// Seats as a function of a law parameter, with the exact breakpoints.
    Sweep {
        #[arg(long)]
        law: String,
        /// threshold (--from 0% --to 10%) or seats (--from 140 --to 160).
        #[arg(long)]
        param: String,
        #[arg(long, allow_hyphen_values = true)]
        from: String,
        #[arg(long, allow_hyphen_values = true)]
        to: String,
        results: String,
        #[arg(long, default_value_t = 0)]
        seed: u64,
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
        #[arg(long, short)]
        output: Option<String>,
    },
    /// For each party's last seat, the fewest extra votes that would move it, and to whom.
    Margins {
        #[arg(long)]
        law: String,
        results: String,
        #[arg(long, default_value_t = 0)]
        seed: u64,
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
        #[arg(long, short)]
        output: Option<String>,
    },
    /// Seat projection from a poll: many simulated elections, each counted under the law.
    Project {
        #[arg(long)]
        law: String,
        /// The base election (results JSON or CSV).
        #[arg(long)]
        base: String,
        /// CSV `party,share` (percent) or `party,share,se` (standard errors in points).
        #[arg(long)]
        poll: String,
        /// Respondents of the poll, for the Dirichlet model (without an `se` column).
        #[arg(long, default_value_t = 1000)]
        sample_size: u64,
        #[arg(long, default_value_t = 10_000)]
        sims: u64,
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// proportional (default) or uniform swing from the base election.
        #[arg(long, default_value = "proportional")]
        swing: String,
        /// Standard deviation of the log-normal constituency noise (0.05 ≈ 5%).
        #[arg(long, default_value_t = 0.05)]
        noise: f64,
        /// A coalition whose chance of a majority is wanted: "A+B+C". Repeatable.
        #[arg(long = "coalition")]
        coalitions: Vec<String>,
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
        #[arg(long, short)]
        output: Option<String>,
    },
    /// Check candidate lists against the law's list rules (exit 1 on any violation).
    LintLists {
        #[arg(long)]
        law: String,
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
        /// Candidate lists (CSV `constituency,party,position,name[,sex,...]`).
        lists: String,
    },
    /// Who succeeds an elected member who leaves, under the law.
    Vacancy {
        #[arg(long)]
        law: String,
        /// The JSON written by `mandat run --candidates ... --format json`.
        #[arg(long)]
        result: String,
        /// The name of the member who leaves; repeat for successive vacancies.
        #[arg(long, required = true)]
        leaves: Vec<String>,
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
    },
    /// Recount real-election cases under their preset law and compare with the official seats.
    Check {
        #[arg(required = true)]
        cases: Vec<String>,
    },
    /// Count ranked ballots (BLT or rankings CSV) under a rule, round by round; or an
    /// RCTab configuration with the CVR files it names.
    Tabulate(tabulate::TabulateArgs),
    /// List the preset laws with their citations.
    Laws {
        /// Print the README's table of presets and the real elections they reproduce.
        #[arg(long)]
        markdown: bool,
    },
    /// Kazakhstan's 2021 Mazhilis election under the 7% threshold and the reformed 5%.
    Demo,
    /// Committee seats and posts (chairs…) of a seated assembly under parliament rules.
    Committees {
        /// Preset rules (kz-mazhilis-rules, be-chamber-rules, european-parliament-rules) or a rules file.
        #[arg(long)]
        rules: String,
        /// CSV `group,seats[,side]`, or the JSON of `mandat run --format json`.
        assembly: String,
        /// Committee preferences per group (TOML: "Group" = ["Committee", ...]).
        #[arg(long)]
        preferences: Option<String>,
        /// The groups of the majority, comma-separated; every other group is the opposition.
        #[arg(long)]
        government: Option<String>,
        #[arg(long, default_value_t = 0)]
        seed: u64,
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
        #[arg(long, short)]
        output: Option<String>,
    },
    /// Minimal winning coalitions and exact Banzhaf / Shapley-Shubik power of a seated assembly.
    Coalitions {
        /// CSV `group,seats[,side]`, or the JSON of `mandat run --format json`.
        assembly: String,
        /// 50% (more than half), another share such as 2/3 (at least), or a number of seats.
        #[arg(long, default_value = "50%")]
        majority: String,
        /// Left-right order of the groups, comma-separated, for minimal connected winning coalitions.
        #[arg(long)]
        order: Option<String>,
        /// List at most this many minimal winning coalitions (their count is always exact).
        #[arg(long, default_value_t = 1000)]
        limit: usize,
        /// The groups of the majority, comma-separated (instead of a `side` column).
        #[arg(long)]
        government: Option<String>,
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
        #[arg(long, short)]
        output: Option<String>,
    },
    /// Serve the HTTP API and the web page (docs/api.md) until Ctrl-C or SIGTERM.
    Serve {
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: String,
    },
}

/// What went wrong, and the exit status that says so.
enum Failure {
    /// Bad input: exit 2.
    Input(InputError),
    /// A check found differences: exit 1 (already printed).
    Mismatch,
}

impl From<InputError> for Failure {
    fn from(e: InputError) -> Self {
        Failure::Input(e)
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if !matches!(cli.command, Command::Serve { .. }) {
        lean_memory();
    }
    match input_limit(cli.max_input_size.as_deref()).map_err(Failure::from).and_then(|()| run(cli.command)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Mismatch) => ExitCode::from(1),
        Err(Failure::Input(e)) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(cmd: Command) -> Result<(), Failure> {
    match cmd {
        Command::Apportion { format: OutputFormat::Svg, .. } | Command::Sweep { format: OutputFormat::Svg, .. } | Command::Margins { format: OutputFormat::Svg, .. } => {
            Err(InputError::new("--format", "svg is available for run, compare and project").into())
        }
        Command::Apportion { method, seats, threshold, first_divisor, ties, seed, format, explain, output, file } => {
            let law = mandat_io::apportion_law(&method, seats, threshold.as_deref(), first_divisor.as_deref(), &ties, "command line")
                .map_err(|e| InputError { path: format!("--{}", e.path.replace('_', "-")), ..e })?;
            let text = mandat_io::read_text(&file)?;
            let election = mandat_io::parse_votes(&text, &file)?;
            let outcome = count(&law, &election, seed).map_err(|e| InputError::new(&file, e.to_string()))?;
            let body = match format {
                OutputFormat::Json => {
                    let full = report::outcome_json(&law, &outcome);
                    let mut v = serde_json::json!({"seats": full["total"], "ties": full["ties"], "seed": seed});
                    if explain {
                        v["steps"] = full["constituencies"][0]["steps"].clone();
                    }
                    pretty(&v)
                }
                OutputFormat::Table | OutputFormat::Svg => {
                    let mut s = report::outcome_table(&outcome);
                    if explain {
                        s = format!("{}\n{s}", report::explain(&law, &outcome));
                    }
                    s
                }
            };
            emit(output.as_deref(), &body)
        }
        Command::Run { law, results, seed, format, explain, indices, output, candidates, ballots, choice, sets } => {
            let law = mandat_io::report_analysis::apply_sets(&mandat_io::load_law(&law)?, &sets, "--set")?;
            let text = mandat_io::read_text(&results)?;
            let election = mandat_io::parse_results(&text, &results)?;
            if let Some(w) = mandat_io::case::other_law(&text, &law) {
                eprintln!("warning: {results}: {w}");
            }
            let outcome = count(&law, &election, seed).map_err(|e| InputError::new(&results, e.to_string()))?;
            let mut body = match format {
                OutputFormat::Svg => mandat_io::report_analysis::outcome_svg(&law, &outcome, &text),
                _ => render(&law, &outcome, format, explain),
            };
            if indices && format == OutputFormat::Table {
                body.push('\n');
                body.push_str(&report::indices_text(&outcome));
            }
            let mut lawful = true;
            if let Some(lists) = candidates {
                let files = candidates::Files { lists: &lists, ballots: ballots.as_deref(), choice: choice.as_deref() };
                (body, lawful) = candidates::run(&law, &outcome, &files, format == OutputFormat::Json, explain, body)?;
            }
            emit(output.as_deref(), &body)?;
            if lawful { Ok(()) } else { Err(Failure::Mismatch) }
        }
        Command::LintLists { law, format, lists } => {
            let clean = candidates::lint_lists(&law, &lists, format == OutputFormat::Json)?;
            if clean { Ok(()) } else { Err(Failure::Mismatch) }
        }
        Command::Vacancy { law, result, leaves, format } => {
            Ok(candidates::vacancy(&law, &result, &leaves, format == OutputFormat::Json)?)
        }
        Command::Project { law, base, poll, sample_size, sims, seed, swing, noise, coalitions, format, output } => {
            let args = analysis::ProjectArgs { law, base, poll, sample_size, sims, seed, swing, noise, coalitions };
            emit(output.as_deref(), &analysis::project(&args, format)?)
        }
        Command::Compare { laws, sets, results, seed, format, output } => {
            emit(output.as_deref(), &analysis::compare(&laws, &sets, &results, seed, format)?)
        }
        Command::Sweep { law, param, from, to, results, seed, format, output } => {
            emit(output.as_deref(), &analysis::sweep(&law, &param, &from, &to, &results, seed, format)?)
        }
        Command::Margins { law, results, seed, format, output } => {
            emit(output.as_deref(), &analysis::margins(&law, &results, seed, format)?)
        }
        Command::Check { cases } => check(&cases),
        Command::Tabulate(args) => {
            let output = args.output.clone();
            emit(output.as_deref(), &tabulate::tabulate(args)?)
        }
        Command::Laws { markdown } => {
            out(&if markdown { mandat_io::report::presets_markdown() } else { mandat_io::report::presets_text() });
            Ok(())
        }
        Command::Demo => {
            out(&demo()?);
            Ok(())
        }
        Command::Committees { rules, assembly, preferences, government, seed, format, output } => parliament::committees(
            &rules,
            &assembly,
            preferences.as_deref(),
            government.as_deref(),
            seed,
            format,
            output.as_deref(),
        ),
        Command::Coalitions { assembly, majority, order, limit, government, format, output } => parliament::coalitions(
            &assembly,
            &majority,
            order.as_deref(),
            limit,
            government.as_deref(),
            format,
            output.as_deref(),
        ),
        Command::Serve { addr } => Ok(mandat_server::serve_blocking(&addr).map_err(|e| InputError::new("--addr", e.to_string()))?),
    }
}

fn render(law: &Law, outcome: &Outcome, format: OutputFormat, explain: bool) -> String {
    match format {
        OutputFormat::Json => {
            let mut s = mandat_io::json_out::pretty(&report::outcome_json_text(law, outcome));
            s.push('\n');
            s
        }
        OutputFormat::Table | OutputFormat::Svg => {
            let mut s = String::new();
            if explain {
                s.push_str(&report::explain(law, outcome));
                s.push('\n');
            }
            s.push_str(&format!("{} — seats\n", law.id));
            s.push_str(&report::outcome_table(outcome));
            let ties: usize = outcome.contests.iter().map(|c| c.ties.len()).sum::<usize>()
                + outcome.biproportional.as_ref().map_or(0, |b| b.upper.ties.len() + b.lower.ties.len());
            if ties > 0 {
                s.push_str(&format!("{ties} tie(s) decided by the law's rules (seed {}); --explain shows them\n", outcome.seed));
            }
            s
        }
    }
}

pub(crate) fn pretty(v: &serde_json::Value) -> String {
    let mut s = serde_json::to_string_pretty(v).expect("JSON values always serialize");
    s.push('\n');
    s
}

fn emit(output: Option<&str>, body: &str) -> Result<(), Failure> {
    match output {
        Some(path) => Ok(mandat_io::write_atomic(path, body)?),
        None => {
            out(body);
            Ok(())
        }
    }
}

/// Writes to standard output. A reader that goes away (`mandat run ... | head`) ends
/// the program quietly, as it does any Unix filter, instead of the panic of `print!`.
pub(crate) fn out(text: &str) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write to standard output: {e}");
        std::process::exit(2);
    }
}

fn check(paths: &[String]) -> Result<(), Failure> {
    let mut failed = 0;
    for path in paths {
        let line = match mandat_io::case::check_file(path) {
            Ok((id, mismatches)) if mismatches.is_empty() => format!("PASS {id}"),
            Ok((id, mismatches)) => {
                failed += 1;
                let what: Vec<String> = mismatches.iter().map(|m| m.to_string()).collect();
                format!("FAIL {id}: {}", what.join("; "))
            }
            Err(e) => {
                failed += 1;
                let e = e.to_string();
                format!("FAIL {path}: {}", e.strip_prefix(&format!("{path}: ")).unwrap_or(&e))
            }
        };
        out(&format!("{line}\n"));
    }
    if failed > 0 {
        Err(Failure::Mismatch)
    } else {
        Ok(())
    }
}

const DEMO_CASE: &str = include_str!("../../../tests/cases/kz-mazhilis-2021.json");

/// Kazakhstan 2021 under the 7% law and under the reformed 5% threshold, side by side.
fn demo() -> Result<String, InputError> {
    let case = mandat_io::case::parse_case(DEMO_CASE, "tests/cases/kz-mazhilis-2021.json")?;
    let law7 = mandat_io::preset("kz-mazhilis-2021").expect("built-in preset")?;
    let mut law5 = law7.clone();
    law5.set_threshold_share("5%".parse().expect("valid percentage")).expect("the Kazakh law has a list tier");
    let fail = |e: mandat_core::count::CountError| InputError::new("demo", e.to_string());
    let a = count(&law7, &case.election, 0).map_err(fail)?;
    let b = count(&law5, &case.election, 0).map_err(fail)?;
    let mut s = String::new();
    s.push_str("Kazakhstan — Mazhilis election of 10 January 2021, 98 party-list seats\n");
    s.push_str("counted under the 2021 law (7% threshold) and under the reformed 5% threshold\n");
    s.push_str(&format!("law: {}\n\n", law7.citation));
    let votes = case.election.national_votes();
    let all: u64 = votes.iter().sum();
    let w = case.election.parties.iter().map(|p| p.chars().count()).max().unwrap_or(5).min(mandat_io::MAX_COLUMN_WIDTH);
    s.push_str(&format!("  {:<w$}  {:>10}  {:>7}  {:>4}  {:>4}  {:>5}\n", "party", "votes", "share", "7%", "5%", "moved"));
    let mut moved = Vec::new();
    for (i, p) in case.election.parties.iter().enumerate() {
        let d = b.total[i] as i64 - a.total[i] as i64;
        let share = mandat_core::exact::Fraction::new(votes[i] as u128 * 100, all as u128).to_decimal_string(2);
        let mv = if d == 0 { String::new() } else { format!("{d:+}") };
        s.push_str(&format!(
            "  {:<w$}  {:>10}  {:>6}%  {:>4}  {:>4}  {:>5}\n",
            p,
            report::thousands(votes[i] as u128),
            share,
            a.total[i],
            b.total[i],
            mv
        ));
        if d != 0 {
            moved.push((p.clone(), d));
        }
    }
    let n: i64 = moved.iter().filter(|(_, d)| *d > 0).map(|(_, d)| d).sum();
    s.push_str(&format!(
        "\nWith a 5% threshold, {n} seats move: {}.\n",
        moved.iter().map(|(p, d)| format!("{p} {d:+}")).collect::<Vec<_>>().join(", ")
    ));
    s.push_str("\nEvery step of either count: mandat run --law kz-mazhilis-2021 --explain tests/cases/kz-mazhilis-2021.json\n");
    Ok(s)
}
