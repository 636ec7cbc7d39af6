//! Reports of a ranked count: a round table for the terminal, the Universal RCV
//! Tabulation JSON that RCTab writes (its `*_expected_detailed_report.json`), and CSV.
//! All three render the same [`Tabulation`].

use std::fmt::Write;

use mandat_core::ranked::{ActionKind, Fixed, Tabulation, Target};
use serde_json::{json, Map, Value};

/// What the URCVT `config` block says about the contest.
#[derive(Clone, Debug, Default)]
pub struct ReportMeta {
    pub contest: String,
    pub date: String,
    pub jurisdiction: String,
    pub office: String,
    /// The number of winners to report, when the configuration says otherwise than the
    /// count's seats (RCTab's bottoms-up threshold mode has `numberOfWinners` 0).
    pub num_winners: Option<u32>,
}

fn target_name(t: &Tabulation, x: Target) -> String {
    match x {
        Target::Candidate(c) => t.name(c).to_string(),
        Target::Exhausted => "exhausted".into(),
        Target::ResidualSurplus => "residual surplus".into(),
    }
}

/// The Universal RCV Tabulation JSON (format version 1), as RCTab writes it: numbers as
/// strings with trailing zeros stripped, `elected` before `eliminated`.
pub fn urcvt_json(t: &Tabulation, meta: &ReportMeta) -> Value {
    let multi_surplus = t.seats > 1 && (t.rule == "rctab-multi-fractional" || t.rule == "rctab-multi-one-per-round");
    let n_rounds = t.rounds.len();
    let results: Vec<Value> = t
        .rounds
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut inactive = Map::new();
            inactive.insert("exhaustedChoices".into(), json!(r.inactive.exhausted_choices.plain()));
            inactive.insert("overvotes".into(), json!(r.inactive.overvotes.plain()));
            inactive.insert("repeatedRankings".into(), json!(r.inactive.repeated_rankings.plain()));
            inactive.insert("skippedRankings".into(), json!(r.inactive.skipped_rankings.plain()));
            if multi_surplus && i + 1 == n_rounds {
                inactive.insert("finalRoundSurplus".into(), json!(r.inactive.final_round_surplus.plain()));
            }
            let mut tally = Map::new();
            for &(c, v) in &r.tally {
                tally.insert(t.name(c).to_string(), json!(v.plain()));
            }
            let mut actions = Vec::new();
            for kind in [ActionKind::Elected, ActionKind::SurplusTransferred, ActionKind::Eliminated] {
                for a in r.actions.iter().filter(|a| a.kind == kind) {
                    let mut tr = Map::new();
                    for &(x, v) in &a.transfers {
                        tr.insert(target_name(t, x), json!(v.plain()));
                    }
                    let key = match kind {
                        ActionKind::Elected => "elected",
                        ActionKind::Eliminated => "eliminated",
                        ActionKind::SurplusTransferred => "surplusTransferred",
                        ActionKind::Qualified => unreachable!("not listed among the kinds"),
                    };
                    actions.push(json!({ key: t.name(a.candidate), "transfers": tr }));
                }
            }
            let mut o = Map::new();
            o.insert("inactiveBallots".into(), Value::Object(inactive));
            o.insert("round".into(), json!(r.number));
            o.insert("tally".into(), Value::Object(tally));
            o.insert("tallyResults".into(), Value::Array(actions));
            o.insert("threshold".into(), json!(r.threshold.map(|x| x.plain()).unwrap_or_default()));
            // Two-round: who goes to the runoff and why (not a URCVT key: readers of the
            // format skip it, and tallyResults stays as RCTab writes it).
            if r.actions.iter().any(|a| a.kind == ActionKind::Qualified) {
                let field: Vec<Value> = r
                    .actions
                    .iter()
                    .filter(|a| matches!(a.kind, ActionKind::Qualified | ActionKind::Eliminated))
                    .map(|a| {
                        let votes = r.tally.iter().find(|x| x.0 == a.candidate).map(|x| x.1.plain()).unwrap_or_default();
                        json!({
                            "candidate": t.name(a.candidate),
                            "votes": votes,
                            "qualified": a.kind == ActionKind::Qualified,
                            "reason": a.reason.clone().unwrap_or_default(),
                        })
                    })
                    .collect();
                o.insert("runoffQualification".into(), Value::Array(field));
            }
            Value::Object(o)
        })
        .collect();
    let undervotes = t.rounds.first().map_or(0, |r| r.inactive.undervotes.floor_int());
    let final_threshold = t.rounds.last().and_then(|r| r.threshold).map(|x| x.plain()).unwrap_or_default();
    let mut v = json!({
        "config": {
            "contest": meta.contest,
            "date": meta.date,
            "generatedBy": format!("mandat {}", env!("CARGO_PKG_VERSION")),
            "jurisdiction": meta.jurisdiction,
            "office": meta.office,
        },
        "jsonFormatVersion": "1",
        "results": results,
        "summary": {
            "finalThreshold": final_threshold,
            "numCandidates": t.candidates.len(),
            "numWinners": meta.num_winners.unwrap_or(t.seats),
            "totalNumBallots": t.total_ballots.plain(),
            "undervotes": undervotes as u64,
        }
    });
    // Remarks on the count (a void election's reason, a runoff bar, withdrawn
    // candidates); not a URCVT key, present only when there are some.
    if !t.notes.is_empty() {
        v["notes"] = json!(t.notes);
    }
    v
}

fn pad(s: &str, w: usize) -> String {
    let n = s.chars().count();
    if n >= w {
        s.to_string()
    } else {
        format!("{s}{}", " ".repeat(w - n))
    }
}

