//! Rendering a biproportional count ([`BiproportionalReport`]): JSON and the
//! step-by-step explanation — quorum, upper apportionment (voter numbers, divisor,
//! seats), lower apportionment (district and list divisors as exact fractions, every
//! cell's quotient and rounding, flagged ties), and the seat matrix.

use std::fmt::Write;

use mandat_core::biproportional::{BiproportionalReport, Exact, TieFlag};
use mandat_core::count::Outcome;
use mandat_core::law::Law;
use serde_json::{json, Map, Value};

use crate::report::thousands;

/// An exact number as a plain decimal when it is one (up to 12 decimals), else
/// `p/q (≈ d)`.
pub fn exact(x: &Exact) -> String {
    x.exact_decimal(12).unwrap_or_else(|| format!("{x} (≈ {})", x.decimal(6)))
}

fn flag(f: Option<TieFlag>) -> &'static str {
    match f {
        Some(TieFlag::Plus) => "+",
        Some(TieFlag::Minus) => "-",
        None => "",
    }
}

/// The JSON of a biproportional count: the same top-level shape as every count
/// (constituencies with seats, total, ties), plus `biproportional` with every step.
pub fn outcome_json(law: &Law, outcome: &Outcome, b: &BiproportionalReport) -> Value {
    let name = |p: usize| outcome.parties[p].clone();
    let lower = &b.lower;
    let constituencies: Vec<Value> = outcome
        .contests
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut seats = Map::new();
            for (k, &p) in c.parties.iter().enumerate() {
                seats.insert(name(p), json!(c.result[k]));
            }
            let cells: Vec<Value> = lower
                .lists
                .iter()
                .enumerate()
                .map(|(k, &p)| {
                    let cell = &lower.cells[i][k];
                    let mut v = json!({"list": name(p), "votes": cell.votes, "quotient": cell.quotient, "seats": cell.seats});
                    if let Some(t) = cell.tie {
                        v["tie"] = json!(t);
                    }
                    v
                })
                .collect();
            json!({
                "name": c.name,
                "seats": Value::Object(seats),
                "total_seats": c.seats,
                "district_divisor": lower.district_divisors[i],
                "cells": cells,
            })
        })
        .collect();
    let mut total = Map::new();
    for (p, n) in outcome.parties.iter().enumerate() {
        total.insert(n.clone(), json!(outcome.total[p]));
    }
    let district = |i: usize| outcome.contests.get(i).map_or(String::new(), |c| c.name.clone());
    let quorum = b.quorum.as_ref().map(|q| {
        json!({
            "in_any_district": q.in_any_district,
            "overall": q.overall,
            "article": q.article,
            "lists": (0..q.passed.len()).map(|p| json!({
                "list": name(p),
                "best_share": q.best_share[p],
                "best_district": q.best_district[p].map(district),
                "overall_share": q.overall_share[p],
                "passed": q.passed[p],
            })).collect::<Vec<_>>(),
        })
    });
    let u = &b.upper;
    let upper = json!({
        "method": u.method,
        "figures": u.votes_kind,
        "divisor": u.divisor,
        "divisor_min": u.divisor_min,
        "divisor_max": u.divisor_max,
        "lists": u.lists.iter().enumerate().map(|(k, &p)| json!({
            "list": name(p),
            "per_district": (0..u.cells.len()).map(|i| json!({"district": district(i), "figure": u.cells[i][k]})).collect::<Vec<_>>(),
            "total": u.totals[k],
            "quotient": u.quotients[k],
            "seats": u.seats[k],
        })).collect::<Vec<_>>(),
        "ties": u.ties.iter().map(|t| json!({
            "contenders": t.contenders.iter().map(|&k| name(u.lists[k])).collect::<Vec<_>>(),
            "seats": t.seats,
            "winners": t.winners.iter().map(|&k| name(u.lists[k])).collect::<Vec<_>>(),
            "decided_by": t.decided_by,
            "seed": t.seed,
        })).collect::<Vec<_>>(),
    });
    let upper_ties = u.ties.iter().map(|t| {
        json!({
            "constituency": "upper apportionment",
            "kind": "average",
            "contenders": t.contenders.iter().map(|&k| name(u.lists[k])).collect::<Vec<_>>(),
            "seats": t.seats,
            "winners": t.winners.iter().map(|&k| name(u.lists[k])).collect::<Vec<_>>(),
            "decided_by": t.decided_by,
            "seed": t.seed,
        })
    });
    let ties: Vec<Value> = upper_ties.chain(lower
        .ties
        .iter()
        .map(|t| {
            json!({
                "constituency": district(t.district),
                "kind": "biproportional",
                "contenders": t.contenders.iter().map(|&k| name(lower.lists[k])).collect::<Vec<_>>(),
                "seats": t.seats,
                "winners": t.winners.iter().map(|&k| name(lower.lists[k])).collect::<Vec<_>>(),
                "decided_by": t.decided_by,
                "seed": t.seed,
                "not_realized": t.not_realized.iter().map(|&k| name(lower.lists[k])).collect::<Vec<_>>(),
            })
        }))
        .collect();
    json!({
        "law": {"id": law.id, "name": law.name, "citation": law.citation},
        "seed": outcome.seed,
        "constituencies": constituencies,
        "total": Value::Object(total),
        "house_size": outcome.house_size(),
        "ties": ties,
        "biproportional": {
            "article": b.article,
            "quorum": quorum,
            "upper_apportionment": upper,
            "lower_apportionment": {
                "method": lower.method,
                "district_divisors": lower.district_divisors.iter().enumerate().map(|(i, d)| json!({"district": district(i), "divisor": d})).collect::<Vec<_>>(),
                "list_divisors": lower.lists.iter().zip(&lower.list_divisors).map(|(&p, d)| json!({"list": name(p), "divisor": d})).collect::<Vec<_>>(),
                "scaling_rounds": lower.scaling_rounds,
                "transfers": lower.transfers,
                "divisor_updates": lower.divisor_updates,
            },
        },
    })
}

