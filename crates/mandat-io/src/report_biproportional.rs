//! Rendering a biproportional count ([`BiproportionalReport`]): JSON and the
//! step-by-step explanation — quorum, upper apportionment (voter numbers, divisor,
//! seats), lower apportionment (district and list divisors as exact fractions, every
//! cell's quotient and rounding, flagged ties), and the seat matrix.

use std::fmt::Write;

use mandat_core::biproportional::{BiproportionalReport, Exact, TieFlag};
use mandat_core::count::Outcome;
use mandat_core::law::Law;

use crate::json_out::JsonOut;
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
/// (constituencies with seats, total, ties), plus `biproportional` with every step;
/// `extra` adds members at the end.
pub fn write_outcome(w: &mut JsonOut, law: &Law, outcome: &Outcome, b: &BiproportionalReport, extra: impl FnOnce(&mut JsonOut)) {
    let name = |p: usize| outcome.parties[p].as_str();
    let names = |w: &mut JsonOut, k: &str, ks: &[usize], lists: &[usize]| {
        w.field_each(k, ks, |w, &k| {
            w.value(name(lists[k]));
        });
    };
    let lower = &b.lower;
    let u = &b.upper;
    let district = |i: usize| outcome.contests.get(i).map_or("", |c| c.name.as_str());
    w.object(|w| {
        w.field_object("law", |w| {
            w.field("id", &law.id).field("name", &law.name).field("citation", &law.citation);
        });
        w.field("seed", &outcome.seed);
        w.field_each("constituencies", outcome.contests.iter().enumerate(), |w, (i, c)| {
            w.object(|w| {
                w.field("name", &c.name);
                w.field_map("seats", c.parties.iter().enumerate().map(|(k, &p)| (name(p), c.result[k])));
                w.field("total_seats", &c.seats).field("district_divisor", &lower.district_divisors[i]);
                w.field_each("cells", lower.lists.iter().enumerate(), |w, (k, &p)| {
                    let cell = &lower.cells[i][k];
                    w.object(|w| {
                        w.field("list", name(p)).field("votes", &cell.votes).field("quotient", &cell.quotient).field("seats", &cell.seats);
                        if let Some(t) = cell.tie {
                            w.field("tie", &t);
                        }
                    });
                });
            });
        });
        w.field_map("total", outcome.parties.iter().map(String::as_str).zip(outcome.total.iter().copied()));
        w.field("house_size", &outcome.house_size());
        w.field_array("ties", |w| {
            for t in &u.ties {
                w.object(|w| {
                    w.field("constituency", "upper apportionment").field("kind", "average");
                    names(w, "contenders", &t.contenders, &u.lists);
                    w.field("seats", &t.seats);
                    names(w, "winners", &t.winners, &u.lists);
                    w.field("decided_by", &t.decided_by).field("seed", &t.seed);
                });
            }
            for t in &lower.ties {
                w.object(|w| {
                    w.field("constituency", district(t.district)).field("kind", "biproportional");
                    names(w, "contenders", &t.contenders, &lower.lists);
                    w.field("seats", &t.seats);
                    names(w, "winners", &t.winners, &lower.lists);
                    w.field("decided_by", &t.decided_by).field("seed", &t.seed);
                    names(w, "not_realized", &t.not_realized, &lower.lists);
                });
            }
        });
        w.field_object("biproportional", |w| {
            w.field("article", &b.article);
            w.key("quorum");
            match &b.quorum {
                Some(q) => w.object(|w| {
                    w.field("in_any_district", &q.in_any_district).field("overall", &q.overall).field("article", &q.article);
                    w.field_each("lists", 0..q.passed.len(), |w, p| {
                        w.object(|w| {
                            w.field("list", name(p))
                                .field("best_share", &q.best_share[p])
                                .field("best_district", &q.best_district[p].map(district))
                                .field("overall_share", &q.overall_share[p])
                                .field("passed", &q.passed[p]);
                        });
                    });
                }),
                None => w.value(&()),
            };
            w.field_object("upper_apportionment", |w| {
                w.field("method", &u.method)
                    .field("figures", &u.votes_kind)
                    .field("divisor", &u.divisor)
                    .field("divisor_min", &u.divisor_min)
                    .field("divisor_max", &u.divisor_max);
                w.field_each("lists", u.lists.iter().enumerate(), |w, (k, &p)| {
                    w.object(|w| {
                        w.field("list", name(p));
                        w.field_each("per_district", 0..u.cells.len(), |w, i| {
                            w.object(|w| {
                                w.field("district", district(i)).field("figure", &u.cells[i][k]);
                            });
                        });
                        w.field("total", &u.totals[k]).field("quotient", &u.quotients[k]).field("seats", &u.seats[k]);
                    });
                });
                w.field_each("ties", &u.ties, |w, t| {
                    w.object(|w| {
                        names(w, "contenders", &t.contenders, &u.lists);
                        w.field("seats", &t.seats);
                        names(w, "winners", &t.winners, &u.lists);
                        w.field("decided_by", &t.decided_by).field("seed", &t.seed);
                    });
                });
            });
            w.field_object("lower_apportionment", |w| {
                w.field("method", &lower.method);
                w.field_each("district_divisors", lower.district_divisors.iter().enumerate(), |w, (i, d)| {
                    w.object(|w| {
                        w.field("district", district(i)).field("divisor", d);
                    });
                });
                w.field_each("list_divisors", lower.lists.iter().zip(&lower.list_divisors), |w, (&p, d)| {
                    w.object(|w| {
                        w.field("list", name(p)).field("divisor", d);
                    });
                });
                w.field("scaling_rounds", &lower.scaling_rounds).field("transfers", &lower.transfers).field("divisor_updates", &lower.divisor_updates);
            });
        });
        extra(w);
    });
}

/// Every step of a biproportional count, as text.
pub fn explain(law: &Law, outcome: &Outcome, b: &BiproportionalReport) -> String {
    let mut out = String::new();
    let name = |p: usize| outcome.parties[p].as_str();
    let district = |i: usize| outcome.contests.get(i).map_or("?", |c| c.name.as_str());
    let width = outcome.parties.iter().map(|p| p.chars().count()).max().unwrap_or(5).clamp(5, crate::MAX_COLUMN_WIDTH);
    let dwidth = outcome.contests.iter().map(|c| c.name.chars().count()).max().unwrap_or(8).clamp(8, crate::MAX_COLUMN_WIDTH);
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
