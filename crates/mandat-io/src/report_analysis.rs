//! The text, JSON and SVG of the analyses (`compare`, `sweep`, `margins`, `project`), shared
//! by the command line, the HTTP server and the Python module so that all give the same.

use mandat_core::analysis::compare::Comparison;
use mandat_core::analysis::margins::Margin;
use mandat_core::analysis::projection::{Projection, Swing};
use mandat_core::analysis::sweep::Segment;
use mandat_core::count::Outcome;
use mandat_core::election::Election;
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
pub fn sweep_json(law_id: &str, param: &str, parties: &[String], segments: &[Segment]) -> Value {
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

/// The text of `mandat compare`: the laws, each party's seats under each, then every
/// seat that moved against the first law, per constituency when there are several.
pub fn compare_text(cmp: &Comparison) -> String {
    let mut s = String::new();
    let w = cmp.parties.iter().map(|p| p.chars().count()).max().unwrap_or(5).clamp(5, crate::MAX_COLUMN_WIDTH);
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
        s.push_str(&format!("  {:<w$}  {:>12}", name, crate::report::thousands(votes[p] as u128)));
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

/// The text of `mandat sweep`: each range of the parameter with its seats, and what
/// moves at each breakpoint.
pub fn sweep_text(law_id: &str, param: &str, parties: &[String], segments: &[Segment]) -> String {
    let mut out = format!("{law_id} — seats as a function of the {param}\n");
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

/// The JSON of `mandat margins --format json`; with `seats` (each party's seats in the
/// count), also a `seats` object, as `mandat.margins` gives it.
pub fn margins_json(law: &Law, election: &Election, ms: &[Margin], seats: Option<&[u32]>) -> Value {
    let name = |p: usize| election.parties[p].as_str();
    let mut v = json!({
        "law": law.id,
        "margins": ms.iter().map(|m| json!({
            "constituency": election.constituencies[m.constituency].name, "holder": name(m.holder), "challenger": name(m.challenger),
            "votes": m.votes, "exact": m.exact,
        })).collect::<Vec<_>>(),
    });
    if let Some(seats) = seats {
        v["seats"] = election.parties.iter().zip(seats).map(|(p, &s)| (p.clone(), json!(s))).collect::<Map<_, _>>().into();
    }
    v
}

/// The text of `mandat margins`: per constituency, the votes that would move each
/// party's last seat.
pub fn margins_text(law: &Law, election: &Election, ms: &[Margin]) -> String {
    let name = |p: usize| election.parties[p].as_str();
    let mut out = format!("{} — the votes that would move each party's last seat\n", law.id);
    let mut sorted = ms.to_vec();
    sorted.sort_by_key(|m| (m.constituency, m.votes));
    for m in &sorted {
        out.push_str(&format!(
            "  {}: {}'s last seat goes to {} with {} more votes for {}{}\n",
            election.constituencies[m.constituency].name,
            name(m.holder),
            name(m.challenger),
            crate::report::thousands(m.votes as u128),
            name(m.challenger),
            if m.exact { "" } else { " (not minimal: this law is not monotone here)" }
        ));
    }
    out
}

/// The text of `mandat project`: per party its poll share, mean, median, 90% range and
/// how often it passes the threshold and takes part; then each coalition's chance of a
/// majority.
pub fn projection_text(law: &Law, names: &[String], poll_shares: &[f64], p: &Projection, coalitions: &[String]) -> String {
    let w = names.iter().map(|n| n.chars().count()).max().unwrap_or(5).clamp(5, crate::MAX_COLUMN_WIDTH);
    // "threshold": the share of simulations passing the law's threshold (the
    // compensation tier's when it has one); "takes part": passing any tier's
    // threshold or winning a seat, which a party can do in a constituency tier
    // without a threshold while it misses the national one.
    let tier = mandat_core::analysis::projection::threshold_tier(law);
    let mut s = format!("{} — {} simulations (seed {})\n  {:<w$}  {:>6}  {:>6}  {:>7}  {:>9}  {:>10}  {:>10}\n", law.id, p.sims, p.seed, "party", "poll", "mean", "median", "5-95%", "threshold", "takes part");
    let mut hidden = 0;
    for (k, (n, pp)) in names.iter().zip(&p.parties).enumerate() {
        // Lists of the base that the poll leaves out and that never win a seat
        // would only bury the others (Sweden's base has about 100 lists).
        if poll_shares[k] == 0.0 && pp.mean == 0.0 {
            hidden += 1;
            continue;
        }
        let bar = pp.p_threshold.map_or_else(|| "-".to_string(), |t| format!("{:.1}%", t * 100.0));
        s.push_str(&format!("  {:<w$}  {:>5.1}%  {:>6.1}  {:>7}  {:>9}  {:>10}  {:>9.1}%\n", n, poll_shares[k] * 100.0, pp.mean, pp.median, format!("{}-{}", pp.p5, pp.p95), bar, pp.p_takes_part * 100.0));
    }
    if hidden > 0 {
        s.push_str(&format!("  ({hidden} lists without a poll share and without a seat in any simulation are not shown; the JSON has them)\n"));
    }
    s.push_str(match tier {
        Some("compensation") => "  threshold: simulations passing the compensation tier's threshold; takes part: passing a threshold or winning a seat\n",
        Some(_) => "  threshold: simulations passing the list tier's threshold (somewhere); takes part: passing it or winning a seat\n",
        None => "  the law has no threshold; takes part: winning a seat\n",
    });
    for (c, m) in coalitions.iter().zip(&p.p_majority) {
        s.push_str(&format!("  majority for {c}: {:.1}%\n", m * 100.0));
    }
    s
}