/// Every step of a biproportional count, as text.
pub fn explain(law: &Law, outcome: &Outcome, b: &BiproportionalReport) -> String {
    let mut out = String::new();
    let name = |p: usize| outcome.parties[p].as_str();
    let district = |i: usize| outcome.contests.get(i).map_or("?", |c| c.name.as_str());
    let width = outcome.parties.iter().map(|p| p.chars().count()).max().unwrap_or(5).max(5).min(crate::MAX_COLUMN_WIDTH);
    let dwidth = outcome.contests.iter().map(|c| c.name.chars().count()).max().unwrap_or(8).max(8).min(crate::MAX_COLUMN_WIDTH);
    let _ = writeln!(out, "{} — {}", law.id, law.name);
    let _ = writeln!(out, "Law: {}", law.citation);
    let seats: u32 = b.district_seats.iter().sum();
    let _ = writeln!(out, "\nBiproportional apportionment of {seats} seats in {} districts", b.district_seats.len());

    // 1. Quorum.
    if let Some(q) = &b.quorum {
        let art = q.article.as_deref().map(|a| format!(" ({a})")).unwrap_or_default();
        let mut conds = Vec::new();
        if let Some(p) = q.in_any_district {
            conds.push(format!("{p} of the valid votes of at least one district"));
        }
        if let Some(p) = q.overall {
            conds.push(format!("{p} of all lists' upper-apportionment figures"));
        }
        let _ = writeln!(out, "\n1. Quorum{art}: a list takes part if it has {}", conds.join(", or "));
        for p in 0..q.passed.len() {
            let best = q.best_district[p].map_or("-".to_string(), |i| format!("{}% in {}", q.best_share[p].percent(2), district(i)));
            let overall = q.overall_share[p].percent(2);
            let _ = writeln!(out, "    {:<width$}  best {best}; overall {overall}%  {}", name(p), if q.passed[p] { "takes part" } else { "out" });
        }
    } else {
        let _ = writeln!(out, "\n1. Quorum: none; every list with votes takes part");
    }

    // 2. Upper apportionment.
    let u = &b.upper;
    let _ = writeln!(out, "\n2. Upper apportionment: {seats} seats among the lists by {} on their {}", u.method, u.votes_kind.describe());
    let _ = write!(out, "    {:<dwidth$}", "district");
    for &p in &u.lists {
        let _ = write!(out, " {:>10}", name(p));
    }
    out.push('\n');
    for (i, row) in u.cells.iter().enumerate() {
        let _ = write!(out, "    {:<dwidth$}", district(i));
        for f in row {
            let _ = write!(out, " {:>10}", exact_thousands(f));
        }
        out.push('\n');
    }
    let range = match &u.divisor_max {
        Some(m) if m == &u.divisor_min => format!("exactly {} (a tie)", exact(m)),
        Some(m) => format!("any divisor from {} to {}", u.divisor_min.decimal(2), m.decimal(2)),
        None => format!("any divisor above {}", u.divisor_min.decimal(2)),
    };
    let _ = writeln!(out, "  Divisor {} ({range} gives the same seats):", exact(&u.divisor));
    for (k, &p) in u.lists.iter().enumerate() {
        let _ = writeln!(out, "    {:<width$}  {:>12} / {} = {:>10} → {:>4} seats", name(p), exact_thousands(&u.totals[k]), exact(&u.divisor), u.quotients[k].decimal(4), u.seats[k]);
    }
    for t in &u.ties {
        let names = |ks: &[usize]| ks.iter().map(|&k| name(u.lists[k]).to_string()).collect::<Vec<_>>().join(", ");
        let seed = t.seed.map(|s| format!(" with seed {s}")).unwrap_or_default();
        let _ = writeln!(out, "  Tie among {} for {} seat(s): {} by {}{seed}", names(&t.contenders), t.seats, names(&t.winners), t.decided_by.describe());
    }

    // 3. Lower apportionment.
    let l = &b.lower;
    let art = b.article.as_deref().map(|a| format!(" ({a})")).unwrap_or_default();
    let _ = writeln!(out, "\n3. Lower apportionment{art}: biproportional, {}", l.method);
    let _ = writeln!(out, "  seats(district, list) = votes / (district divisor × list divisor), rounded at the method's signposts;");
    let _ = writeln!(out, "  a quotient exactly on a signpost is a tie (flagged n+ or n- when another solution exists).");
    let _ = writeln!(out, "  District divisors:");
    for (i, d) in l.district_divisors.iter().enumerate() {
        let _ = writeln!(out, "    {:<dwidth$}  {}", district(i), exact(d));
    }
    let _ = writeln!(out, "  List divisors:");
    for (k, &p) in l.lists.iter().enumerate() {
        let _ = writeln!(out, "    {:<width$}  {:>8} seats  divisor {}", name(p), l.list_seats[k], exact(&l.list_divisors[k]));
    }
    for (i, row) in l.cells.iter().enumerate() {
        let _ = writeln!(out, "  {} ({} seats, divisor {}):", district(i), b.district_seats[i], exact(&l.district_divisors[i]));
        for (k, cell) in row.iter().enumerate() {
            let _ = writeln!(
                out,
                "    {:<width$}  {:>10} / ({} × {}) = {:>10} → {}{}",
                name(l.lists[k]),
                thousands(cell.votes as u128),
                exact(&l.district_divisors[i]),
                exact(&l.list_divisors[k]),
                cell.quotient.decimal(4),
                cell.seats,
                flag(cell.tie)
            );
        }
    }
    let _ = writeln!(
        out,
        "  Work: {} round(s) of alternating scaling, then {} seat transfer(s) and {} divisor update(s) by tie-and-transfer",
        l.scaling_rounds, l.transfers, l.divisor_updates
    );
    if l.ties.is_empty() {
        let _ = writeln!(out, "  Ties: none");
    }
    for t in &l.ties {
        let names = |ks: &[usize]| ks.iter().map(|&k| name(l.lists[k]).to_string()).collect::<Vec<_>>().join(", ");
        let seed = t.seed.map(|s| format!(" with seed {s}")).unwrap_or_default();
        let _ = writeln!(
            out,
            "  Tie in {}: {} for {} seat(s) held by a tie; winners {} by {}{seed}",
            district(t.district),
            names(&t.contenders),
            t.seats,
            names(&t.winners),
            t.decided_by.describe()
        );
        if !t.not_realized.is_empty() {
            let _ = writeln!(out, "    (could not take a seat over without reopening a decided district: {})", names(&t.not_realized));
        }
    }

    // 4. The seat matrix.
    let _ = writeln!(out, "\n4. Seats:");
    let _ = write!(out, "    {:<dwidth$}", "district");
    for &p in &l.lists {
        let _ = write!(out, " {:>8}", name(p));
    }
    let _ = writeln!(out, " {:>6}", "total");
    for (i, row) in l.cells.iter().enumerate() {
        let _ = write!(out, "    {:<dwidth$}", district(i));
        for cell in row {
            let _ = write!(out, " {:>8}", format!("{}{}", cell.seats, flag(cell.tie)));
        }
        let _ = writeln!(out, " {:>6}", b.district_seats[i]);
    }
    let _ = write!(out, "    {:<dwidth$}", "total");
    for s in &l.list_seats {
        let _ = write!(out, " {s:>8}");
    }
    let _ = writeln!(out, " {seats:>6}");
    out
}

fn exact_thousands(x: &Exact) -> String {
    if x.is_integer() {
        x.to_string().parse::<u128>().map(thousands).unwrap_or_else(|_| x.to_string())
    } else {
        x.decimal(2)
    }
}
