//! Rendering an [`Outcome`]: a seat table, JSON, and the step-by-step explanation.
//! All three read the same typed record, so they always tell the same story.

use std::fmt::Write;

use mandat_core::count::{AllocationReport, Contest, Outcome, ThresholdReport};
use mandat_core::exact::Fraction;
use mandat_core::law::Law;
use mandat_core::tie::{Tie, TieStage};
use serde_json::{json, Map, Value};

/// `1234567` → `"1,234,567"`.
pub fn thousands(n: u128) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A fraction with thousands separators and `digits` decimals (integers plain).
pub fn fraction(f: &Fraction, digits: u32) -> String {
    if f.is_infinite() {
        return "∞".into();
    }
    if f.den == 1 || f.num == 0 {
        return thousands(f.num / f.den.max(1));
    }
    let d = f.to_decimal_string(digits);
    match d.split_once('.') {
        Some((i, r)) => format!("{}.{r}", thousands(i.parse().unwrap_or(0))),
        None => thousands(d.parse().unwrap_or(0)),
    }
}

fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "-".into();
    }
    format!("{}%", Fraction::new(part as u128 * 100, whole as u128).to_decimal_string(2))
}

/// An ordered JSON object of seats per party.
fn seat_map<'a>(pairs: impl Iterator<Item = (&'a str, u32)>) -> Value {
    let mut m = Map::new();
    for (p, s) in pairs {
        m.insert(p.to_string(), json!(s));
    }
    Value::Object(m)
}

fn names(outcome: &Outcome, contest: &Contest, idx: &[usize]) -> Vec<String> {
    idx.iter().map(|&i| outcome.parties[contest.parties[i]].clone()).collect()
}

fn tie_json(outcome: &Outcome, contest: &Contest, t: &Tie) -> Value {
    let (kind, value) = match &t.stage {
        TieStage::Average { average } => ("average", average),
        TieStage::Remainder { remainder } => ("remainder", remainder),
        TieStage::Excess { remainder } => ("excess", remainder),
    };
    let mut v = json!({
        "constituency": contest.name,
        "kind": kind,
        "value": value,
        "contenders": names(outcome, contest, &t.contenders),
        "seats": t.seats,
        "winners": names(outcome, contest, &t.winners),
        "decided_by": t.decided_by,
    });
    if let Some(seed) = t.seed {
        v["seed"] = json!(seed);
    }
    v
}

/// The JSON of a count: seats per constituency and in total, every tie, and every step.
pub fn outcome_json(law: &Law, outcome: &Outcome) -> Value {
    let constituencies: Vec<Value> = outcome
        .contests
        .iter()
        .map(|c| {
            let seats = seat_map(c.parties.iter().zip(&c.result).map(|(&p, &s)| (outcome.parties[p].as_str(), s)));
            json!({
                "name": c.name,
                "seats": seats,
                "total_seats": c.seats,
                "steps": contest_steps_json(outcome, c),
            })
        })
        .collect();
    let ties: Vec<Value> =
        outcome.contests.iter().flat_map(|c| c.ties.iter().map(move |t| tie_json(outcome, c, t))).collect();
    json!({
        "law": {"id": law.id, "name": law.name, "citation": law.citation},
        "seed": outcome.seed,
        "constituencies": constituencies,
        "total": seat_map(outcome.parties.iter().map(String::as_str).zip(outcome.total.iter().copied())),
        "ties": ties,
        "extra_parliamentary": extra_parliamentary_json(outcome),
    })
}

