//! The same votes under two or more laws: seats side by side, and every seat that moved
//! with the reason ("threshold 5%: Auyl passes with 5.29%; 6 seats move: …").

use serde::Serialize;

use crate::count::{count, CountError, Outcome, ThresholdReport};
use crate::election::Election;
use crate::exact::Fraction;
use crate::law::{Condition, Law};

/// The counts of one election under several laws.
#[derive(Clone, Debug, Serialize)]
pub struct Comparison {
    /// A label per law (its id, with the parameters changed).
    pub labels: Vec<String>,
    pub parties: Vec<String>,
    pub outcomes: Vec<Outcome>,
    /// For each law after the first: what changed against the first.
    pub changes: Vec<Change>,
}

/// How one law's result differs from the first law's.
#[derive(Clone, Debug, Serialize)]
pub struct Change {
    pub law: usize,
    /// Why seats moved: thresholds passed or failed, method, seats.
    pub reasons: Vec<String>,
    /// Seats gained (+) or lost (−) per party over the whole count, parties that moved only.
    pub moves: Vec<(usize, i64)>,
    /// Seats that changed hands (the sum of the gains).
    pub moved: u32,
    /// Per constituency (by name): parties whose seats there changed.
    pub constituencies: Vec<(String, Vec<(usize, i64)>)>,
}

impl Change {
    /// One line: reasons, then the seats that move.
    pub fn summary(&self, parties: &[String]) -> String {
        let moves = self.moves.iter().map(|&(p, d)| format!("{} {d:+}", parties[p])).collect::<Vec<_>>().join(", ");
        let mut parts = self.reasons.clone();
        parts.push(match self.moved {
            0 => "no seat moves".to_string(),
            1 => format!("1 seat moves: {moves}"),
            n => format!("{n} seats move: {moves}"),
        });
        parts.join("; ")
    }
}

/// Counts `election` under every law and explains the differences with the first.
pub fn compare(labels: Vec<String>, laws: &[Law], election: &Election, seed: u64) -> Result<Comparison, CountError> {
    let outcomes = laws.iter().map(|l| count(l, election, seed)).collect::<Result<Vec<_>, _>>()?;
    let changes = (1..laws.len()).map(|k| change(k, &laws[0], &laws[k], &outcomes[0], &outcomes[k], election)).collect();
    Ok(Comparison { labels, parties: election.parties.clone(), outcomes, changes })
}

fn change(k: usize, la: &Law, lb: &Law, a: &Outcome, b: &Outcome, election: &Election) -> Change {
    let mut reasons = Vec::new();
    // Thresholds: who passes under one law and not the other, contest by contest.
    for cb in &b.contests {
        let Some(ca) = a.contests.iter().find(|c| c.name == cb.name) else { continue };
        if let (Some(ta), Some(tb)) = (&ca.threshold, &cb.threshold) {
            threshold_reasons(&mut reasons, ta, tb, &cb.parties, &election.parties, &cb.name, a.contests.len() > 1);
        } else if let (None, Some(tb)) = (&ca.threshold, &cb.threshold) {
            let none = ThresholdReport { conditions: vec![], passed: vec![true; tb.passed.len()], exempt: vec![false; tb.passed.len()], runner_up_admitted: None, admitted_until: vec![], admit_until_measure: None, article: None };
            threshold_reasons(&mut reasons, &none, tb, &cb.parties, &election.parties, &cb.name, a.contests.len() > 1);
        } else if let (Some(ta), None) = (&ca.threshold, &cb.threshold) {
            let none = ThresholdReport { conditions: vec![], passed: vec![true; ta.passed.len()], exempt: vec![false; ta.passed.len()], runner_up_admitted: None, admitted_until: vec![], admit_until_measure: None, article: None };
            threshold_reasons(&mut reasons, ta, &none, &cb.parties, &election.parties, &cb.name, a.contests.len() > 1);
        }
    }
    if let (Some(ra), Some(rb)) = (&a.compensation, &b.compensation) {
        if let (Some(ta), Some(tb)) = (&ra.threshold, &rb.threshold) {
            let all: Vec<usize> = (0..election.parties.len()).collect();
            threshold_reasons(&mut reasons, ta, tb, &all, &election.parties, "national", false);
        }
    }
    let (ma, mb) = (la.allocation.as_ref().map(|x| x.method), lb.allocation.as_ref().map(|x| x.method));
    if ma != mb {
        let show = |m: Option<crate::method::Method>| m.map_or("none".to_string(), |m| m.to_string());
        reasons.push(format!("method {} instead of {}", show(mb), show(ma)));
    }
    if a.house_size() != b.house_size() {
        reasons.push(format!("{} seats instead of {}", b.house_size(), a.house_size()));
    }
    let moves: Vec<(usize, i64)> =
        (0..a.total.len()).map(|p| (p, b.total[p] as i64 - a.total[p] as i64)).filter(|&(_, d)| d != 0).collect();
    let moved = moves.iter().filter(|m| m.1 > 0).map(|m| m.1 as u32).sum();
    let mut constituencies = Vec::new();
    for cb in &b.contests {
        let Some(ca) = a.contests.iter().find(|c| c.name == cb.name) else { continue };
        let seats = |c: &crate::count::Contest, p: usize| c.parties.iter().position(|&q| q == p).map_or(0, |k| (c.result[k] + c.leveling[k]) as i64);
        let d: Vec<(usize, i64)> = cb.parties.iter().map(|&p| (p, seats(cb, p) - seats(ca, p))).filter(|&(_, d)| d != 0).collect();
        if !d.is_empty() {
            constituencies.push((cb.name.clone(), d));
        }
    }
    Change { law: k, reasons, moves, moved, constituencies }
}

fn threshold_reasons(out: &mut Vec<String>, ta: &ThresholdReport, tb: &ThresholdReport, parties: &[usize], names: &[String], scope: &str, say_scope: bool) {
    let rule = tb.conditions.iter().map(|r| match &r.condition {
        Condition::Share { share, .. } => share.to_string(),
        c => c.to_string(),
    }).collect::<Vec<_>>().join(" or ");
    let rule = if rule.is_empty() { "no threshold".to_string() } else { format!("threshold {rule}") };
    let share = |t: &ThresholdReport, i: usize| -> String {
        t.conditions.first().filter(|r| r.base > 0).map_or(String::new(), |r| {
            format!(" with {}%", Fraction::new(r.measured[i] as u128 * 100, r.base as u128).to_decimal_string(2))
        })
    };
    let at = if say_scope { format!(" in {scope}") } else { String::new() };
    for i in 0..tb.passed.len().min(ta.passed.len()) {
        let name = &names[parties[i]];
        match (ta.passed[i], tb.passed[i]) {
            (false, true) => out.push(format!("{rule}: {name} passes{}{at}", share(tb, i))),
            (true, false) => out.push(format!("{rule}: {name} is out{}{at}", share(tb, i))),
            _ => {}
        }
    }
}
