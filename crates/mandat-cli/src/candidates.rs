//! The candidate stage on the command line: `run --candidates`, `lint-lists`, `vacancy`.
//! Reading is `mandat_io::candidates`, deciding is `mandat_core::candidates`; this file
//! only wires them and chooses the renderer.

use mandat_core::candidates::{designate, lint, succeed_in_turn};
use mandat_core::count::Outcome;
use mandat_core::law::Law;
use mandat_io::candidates::{designation_error, designation_json, elected_table, explain_designation, violations_text};
use mandat_io::{report, InputError};

/// The input files of `run --candidates`.
pub struct Files<'a> {
    pub lists: &'a str,
    pub ballots: Option<&'a str>,
    pub choice: Option<&'a str>,
}

fn pretty(v: &serde_json::Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

/// Designates the elected after the count. Returns the output and whether every
/// checked quota holds as far as the lists allow (a party's choice that breaks a quota
/// makes it false: exit status 1).
pub fn run(law: &Law, outcome: &Outcome, files: &Files, json: bool, explain: bool, seats_body: String) -> Result<(String, bool), InputError> {
    let mut lists = mandat_io::parse_lists(&mandat_io::read_text(files.lists)?, files.lists)?;
    if let Some(b) = files.ballots {
        mandat_io::parse_ballots(&mandat_io::read_ballots_text(b)?, b, &mut lists)?;
    }
    let choice = match files.choice {
        Some(c) => Some(mandat_io::parse_choice(&mandat_io::read_text(c)?, c)?),
        None => None,
    };
    let d = designate(law, outcome, &lists.lists, choice.as_ref().map(|c| &c.choice))
        .map_err(|e| designation_error(e, &lists, choice.as_ref()))?;
    let lawful = !d.quotas.iter().any(|q| q.violation);
    let body = if json {
        let mut w = mandat_io::json_out::JsonOut::with_capacity(report::json_capacity(outcome));
        report::write_outcome(&mut w, law, outcome, |w| {
            w.field("designation", &designation_json(&d));
        });
        let mut s = mandat_io::json_out::pretty(&w.into_string());
        s.push('\n');
        s
    } else {
        let mut s = seats_body;
        s.push('\n');
        if explain {
            s.push_str(&explain_designation(&d));
            s.push('\n');
        }
        s.push_str(&elected_table(&d));
        let ties: usize = d.lists.iter().map(|l| l.ties.len()).sum();
        if !explain && ties > 0 {
            s.push_str(&format!("{ties} tie(s) between candidates decided by list order; --explain shows them\n"));
        }
        if !explain && d.quotas.iter().any(|q| !q.met) {
            s.push_str("Some mandate quotas are not met; --explain shows them\n");
        }
        if !lawful {
            s.push_str("A party's choice breaks a mandate quota of the law (--explain shows which)\n");
        }
        s
    };
    Ok((body, lawful))
}

/// `lint-lists`: prints every violation; returns whether there is none.
pub fn lint_lists(law: &str, path: &str, json: bool) -> Result<bool, InputError> {
    let law = mandat_io::load_law(law)?;
    let lists = mandat_io::parse_lists(&mandat_io::read_text(path)?, path)?;
    let v = lint(&law, &lists.lists);
    if json {
        crate::out(&pretty(&serde_json::json!({"law": law.id, "lists": lists.lists.len(), "violations": v})));
    } else if v.is_empty() {
        let rules = law.list_rules.len()
            + law.quotas.iter().filter(|q| q.stage == mandat_core::candidates::QuotaStage::ListValidation).count();
        crate::out(&format!("{} list(s) checked against {rules} rule(s) of {}: no violation\n", lists.lists.len(), law.id));
    } else {
        crate::out(&violations_text(&v));
        crate::out(&format!("{} violation(s) in {} list(s)\n", v.len(), lists.lists.len()));
    }
    Ok(v.is_empty())
}

/// `vacancy`: the successor of each member who leaves, in turn.
pub fn vacancy(law: &str, result: &str, leaves: &[String], json: bool) -> Result<(), InputError> {
    let law = mandat_io::load_law(law)?;
    let d = mandat_io::parse_designation_for(&law, &mandat_io::read_text(result)?, result)?;
    let all = succeed_in_turn(&law, &d, leaves).map_err(|e| InputError::new("--leaves", e.to_string()))?;
    if json {
        crate::out(&pretty(&serde_json::json!({ "successions": all })));
    } else {
        for s in &all {
            match &s.successor {
                Some(n) => crate::out(&format!("{} / {}: {} leaves; {} succeeds: {}\n", s.constituency, s.party, s.leaves, n, s.reason)),
                None => crate::out(&format!("{} / {}: {} leaves; {}\n", s.constituency, s.party, s.leaves, s.reason)),
            }
        }
    }
    Ok(())
}
