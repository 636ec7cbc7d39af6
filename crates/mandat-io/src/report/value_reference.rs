//! The JSON of a count as it was built before issue 17: a `serde_json::Value` tree,
//! kept verbatim (test only) as the reference the streaming writer of `report.rs` is
//! checked against, byte for byte, on every case and preset (`tests` below).

use mandat_core::biproportional::BiproportionalReport;
use mandat_core::compensation::CompensationReport;
use mandat_core::count::{AllocationReport, Contest, Outcome, ThresholdReport};
use mandat_core::law::Law;
use mandat_core::regional::{RegionalReport, RegionalTieKind, WinnerVerdict};
use mandat_core::tie::Tie;
use serde_json::{json, Map, Value};

use super::{extra_parliamentary, tie_kind, Names};

/// An ordered JSON object of a figure per party.
fn party_map<'a>(pairs: impl Iterator<Item = (&'a str, u32)>) -> Value {
    let mut m = Map::new();
    for (p, s) in pairs {
        m.insert(p.to_string(), json!(s));
    }
    Value::Object(m)
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
        return biproportional_outcome_json(law, outcome, b);
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
    regional_extend_json(outcome, &mut v);
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
    if let Some(a) = &outcome.additional {
        let per = |x: &[u32]| -> serde_json::Map<String, Value> { x.iter().enumerate().filter(|(_, &s)| s > 0).map(|(p, &s)| (outcome.parties[p].clone(), json!(s))).collect() };
        let mut o = serde_json::Map::new();
        o.insert("divisions".into(), Value::Object(per(&a.divisions)));
        o.insert("valid_votes".into(), json!(a.valid_votes));
        if let Some((m, kind)) = a.majority_party {
            o.insert("majority_party".into(), json!(outcome.parties[m]));
            o.insert("majority".into(), json!(kind));
        }
        if let Some(m) = a.minority_party {
            o.insert("minority_party".into(), json!(outcome.parties[m]));
        }
        o.insert("for_majority".into(), json!(a.for_majority));
        if let Some(pr) = &a.proportional {
            let figure = mandat_core::exact::Fraction::new(pr.figure_num, pr.figure_den).to_decimal_string(4);
            o.insert("proportionality".into(), json!({"party": outcome.parties[pr.party], "figure": figure, "seats_added": pr.seats_added}));
        }
        o.insert("added".into(), Value::Object(per(&a.added)));
        o.insert("article".into(), json!(a.article));
        v["additional_seats"] = Value::Object(o);
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
            _ if p.averages.is_some() => {
                let r = p.averages.as_ref().expect("checked");
                let mut v = json!({
                    "seats": p.seats,
                    "shares": "remainders",
                    "method": r.method,
                    "parties": p.parties.iter().enumerate().map(|(j, &q)| json!({
                        "party": outcome.parties[q],
                        "remainders": p.remainders[j],
                        "seats": r.seats[j],
                    })).collect::<Vec<_>>(),
                    "placements": placements,
                    "article": p.article,
                });
                if p.placement != mandat_core::pooled::Placing::ByList {
                    v["placement"] = json!(p.placement);
                }
                v
            }
            (Some(a), _) => {
                let mut v = json!({
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
                });
                if let Some(share) = &p.leftover_min_share {
                    v["leftover_min_share"] = json!(share);
                    v["leftover_eligible"] = json!(p.leftover_eligible.iter().map(|&q| outcome.parties[q].clone()).collect::<Vec<_>>());
                }
                if p.placement != mandat_core::pooled::Placing::ByList {
                    v["placement"] = json!(p.placement);
                }
                v
            }
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
                "shares": s.shares,
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
    if let Some(r) = &c.alliance_bar {
        out["alliance_bar"] = json!({
            "base": r.base, "bar": r.bar, "counted_from": r.counted_from, "article": r.article,
            "alliances": r.alliances.iter().map(|a| json!({
                "lists": n.group(&a.lists), "counted": n.group(&a.counted), "votes": a.votes,
                "list_over_threshold": a.has_list_over_threshold, "pooled": a.pooled,
            })).collect::<Vec<_>>(),
        });
    }
    if !c.capped.is_empty() {
        out["capacity_reached"] = c.capped.iter().map(|&(i, k)| json!({"party": n.party(i), "capacity": k})).collect();
    }
    out
}


fn extra_parliamentary_json(outcome: &Outcome) -> Value {
    Value::Array(
        extra_parliamentary(outcome)
            .into_iter()
            .map(|(p, below)| json!({"party": outcome.parties[p], "below_threshold": below}))
            .collect(),
    )
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


/// Sets `regional` in the JSON of a count and adds the regional ties to `ties`.
fn regional_extend_json(outcome: &Outcome, v: &mut Value) {
    let Some(r) = &outcome.regional else { return };
    let name = |p: usize| outcome.parties[p].clone();
    let mut seats = Map::new();
    for (g, region) in r.regions.iter().enumerate() {
        let mut m = Map::new();
        for p in 0..outcome.parties.len() {
            let s = r.seats_in(g, p);
            if s > 0 {
                m.insert(name(p), json!(s));
            }
        }
        seats.insert(region.clone(), Value::Object(m));
    }
    let winner = |w: &WinnerVerdict| {
        json!({
            "constituency": w.winner.name,
            "number": w.winner.number,
            "region": r.regions[w.winner.region],
            "party": name(w.winner.party),
            "candidate": w.winner.candidate,
            "first_votes": w.winner.votes,
            "valid_first_votes": w.winner.valid_votes,
            "share": w.share,
            "rank": w.rank,
            "verdict": w.verdict,
            "seated": w.seated(),
        })
    };
    let ties: Vec<Value> = r.ties.iter().map(|t| regional_tie_json(outcome, r, &t.about, &t.tie)).collect();
    v["regional"] = json!({
        "method": r.method,
        "coverage": r.coverage,
        "seats": seats,
        "parties": r.parties.iter().map(|pr| json!({
            "party": name(pr.party),
            "seats": pr.seats,
            "regions": pr.regions.iter().enumerate().map(|(k, &g)| json!({
                "region": r.regions[g],
                "votes": pr.votes[k],
                "seats": pr.region_seats[k],
                "constituency_seats": pr.won[k],
                "list_seats": pr.list[k],
                "not_seated": pr.unseated[k],
            })).collect::<Vec<_>>(),
            "averages": pr.averages.iter().map(|a| json!({"seat": a.seat, "region": r.regions[pr.regions[a.party]], "divisor": a.divisor, "average": a.average})).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "coverage_order": r.winners.iter().map(winner).collect::<Vec<_>>(),
        "unseated_winners": r.unseated().map(winner).collect::<Vec<_>>(),
        "ties": ties.clone(),
    });
    if let Some(all) = v.get_mut("ties").and_then(Value::as_array_mut) {
        all.extend(ties);
    }
}

fn regional_tie_json(outcome: &Outcome, r: &RegionalReport, about: &RegionalTieKind, t: &mandat_core::tie::Tie) -> Value {
    let region_names = |xs: &[usize]| -> Vec<String> { xs.iter().map(|&g| r.regions[g].clone()).collect() };
    let winner_names = |xs: &[usize]| -> Vec<String> {
        xs.iter().map(|&i| r.winners.iter().find(|v| v.index == i).map_or_else(|| i.to_string(), |v| v.winner.name.clone())).collect()
    };
    let (scope, kind, contenders, winners) = match about {
        RegionalTieKind::Apportionment { party } => {
            (format!("lower apportionment of {}", outcome.parties[*party]), "average", region_names(&t.contenders), region_names(&t.winners))
        }
        RegionalTieKind::Coverage { party, region } => (
            format!("coverage of {} in {}", outcome.parties[*party], r.regions[*region]),
            "first-vote share",
            winner_names(&t.contenders),
            winner_names(&t.winners),
        ),
    };
    let value = match &t.stage {
        mandat_core::tie::TieStage::Average { average } => *average,
        mandat_core::tie::TieStage::Remainder { remainder } | mandat_core::tie::TieStage::Excess { remainder } => *remainder,
    };
    let mut v = json!({
        "constituency": scope,
        "kind": kind,
        "value": value,
        "contenders": contenders,
        "seats": t.seats,
        "winners": winners,
        "decided_by": t.decided_by,
    });
    if let Some(seed) = t.seed {
        v["seed"] = json!(seed);
    }
    v
}

/// The JSON of a biproportional count: the same top-level shape as every count
/// (constituencies with seats, total, ties), plus `biproportional` with every step.
fn biproportional_outcome_json(law: &Law, outcome: &Outcome, b: &BiproportionalReport) -> Value {
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
