//! Rendering an [`Outcome`]: a seat table, JSON, and the step-by-step explanation.
//! All three read the same typed record, so they always tell the same story.

use std::fmt::Write;

use mandat_core::compensation::{CompensationReport, PlacementRule};
use mandat_core::count::{AllocationReport, Contest, Outcome, Split, ThresholdReport};
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
    // Fractions are not always in lowest terms (600/5): an exact integer prints plain.
    if f.den <= 1 || f.num % f.den == 0 {
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

/// An ordered JSON object of a figure per party.
fn party_map<'a>(pairs: impl Iterator<Item = (&'a str, u32)>) -> Value {
    let mut m = Map::new();
    for (p, s) in pairs {
        m.insert(p.to_string(), json!(s));
    }
    Value::Object(m)
}

/// Names the lists of a contest.
struct Names<'a> {
    outcome: &'a Outcome,
    contest: &'a Contest,
}

impl Names<'_> {
    fn party(&self, i: usize) -> &str {
        &self.outcome.parties[self.contest.parties[i]]
    }
    fn unit(&self, u: usize) -> String {
        self.contest.units[u].iter().map(|&i| self.party(i)).collect::<Vec<_>>().join(" + ")
    }
    fn units(&self, us: &[usize]) -> Vec<String> {
        us.iter().map(|&u| self.unit(u)).collect()
    }
    fn parties(&self, ps: &[usize]) -> Vec<String> {
        ps.iter().map(|&i| self.party(i).to_string()).collect()
    }
    /// A list, or a sub-alliance's lists joined with " + ".
    fn group(&self, g: &[usize]) -> String {
        self.parties(g).join(" + ")
    }
    /// Names of a split's groups by index into its `among`.
    fn among(&self, s: &Split, ks: &[usize]) -> Vec<String> {
        ks.iter().map(|&k| self.group(&s.among[k])).collect()
    }
}

fn tie_kind(t: &Tie) -> (&'static str, &Fraction) {
    match &t.stage {
        TieStage::Average { average } => ("average", average),
        TieStage::Remainder { remainder } => ("remainder", remainder),
        TieStage::Excess { remainder } => ("excess", remainder),
    }
}

fn tie_json(scope: &str, t: &Tie, name: &dyn Fn(&[usize]) -> Vec<String>) -> Value {
    let (kind, value) = tie_kind(t);
    let mut v = json!({
        "constituency": scope,
        "kind": kind,
        "value": value,
        "contenders": name(&t.contenders),
        "seats": t.seats,
        "winners": name(&t.winners),
        "decided_by": t.decided_by,
    });
    if let Some(seed) = t.seed {
        v["seed"] = json!(seed);
    }
    v
}

/// Every tie of the count, with names.
fn all_ties(outcome: &Outcome) -> Vec<Value> {
    let mut out = Vec::new();
    for c in &outcome.contests {
        let n = Names { outcome, contest: c };
        out.extend(c.ties.iter().map(|t| tie_json(&c.name, t, &|u| n.units(u))));
        for s in &c.splits {
            out.extend(s.ties.iter().map(|t| tie_json(&c.name, t, &|k| n.among(s, k))));
        }
    }
    if let Some(r) = &outcome.compensation {
        let names = |ps: &[usize]| ps.iter().map(|&p| outcome.parties[p].clone()).collect::<Vec<_>>();
        out.extend(r.ties.iter().map(|t| tie_json("national", t, &names)));
    }
    if let Some(a) = &outcome.apportionment {
        let names = |cs: &[usize]| cs.iter().map(|&c| a.constituencies[c].clone()).collect::<Vec<_>>();
        out.extend(a.ties.iter().map(|t| tie_json("apportionment", t, &names)));
    }
    out
}

/// The JSON of a count: seats per constituency and in total, every tie, and every step.
pub fn outcome_json(law: &Law, outcome: &Outcome) -> Value {
    if let Some(b) = &outcome.biproportional {
        return crate::report_biproportional::outcome_json(law, outcome, b);
    }
    let constituencies: Vec<Value> = outcome
        .contests
        .iter()
        .map(|c| {
            let seats = party_map(c.parties.iter().enumerate().map(|(k, &p)| (outcome.parties[p].as_str(), c.result[k] + c.leveling[k])));
            let mut v = json!({
                "name": c.name,
                "seats": seats,
                "total_seats": c.seats + c.leveling.iter().sum::<u32>(),
                "steps": contest_steps_json(outcome, c),
            });
            if c.leveling.iter().any(|&l| l > 0) {
                v["district_seats"] = party_map(c.parties.iter().zip(&c.result).map(|(&p, &s)| (outcome.parties[p].as_str(), s)));
                v["leveling_seats"] = party_map(c.parties.iter().zip(&c.leveling).map(|(&p, &s)| (outcome.parties[p].as_str(), s)));
            }
            v
        })
        .collect();
    let mut v = json!({
        "law": {"id": law.id, "name": law.name, "citation": law.citation},
        "seed": outcome.seed,
        "constituencies": constituencies,
        "total": party_map(outcome.parties.iter().map(String::as_str).zip(outcome.total.iter().copied())),
        "house_size": outcome.house_size(),
        "ties": all_ties(outcome),
        "indices": outcome.indices(),
        "extra_parliamentary": extra_parliamentary_json(outcome),
    });
    if let Some(r) = &outcome.compensation {
        v["compensation"] = compensation_json(outcome, r);
    }
    if !outcome.single_member.is_empty() {
        v["single_member"] = single_member_json(outcome);
    }
    if !outcome.ranked.is_empty() {
        // Each ranked constituency: its elected members with their parties, and every
        // count in the Universal RCV Tabulation shape of `mandat tabulate`.
        v["ranked"] = Value::Array(
            outcome
                .ranked
                .iter()
                .map(|r| {
                    let elected: Vec<Value> = r.tabulation.elected.iter().map(|&c| json!({"candidate": r.tabulation.name(c), "party": outcome.parties[r.parties[c as usize]]})).collect();
                    let meta = crate::ranked::ReportMeta { contest: r.name.clone(), ..Default::default() };
                    json!({"name": r.name, "seats": r.seats, "rule": r.tabulation.rule, "elected": elected, "counts": crate::ranked::urcvt_json(&r.tabulation, &meta)})
                })
                .collect(),
        );
    }
    crate::report_regional::extend_json(outcome, &mut v);
    if !outcome.not_counted.is_empty() {
        v["not_counted"] = json!(outcome.not_counted);
    }
    if let Some(t) = &outcome.transfer {
        let per = |x: &[u64]| {
            let mut m = Map::new();
            for (p, &v) in x.iter().enumerate().filter(|(_, &v)| v > 0) {
                m.insert(outcome.parties[p].clone(), json!(v));
            }
            Value::Object(m)
        };
        v["transfer"] = json!({"rule": t.rule, "article": t.article, "to_lists": per(&t.to_lists), "lost": per(&t.lost)});
    }
    if let Some(b) = &outcome.bonus {
        v["bonus"] = json!({"party": outcome.parties[b.party], "votes": b.votes, "valid_votes": b.valid_votes, "steps": b.steps, "seats": b.seats, "article": b.article});
    }
    if let Some(p) = &outcome.pooled {
        let placements: Vec<_> = p
            .placements
            .iter()
            .map(|pl| {
                let mut v = json!({"party": outcome.parties[pl.party], "constituency": pl.constituency, "remainder": pl.remainder});
                if let Some(s) = &pl.share_of_quota {
                    v["share_of_quota"] = json!(s);
                }
                if let Some(q) = &pl.quotient {
                    v["quotient"] = json!(q);
                }
                v
            })
            .collect();
        v["pooled_remainders"] = match (&p.allocation, &p.all_votes) {
            _ if p.continued.is_some() => {
                let r = p.continued.as_ref().expect("checked");
                json!({
                    "seats": p.seats,
                    "shares": "continued",
                    "method": r.method,
                    "divisor_exponent": r.divisor_exponent.map(|(n, d)| format!("{n}/{d}")),
                    "parties": p.parties.iter().enumerate().map(|(j, &q)| json!({
                        "party": outcome.parties[q],
                        "votes": r.votes[j],
                        "first_round": r.first_round[j],
                        "seats": r.seats[j],
                    })).collect::<Vec<_>>(),
                    "order": r.order.iter().map(|s| json!({"party": outcome.parties[s.party], "k": s.k, "figure": s.figure})).collect::<Vec<_>>(),
                    "article": p.article,
                })
            }
            (Some(a), _) => json!({
                "seats": p.seats,
                "shares": "remainders",
                "quota": a.quota,
                "parties": p.parties.iter().enumerate().map(|(j, &q)| json!({
                    "party": outcome.parties[q],
                    "remainders": p.remainders[j],
                    "integer_seats": a.integer_seats[j],
                    "remainder": a.remainders[j],
                    "seats": a.seats[j],
                })).collect::<Vec<_>>(),
                "placements": placements,
                "article": p.article,
            }),
            (None, Some(r)) => json!({
                "seats": p.seats,
                "shares": "all-votes",
                "method": r.method,
                "house": r.house,
                "parties": p.parties.iter().enumerate().map(|(j, &q)| json!({
                    "party": outcome.parties[q],
                    "votes": r.votes[j],
                    "first_round": r.first_round[j],
                    "share": r.share[j],
                    "seats": r.seats[j],
                })).collect::<Vec<_>>(),
                "left": r.left.iter().map(|&q| outcome.parties[q].clone()).collect::<Vec<_>>(),
                "placements": placements,
                "article": p.article,
            }),
            (None, None) => json!(null),
        };
    }
    if let Some(a) = &outcome.apportionment {
        v["apportionment"] = json!({
            "seats": party_map(a.constituencies.iter().map(String::as_str).zip(a.seats.iter().copied())),
            "by": a.by,
            "min_seats": a.min_seats,
            "population": a.constituencies.iter().zip(&a.population).map(|(c, p)| json!({"constituency": c, "population": p})).collect::<Vec<_>>(),
        });
    }
    v
}

