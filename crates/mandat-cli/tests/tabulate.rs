//! `mandat tabulate` as a user runs it: rules, formats, RCTab configurations, and bad
//! input ending in a clear message (file, line, field) with exit status 2.

use std::path::PathBuf;
use std::process::{Command, Output};

fn mandat(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mandat")).args(args).current_dir(root()).output().expect("the binary runs")
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn scottish_stv_on_a_real_ward() {
    let o = mandat(&["tabulate", "--rule", "stv-scottish", "tests/ranked/edinburgh_2012_ward12.blt"]);
    assert!(o.status.success(), "{}", err(&o));
    let s = out(&o);
    assert!(s.contains("quota 1572"), "{s}");
    assert!(s.trim_end().ends_with("elected: Deidre Leanne BROCK (SNP), Angela BLACKLOCK (Lab), Maggie CHAPMAN (Grn), Nick GARDNER (Lab)"), "{s}");
    // The comma-terminated file counts, with a warning on standard error.
    let o = mandat(&["tabulate", "--rule", "stv-scottish", "tests/ranked/perth_kinross_2016_by_election_ward9.blt"]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(err(&o).contains("warning"), "{}", err(&o));
}

#[test]
fn irv_and_first_preference_rules_on_the_csv() {
    // First preferences: Aigerim 40, Bolat 25, Dana 20, Yerlan 10; the Yerlan=Dana overvote (5) is invalid.
    let o = mandat(&["tabulate", "--rule", "plurality", "tests/ranked/mayor.csv"]);
    assert!(out(&o).contains("elected: Aigerim"), "{}", out(&o));
    // IRV: Yerlan out (10 → Dana, past a skipped rank), then Bolat (25 → Aigerim): Aigerim 65.
    let o = mandat(&["tabulate", "--rule", "irv", "--format", "json", "tests/ranked/mayor.csv"]);
    assert!(o.status.success(), "{}", err(&o));
    let v: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
    let last = v["results"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["tallyResults"][0]["elected"], "Aigerim", "{last}");
    assert_eq!(last["tally"]["Aigerim"], "65", "{last}");
    assert_eq!(v["summary"]["totalNumBallots"], "100");
    // Two-round (runoff from the same ballots) and supplementary vote: Aigerim and Bolat
    // go through; Dana's voters prefer Bolat, who wins 45 to 40.
    let o = mandat(&["tabulate", "--rule", "two-round", "--format", "csv", "tests/ranked/mayor.csv"]);
    assert!(out(&o).starts_with("round,kind,candidate,target,votes\n"), "{}", out(&o));
    assert!(out(&o).contains("2,tally,Bolat,,45\n"), "{}", out(&o));
    let o = mandat(&["tabulate", "--rule", "supplementary", "tests/ranked/mayor.csv"]);
    assert!(out(&o).trim_end().ends_with("elected: Bolat"), "{}", out(&o));
}

#[test]
fn against_all_quorum_and_a_runoff_file() {
    // Yerlan as the 'against all' line: 10 votes, not at the top, so nothing changes.
    let o = mandat(&["tabulate", "--rule", "plurality", "--against-all", "Yerlan", "tests/ranked/mayor.csv"]);
    assert!(out(&o).trim_end().ends_with("elected: Aigerim"), "{}", out(&o));
    // 100 ballots of 300 registered voters: below a 50% quorum, the first round is void.
    let o = mandat(&["tabulate", "--rule", "two-round", "--electorate", "300", "--quorum", "50%", "tests/ranked/mayor.csv"]);
    assert!(out(&o).contains("elected: nobody (void: turnout 100 of 300"), "{}", out(&o));
    // The runoff's own votes, as a second input.
    let dir = std::env::temp_dir().join(format!("mandat-runoff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let runoff = dir.join("runoff.csv");
    std::fs::write(&runoff, "party,votes\nAigerim,51\nBolat,49\n").unwrap();
    let o = mandat(&["tabulate", "--rule", "two-round", "--runoff", runoff.to_str().unwrap(), "tests/ranked/mayor.csv"]);
    assert!(out(&o).trim_end().ends_with("elected: Aigerim"), "{}", out(&o));
    let o = mandat(&["tabulate", "--rule", "plurality", "--against-all", "Nobody", "tests/ranked/mayor.csv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("--against-all"), "{}", err(&o));
}

#[test]
fn a_runoff_bar_of_registered_voters_and_a_three_way_runoff() {
    // 100 ballots, 160 registered voters: 12.5% is 20 votes, so Aigerim (40), Bolat (25)
    // and Dana (20) go to the runoff; Yerlan (10) does not. The runoff's own votes give
    // Dana the most (a relative majority suffices).
    let dir = std::env::temp_dir().join(format!("mandat-runoff-bar-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let runoff = dir.join("runoff.csv");
    std::fs::write(&runoff, "party,votes\nAigerim,30\nBolat,31\nDana,39\n").unwrap();
    let args = ["tabulate", "--rule", "two-round", "--electorate", "160", "--runoff-bar", "12.5%", "--runoff-bar-of", "electorate", "--runoff-at-least-two"];
    let o = mandat(&[&args[..], &["--runoff", runoff.to_str().unwrap(), "tests/ranked/mayor.csv"]].concat());
    assert!(o.status.success(), "{}", err(&o));
    let s = out(&o);
    assert!(s.contains("note: runoff bar: 12.5% of the 160 registered voters: 20 votes"), "{s}");
    assert!(s.contains("→ Dana goes to the runoff — 20 votes reach the runoff bar"), "{s}");
    assert!(s.contains("→ Yerlan eliminated — 10 votes, below the runoff bar"), "{s}");
    assert!(s.contains("→ Dana elected — most votes in the runoff (a relative majority suffices)"), "{s}");
    // The JSON lists who qualified, with each candidate's votes and the reason.
    let o = mandat(&[&args[..], &["--format", "json", "tests/ranked/mayor.csv"]].concat());
    let v: serde_json::Value = serde_json::from_str(&out(&o)).unwrap();
    let q = v["results"][0]["runoffQualification"].as_array().unwrap().clone();
    let names: Vec<(&str, bool)> = q.iter().map(|x| (x["candidate"].as_str().unwrap(), x["qualified"].as_bool().unwrap())).collect();
    assert_eq!(names, vec![("Aigerim", true), ("Bolat", true), ("Dana", true), ("Yerlan", false)]);
    assert_eq!(q[3]["votes"], "10");
    assert_eq!(v["notes"][0], "runoff bar: 12.5% of the 160 registered voters: 20 votes");
    // An absolute majority wins the first round only with a quarter of the registered
    // voters: A's 60 votes are not a quarter of 300 (75), but are of 240.
    let small = dir.join("small.csv");
    std::fs::write(&small, "weight,rank1\n60,A\n40,B\n").unwrap();
    let min = |e: &str| mandat(&["tabulate", "--rule", "two-round", "--electorate", e, "--first-round-min-electorate", "25%", small.to_str().unwrap()]);
    let s = out(&min("300"));
    assert!(s.contains("note: A has an absolute majority (60 of 100 valid votes) but fewer votes than 25% of the 300 registered voters: 75 votes"), "{s}");
    assert!(s.contains("Round 2"), "{s}");
    let s = out(&min("240"));
    assert!(s.contains("→ A elected — absolute majority (60 of 100 valid votes) and at least 25% of the 240 registered voters: 60 votes") && !s.contains("Round 2"), "{s}");
    // Flags that need another, or another rule, are errors naming the flag.
    for (bad, flag) in [
        (vec!["tabulate", "--rule", "two-round", "--runoff-bar", "12.5%", "--runoff-bar-of", "electorate", "tests/ranked/mayor.csv"], "--runoff-bar-of"),
        (vec!["tabulate", "--rule", "two-round", "--runoff-at-least-two", "tests/ranked/mayor.csv"], "--runoff-at-least-two"),
        (vec!["tabulate", "--rule", "irv", "--runoff-bar", "10%", "tests/ranked/mayor.csv"], "--runoff-bar"),
        (vec!["tabulate", "--rule", "two-round", "--runoff-bar", "12.5", "tests/ranked/mayor.csv"], "--runoff-bar"),
        (vec!["tabulate", "--rule", "two-round", "--first-round-min-electorate", "25%", "tests/ranked/mayor.csv"], "--first-round-min-electorate"),
    ] {
        let o = mandat(&bad);
        assert_eq!(o.status.code(), Some(2), "{bad:?}");
        assert!(err(&o).contains(flag), "{bad:?}: {}", err(&o));
    }
}

#[test]
fn rctab_configuration_matches_its_expected_winner() {
    let o = mandat(&["tabulate", "--rctab-config", "tests/rctab/2015_portland_mayor/2015_portland_mayor_config.json"]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(out(&o).trim_end().ends_with("elected: Mavodones, Nicholas M. Jr."), "{}", out(&o));
}

#[test]
fn bad_input_is_a_clear_error() {
    let dir = std::env::temp_dir().join(format!("mandat-tabulate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let blt = dir.join("bad.blt");
    std::fs::write(&blt, "3 1\n1 1 2 0\n2 4 0\n0\nA\nB\nC\nT\n").unwrap();
    let o = mandat(&["tabulate", "--rule", "irv", blt.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("bad.blt:3: preferences: candidate 4 does not exist"), "{}", err(&o));
    let o = mandat(&["tabulate", "--rule", "borda", "tests/ranked/mayor.csv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("unknown rule"), "{}", err(&o));
    let o = mandat(&["tabulate", "--rctab-config", "tests/rctab/invalid_params_test/invalid_params_test_config.json"]);
    assert_eq!(o.status.code(), Some(2));
}

/// Nonsense that used to be counted with exit status 0: a single-winner rule for several
/// seats, ballots that all weigh 0, registered voters that cannot be, settings the rule
/// ignores, an RCTab contest with more winners than candidates.
#[test]
fn nonsense_is_refused_with_the_setting_named() {
    let dir = std::env::temp_dir().join(format!("mandat-tabulate-nonsense-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let zero = dir.join("zero.csv");
    std::fs::write(&zero, "weight,rank1,rank2\n0,A,B\n0,B,A\n").unwrap();
    let zero = zero.to_str().unwrap();
    let mayor = "tests/ranked/mayor.csv";
    for (args, needle) in [
        (vec!["--rule", "irv", "--seats", "3", mayor], "--seats: irv elects one candidate, but 3 seats were asked"),
        (vec!["--rule", "two-round", "--seats", "2", mayor], "--seats: two-round elects one candidate"),
        (vec!["--rule", "supplementary", "--seats", "2", mayor], "--seats: supplementary elects one candidate"),
        (vec!["--rule", "irv", "tests/ranked/edinburgh_2012_ward12.blt"], "header asks for 4 seats, but irv elects one candidate: give --seats 1"),
        (vec!["--rule", "irv", zero], "no ballot to count"),
        (vec!["--rule", "plurality", zero], "no ballot to count"),
        (vec!["--rule", "two-round", "--electorate", "0", mayor], "--electorate: the electorate (registered voters) is 0"),
        (vec!["--rule", "two-round", "--electorate", "99", mayor], "--electorate: the electorate, 99 registered voters, is below the 100 ballots cast"),
        (vec!["--rule", "irv", "--electorate", "500", mayor], "--electorate: applies to the plurality, two-round and supplementary rules only, not irv"),
        (vec!["--rule", "two-round", "--quorum", "50%", mayor], "--quorum: a turnout quorum is a share of the registered voters"),
        (vec!["--rctab-config", "tests/rctab/more_winners_than_candidates/more_winners_than_candidates_config.json"], "rules.numberOfWinners: 5 winners but only 4"),
    ] {
        let mut all = vec!["tabulate"];
        all.extend(args.iter().copied());
        let o = mandat(&all);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}{}", out(&o), err(&o));
        assert!(err(&o).contains(needle), "{args:?}: {}", err(&o));
    }
    // Plurality for several seats elects the highest (a block vote): still counted.
    let o = mandat(&["tabulate", "--rule", "plurality", "--seats", "2", mayor]);
    assert!(o.status.success(), "{}", err(&o));
    let o = mandat(&["tabulate", "--rule", "two-round", "--electorate", "100", mayor]);
    assert!(o.status.success(), "{}", err(&o));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Weights around 10^14 (A 10^14, B 6·10^13, C 4·10^13, one seat): A has a majority of
/// the 2·10^14 ballots and must win. Scottish STV counts in units of 10^-5 vote, so A's
/// 10^19 units are past an i64; they used to wrap and elect the wrong candidate. Weights
/// near u64::MAX (and a ranking repeated past it) count exactly, or fail with a clear
/// message; they never wrap.
#[test]
fn large_ballot_weights_count_exactly_or_fail_clearly() {
    let dir = std::env::temp_dir().join(format!("mandat-tabulate-big-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let big = dir.join("big.blt");
    std::fs::write(&big, "3 1\n100000000000000 1 2 0\n60000000000000 2 3 0\n40000000000000 3 2 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"big\"\n").unwrap();
    for rule in ["stv-scottish", "ers97", "irv", "plurality", "meek", "meek-nz", "two-round", "supplementary"] {
        let o = mandat(&["tabulate", "--rule", rule, big.to_str().unwrap()]);
        assert!(o.status.success(), "{rule}: {}", err(&o));
        assert!(out(&o).trim_end().ends_with("elected: A"), "{rule}: {}", out(&o));
    }
    let o = mandat(&["tabulate", "--rule", "stv-scottish", "--format", "json", big.to_str().unwrap()]);
    assert!(out(&o).contains("\"100000000000000\""), "{}", out(&o));

    // Two seats; C has u64::MAX twice (merged past u64::MAX), A 2 × (u64::MAX − 1), B 5:
    // A and C each hold about a half and are elected (IRV, one winner: C).
    let max = dir.join("max.blt");
    let m = u64::MAX;
    std::fs::write(&max, format!("3 2\n{m} 3 0\n{m} 3 0\n{} 1 2 0\n{} 1 2 0\n5 2 0\n0\n\"A\"\n\"B\"\n\"C\"\n\"max\"\n", m - 1, m - 1)).unwrap();
    let o = mandat(&["tabulate", "--rule", "irv", "--seats", "1", max.to_str().unwrap()]);
    assert!(out(&o).contains("C         36893488147419103230  50.00%  elected"), "{}", out(&o));
    for rule in ["stv-scottish", "ers97", "meek"] {
        let o = mandat(&["tabulate", "--rule", rule, max.to_str().unwrap()]);
        assert!(o.status.success(), "{rule}: {}", err(&o));
        let s = out(&o);
        let last = s.trim_end().lines().last().unwrap_or_default().to_string();
        assert!(last.contains("elected:") && last.contains('A') && last.contains('C'), "{rule}: {s}");
    }
    // meek-nz multiplies a keep value (10^9 units) by the quota: past its bound, it says so.
    let o = mandat(&["tabulate", "--rule", "meek-nz", max.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    assert!(err(&o).contains("max.blt") && err(&o).contains("more than meek-nz can count exactly"), "{}", err(&o));
}
