//! The JSON and SVG of the analyses (`compare`, `project`), shared by the command line
//! and the HTTP server so that both always give the same shapes.

use mandat_core::analysis::compare::Comparison;
use mandat_core::analysis::projection::{Projection, Swing};
use mandat_core::count::Outcome;
use mandat_core::law::Law;
use serde_json::{json, Map, Value};

use crate::error::InputError;

/// Applies `KEY=VALUE` changes (`threshold=5%`, `method=sainte-lague`, `seats=150`, ...)
/// to a copy of `law`; errors name `field`.
///
/// The name of a changed law says so ("…, 7% threshold) — what-if: threshold=5%"), so that
/// every report of it (the JSON's `law.name`, the explanation, the charts' titles)
/// describes the law that was counted, not only the one that was written.
pub fn apply_sets(law: &Law, sets: &[String], field: &str) -> Result<Law, InputError> {
    let mut law = law.clone();
    for s in sets {
        let (k, v) = s.split_once('=').ok_or_else(|| InputError::new(field, format!("expected KEY=VALUE, found {s:?}")))?;
        law.set(k.trim(), v.trim()).map_err(|e| InputError::new(field, e))?;
    }
    if !sets.is_empty() {
        let changes: Vec<String> = sets.iter().map(|s| s.split_once('=').map_or_else(|| s.clone(), |(k, v)| format!("{}={}", k.trim(), v.trim()))).collect();
        law.name = format!("{} — what-if: {}", law.name, changes.join(", "));
    }
    Ok(law)
}

/// The laws to compare: each given law, plus the last one with every `set` applied.
/// `law_field` and `set_field` name the inputs in errors (`--law`, `--set` on the
/// command line).
///
/// A comparison asks what each law would give: each counts its own seats, so seats
/// that the results declare (the real election's) are not checked against them, unless
/// a law says to use them (`results_seats = "use"`). Constituency names are still
/// checked, law by law.
pub fn variants(laws: Vec<Law>, sets: &[String], law_field: &str, set_field: &str) -> Result<(Vec<String>, Vec<Law>), InputError> {
    let mut labels: Vec<String> = laws.iter().map(|l| l.id.clone()).collect();
    let mut out = laws;
    for l in &mut out {
        if l.results_seats == mandat_core::law::ResultsSeats::Check {
            l.results_seats = mandat_core::law::ResultsSeats::Ignore;
        }
    }
    if !sets.is_empty() {
        let last = out.last().ok_or_else(|| InputError::new(law_field, "give at least one law"))?;
        let law = apply_sets(last, sets, set_field)?;
        labels.push(format!("{} ({})", law.id, sets.join(", ")));
        out.push(law);
    }
    if out.len() < 2 {
        return Err(InputError::new(law_field, format!("compare needs two laws, or one law and {set_field} KEY=VALUE")));
    }
    Ok((labels, out))
}

fn seats_in(o: &Outcome, name: &str, p: usize) -> u32 {
    o.contests.iter().find(|c| c.name == name).and_then(|c| c.parties.iter().position(|&q| q == p).map(|k| c.result[k] + c.leveling[k])).unwrap_or(0)
}