fn compensation_json(outcome: &Outcome, r: &CompensationReport) -> Value {
    let name = |p: usize| outcome.parties[p].as_str();
    let per = |xs: &[u32]| party_map((0..xs.len()).map(|p| (name(p), xs[p])));
    json!({
        "lower_tier_seats": per(&r.lower),
        "qualifying": (0..r.qualifying.len()).filter(|&p| r.qualifying[p]).map(name).collect::<Vec<_>>(),
        "deducted": r.deducted,
        "rounds": r.rounds.iter().map(|round| json!({
            "seats_to_share": round.seats_to_share,
            "entitlement": party_map(round.parties.iter().zip(&round.entitlement).map(|(&p, &e)| (name(p), e))),
            "over_represented": round.over.iter().map(|&p| name(p)).collect::<Vec<_>>(),
            "remainders": round.remainders.as_ref().map(|a| json!({
                "quota": a.quota,
                "integer_seats": party_map(round.parties.iter().zip(&a.integer_seats).map(|(&p, &s)| (name(p), s))),
                "remainders": round.parties.iter().zip(&a.remainders).map(|(&p, x)| json!({"party": name(p), "remainder": x})).collect::<Vec<_>>(),
            })),
            "averages": round.averages.iter().map(|a| json!({"seat": a.seat, "party": name(a.party), "divisor": a.divisor, "average": a.average})).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "removed": r.removed.iter().map(|&p| name(p)).collect::<Vec<_>>(),
        "level_up": r.level_up.as_ref().map(|l| json!({
            "minimum_rule": l.minimum_rule,
            "regions": l.regions.iter().map(|g| json!({
                "region": outcome.regional.as_ref().and_then(|x| x.regions.get(g.region)).map(|s| s.as_str()),
                "seats": g.seats,
                "deducted": g.deducted,
                "share": party_map(g.parties.iter().zip(&g.share).map(|(&p, &s)| (name(p), s))),
                "won": party_map(g.parties.iter().zip(&g.won).map(|(&p, &s)| (name(p), s))),
            })).collect::<Vec<_>>(),
            "minimum": per(&l.minimum),
            "initial_seats": l.initial_seats,
            "seats_shared": l.seats_shared,
            "binding_average": l.binding_average,
            "binding": l.binding.iter().map(|&p| name(p)).collect::<Vec<_>>(),
            "article": l.article,
        })),
        "entitlement": per(&r.entitlement),
        "compensatory_seats": per(&r.compensatory),
        "overhang": per(&r.overhang),
        "unseated": per(&r.unseated),
        "seats": per(&r.seats),
        "house_size": r.house_size,
        "placement": r.placement.iter().map(|pl| json!({
            "order": pl.order,
            "constituency": outcome.contests.get(pl.constituency).map(|c| c.name.as_str()),
            "party": name(pl.party),
            "quotient": pl.quotient,
        })).collect::<Vec<_>>(),
        "region_placement": r.region_placement.iter().map(|pl| json!({
            "order": pl.order,
            "region": r.regions.get(pl.constituency),
            "party": name(pl.party),
            "quotient": pl.quotient,
        })).collect::<Vec<_>>(),
        "region_advance": r.region_advance.iter().map(|&p| name(p)).collect::<Vec<_>>(),
        "returned": r.returned.iter().map(|x| json!({
            "constituency": outcome.contests.get(x.constituency).map(|c| c.name.as_str()),
            "from": name(x.from),
            "from_figure": x.from_figure,
            "to": x.to.map(&name),
            "to_figure": x.to_figure,
        })).collect::<Vec<_>>(),
        "constituency_ties": r.constituency_ties.iter().map(|t| json!({
            "party": name(t.party),
            "figure": t.figure,
            "contenders": t.contenders.iter().map(|&c| outcome.contests.get(c).map(|k| k.name.as_str())).collect::<Vec<_>>(),
            "chosen": t.chosen.iter().map(|&c| outcome.contests.get(c).map(|k| k.name.as_str())).collect::<Vec<_>>(),
            "decided_by": t.decided_by,
            "seed": t.seed,
        })).collect::<Vec<_>>(),
    })
}

fn threshold_json(t: &ThresholdReport, name: &dyn Fn(usize) -> String) -> Value {
    let n = t.passed.len();
    json!({
        "article": t.article,
        "conditions": t.conditions.iter().map(|r| json!({
            "condition": r.condition.to_string(),
            "base": r.base,
            "bar": r.bar,
            "met_by": (0..n).filter(|&i| r.met[i]).map(name).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "exempt": (0..n).filter(|&i| t.exempt[i]).map(name).collect::<Vec<_>>(),
        "passed": (0..n).filter(|&i| t.passed[i]).map(name).collect::<Vec<_>>(),
        "failed": (0..n).filter(|&i| !t.passed[i]).map(name).collect::<Vec<_>>(),
        "runner_up_admitted": t.runner_up_admitted.map(name),
        "admitted_until": t.admitted_until.iter().map(|&i| name(i)).collect::<Vec<_>>(),
        "admit_until": t.admit_until_measure.as_ref().map(|(votes, bar)| json!({"votes_taking_part": votes, "bar": bar})),
    })
}

fn contest_steps_json(outcome: &Outcome, c: &Contest) -> Value {
    let n = Names { outcome, contest: c };
    let threshold = c.threshold.as_ref().map(|t| threshold_json(t, &|i| n.party(i).to_string()));
    let allocation = match &c.allocation {
        AllocationReport::Averages { method, seats, squared } => json!({
            "method": method,
            "squared_averages": squared,
            "seats": seats.iter().map(|s| json!({
                "seat": s.seat, "party": n.unit(s.party), "divisor": s.divisor, "average": s.average,
            })).collect::<Vec<_>>(),
        }),
        AllocationReport::Remainders { method, detail } => {
            let mut v = json!({
            "method": method,
            "quota": detail.quota,
            "parties": (0..c.units.len()).map(|u| json!({
                "party": n.unit(u),
                "votes": c.units[u].iter().map(|&i| c.votes[i]).sum::<u64>(),
                "integer_seats": detail.integer_seats[u],
                "remainder": detail.remainders[u],
                "seats": detail.seats[u],
            })).collect::<Vec<_>>(),
            "remainder_seats": detail.remainder_seats.iter().map(|&u| n.unit(u)).collect::<Vec<_>>(),
            "leftover_seats": detail.leftover,
            "excess_removed": detail.excess_removed.iter().map(|&u| n.unit(u)).collect::<Vec<_>>(),
            });
            if detail.leftover == mandat_core::method::Leftover::HighestAverages {
                if let Some(m) = &detail.leftover_min_quotas {
                    v["leftover_min_quotas"] = json!(m);
                }
                v["leftover_eligible"] = json!((0..c.units.len()).filter(|&u| detail.leftover_eligible.get(u).copied().unwrap_or(false)).map(|u| n.unit(u)).collect::<Vec<_>>());
            }
            if let Some(k) = detail.max_remainder_seats {
                v["max_remainder_seats"] = json!(k);
                v["average_seats"] = json!(detail.average_seats.iter().map(|&u| n.unit(u)).collect::<Vec<_>>());
            }
            v
        }
    };
    let splits: Vec<Value> = c
        .splits
        .iter()
        .map(|s| {
            json!({
                "alliance": n.unit(s.unit),
                "of": n.group(&s.of),
                "among": s.among.iter().map(|g| n.group(g)).collect::<Vec<_>>(),
                "seats": s.seats,
                "averages": s.averages.iter().map(|a| json!({"seat": a.seat, "party": n.group(&s.among[a.party]), "divisor": a.divisor, "average": a.average})).collect::<Vec<_>>(),
            })
        })
        .collect();
    let mut out = json!({"threshold": threshold, "allocation": allocation, "alliance_splits": splits});
    if !c.continued_from.is_empty() {
        out["continued_from"] = c.parties.iter().enumerate().filter(|&(k, _)| c.continued_from[k] > 0).map(|(k, _)| json!({"party": n.party(k), "seats": c.continued_from[k]})).collect();
    }
    if !c.transferred.is_empty() {
        let mut m = Map::new();
        for (i, &t) in c.transferred.iter().enumerate() {
            m.insert(n.party(i).to_string(), json!(t));
        }
        out["transferred"] = Value::Object(m);
    }
    if let Some(p) = &c.preferential {
        out["preferential"] = json!({
            "base": p.base, "seats": p.seats, "bar": p.bar, "then": p.then, "article": p.article,
            "lists": p.lists.iter().map(|&(i, won)| json!({"party": n.party(i), "votes": c.votes[i], "won": won})).collect::<Vec<_>>(),
        });
    }
    if !c.capped.is_empty() {
        out["capacity_reached"] = c.capped.iter().map(|&(i, k)| json!({"party": n.party(i), "capacity": k})).collect();
    }
    out
}

/// The seat table: one block per constituency when there are several, then the total.
pub fn outcome_table(outcome: &Outcome) -> String {
    let mut out = String::new();
    let width = outcome.parties.iter().map(|p| p.chars().count()).max().unwrap_or(5).max(5).min(crate::MAX_COLUMN_WIDTH);
    let leveling = outcome.contests.iter().any(|c| c.leveling.iter().any(|&l| l > 0));
    if outcome.contests.len() > 1 {
        for c in &outcome.contests {
            let _ = writeln!(out, "{} ({} seats)", c.name, c.seats + c.leveling.iter().sum::<u32>());
            for (i, &p) in c.parties.iter().enumerate() {
                if leveling {
                    let _ = writeln!(out, "  {:<width$}  {:>12}  {:>4} + {} leveling", outcome.parties[p], thousands(c.votes[i] as u128), c.result[i], c.leveling[i]);
                } else {
                    let _ = writeln!(out, "  {:<width$}  {:>12}  {:>4}", outcome.parties[p], thousands(c.votes[i] as u128), c.result[i]);
                }
            }
            out.push('\n');
        }
        let _ = writeln!(out, "Total");
    }
    crate::report_regional::table(&mut out, outcome);
    let mut national = vec![0u64; outcome.parties.len()];
    for c in &outcome.contests {
        for (i, &p) in c.parties.iter().enumerate() {
            national[p] += c.votes[i];
        }
    }
    if outcome.contests.is_empty() {
        national = outcome.votes.clone();
    }
    let all: u64 = national.iter().sum();
    let _ = writeln!(out, "  {:<width$}  {:>12}  {:>7}  {:>5}", "party", "votes", "share", "seats");
    for (p, name) in outcome.parties.iter().enumerate() {
        let _ = writeln!(out, "  {:<width$}  {:>12}  {:>7}  {:>5}", name, thousands(national[p] as u128), percent(national[p], all), outcome.total[p]);
    }
    let _ = writeln!(out, "  {:<width$}  {:>12}  {:>7}  {:>5}", "total", thousands(all as u128), "", outcome.house_size());
    if !outcome.single_member.is_empty() {
        let won = mandat_core::single_member::seats(&outcome.single_member, outcome.parties.len());
        let list: Vec<String> = (0..won.len()).filter(|&p| won[p] > 0).map(|p| format!("{} {}", outcome.parties[p], won[p])).collect();
        let vacant = outcome.single_member.iter().filter(|d| d.winner.is_none()).count();
        let _ = writeln!(
            out,
            "Single-member districts: {} (included in the seats above): {}{}",
            outcome.single_member.len(),
            list.join(", "),
            if vacant > 0 { format!("; {vacant} vacant") } else { String::new() }
        );
    }
    for r in &outcome.ranked {
        let names: Vec<String> = r.tabulation.elected.iter().map(|&c| format!("{} ({})", r.tabulation.name(c), outcome.parties[r.parties[c as usize]])).collect();
        let quota = r.tabulation.quota.map(|q| format!(", quota {}", thousands(q.raw.max(0) as u128 / 10u128.pow(q.scale as u32)))).unwrap_or_default();
        let _ = writeln!(out, "{} ({} seats, {}{quota}, {} counts): {}", r.name, r.seats, r.tabulation.rule, r.tabulation.rounds.len(), names.join(", "));
    }
    out.push_str(&extra_parliamentary_line(outcome));
    out.push_str(&not_counted_line(outcome));
    out
}

/// The law's constituencies a partial count leaves out, said wherever seats are shown:
/// a total over part of the country must not read as the assembly's.
fn not_counted_line(outcome: &Outcome) -> String {
    if outcome.not_counted.is_empty() {
        return String::new();
    }
    format!(
        "Partial count: the results have {} of the law's {} constituencies; not counted: {}. The seats above are those of the counted constituencies only.\n",
        outcome.contests.len(),
        outcome.contests.len() + outcome.not_counted.len(),
        outcome.not_counted.join(", ")
    )
}

/// Every step of the count, in legal order, as text.
pub fn explain(law: &Law, outcome: &Outcome) -> String {
    if let Some(b) = &outcome.biproportional {
        return crate::report_biproportional::explain(law, outcome, b);
    }
    let mut out = String::new();
    let _ = writeln!(out, "{} — {}", law.id, law.name);
    let _ = writeln!(out, "Law: {}", law.citation);
    if let Some(a) = &outcome.apportionment {
        let what = match a.by {
            mandat_core::law::ApportionBy::Population => "population",
            mandat_core::law::ApportionBy::ValidVotes => "valid votes",
        };
        let first = if a.min_seats > 0 { format!("{} each, then ", a.min_seats) } else { String::new() };
        let _ = writeln!(out, "\nSeats per constituency: {first}by {what} ({}):", a.allocation.method());
        for (k, c) in a.constituencies.iter().enumerate() {
            let _ = writeln!(out, "    {:<24} {what} {:>12}  seats {:>3}", c, thousands(a.population[k] as u128), a.seats[k]);
        }
    }
    for c in &outcome.contests {
        explain_contest(&mut out, law, outcome, c);
    }
    if let Some(b) = &outcome.bonus {
        let art = b.article.as_deref().map(|a| format!(" ({a})")).unwrap_or_default();
        let share = percent(b.votes, b.valid_votes);
        let _ = if b.seats > 0 {
            writeln!(out, "\nMajority bonus{art}: {} has the most votes, {} of {} valid votes ({share}): {} full step(s) above the minimum share, {} bonus seats on top of its share of the rest", outcome.parties[b.party], thousands(b.votes as u128), thousands(b.valid_votes as u128), b.steps, b.seats)
        } else {
            writeln!(out, "\nMajority bonus{art}: {} has the most votes ({share}), below the minimum share: no bonus", outcome.parties[b.party])
        };
    }
    if let Some(p) = &outcome.pooled {
        explain_pooled(&mut out, outcome, p);
    }
    if let Some(r) = &outcome.compensation {
        explain_compensation(&mut out, law, outcome, r);
    }
    explain_single_member(&mut out, law, outcome);
    for r in &outcome.ranked {
        let art = law.ranked.as_ref().and_then(|k| k.article.as_deref()).map(|a| format!(" ({a})")).unwrap_or_default();
        let _ = writeln!(out, "\n{}: {} seats, ranked ballots counted by {}{art}", r.name, r.seats, r.tabulation.rule);
        out.push_str(&crate::ranked::round_table(&r.tabulation));
    }
    crate::report_regional::explain(&mut out, law, outcome);
    if !outcome.not_counted.is_empty() {
        out.push('\n');
        out.push_str(&not_counted_line(outcome));
    }
    out
}

fn explain_contest(out: &mut String, law: &Law, outcome: &Outcome, c: &Contest) {
    let n = Names { outcome, contest: c };
    out.push('\n');
    let _ = writeln!(out, "{}: {} seats, {}", c.name, c.seats, c.allocation.method());
    let width = c.units.iter().enumerate().map(|(u, _)| n.unit(u).chars().count()).chain(c.parties.iter().map(|&p| outcome.parties[p].chars().count())).max().unwrap_or(5).min(crate::MAX_COLUMN_WIDTH);
    if let Some(t) = &c.threshold {
        explain_threshold(out, t, &|i| n.party(i).to_string(), &c.votes, width);
    }
    if !c.transferred.is_empty() {
        let _ = writeln!(out, "  Votes for the allocation: list votes + district votes passed on (the threshold measured the list votes alone):");
        for (i, &t) in c.transferred.iter().enumerate() {
            let _ = writeln!(out, "    {:<width$} {:>12} + {:>12} = {:>12}", n.party(i), thousands(c.votes[i] as u128), thousands(t as u128), thousands((c.votes[i] + t) as u128));
        }
    }
    if let Some(p) = &c.preferential {
        let art = p.article.as_deref().map(|a| format!(" ({a})")).unwrap_or_default();
        let _ = writeln!(out, "  Preferential seats{art}: all votes {} / {} seats × the law's share of the quota = {} votes for a minority list", thousands(p.base as u128), p.seats, thousands(p.bar as u128));
        for &(i, won) in &p.lists {
            let then = match p.then {
                mandat_core::preferential::Then::ReducedVotes => format!("; takes part in the rest with {} votes", thousands(c.votes[i].saturating_sub(p.bar) as u128)),
                mandat_core::preferential::Then::Excluded => String::new(),
            };
            if won {
                let _ = writeln!(out, "    {} {}: one preferential seat{then}", n.party(i), thousands(c.votes[i] as u128));
            } else {
                let _ = writeln!(out, "    {} {}: below the bar, no seat", n.party(i), thousands(c.votes[i] as u128));
            }
        }
    }
    for u in 0..c.units.len() {
        if c.units[u].len() > 1 {
            let votes: u64 = c.units[u].iter().map(|&i| c.votes[i]).sum();
            let _ = writeln!(out, "  Alliance: {} count as one list with {} votes", n.unit(u), thousands(votes as u128));
        }
    }
    if c.continued_from.iter().any(|&s| s > 0) {
        let held: Vec<String> = (0..c.parties.len()).filter(|&k| c.continued_from[k] > 0).map(|k| format!("{} {}", n.party(k), c.continued_from[k])).collect();
        let _ = writeln!(out, "  Seats already won here (single-member), from which the divisors continue: {}", held.join(", "));
    }
    match &c.allocation {
        AllocationReport::Averages { seats, squared, .. } => {
            let _ = writeln!(out, "  Seats by highest average (votes / divisor{}):", if *squared { ", compared squared" } else { "" });
            for s in seats {
                let votes: u64 = c.units[s.party].iter().map(|&i| c.votes[i]).sum();
                let plain = mandat_core::exact::Fraction::new(votes as u128 * s.divisor.den, s.divisor.num);
                let note = if *squared {
                    " (squared)"
                } else if plain != s.average {
                    " (average multiplied by the law's exempt_factor)"
                } else {
                    ""
                };
                let shown = if plain != s.average && !*squared { format!("{} -> {}", fraction(&plain, 2), fraction(&s.average, 2)) } else { fraction(&s.average, 2) };
                let _ = writeln!(out, "    seat {:>3}: {:<width$}  {} / {} = {}{}", s.seat, n.unit(s.party), thousands(votes as u128), fraction(&s.divisor, 4), shown, note);
            }
        }
        AllocationReport::Remainders { detail, .. } => {
            let taking: u128 = c.units.iter().flatten().map(|&i| c.votes[i] as u128).sum();
            let alloc = law.allocation.as_ref();
            if alloc.is_some_and(|a| a.quota_base == mandat_core::law::QuotaBase::AllLists) {
                let _ = writeln!(out, "  Quota: {} (on all lists' votes, those outside the distribution included; {} seats)", fraction(&detail.quota, 2), c.seats);
            } else {
                let _ = writeln!(out, "  Quota: {} (votes of the lists taking part {}, {} seats)", fraction(&detail.quota, 2), thousands(taking), c.seats);
            }
            for u in 0..c.units.len() {
                let votes: u64 = c.units[u].iter().map(|&i| c.votes[i]).sum();
                let _ = writeln!(out, "    {:<width$}  {:>12} / quota = {:>4} + remainder {}", n.unit(u), thousands(votes as u128), detail.integer_seats[u], fraction(&detail.remainders[u], 2));
            }
            let given: u32 = detail.integer_seats.iter().sum();
            if detail.leftover == mandat_core::method::Leftover::HighestAverages {
                let left = c.seats as i64 - given as i64;
                match &detail.leftover_min_quotas {
                    Some(m) => {
                        let bar = mandat_core::exact::Fraction::new(m.num * detail.quota.num, m.den.max(1) * detail.quota.den.max(1));
                        let _ = writeln!(out, "  Integer parts: {given} seats; {left} left for the highest averages (votes / (seats held + 1)) among the lists with at least {} quotas ({} votes)", fraction(m, 2), fraction(&bar, 2));
                    }
                    None => {
                        let _ = writeln!(out, "  Integer parts: {given} seats; {left} left for the highest averages (votes / (seats held + 1))");
                    }
                }
                let out_of: Vec<String> = (0..c.units.len()).filter(|&u| !detail.leftover_eligible.get(u).copied().unwrap_or(false)).map(|u| n.unit(u)).collect();
                if detail.leftover_min_quotas.is_some() && !out_of.is_empty() {
                    let _ = writeln!(out, "    below the share, no leftover seat: {}", out_of.join(", "));
                }
                for &u in &detail.excess_removed {
                    let _ = writeln!(out, "    seat taken back (integer parts exceeded the seats): {} (smallest remainder {})", n.unit(u), fraction(&detail.remainders[u], 2));
                }
                let mut held: Vec<u32> = detail.seats.clone();
                for &u in &detail.remainder_seats {
                    held[u] -= 1;
                }
                for (k, &u) in detail.remainder_seats.iter().enumerate() {
                    let votes: u64 = c.units[u].iter().map(|&i| c.votes[i]).sum();
                    let avg = mandat_core::exact::Fraction::new(votes as u128, held[u] as u128 + 1);
                    let _ = writeln!(out, "    leftover seat {}: {} ({} votes / ({} seats held + 1) = {})", k + 1, n.unit(u), thousands(votes as u128), held[u], fraction(&avg, 2));
                    held[u] += 1;
                }
            } else {
                let by_votes = detail.leftover == mandat_core::method::Leftover::MostVotes;
                let to = if by_votes { "the lists with the most votes" } else { "the largest remainders" };
                match detail.max_remainder_seats {
                    Some(k) => {
                        let _ = writeln!(out, "  Integer parts: {given} seats; {} left: at most {k} to the largest remainders, the rest to the highest votes per seat held", c.seats as i64 - given as i64);
                    }
                    None => match alloc.and_then(|a| a.remainder_seat_at) {
                        Some(share) => {
                            let _ = writeln!(out, "  Integer parts: {given} seats; a remainder of at least {} of the quota takes one more, while seats are left; the others go to the national round", fraction(&share, 4));
                        }
                        None => {
                            let _ = writeln!(out, "  Integer parts: {given} seats; {} left for {to}", c.seats as i64 - given as i64);
                        }
                    },
                }
                for (k, &u) in detail.remainder_seats.iter().enumerate() {
                    if by_votes {
                        let votes: u64 = c.units[u].iter().map(|&i| c.votes[i]).sum();
                        let _ = writeln!(out, "    leftover seat {}: {} ({} votes)", k + 1, n.unit(u), thousands(votes as u128));
                    } else {
                        let _ = writeln!(out, "    remainder seat {}: {} (remainder {})", k + 1, n.unit(u), fraction(&detail.remainders[u], 2));
                    }
                }
                for &u in &detail.excess_removed {
                    let _ = writeln!(out, "    seat taken back (integer parts exceeded the seats): {} (smallest remainder {})", n.unit(u), fraction(&detail.remainders[u], 2));
                }
                let mut held: Vec<u32> = detail.seats.clone();
                for &u in detail.average_seats.iter().rev() {
                    held[u] -= 1;
                }
                for (k, &u) in detail.average_seats.iter().enumerate() {
                    let votes: u64 = c.units[u].iter().map(|&i| c.votes[i]).sum();
                    let avg = mandat_core::exact::Fraction::new(votes as u128, held[u] as u128);
                    let _ = writeln!(out, "    average seat {}: {} ({} votes / {} seats held = {})", k + 1, n.unit(u), thousands(votes as u128), held[u], fraction(&avg, 2));
                    held[u] += 1;
                }
            }
        }
    }
    for &(i, k) in &c.capped {
        let _ = writeln!(out, "  {} can take only {k} seat(s) (list_capacity: its candidates who can be elected); its further averages went to the other lists", n.party(i));
    }
    for s in &c.splits {
        let whole = s.of.len() == c.units[s.unit].len();
        let what = if whole { n.unit(s.unit) } else { format!("the sub-alliance {}", n.group(&s.of)) };
        let _ = writeln!(out, "  Split of the {} seats of {what}:", s.seats);
        for a in &s.averages {
            let g = &s.among[a.party];
            let votes: u64 = g.iter().map(|&i| c.votes[i]).sum();
            let _ = writeln!(out, "    seat {:>3}: {:<width$}  {} / {} = {}", a.seat, n.group(g), thousands(votes as u128), fraction(&a.divisor, 4), fraction(&a.average, 2));
        }
    }
    // A tie of the allocation names units; a tie of a split, the split's groups.
    let split_ties: Vec<(&Tie, Option<&Split>)> = c.ties.iter().map(|t| (t, None)).chain(c.splits.iter().flat_map(|s| s.ties.iter().map(move |t| (t, Some(s))))).collect();
    if split_ties.is_empty() {
        let _ = writeln!(out, "  Ties: none");
    }
    for (t, split) in split_ties {
        let names = |xs: &[usize]| match split {
            None => n.units(xs),
            Some(s) => n.among(s, xs),
        };
        explain_tie(out, t, &names);
    }
    let _ = writeln!(out, "  Result:");
    for i in 0..c.parties.len() {
        let lev = if c.leveling[i] > 0 { format!(" + {} leveling", c.leveling[i]) } else { String::new() };
        let _ = writeln!(out, "    {:<width$}  {:>4}{lev}", n.party(i), c.result[i]);
    }
}

fn explain_tie(out: &mut String, t: &Tie, names: &dyn Fn(&[usize]) -> Vec<String>) {
    let (what, v) = tie_kind(t);
    let seed = t.seed.map(|s| format!(" with seed {s}")).unwrap_or_default();
    let _ = writeln!(
        out,
        "  Tie on equal {what} {} among {} for {} seat(s): {} by {}{seed}",
        fraction(v, 4),
        names(&t.contenders).join(", "),
        t.seats,
        names(&t.winners).join(", "),
        t.decided_by.describe()
    );
}

fn explain_threshold(out: &mut String, t: &ThresholdReport, name: &dyn Fn(usize) -> String, votes: &[u64], width: usize) {
    let art = t.article.as_deref().map(|a| format!(" ({a})")).unwrap_or_default();
    let _ = writeln!(out, "  Threshold{art}: a list takes part if it has {}", t.conditions.iter().map(|r| format!("{}{}", r.condition, r.for_lists)).collect::<Vec<_>>().join(", or "));
    for r in &t.conditions {
        if r.base > 0 {
            // A bar of registered voters (Argentina) has a base of voters, not of votes.
            let unit = if matches!(r.condition, mandat_core::law::Condition::Share { base: mandat_core::law::Base::Registered, .. }) { "registered voters" } else { "votes" };
            let _ = writeln!(out, "    {}{}: base {} {unit}, bar {} votes", r.condition, r.for_lists, thousands(r.base as u128), fraction(&r.bar, 2));
        }
    }
    if let Some((together, bar)) = &t.admit_until_measure {
        let _ = writeln!(
            out,
            "    lists over the bar together: {} votes; they must have at least {} votes, or the next lists by votes are admitted ({} admitted)",
            thousands(*together as u128),
            fraction(bar, 2),
            t.admitted_until.len()
        );
    }
    let first = &t.conditions[0];
    for i in 0..t.passed.len() {
        let verdict = if t.runner_up_admitted == Some(i) {
            "admitted as runner-up (only one list passed)".to_string()
        } else if t.admitted_until.contains(&i) {
            "admitted by votes (the lists over the bar had too small a share together)".to_string()
        } else if t.exempt[i] {
            "exempt".to_string()
        } else if t.passed[i] {
            let met: Vec<String> = t.conditions.iter().filter(|r| r.met[i]).map(|r| format!("{}{}", r.condition, r.for_lists)).collect();
            if t.conditions.len() > 1 { format!("passes ({})", met.join("; ")) } else { "passes".into() }
        } else {
            "out".to_string()
        };
        let shown = if first.base > 0 { first.measured[i] } else { votes.get(i).copied().unwrap_or(0) };
        let share = if first.base > 0 { percent(first.measured[i], first.base) } else { String::new() };
        let _ = writeln!(out, "    {:<width$}  {:>12}  {:>7}  {verdict}", name(i), thousands(shown as u128), share);
    }
}

fn explain_compensation(out: &mut String, law: &Law, outcome: &Outcome, r: &CompensationReport) {
    let Some(comp) = &law.compensation else { return };
    let name = |p: usize| outcome.parties[p].clone();
    let width = outcome.parties.iter().map(|p| p.chars().count()).max().unwrap_or(5).min(crate::MAX_COLUMN_WIDTH);
    out.push('\n');
    let art = comp.article.as_deref().map(|a| format!(" ({a})")).unwrap_or_default();
    let _ = writeln!(out, "Compensation tier{art}: {} seats shared nationally by {}", comp.total_seats, comp.method);
    let lower = match comp.lower_tier {
        mandat_core::compensation::LowerTier::Constituencies => "constituency seats",
        mandat_core::compensation::LowerTier::Electorates => "electorate seats",
    };
    if let Some(t) = &r.threshold {
        let national: Vec<u64> = {
            let mut v = vec![0u64; outcome.parties.len()];
            for c in &outcome.contests {
                for (k, &p) in c.parties.iter().enumerate() {
                    v[p] += c.votes[k];
                }
            }
            v
        };
        explain_threshold(out, t, &name, &national, width);
    }
    let _ = writeln!(out, "  Seats already won ({lower}) and deducted: {} seats of parties outside the distribution are deducted", r.deducted);
    for (k, round) in r.rounds.iter().enumerate() {
        let _ = writeln!(out, "  Round {}: {} seats shared among {}", k + 1, round.seats_to_share, round.parties.iter().map(|&p| name(p)).collect::<Vec<_>>().join(", "));
        if let Some(a) = &round.remainders {
            let _ = writeln!(out, "    quota {} (votes / seats to share); integer parts, then the largest remainders", fraction(&a.quota, 4));
        }
        for (i, &p) in round.parties.iter().enumerate() {
            let rem = round.remainders.as_ref().map(|a| format!(" ({} + remainder {})", a.integer_seats[i], fraction(&a.remainders[i], 4))).unwrap_or_default();
            let _ = writeln!(out, "    {:<width$}  entitled to {:>4}{rem}, won {:>4} {lower}", name(p), round.entitlement[i], r.lower[p]);
        }
        if !round.over.is_empty() {
            let _ = writeln!(out, "    more {lower} than entitled: {}", round.over.iter().map(|&p| name(p)).collect::<Vec<_>>().join(", "));
        }
    }
    for &p in &r.removed {
        let _ = writeln!(out, "  {} leaves the distribution with its {} {lower}", name(p), r.lower[p]);
    }
    if let Some(l) = &r.level_up {
        let art = l.article.as_deref().map(|a| format!(" ({a})")).unwrap_or_default();
        let _ = writeln!(out, "  Leveling up{art}: the house grows until every party has its minimum");
        let region = |i: usize| outcome.regional.as_ref().and_then(|x| x.regions.get(i)).cloned().unwrap_or_else(|| format!("region {}", i + 1));
        for g in &l.regions {
            let parts: Vec<String> = g.parties.iter().enumerate().map(|(k, &p)| format!("{} {} (won {})", name(p), g.share[k], g.won[k])).collect();
            let ded = if g.deducted > 0 { format!(" less {} won outside the distribution", g.deducted) } else { String::new() };
            let _ = writeln!(out, "    {}: {} seats{ded}: {}", region(g.region), g.seats, parts.join(", "));
        }
        for p in (0..l.minimum.len()).filter(|&p| l.minimum[p] > 0) {
            let _ = writeln!(out, "    {:<width$}  minimum {:>4}", name(p), l.minimum[p]);
        }
        let _ = writeln!(
            out,
            "    {} seats shared instead of {}: the smallest house that gives every party its minimum; binding average {} ({})",
            l.seats_shared,
            l.initial_seats,
            fraction(&l.binding_average, 4),
            l.binding.iter().map(|&p| name(p)).collect::<Vec<_>>().join(", ")
        );
    }
    explain_returned(out, outcome, r, &name);
    let _ = writeln!(out, "  Result:");
    for p in 0..outcome.parties.len() {
        if r.seats[p] == 0 && r.lower[p] == 0 {
            continue;
        }
        let mut s = format!("    {:<width$}  {:>4} seats = {:>4} {lower} + {:>3} compensatory", name(p), r.seats[p], r.seats[p] - r.compensatory[p], r.compensatory[p]);
        if r.overhang[p] > 0 {
            let _ = write!(s, " (overhang {})", r.overhang[p]);
        }
        if r.unseated[p] > 0 {
            let _ = write!(s, " ({} winners not seated: not covered by the party's share)", r.unseated[p]);
        }
        let _ = writeln!(out, "{s}");
    }
    let _ = writeln!(out, "  House size: {}", r.house_size);
    if !r.region_placement.is_empty() {
        let step = law.compensation.as_ref().and_then(|c| c.placement.as_ref()).and_then(|p| p.regions.as_ref());
        let art = step.and_then(|s| s.article.as_deref()).map(|a| format!(", {a}")).unwrap_or_default();
        let _ = writeln!(out, "  Compensatory seats to regions (every quotient of every party in every region, highest first, while the region and the party have seats left{art}):");
        for &p in &r.region_advance {
            let _ = writeln!(out, "    {} placed in advance in the regions where it has votes", name(p));
        }
        for pl in &r.region_placement {
            let rname = r.regions.get(pl.constituency).map_or("?", |g| g.as_str());
            let _ = writeln!(out, "    {:>3}. {:<width$} in {rname} (quotient {})", pl.order, name(pl.party), fraction(&pl.quotient, 4));
        }
    }
    if !r.placement.is_empty() {
        let how = match law.compensation.as_ref().and_then(|c| c.placement.as_ref()).map(|p| p.rule) {
            Some(PlacementRule::PartyHighestAverages) => "each party's seats one by one where its own comparison figure is highest; listed by figure",
            Some(PlacementRule::NationalOrderShare) => "one at a time in the national order; each where the party's figure is the highest share of the constituency's valid votes, among constituencies with a seat left",
            _ => "highest relative quotient first; one per seat left in the constituency, none beyond a party's due",
        };
        let _ = writeln!(out, "  Placement of the compensatory seats ({how}):");
        for pl in &r.placement {
            let cname = outcome.contests.get(pl.constituency).map_or("?", |c| c.name.as_str());
            let _ = writeln!(out, "    {:>3}. {:<width$} in {cname} (quotient {})", pl.order, name(pl.party), fraction(&pl.quotient, 6));
        }
    }
    for t in &r.ties {
        explain_tie(out, t, &|ps| ps.iter().map(|&p| name(p)).collect());
    }
    let cname = |c: usize| outcome.contests.get(c).map_or("?", |k| k.name.as_str()).to_string();
    for t in &r.constituency_ties {
        let seed = t.seed.map(|s| format!(" with seed {s}")).unwrap_or_default();
        let _ = writeln!(
            out,
            "  Tie: {} has the equal figure {} in {}; {} chosen by {}{seed}",
            name(t.party),
            fraction(&t.figure, 4),
            t.contenders.iter().map(|&c| cname(c)).collect::<Vec<_>>().join(", "),
            t.chosen.iter().map(|&c| cname(c)).collect::<Vec<_>>().join(", "),
            t.decided_by.describe()
        );
    }
}

/// Seats returned by parties over their entitlement (`overhang = "return"`).
fn explain_returned(out: &mut String, outcome: &Outcome, r: &CompensationReport, name: &dyn Fn(usize) -> String) {
    if r.returned.is_empty() {
        return;
    }
    let _ = writeln!(out, "  Constituency seats returned (the party's seats won by its lowest comparison figures; to the best figure of a party still below its share):");
    for x in &r.returned {
        let cname = outcome.contests.get(x.constituency).map_or("?", |c| c.name.as_str());
        match (x.to, &x.to_figure) {
            (Some(to), Some(f)) => {
                let _ = writeln!(out, "    {cname}: {} returns a seat (figure {}) to {} (figure {})", name(x.from), fraction(&x.from_figure, 4), name(to), fraction(f, 4));
            }
            _ => {
                let _ = writeln!(out, "    {cname}: {} keeps a seat it would return (figure {}): no other party there is below its share", name(x.from), fraction(&x.from_figure, 4));
            }
        }
    }
}

/// The indices of a count, as text.
pub fn indices_text(outcome: &Outcome) -> String {
    let i = outcome.indices();
    format!(
        "Indices\n  Gallagher (least squares)        {:>8.2}\n  Loosemore-Hanby                  {:>8.2}\n  Sainte-Laguë index               {:>8.2}\n  largest deviation (points)       {:>8.2}\n  effective number of parties: votes {:>6.2}, seats {:.2}\n  votes for lists without seats    {:>7.2}%\n",
        i.gallagher, i.loosemore_hanby, i.sainte_lague, i.largest_deviation, i.effective_parties_votes, i.effective_parties_seats, i.votes_without_seats
    )
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

fn single_member_json(outcome: &Outcome) -> Value {
    let name = |p: usize| outcome.parties[p].as_str();
    Value::Array(
        outcome
            .single_member
            .iter()
            .map(|d| {
                let mut votes = Map::new();
                for &(p, x) in &d.votes {
                    votes.insert(name(p).to_string(), json!(x));
                }
                let mut v = json!({"name": d.name, "winner": d.winner.map(name), "votes": votes});
                if let Some((line, n)) = &d.other_topped {
                    v["other_topped"] = json!({"line": line, "votes": n});
                }
                if !d.transferred.is_empty() {
                    let mut t = Map::new();
                    for (&(p, _), &x) in d.votes.iter().zip(&d.transferred) {
                        t.insert(name(p).to_string(), json!(x));
                    }
                    v["transferred"] = Value::Object(t);
                }
                if let Some(t) = &d.tie {
                    v["tie"] = json!({
                        "contenders": t.contenders.iter().map(|&k| name(d.votes[k].0)).collect::<Vec<_>>(),
                        "decided_by": t.decided_by,
                        "seed": t.seed,
                    });
                }
                if let Some(r) = &d.two_round {
                    let mut round_2 = Map::new();
                    for &(p, x) in &r.round_2 {
                        round_2.insert(name(p).to_string(), json!(x));
                    }
                    v["two_round"] = json!({
                        "decided_in": r.decided_in,
                        "low_turnout": r.low_turnout,
                        "round_1_checks": r.round_1_checks,
                        "entitled": r.entitled.iter().map(|&p| name(p)).collect::<Vec<_>>(),
                        "round_2": round_2,
                        "withdrew": r.withdrew.iter().map(|&p| name(p)).collect::<Vec<_>>(),
                        "round_2_tie": r.round_2_tie,
                        "why": r.why,
                    });
                }
                v
            })
            .collect(),
    )
}

/// The single-member districts, as text: each winner with votes and runner-up.
fn explain_single_member(out: &mut String, law: &Law, outcome: &Outcome) {
    let Some(sm) = &law.single_member else { return };
    let name = |p: usize| outcome.parties[p].as_str();
    let art = sm.article.as_deref().map(|a| format!(" ({a})")).unwrap_or_default();
    let how = match sm.combine {
        mandat_core::single_member::Combine::Parallel => "added to the list seats (parallel)",
        mandat_core::single_member::Combine::Electorates => "taken as electorate seats by the compensation tier",
    };
    if let Some(tr) = &sm.two_round {
        let art2 = tr.article.as_deref().map(|a| format!(" ({a})")).unwrap_or_default();
        let _ = writeln!(out, "\nSingle-member districts{art}: two rounds{art2}, winners {how}");
        for d in &outcome.single_member {
            let why = d.two_round.as_ref().map_or("", |r| r.why.as_str());
            let _ = writeln!(out, "  {}: {why}", d.name);
        }
        return;
    }
    let _ = writeln!(out, "\nSingle-member districts{art}: plurality, winners {how}");
    let transfer = match sm.transfer {
        mandat_core::single_member::Transfer::None => None,
        mandat_core::single_member::Transfer::Losing => Some("the losing candidates' votes"),
        mandat_core::single_member::Transfer::LosingAndSurplus => Some("the losing candidates' votes and the winner's surplus (votes − runner-up's − 1)"),
    };
    if let (Some(what), Some(r)) = (transfer, &outcome.transfer) {
        let tart = r.article.as_deref().map(|a| format!(" ({a})")).unwrap_or_default();
        let _ = writeln!(out, "  Passed on to the national list votes{tart}: {what}");
        for (p, &t) in r.to_lists.iter().enumerate().filter(|(_, &t)| t > 0) {
            let _ = writeln!(out, "    {}: +{}", name(p), thousands(t as u128));
        }
        let lost: u64 = r.lost.iter().sum();
        if lost > 0 {
            let _ = writeln!(out, "    lost (candidates whose party has no list): {}", thousands(lost as u128));
        }
    }
    for d in &outcome.single_member {
        let mut ranked: Vec<&(usize, u64)> = d.votes.iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1));
        let runner = ranked.get(1).map(|&&(p, v)| format!("; runner-up {} {}", name(p), thousands(v as u128))).unwrap_or_default();
        let winner = match d.winner {
            Some(p) => format!("{} with {}", name(p), thousands(d.votes.iter().find(|x| x.0 == p).map_or(0, |x| x.1) as u128)),
            None => "seat vacant".to_string(),
        };
        let _ = write!(out, "  {}: {winner}{runner}", d.name);
        if let Some((line, v)) = &d.other_topped {
            let _ = write!(out, " ('{line}' had more: {})", thousands(*v as u128));
        }
        let passed: u64 = d.transferred.iter().sum();
        if passed > 0 {
            let _ = write!(out, "; passed on {}", thousands(passed as u128));
        }
        if let Some(t) = &d.tie {
            let names: Vec<&str> = t.contenders.iter().map(|&k| name(d.votes[k].0)).collect();
            let _ = write!(out, " (tie among {}, decided by {})", names.join(", "), t.decided_by.describe());
        }
        out.push('\n');
    }
}

/// The presets grouped by country, each with its citation and the real elections it
/// reproduces (`mandat laws`).
pub fn presets_text() -> String {
    let mut out = String::new();
    for (country, laws) in presets_by_country() {
        let _ = writeln!(out, "{country}");
        for law in laws {
            let cases: Vec<&str> = crate::cases_of(&law.id).iter().map(|c| c.id).collect();
            let _ = writeln!(out, "  {:<26} {}", law.id, law.name);
            let _ = writeln!(out, "  {:<26} {}", "", law.citation);
            let _ = writeln!(out, "  {:<26} reproduces: {}\n", "", if cases.is_empty() { "no real election yet".to_string() } else { cases.join(", ") });
        }
    }
    out
}

/// The README's table of presets (`mandat laws --markdown`), generated from laws/ and
/// tests/cases so that it cannot fall behind them.
pub fn presets_markdown() -> String {
    let mut out = String::from("| country | preset | law | reproduces |\n|---|---|---|---|\n");
    for (country, laws) in presets_by_country() {
        for law in laws {
            let cases: Vec<String> = crate::cases_of(&law.id).iter().map(|c| format!("[{}]({})", c.id, c.path)).collect();
            let _ = writeln!(
                out,
                "| {country} | `{}` | {} | {} |",
                law.id,
                law.name.replace('|', "\\|"),
                if cases.is_empty() { "no real election yet".to_string() } else { cases.join(", ") }
            );
        }
    }
    out
}

fn presets_by_country() -> Vec<(String, Vec<Law>)> {
    let mut groups: std::collections::BTreeMap<String, Vec<Law>> = Default::default();
    for law in crate::presets() {
        groups.entry(law.country.clone().unwrap_or_else(|| "(no country)".into())).or_default().push(law);
    }
    groups.into_iter().collect()
}

/// The national round on pooled remainders, and where each of its seats went.
fn explain_pooled(out: &mut String, outcome: &Outcome, p: &mandat_core::pooled::PooledReport) {
    let art = p.article.as_deref().map(|a| format!(" ({a})")).unwrap_or_default();
    let width = p.parties.iter().map(|&q| outcome.parties[q].chars().count()).max().unwrap_or(5).min(120);
    if let Some(r) = &p.continued {
        let divisor = match r.divisor_exponent {
            Some((n, d)) => format!("k^({n}/{d})"),
            None => "d(k)".to_string(),
        };
        let _ = writeln!(out, "\nSeats left by the constituencies, shared nationally{art}: {} seats by {} figures votes / {divisor}, k counted on from each list's first-round seats", p.seats, r.method);
        for (j, &q) in p.parties.iter().enumerate() {
            let name: String = outcome.parties[q].chars().take(120).collect();
            let _ = writeln!(out, "    {name:<width$}  {:>12} votes  first round {:>4} + national {}", thousands(r.votes[j] as u128), r.first_round[j], r.seats[j]);
        }
        for (i, s) in r.order.iter().enumerate() {
            let figure = s.figure.as_ref().map(|f| format!(" = {}", fraction(f, 2))).unwrap_or_default();
            let _ = writeln!(out, "  national seat {}: {} (votes / {}{figure})", i + 1, outcome.parties[s.party], match r.divisor_exponent { Some((n, d)) => format!("{}^({n}/{d})", s.k), None => format!("d({})", s.k) });
        }
    }
    if let Some(r) = &p.all_votes {
        let _ = writeln!(out, "\nSeats shared nationally on all the votes{art}: {} seats left by the constituencies", p.seats);
        let _ = writeln!(out, "  {} over the house of {} seats, less each list's first-round seats:", r.method, r.house);
        for (j, &q) in p.parties.iter().enumerate() {
            let name: String = outcome.parties[q].chars().take(120).collect();
            let _ = writeln!(out, "    {name:<width$}  {:>12} votes  share {:>4} - first round {:>4} = {} seat(s)", thousands(r.votes[j] as u128), r.share[j], r.first_round[j], r.seats[j]);
        }
        for &q in &r.left {
            let _ = writeln!(out, "    {} keeps its first-round seats, more than its share, and leaves the distribution", outcome.parties[q]);
        }
        for pl in &p.placements {
            let share = pl.share_of_quota.as_ref().map(|s| fraction(s, 4)).unwrap_or_default();
            let quotient = pl.quotient.as_ref().map(|s| fraction(s, 2)).unwrap_or_default();
            let _ = writeln!(out, "  {} (quotient {quotient}) takes its seat in {} (remainder {} = {share} of the quota)", outcome.parties[pl.party], pl.constituency, thousands(pl.remainder as u128));
        }
    }
    if let Some(a) = &p.allocation {
        let _ = writeln!(out, "\nRemainders pooled nationally{art}: {} seats left by the constituencies", p.seats);
        let _ = writeln!(out, "  Quota: {} (summed remainders {}, {} seats)", fraction(&a.quota, 2), thousands(p.remainders.iter().map(|&r| r as u128).sum()), p.seats);
        for (j, &q) in p.parties.iter().enumerate() {
            let name: String = outcome.parties[q].chars().take(120).collect();
            let _ = writeln!(out, "    {name:<width$}  {:>12} / quota = {:>4} + remainder {}  -> {} seat(s)", thousands(p.remainders[j] as u128), a.integer_seats[j], fraction(&a.remainders[j], 2), a.seats[j]);
        }
        for (k, &j) in a.remainder_seats.iter().enumerate() {
            let _ = writeln!(out, "    remainder seat {}: {} (remainder {})", k + 1, outcome.parties[p.parties[j]], fraction(&a.remainders[j], 2));
        }
        for &j in &a.excess_removed {
            let _ = writeln!(out, "    seat taken back (integer parts exceeded the seats): {}", outcome.parties[p.parties[j]]);
        }
        for pl in &p.placements {
            let _ = writeln!(out, "  {} takes its seat in {} (its largest remainder there: {})", outcome.parties[pl.party], pl.constituency, thousands(pl.remainder as u128));
        }
    }
    for t in &p.ties {
        let _ = writeln!(out, "  tie decided by {}", t.decided_by.describe());
    }
}
