//! Seats as a function of one law parameter, with the exact breakpoints.
//!
//! For the threshold, seats can only change where some list's share equals the
//! threshold: a list takes part when its share is at least the threshold. The shares
//! do not depend on the threshold, so one count yields every candidate breakpoint (each
//! list's exact share, in every contest and tier); between two consecutive breakpoints
//! `b < b'`, every threshold in `(b, b']` admits the same lists, so one count at `b'`
//! gives the seats of the whole interval. The result is exact: no grid, no float.

use serde::Serialize;

use crate::count::{count, CountError, Outcome, ThresholdReport};
use crate::election::Election;
use crate::exact::Percent;
use crate::law::{Condition, Law};

/// A stretch of parameter values with the same seats.
#[derive(Clone, Debug, Serialize)]
pub struct Segment {
    /// The lowest value of the stretch, and whether it belongs to it.
    pub from: Value,
    pub from_inclusive: bool,
    /// The highest value of the stretch (always included).
    pub to: Value,
    /// Seats per party over the whole count.
    pub seats: Vec<u32>,
}

/// A parameter value: a threshold percentage or a number of seats.
#[derive(Clone, Copy, Debug, Serialize)]
#[serde(untagged)]
pub enum Value {
    Percent(#[serde(serialize_with = "as_text")] Percent),
    Seats(u32),
}

fn as_text<S: serde::Serializer>(p: &Percent, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(p)
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Percent(p) => write!(f, "{p}"),
            Value::Seats(n) => write!(f, "{n}"),
        }
    }
}

/// Seats for every threshold from `from` to `to` (inclusive), as segments of equal seats.
pub fn threshold(law: &Law, election: &Election, from: Percent, to: Percent, seed: u64) -> Result<Vec<Segment>, CountError> {
    let at = |p: Percent| -> Result<Outcome, CountError> {
        let mut l = law.clone();
        l.set_threshold_share(p).map_err(CountError::Parameter)?;
        count(&l, election, seed)
    };
    let probe = at(from)?;
    let mut points: Vec<Percent> = shares(&probe).into_iter().filter(|s| *s > from && *s <= to).collect();
    points.push(to);
    points.sort();
    points.dedup();
    let mut segments = vec![Segment { from: Value::Percent(from), from_inclusive: true, to: Value::Percent(from), seats: probe.total.clone() }];
    let mut prev = from;
    for p in points {
        let seats = at(p)?.total;
        push(&mut segments, Value::Percent(prev), Value::Percent(p), seats);
        prev = p;
    }
    Ok(segments)
}

/// Seats for every assembly size from `from` to `to` (inclusive).
pub fn seats(law: &Law, election: &Election, from: u32, to: u32, seed: u64) -> Result<Vec<Segment>, CountError> {
    let mut segments: Vec<Segment> = Vec::new();
    for n in from..=to {
        let mut l = law.clone();
        l.set("seats", &n.to_string()).map_err(CountError::Parameter)?;
        let s = count(&l, election, seed)?.total;
        if segments.is_empty() {
            segments.push(Segment { from: Value::Seats(n), from_inclusive: true, to: Value::Seats(n), seats: s });
        } else {
            push(&mut segments, Value::Seats(n - 1), Value::Seats(n), s);
        }
    }
    Ok(segments)
}

/// Appends the stretch `(from, to]`, merging it with the last one when the seats agree.
fn push(segments: &mut Vec<Segment>, from: Value, to: Value, seats: Vec<u32>) {
    match segments.last_mut() {
        Some(last) if last.seats == seats => last.to = to,
        _ => segments.push(Segment { from, from_inclusive: false, to, seats }),
    }
}

/// Every list's exact share in every share condition of the count (the candidate
/// breakpoints of a sweep: seats change only where the bar passes a list's share).
fn shares(outcome: &Outcome) -> Vec<Percent> {
    let mut out = Vec::new();
    let mut add = |t: &ThresholdReport| {
        for r in &t.conditions {
            if matches!(r.condition, Condition::Share { .. }) {
                out.extend(r.measured.iter().filter_map(|&v| Percent::from_share(v, r.base)));
            }
        }
    };
    for c in &outcome.contests {
        if let Some(t) = &c.threshold {
            add(t);
        }
    }
    if let Some(t) = outcome.compensation.as_ref().and_then(|r| r.threshold.as_ref()) {
        add(t);
    }
    // A biproportional law's quorum: each list's best district share and overall share.
    if let Some(q) = outcome.biproportional.as_ref().and_then(|b| b.quorum.as_ref()) {
        out.extend(q.best_share.iter().chain(&q.overall_share).filter_map(|s| s.as_percent()));
    }
    out
}