fn contest_steps_json(outcome: &Outcome, c: &Contest) -> Value {
    let party = |i: usize| outcome.parties[c.parties[i]].clone();
    let threshold = c.threshold.as_ref().map(|t| {
        json!({
            "article": t.article,
            "conditions": t.conditions.iter().map(|r| json!({
                "condition": r.condition.to_string(),
                "base": r.base,
                "bar": r.bar,
                "met_by": r.met.iter().enumerate().filter(|(_, &m)| m).map(|(i, _)| party(i)).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "passed": (0..c.parties.len()).filter(|&i| t.passed[i]).map(party).collect::<Vec<_>>(),
            "failed": (0..c.parties.len()).filter(|&i| !t.passed[i]).map(party).collect::<Vec<_>>(),
            "runner_up_admitted": t.runner_up_admitted.map(party),
        })
    });
    let allocation = match &c.allocation {
        AllocationReport::Averages { method, seats } => json!({
            "method": method,
            "seats": seats.iter().map(|s| json!({
                "seat": s.seat, "party": party(s.party), "divisor": s.divisor, "average": s.average,
            })).collect::<Vec<_>>(),
        }),
        AllocationReport::Remainders { method, detail } => json!({
            "method": method,
            "quota": detail.quota,
            "parties": (0..c.parties.len()).filter(|&i| c.threshold.as_ref().is_none_or(|t| t.passed[i])).map(|i| json!({
                "party": party(i),
                "votes": c.votes[i],
                "integer_seats": detail.integer_seats[i],
                "remainder": detail.remainders[i],
                "seats": detail.seats[i],
            })).collect::<Vec<_>>(),
            "remainder_seats": detail.remainder_seats.iter().map(|&i| party(i)).collect::<Vec<_>>(),
            "excess_removed": detail.excess_removed.iter().map(|&i| party(i)).collect::<Vec<_>>(),
        }),
    };
    json!({"threshold": threshold, "allocation": allocation})
}

/// The seat table: one block per constituency when there are several, then the total.
pub fn outcome_table(outcome: &Outcome) -> String {
    let mut out = String::new();
    let width = outcome.parties.iter().map(|p| p.chars().count()).max().unwrap_or(5).max(5);
    if outcome.contests.len() > 1 {
        for c in &outcome.contests {
            let _ = writeln!(out, "{} ({} seats)", c.name, c.seats);
            for (i, &p) in c.parties.iter().enumerate() {
                let _ = writeln!(out, "  {:<width$}  {:>12}  {:>4}", outcome.parties[p], thousands(c.votes[i] as u128), c.result[i]);
            }
            out.push('\n');
        }
        let _ = writeln!(out, "Total");
    }
    let national = {
        let mut v = vec![0u64; outcome.parties.len()];
        for c in &outcome.contests {
            for (i, &p) in c.parties.iter().enumerate() {
                v[p] += c.votes[i];
            }
        }
        v
    };
    let all: u64 = national.iter().sum();
    let _ = writeln!(out, "  {:<width$}  {:>12}  {:>7}  {:>5}", "party", "votes", "share", "seats");
    for (p, name) in outcome.parties.iter().enumerate() {
        let _ = writeln!(
            out,
            "  {:<width$}  {:>12}  {:>7}  {:>5}",
            name,
            thousands(national[p] as u128),
            percent(national[p], all),
            outcome.total[p]
        );
    }
    let seats: u32 = outcome.total.iter().sum();
    let _ = writeln!(out, "  {:<width$}  {:>12}  {:>7}  {:>5}", "total", thousands(all as u128), "", seats);
    out.push_str(&extra_parliamentary_line(outcome));
    out
}

/// Every step of the count, in legal order, as text.
pub fn explain(law: &Law, outcome: &Outcome) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} — {}", law.id, law.name);
    let _ = writeln!(out, "Law: {}", law.citation);
    for c in &outcome.contests {
        out.push('\n');
        let _ = writeln!(out, "{}: {} seats, {}", c.name, c.seats, c.allocation.method());
        let name = |i: usize| outcome.parties[c.parties[i]].as_str();
        let width = c.parties.iter().map(|&p| outcome.parties[p].chars().count()).max().unwrap_or(5);
        if let Some(t) = &c.threshold {
            explain_threshold(&mut out, c, t, &name, width);
        }
        match &c.allocation {
            AllocationReport::Averages { seats, .. } => {
                let _ = writeln!(out, "  Seats by highest average (votes / divisor):");
                for s in seats {
                    let avg = if law.allocation.method.squared_averages() {
                        format!("{} (squared)", fraction(&s.average, 2))
                    } else {
                        fraction(&s.average, 2)
                    };
                    let _ = writeln!(
                        out,
                        "    seat {:>3}: {:<width$}  {} / {} = {}",
                        s.seat,
                        name(s.party),
                        thousands(c.votes[s.party] as u128),
                        fraction(&s.divisor, 4),
                        avg
                    );
                }
            }
            AllocationReport::Remainders { detail, .. } => {
                let taking: u128 = (0..c.parties.len())
                    .filter(|&i| c.threshold.as_ref().is_none_or(|t| t.passed[i]))
                    .map(|i| c.votes[i] as u128)
                    .sum();
                let _ = writeln!(
                    out,
                    "  Quota: {} (votes of the lists taking part {}, {} seats)",
                    fraction(&detail.quota, 2),
                    thousands(taking),
                    c.seats
                );
                for i in 0..c.parties.len() {
                    if c.threshold.as_ref().is_some_and(|t| !t.passed[i]) {
                        continue;
                    }
                    let _ = writeln!(
                        out,
                        "    {:<width$}  {:>12} / quota = {:>4} + remainder {}",
                        name(i),
                        thousands(c.votes[i] as u128),
                        detail.integer_seats[i],
                        fraction(&detail.remainders[i], 2)
                    );
                }
                let given: u32 = detail.integer_seats.iter().sum();
                let _ = writeln!(out, "  Integer parts: {given} seats; {} left for the largest remainders", c.seats as i64 - given as i64);
                for (k, &i) in detail.remainder_seats.iter().enumerate() {
                    let _ = writeln!(out, "    remainder seat {}: {} (remainder {})", k + 1, name(i), fraction(&detail.remainders[i], 2));
                }
                for &i in &detail.excess_removed {
                    let _ = writeln!(out, "    seat taken back (integer parts exceeded the seats): {} (smallest remainder {})", name(i), fraction(&detail.remainders[i], 2));
                }
            }
        }
        if c.ties.is_empty() {
            let _ = writeln!(out, "  Ties: none");
        }
        for t in &c.ties {
            let (what, v) = match &t.stage {
                TieStage::Average { average } => ("average", average),
                TieStage::Remainder { remainder } => ("remainder", remainder),
                TieStage::Excess { remainder } => ("remainder (seat taken back)", remainder),
            };
            let contenders: Vec<&str> = t.contenders.iter().map(|&i| name(i)).collect();
            let winners: Vec<&str> = t.winners.iter().map(|&i| name(i)).collect();
            let seed = t.seed.map(|s| format!(" with seed {s}")).unwrap_or_default();
            let _ = writeln!(
                out,
                "  Tie on equal {what} {} among {} for {} seat(s): {} by {}{seed}",
                fraction(v, 4),
                contenders.join(", "),
                t.seats,
                winners.join(", "),
                t.decided_by.describe()
            );
        }
        let _ = writeln!(out, "  Result:");
        for i in 0..c.parties.len() {
            let _ = writeln!(out, "    {:<width$}  {:>4}", name(i), c.result[i]);
        }
    }
    out
}

fn explain_threshold<'a>(out: &mut String, c: &Contest, t: &ThresholdReport, name: &dyn Fn(usize) -> &'a str, width: usize) {
    let art = t.article.as_deref().map(|a| format!(" ({a})")).unwrap_or_default();
    let _ = writeln!(out, "  Threshold{art}: a list takes part if it has {}", t.conditions.iter().map(|r| r.condition.to_string()).collect::<Vec<_>>().join(", or "));
    for r in &t.conditions {
        let _ = writeln!(out, "    {}: base {} votes, bar {} votes", r.condition, thousands(r.base as u128), fraction(&r.bar, 2));
    }
    for i in 0..c.parties.len() {
        let r = &t.conditions[0];
        let verdict = if t.runner_up_admitted == Some(i) {
            "admitted as runner-up (only one list passed)"
        } else if t.passed[i] {
            "passes"
        } else {
            "out"
        };
        let _ = writeln!(out, "    {:<width$}  {:>12}  {:>7}  {verdict}", name(i), thousands(r.votes[i] as u128), percent(r.votes[i], r.base));
    }
}

