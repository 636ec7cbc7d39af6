//! The `mandat` command line: argument parsing and rendering only. Counting lives in
//! `mandat-core`, reading and writing in `mandat-io`.

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use mandat_core::count::{count, Outcome};
use mandat_core::exact::{Decimal, Percent};
use mandat_core::law::{Allocation, Base, Condition, IfOnlyOnePasses, Law, Level, Threshold, TieChain};
use mandat_core::method::Method;
use mandat_core::tie::TieRule;
use mandat_io::{report, InputError};

mod tabulate;

#[derive(Parser)]
#[command(name = "mandat", version, about = "Turns votes into seats exactly as an electoral law prescribes, and explains every step.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    Table,
    Json,
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
        #[arg(long, short)]
        output: Option<String>,
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
    Laws,
    /// Kazakhstan's 2021 Mazhilis election under the 7% threshold and the reformed 5%.
    Demo,
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
    match run(cli.command) {
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
        Command::Apportion { method, seats, threshold, first_divisor, ties, seed, format, explain, output, file } => {
            let law = apportion_law(&method, seats, threshold.as_deref(), first_divisor.as_deref(), &ties)?;
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
                OutputFormat::Table => {
                    let mut s = report::outcome_table(&outcome);
                    if explain {
                        s = format!("{}\n{s}", report::explain(&law, &outcome));
                    }
                    s
                }
            };
            emit(output.as_deref(), &body)
        }
        Command::Run { law, results, seed, format, explain, output } => {
            let law = mandat_io::load_law(&law)?;
            let text = mandat_io::read_text(&results)?;
            let election = mandat_io::parse_results(&text, &results)?;
            let outcome = count(&law, &election, seed).map_err(|e| InputError::new(&results, e.to_string()))?;
            let body = render(&law, &outcome, format, explain);
            emit(output.as_deref(), &body)
        }
        Command::Check { cases } => check(&cases),
        Command::Tabulate(args) => {
            let output = args.output.clone();
            emit(output.as_deref(), &tabulate::tabulate(args)?)
        }
        Command::Laws => {
            for p in mandat_io::PRESETS {
                match mandat_io::preset(p.id).expect("listed preset") {
                    Ok(law) => println!("{:<24} {}\n{:<24} {}\n", law.id, law.name, "", law.citation),
                    Err(e) => println!("{:<24} (does not parse: {e})", p.id),
                }
            }
            Ok(())
        }
        Command::Demo => {
            print!("{}", demo()?);
            Ok(())
        }
    }
}

fn render(law: &Law, outcome: &Outcome, format: OutputFormat, explain: bool) -> String {
    match format {
        OutputFormat::Json => pretty(&report::outcome_json(law, outcome)),
        OutputFormat::Table => {
            let mut s = String::new();
            if explain {
                s.push_str(&report::explain(law, outcome));
                s.push('\n');
            }
            s.push_str(&format!("{} — seats\n", law.id));
            s.push_str(&report::outcome_table(outcome));
            let ties: usize = outcome.contests.iter().map(|c| c.ties.len()).sum();
            if ties > 0 {
                s.push_str(&format!("{ties} tie(s) decided by the law's rules (seed {}); --explain shows them\n", outcome.seed));
            }
            s
        }
    }
}

fn pretty(v: &serde_json::Value) -> String {
    let mut s = serde_json::to_string_pretty(v).expect("JSON values always serialize");
    s.push('\n');
    s
}

fn emit(output: Option<&str>, body: &str) -> Result<(), Failure> {
    match output {
        Some(path) => Ok(mandat_io::write_atomic(path, body)?),
        None => {
            print!("{body}");
            Ok(())
        }
    }
}