/// The round-by-round table for the terminal: each round's tally, the inactive ballots by
/// reason, what was decided and where the votes went, and every tie.
pub fn round_table(t: &Tabulation) -> String {
    let mut s = String::new();
    let w = t.candidates.iter().map(|c| c.chars().count()).max().unwrap_or(4).clamp(9, 48);
    let _ = writeln!(s, "{} — {} seat(s), {} ballots", t.rule, t.seats, t.total_ballots.plain());
    if let Some(q) = t.quota {
        let _ = writeln!(s, "quota {}", q.plain());
    }
    for n in &t.notes {
        let _ = writeln!(s, "note: {n}");
    }
    for r in &t.rounds {
        let th = r.threshold.map(|x| format!(" — threshold {}", x.plain())).unwrap_or_default();
        let _ = writeln!(s, "\nRound {}{th}", r.number);
        let total = r.tally.iter().fold(Fixed::zero(t.scale), |a, &(_, v)| a + v);
        for &(c, v) in &r.tally {
            let share = if total.raw > 0 && v.raw >= 0 {
                let pct = mandat_core::exact::Fraction::new(v.raw as u128 * 100, total.raw as u128).to_decimal_string(2);
                format!("{pct:>6}%")
            } else {
                String::new()
            };
            let mark = if t.elected.contains(&c) && r.actions.iter().any(|a| a.candidate == c && a.kind == ActionKind::Elected) { "  elected" } else { "" };
            let _ = writeln!(s, "  {} {:>14} {share}{mark}", pad(t.name(c), w), v.plain());
        }
        let i = &r.inactive;
        let parts: Vec<String> = [
            ("exhausted", i.exhausted_choices),
            ("overvotes", i.overvotes),
            ("skipped ranks", i.skipped_rankings),
            ("repeated", i.repeated_rankings),
            ("no rankings", i.undervotes),
        ]
        .iter()
        .filter(|(_, v)| !v.is_zero())
        .map(|(k, v)| format!("{k} {}", v.plain()))
        .collect();
        if !parts.is_empty() {
            let _ = writeln!(s, "  inactive: {}", parts.join(", "));
        }
        if !r.residual_surplus.is_zero() {
            let _ = writeln!(s, "  residual surplus so far: {}", r.residual_surplus.plain());
        }
        for a in &r.actions {
            let what = match a.kind {
                ActionKind::Elected => "elected",
                ActionKind::Eliminated => "eliminated",
                ActionKind::SurplusTransferred => "surplus transferred",
                ActionKind::Qualified => "goes to the runoff",
            };
            let frac = a.surplus_fraction.map(|f| format!(" (transfer value {})", f.plain())).unwrap_or_default();
            let why = a.reason.as_ref().map(|r| format!(" — {r}")).unwrap_or_default();
            let _ = writeln!(s, "  → {} {what}{frac}{why}", t.name(a.candidate));
            if !a.transfers.is_empty() {
                let tr: Vec<String> = a.transfers.iter().map(|&(x, v)| format!("{} +{}", target_name(t, x), v.plain())).collect();
                let _ = writeln!(s, "      {}", tr.join(", "));
            }
        }
    }
    for tie in &t.ties {
        let names: Vec<&str> = tie.contenders.iter().map(|&c| t.name(c)).collect();
        let _ = writeln!(s, "\ntie in round {} between {}: {} chosen ({:?}), decided by {}", tie.round, names.join(", "), t.name(tie.chosen), tie.choosing, tie.decided_by);
    }
    if t.elected.is_empty() {
        let _ = writeln!(s, "\nelected: nobody{}", t.notes.iter().find(|n| n.starts_with("void")).map(|n| format!(" ({n})")).unwrap_or_default());
    } else {
        let _ = writeln!(s, "\nelected: {}", t.winners_by_name().join(", "));
    }
    s
}

/// CSV in long form: `round,kind,candidate,target,votes`.
pub fn rounds_csv(t: &Tabulation) -> String {
    fn cell(s: &str) -> String {
        if s.contains([',', '"', '\n']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    }
    let mut s = String::from("round,kind,candidate,target,votes\n");
    for r in &t.rounds {
        if let Some(th) = r.threshold {
            let _ = writeln!(s, "{},threshold,,,{}", r.number, th.plain());
        }
        for &(c, v) in &r.tally {
            let _ = writeln!(s, "{},tally,{},,{}", r.number, cell(t.name(c)), v.plain());
        }
        for (k, v) in [
            ("exhausted", r.inactive.exhausted_choices),
            ("overvotes", r.inactive.overvotes),
            ("skipped-rankings", r.inactive.skipped_rankings),
            ("repeated-rankings", r.inactive.repeated_rankings),
            ("undervotes", r.inactive.undervotes),
        ] {
            let _ = writeln!(s, "{},inactive,,{k},{}", r.number, v.plain());
        }
        for a in &r.actions {
            let kind = match a.kind {
                ActionKind::Elected => "elected",
                ActionKind::Eliminated => "eliminated",
                ActionKind::SurplusTransferred => "surplus",
                ActionKind::Qualified => "qualified",
            };
            let _ = writeln!(s, "{},{kind},{},,{}", r.number, cell(t.name(a.candidate)), a.surplus_fraction.map(|f| f.plain()).unwrap_or_default());
            for &(x, v) in &a.transfers {
                let _ = writeln!(s, "{},transfer,{},{},{}", r.number, cell(t.name(a.candidate)), cell(&target_name(t, x)), v.plain());
            }
        }
    }
    s
}