/// The JSON of `mandat compare --format json`.
pub fn compare_json(cmp: &Comparison) -> Value {
    json!({
        "laws": cmp.labels,
        "total": cmp.parties.iter().enumerate().map(|(p, name)| (name.clone(), json!(cmp.outcomes.iter().map(|o| o.total[p]).collect::<Vec<_>>()))).collect::<Map<_, _>>(),
        "constituencies": cmp.outcomes[0].contests.iter().map(|c| json!({
            "name": c.name,
            "seats": c.parties.iter().map(|&p| (cmp.parties[p].clone(), json!(cmp.outcomes.iter().map(|o| seats_in(o, &c.name, p)).collect::<Vec<_>>()))).collect::<Map<_, _>>(),
        })).collect::<Vec<_>>(),
        "changes": cmp.changes.iter().map(|ch| json!({
            "law": cmp.labels[ch.law],
            "against": cmp.labels[0],
            "summary": ch.summary(&cmp.parties),
            "reasons": ch.reasons,
            "moved": ch.moved,
            "moves": ch.moves.iter().map(|&(p, d)| (cmp.parties[p].clone(), json!(d))).collect::<Map<_, _>>(),
            "constituencies": ch.constituencies.iter().map(|(n, d)| json!({"name": n, "moves": d.iter().map(|&(p, x)| (cmp.parties[p].clone(), json!(x))).collect::<Map<_, _>>()})).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "indices": cmp.outcomes.iter().map(|o| o.indices()).collect::<Vec<_>>(),
    })
}

/// The SVG of `mandat compare --format svg`: hemicycles side by side. `results_text` is
/// the results file, for the parties' colours.
pub fn compare_svg(cmp: &Comparison, results_text: &str) -> String {
    let colours = crate::svg::colours(&cmp.parties, &crate::parse_colours(results_text));
    let seats: Vec<Vec<u32>> = cmp.outcomes.iter().map(|o| o.total.clone()).collect();
    let title = cmp.changes.first().map_or_else(String::new, |c| c.summary(&cmp.parties));
    crate::svg::comparison(&title, &cmp.labels, &cmp.parties, &seats, &colours)
}

/// The hemicycle of one count (`mandat run --format svg`).
pub fn outcome_svg(law: &Law, outcome: &Outcome, results_text: &str) -> String {
    let colours = crate::svg::colours(&outcome.parties, &crate::parse_colours(results_text));
    crate::svg::hemicycle(&law.name, &outcome.parties, &outcome.total, &colours)
}

/// `proportional` or `uniform`.
pub fn parse_swing(s: &str, field: &str) -> Result<Swing, InputError> {
    match s {
        "proportional" => Ok(Swing::Proportional),
        "uniform" => Ok(Swing::Uniform),
        other => Err(InputError::new(field, format!("expected proportional or uniform, found {other:?}"))),
    }
}

/// Coalitions `"A+B+C"` as party indices of `parties`.
pub fn parse_coalitions(coalitions: &[String], parties: &[String], field: &str) -> Result<Vec<Vec<usize>>, InputError> {
    coalitions
        .iter()
        .map(|c| {
            c.split('+')
                .map(|p| parties.iter().position(|x| x == p.trim()).ok_or_else(|| InputError::new(field, format!("{:?} is not a party of the base election", p.trim()))))
                .collect::<Result<Vec<_>, _>>()
        })
        .collect()
}

/// The JSON of `mandat project --format json`. `names` are the base election's parties,
/// `poll_shares` the poll's share of each (fractions), `coalitions` as given.
pub fn projection_json(law: &Law, names: &[String], poll_shares: &[f64], p: &Projection, coalitions: &[String]) -> Value {
    json!({
        "law": law.id,
        "sims": p.sims,
        "seed": p.seed,
        "threshold_tier": mandat_core::analysis::projection::threshold_tier(law),
        "parties": names.iter().zip(&p.parties).map(|(n, pp)| (n.clone(), json!({
            "poll_share": poll_shares[names.iter().position(|x| x == n).unwrap_or(0)],
            "mean": pp.mean, "median": pp.median, "p5": pp.p5, "p95": pp.p95,
            "p_threshold": pp.p_threshold, "p_takes_part": pp.p_takes_part, "distribution": pp.distribution,
        }))).collect::<Map<_, _>>(),
        "coalitions": coalitions.iter().zip(&p.p_majority).map(|(c, m)| json!({"coalition": c, "p_majority": m})).collect::<Vec<_>>(),
    })
}

/// The SVG of `mandat project --format svg`: each party's seat distribution.
pub fn projection_svg(law: &Law, names: &[String], p: &Projection, base_text: &str) -> String {
    let colours = crate::svg::colours(names, &crate::parse_colours(base_text));
    crate::svg::distribution(&format!("{} — seat projection", law.name), names, p, &colours)
}

/// The JSON of `mandat sweep --format json` (and of `mandat.sweep` in Python).
pub fn sweep_json(law_id: &str, param: &str, parties: &[String], segments: &[mandat_core::analysis::sweep::Segment]) -> Value {
    json!({
        "law": law_id,
        "param": param,
        "segments": segments.iter().map(|s| json!({
            "from": s.from.to_string(), "from_inclusive": s.from_inclusive, "to": s.to.to_string(), "to_inclusive": true,
            "seats": parties.iter().zip(&s.seats).map(|(n, &x)| (n.clone(), json!(x))).collect::<Map<_, _>>(),
        })).collect::<Vec<_>>(),
        "breakpoints": segments.iter().skip(1).map(|s| s.from.to_string()).collect::<Vec<_>>(),
    })
}