/// The ad-hoc law of `mandat apportion`: one contest, a method, perhaps a threshold on
/// the votes in the file.
fn apportion_law(method: &str, seats: u32, threshold: Option<&str>, first_divisor: Option<&str>, ties: &str) -> Result<Law, InputError> {
    let arg = |name: &str, msg: String| InputError::new(format!("--{name}"), msg);
    let fd = first_divisor
        .map(|s| s.parse::<Decimal>().map_err(|e| arg("first-divisor", e.to_string())))
        .transpose()?;
    let method = Method::from_name(method, fd).map_err(|e| arg("method", e.to_string()))?;
    let threshold = threshold
        .map(|t| {
            let share: Percent = t.parse().map_err(|e: mandat_core::exact::PercentError| arg("threshold", e.to_string()))?;
            Ok::<_, InputError>(Threshold {
                any_of: vec![Condition::Share { share, base: Base::ValidVotes, level: Level::National }],
                if_only_one_passes: IfOnlyOnePasses::Nothing,
                article: None,
            })
        })
        .transpose()?;
    let chain = ties
        .split(',')
        .map(|r| match r.trim() {
            "more-votes" => Ok(TieRule::MoreVotes),
            "list-order" => Ok(TieRule::ListOrder),
            "lot" => Ok(TieRule::Lot),
            other => Err(arg("ties", format!("unknown tie rule {other:?}; expected more-votes, list-order or lot"))),
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Law {
        id: "apportion".into(),
        name: format!("{method}, {seats} seats"),
        citation: "command line".into(),
        seats: Some(mandat_core::law::Seats(seats)),
        allocation: Allocation { method, level: Level::National, article: None },
        threshold,
        ties: TieChain { chain, article: None },
        ..Law::example()
    })
}

fn check(paths: &[String]) -> Result<(), Failure> {
    let mut failed = 0;
    for path in paths {
        let line = match check_one(path) {
            Ok((id, mismatches)) if mismatches.is_empty() => format!("PASS {id}"),
            Ok((id, mismatches)) => {
                failed += 1;
                let what: Vec<String> = mismatches
                    .iter()
                    .map(|m| format!("{} in {} got {} seats, expected {}", m.party, m.constituency, m.got, m.expected))
                    .collect();
                format!("FAIL {id}: {}", what.join("; "))
            }
            Err(e) => {
                failed += 1;
                let e = e.to_string();
                format!("FAIL {path}: {}", e.strip_prefix(&format!("{path}: ")).unwrap_or(&e))
            }
        };
        println!("{line}");
    }
    if failed > 0 {
        Err(Failure::Mismatch)
    } else {
        Ok(())
    }
}

fn check_one(path: &str) -> Result<(String, Vec<mandat_io::case::Mismatch>), InputError> {
    let text = mandat_io::read_text(path)?;
    let case = mandat_io::case::parse_case(&text, path)?;
    let law = match mandat_io::preset(&case.law) {
        Some(l) => l?,
        None => return Err(InputError::new(path, format!("law {:?} is not a preset of this version of mandat", case.law))),
    };
    let outcome = count(&law, &case.election, 0).map_err(|e| InputError::new(path, e.to_string()))?;
    Ok((case.id.clone(), mandat_io::case::compare(&case, &outcome)))
}

const DEMO_CASE: &str = include_str!("../../../tests/cases/kz-mazhilis-2021.json");

/// Kazakhstan 2021 under the 7% law and under the reformed 5% threshold, side by side.
fn demo() -> Result<String, InputError> {
    let case = mandat_io::case::parse_case(DEMO_CASE, "tests/cases/kz-mazhilis-2021.json")?;
    let law7 = mandat_io::preset("kz-mazhilis-2021").expect("built-in preset")?;
    let mut law5 = law7.clone();
    law5.set_threshold_share("5%".parse().expect("valid percentage"));
    let fail = |e: mandat_core::count::CountError| InputError::new("demo", e.to_string());
    let a = count(&law7, &case.election, 0).map_err(fail)?;
    let b = count(&law5, &case.election, 0).map_err(fail)?;
    let mut s = String::new();
    s.push_str("Kazakhstan — Mazhilis election of 10 January 2021, 98 party-list seats\n");
    s.push_str("counted under the 2021 law (7% threshold) and under the reformed 5% threshold\n");
    s.push_str(&format!("law: {}\n\n", law7.citation));
    let votes = case.election.national_votes();
    let all: u64 = votes.iter().sum();
    let w = case.election.parties.iter().map(|p| p.chars().count()).max().unwrap_or(5);
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