/// The parties that won no seat: the extra-parliamentary parties (Kazakhstan consults
/// them in councils; issue 6), each with whether the threshold kept it out of every
/// contest it stood in (else it passed somewhere but won no seat).
pub fn extra_parliamentary(outcome: &Outcome) -> Vec<(usize, bool)> {
    (0..outcome.parties.len())
        .filter(|&p| outcome.total[p] == 0)
        .map(|p| {
            let mut stood = outcome.contests.iter().filter_map(|c| c.parties.iter().position(|&q| q == p).map(|i| (c, i))).peekable();
            let below = stood.peek().is_some() && stood.all(|(c, i)| c.threshold.as_ref().is_some_and(|t| !t.passed[i]));
            (p, below)
        })
        .collect()
}

fn extra_parliamentary_json(outcome: &Outcome) -> Value {
    Value::Array(
        extra_parliamentary(outcome)
            .into_iter()
            .map(|(p, below)| json!({"party": outcome.parties[p], "below_threshold": below}))
            .collect(),
    )
}

fn extra_parliamentary_line(outcome: &Outcome) -> String {
    let list = extra_parliamentary(outcome);
    if list.is_empty() {
        return String::new();
    }
    let names: Vec<String> = list
        .iter()
        .map(|&(p, below)| if below { format!("{} (below the threshold)", outcome.parties[p]) } else { outcome.parties[p].clone() })
        .collect();
    format!("Extra-parliamentary parties (no seat): {}\n", names.join(", "))
}
