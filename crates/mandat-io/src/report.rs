//! Rendering an [`Outcome`]: a seat table, JSON, and the step-by-step explanation.
//! All three read the same typed record, so they always tell the same story.

use std::fmt::Write;

use mandat_core::compensation::{CompensationReport, PlacementRule};
use mandat_core::count::{AllocationReport, Contest, Outcome, Split, ThresholdReport};
use mandat_core::exact::Fraction;
use mandat_core::law::Law;
use mandat_core::tie::{Tie, TieStage};
use serde_json::Value;

use crate::json_out::JsonOut;

/// `1234567` → `"1,234,567"`.
pub fn thousands(n: u128) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
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
    if f.den <= 1 || f.num.is_multiple_of(f.den) {
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

/// The JSON of a tie: where, at which stage, between whom, and what decided it.
fn write_tie(w: &mut JsonOut, scope: &str, t: &Tie, name: &dyn Fn(&[usize]) -> Vec<String>) {
    let (kind, value) = tie_kind(t);
    w.object(|w| {
        w.field("constituency", scope)
            .field("kind", kind)
            .field("value", value)
            .field("contenders", &name(&t.contenders))
            .field("seats", &t.seats)
            .field("winners", &name(&t.winners))
            .field("decided_by", &t.decided_by);
        if let Some(seed) = t.seed {
            w.field("seed", &seed);
        }
    });
}

/// Every tie of the count, with names (the regional ones last).
fn write_all_ties(w: &mut JsonOut, outcome: &Outcome) {
    w.array(|w| {
        for c in &outcome.contests {
            let n = Names { outcome, contest: c };
            for t in &c.ties {
                write_tie(w, &c.name, t, &|u| n.units(u));
            }
            for s in &c.splits {
                for t in &s.ties {
                    write_tie(w, &c.name, t, &|k| n.among(s, k));
                }
            }
        }
        if let Some(r) = &outcome.compensation {
            let names = |ps: &[usize]| ps.iter().map(|&p| outcome.parties[p].clone()).collect::<Vec<_>>();
            for t in &r.ties {
                write_tie(w, "national", t, &names);
            }
        }
        if let Some(a) = &outcome.apportionment {
            let names = |cs: &[usize]| cs.iter().map(|&c| a.constituencies[c].clone()).collect::<Vec<_>>();
            for t in &a.ties {
                write_tie(w, "apportionment", t, &names);
            }
        }
        crate::report_regional::write_ties(w, outcome);
    });
}

/// The JSON of a count: seats per constituency and in total, every tie, and every step
/// (`mandat run --format json`, `POST /api/count`, `mandat.count(...).to_json()`), as
/// compact text. [`crate::json_out::pretty`] indents it.
pub fn outcome_json_text(law: &Law, outcome: &Outcome) -> String {
    let mut w = JsonOut::with_capacity(json_capacity(outcome));
    write_outcome(&mut w, law, outcome, |_| {});
    w.into_string()
}

/// A first guess of the size of a count's JSON, so that the buffer grows rarely.
pub fn json_capacity(outcome: &Outcome) -> usize {
    1024 + outcome.contests.iter().map(|c| 256 + 160 * c.parties.len() + 128 * c.seats as usize).sum::<usize>()
}

/// The JSON of a count as a `serde_json::Value` (for tests and callers that pick it
/// apart; the renderers write [`outcome_json_text`]). Its floats (the indices) are read
/// back from the text, so they may differ from the `f64`s in the last bit.
pub fn outcome_json(law: &Law, outcome: &Outcome) -> Value {
    serde_json::from_str(&outcome_json_text(law, outcome)).expect("the writer writes valid JSON (tested on every case)")
}

/// Writes the JSON object of a count into `w`; `extra` adds members at its end (the
/// server's `votes`, the designation of the elected).
pub fn write_outcome(w: &mut JsonOut, law: &Law, outcome: &Outcome, extra: impl FnOnce(&mut JsonOut)) {
    if let Some(b) = &outcome.biproportional {
        return crate::report_biproportional::write_outcome(w, law, outcome, b, extra);
    }
    w.object(|w| {
        w.field_object("law", |w| {
            w.field("id", &law.id).field("name", &law.name).field("citation", &law.citation);
        });
        w.field("seed", &outcome.seed);
        w.field_each("constituencies", &outcome.contests, |w, c| {
            let name = |p: usize| outcome.parties[p].as_str();
            w.object(|w| {
                w.field("name", &c.name);
                w.field_map("seats", c.parties.iter().enumerate().map(|(k, &p)| (name(p), c.result[k] + c.leveling[k])));
                w.field("total_seats", &(c.seats + c.leveling.iter().sum::<u32>()));
                w.key("steps");
                write_contest_steps(w, outcome, c);
                if c.leveling.iter().any(|&l| l > 0) {
                    w.field_map("district_seats", c.parties.iter().zip(&c.result).map(|(&p, &s)| (name(p), s)));
                    w.field_map("leveling_seats", c.parties.iter().zip(&c.leveling).map(|(&p, &s)| (name(p), s)));
                }
            });
        });
        w.field_map("total", outcome.parties.iter().map(String::as_str).zip(outcome.total.iter().copied()));
        w.field("house_size", &outcome.house_size());
        w.key("ties");
        write_all_ties(w, outcome);
        w.field("indices", &outcome.indices());
        w.field_each("extra_parliamentary", extra_parliamentary(outcome), |w, (p, below)| {
            w.object(|w| {
                w.field("party", &outcome.parties[p]).field("below_threshold", &below);
            });
        });
        if let Some(r) = &outcome.compensation {
            w.key("compensation");
            write_compensation(w, outcome, r);
        }
        if !outcome.single_member.is_empty() {
            w.key("single_member");
            write_single_member(w, outcome);
        }
        if !outcome.ranked.is_empty() {
            // Each ranked constituency: its elected members with their parties, and every
            // count in the Universal RCV Tabulation shape of `mandat tabulate`.
            w.field_each("ranked", &outcome.ranked, |w, r| {
                w.object(|w| {
                    w.field("name", &r.name).field("seats", &r.seats).field("rule", &r.tabulation.rule);
                    w.field_each("elected", &r.tabulation.elected, |w, &c| {
                        w.object(|w| {
                            w.field("candidate", r.tabulation.name(c)).field("party", &outcome.parties[r.parties[c as usize]]);
                        });
                    });
                    let meta = crate::ranked::ReportMeta { contest: r.name.clone(), ..Default::default() };
                    w.field("counts", &crate::ranked::urcvt_json(&r.tabulation, &meta));
                });
            });
        }
        crate::report_regional::write_regional(w, outcome);
        if !outcome.not_counted.is_empty() {
            w.field("not_counted", &outcome.not_counted);
        }
        if let Some(t) = &outcome.transfer {
            let per = |x: &'_ [u64]| x.iter().enumerate().filter(|(_, &v)| v > 0).map(|(p, &v)| (outcome.parties[p].as_str(), v)).collect::<Vec<_>>();
            w.field_object("transfer", |w| {
                w.field("rule", &t.rule).field("article", &t.article).field_map("to_lists", per(&t.to_lists)).field_map("lost", per(&t.lost));
            });
        }
        if let Some(b) = &outcome.bonus {
            w.field_object("bonus", |w| {
                w.field("party", &outcome.parties[b.party])
                    .field("votes", &b.votes)
                    .field("valid_votes", &b.valid_votes)
                    .field("steps", &b.steps)
                    .field("seats", &b.seats)
                    .field("article", &b.article);
            });
        }
        if let Some(a) = &outcome.additional {
            let per = |x: &'_ [u32]| x.iter().enumerate().filter(|(_, &s)| s > 0).map(|(p, &s)| (outcome.parties[p].as_str(), s)).collect::<Vec<_>>();
            w.field_object("additional_seats", |w| {
                w.field_map("divisions", per(&a.divisions)).field("valid_votes", &a.valid_votes);
                if let Some((m, kind)) = a.majority_party {
                    w.field("majority_party", &outcome.parties[m]).field("majority", &kind);
                }
                if let Some(o) = a.minority_party {
                    w.field("minority_party", &outcome.parties[o]);
                }
                w.field("for_majority", &a.for_majority);
                if let Some(pr) = &a.proportional {
                    w.field_object("proportionality", |w| {
                        w.field("party", &outcome.parties[pr.party])
                            .field("figure", &mandat_core::exact::Fraction::new(pr.figure_num, pr.figure_den).to_decimal_string(4))
                            .field("seats_added", &pr.seats_added);
                    });
                }
                w.field_map("added", per(&a.added)).field("article", &a.article);
            });
        }
        if let Some(p) = &outcome.pooled {
            w.key("pooled_remainders");
            write_pooled(w, outcome, p);
        }
        if let Some(a) = &outcome.apportionment {
            w.field_object("apportionment", |w| {
                w.field_map("seats", a.constituencies.iter().map(String::as_str).zip(a.seats.iter().copied()));
                w.field("by", &a.by).field("min_seats", &a.min_seats);
                w.field_each("population", a.constituencies.iter().zip(&a.population), |w, (c, p)| {
                    w.object(|w| {
                        w.field("constituency", c).field("population", p);
                    });
                });
            });
        }
        extra(w);
    });
}

/// The national round on pooled remainders (Czech §§50-51, Slovenia, Estonia).
fn write_pooled(w: &mut JsonOut, outcome: &Outcome, p: &mandat_core::pooled::PooledReport) {
    let party = |q: usize| outcome.parties[q].as_str();
    let placements = |w: &mut JsonOut| {
        w.field_each("placements", &p.placements, |w, pl| {
            w.object(|w| {
                w.field("party", party(pl.party)).field("constituency", &pl.constituency).field("remainder", &pl.remainder);
                if let Some(s) = &pl.share_of_quota {
                    w.field("share_of_quota", s);
                }
                if let Some(q) = &pl.quotient {
                    w.field("quotient", q);
                }
            });
        });
    };
    if let Some(r) = &p.continued {
        w.object(|w| {
            w.field("seats", &p.seats).field("shares", "continued").field("method", &r.method);
            w.field("divisor_exponent", &r.divisor_exponent.map(|(n, d)| format!("{n}/{d}")));
            w.field_each("parties", p.parties.iter().enumerate(), |w, (j, &q)| {
                w.object(|w| {
                    w.field("party", party(q)).field("votes", &r.votes[j]).field("first_round", &r.first_round[j]).field("seats", &r.seats[j]);
                });
            });
            w.field_each("order", &r.order, |w, s| {
                w.object(|w| {
                    w.field("party", party(s.party)).field("k", &s.k).field("figure", &s.figure);
                });
            });
            w.field("article", &p.article);
        });
        return;
    }
    if let Some(r) = &p.averages {
        // A divisor method on the summed remainders (Romania, Law 208/2015 art. 94).
        w.object(|w| {
            w.field("seats", &p.seats).field("shares", "remainders").field("method", &r.method);
            w.field_each("parties", p.parties.iter().enumerate(), |w, (j, &q)| {
                w.object(|w| {
                    w.field("party", party(q)).field("remainders", &p.remainders[j]).field("seats", &r.seats[j]);
                });
            });
            placements(w);
            w.field("article", &p.article);
            if p.placement != mandat_core::pooled::Placing::ByList {
                w.field("placement", &p.placement);
            }
        });
        return;
    }
    match (&p.allocation, &p.all_votes) {
        (Some(a), _) => w.object(|w| {
            w.field("seats", &p.seats).field("shares", "remainders").field("quota", &a.quota);
            w.field_each("parties", p.parties.iter().enumerate(), |w, (j, &q)| {
                w.object(|w| {
                    w.field("party", party(q))
                        .field("remainders", &p.remainders[j])
                        .field("integer_seats", &a.integer_seats[j])
                        .field("remainder", &a.remainders[j])
                        .field("seats", &a.seats[j]);
                });
            });
            placements(w);
            w.field("article", &p.article);
            // Cyprus s. 33: the leftover seats only to the lists with a share of the votes.
            if let Some(share) = &p.leftover_min_share {
                w.field("leftover_min_share", share);
                w.field_each("leftover_eligible", &p.leftover_eligible, |w, &q| {
                    w.value(party(q));
                });
            }
            if p.placement != mandat_core::pooled::Placing::ByList {
                w.field("placement", &p.placement);
            }
        }),
        (None, Some(r)) => w.object(|w| {
            w.field("seats", &p.seats).field("shares", "all-votes").field("method", &r.method).field("house", &r.house);
            w.field_each("parties", p.parties.iter().enumerate(), |w, (j, &q)| {
                w.object(|w| {
                    w.field("party", party(q))
                        .field("votes", &r.votes[j])
                        .field("first_round", &r.first_round[j])
                        .field("share", &r.share[j])
                        .field("seats", &r.seats[j]);
                });
            });
            w.field_each("left", &r.left, |w, &q| {
                w.value(party(q));
            });
            placements(w);
            w.field("article", &p.article);
        }),
        (None, None) => w.value(&()),
    };
}

fn write_compensation(w: &mut JsonOut, outcome: &Outcome, r: &CompensationReport) {
    let name = |p: usize| outcome.parties[p].as_str();
    let per = |xs: &'_ [u32]| (0..xs.len()).map(|p| (outcome.parties[p].as_str(), xs[p])).collect::<Vec<_>>();
    let names = |w: &mut JsonOut, k: &str, ps: &[usize]| {
        w.field_each(k, ps, |w, &p| {
            w.value(name(p));
        });
    };
    let contest = |c: usize| outcome.contests.get(c).map(|k| k.name.as_str());
    w.object(|w| {
        w.field_map("lower_tier_seats", per(&r.lower));
        w.field_each("qualifying", (0..r.qualifying.len()).filter(|&p| r.qualifying[p]), |w, p| {
            w.value(name(p));
        });
        w.field("deducted", &r.deducted);
        w.field_each("rounds", &r.rounds, |w, round| {
            w.object(|w| {
                w.field("seats_to_share", &round.seats_to_share);
                w.field_map("entitlement", round.parties.iter().zip(&round.entitlement).map(|(&p, &e)| (name(p), e)));
                names(w, "over_represented", &round.over);
                w.key("remainders");
                match &round.remainders {
                    Some(a) => w.object(|w| {
                        w.field("quota", &a.quota);
                        w.field_map("integer_seats", round.parties.iter().zip(&a.integer_seats).map(|(&p, &s)| (name(p), s)));
                        w.field_each("remainders", round.parties.iter().zip(&a.remainders), |w, (&p, x)| {
                            w.object(|w| {
                                w.field("party", name(p)).field("remainder", x);
                            });
                        });
                    }),
                    None => w.value(&()),
                };
                w.field_each("averages", &round.averages, |w, a| {
                    w.object(|w| {
                        w.field("seat", &a.seat).field("party", name(a.party)).field("divisor", &a.divisor).field("average", &a.average);
                    });
                });
            });
        });
        names(w, "removed", &r.removed);
        w.key("level_up");
        match &r.level_up {
            Some(l) => w.object(|w| {
                w.field("minimum_rule", &l.minimum_rule);
                w.field_each("regions", &l.regions, |w, g| {
                    w.object(|w| {
                        w.field("region", &outcome.regional.as_ref().and_then(|x| x.regions.get(g.region)).map(|s| s.as_str()));
                        w.field("seats", &g.seats).field("deducted", &g.deducted);
                        w.field_map("share", g.parties.iter().zip(&g.share).map(|(&p, &s)| (name(p), s)));
                        w.field_map("won", g.parties.iter().zip(&g.won).map(|(&p, &s)| (name(p), s)));
                    });
                });
                w.field_map("minimum", per(&l.minimum));
                w.field("initial_seats", &l.initial_seats).field("seats_shared", &l.seats_shared).field("binding_average", &l.binding_average);
                names(w, "binding", &l.binding);
                w.field("article", &l.article);
            }),
            None => w.value(&()),
        };
        w.field_map("entitlement", per(&r.entitlement));
        w.field_map("compensatory_seats", per(&r.compensatory));
        w.field_map("overhang", per(&r.overhang));
        w.field_map("unseated", per(&r.unseated));
        w.field_map("seats", per(&r.seats));
        w.field("house_size", &r.house_size);
        w.field_each("placement", &r.placement, |w, pl| {
            w.object(|w| {
                w.field("order", &pl.order).field("constituency", &contest(pl.constituency)).field("party", name(pl.party)).field("quotient", &pl.quotient);
            });
        });
        w.field_each("region_placement", &r.region_placement, |w, pl| {
            w.object(|w| {
                w.field("order", &pl.order).field("region", &r.regions.get(pl.constituency)).field("party", name(pl.party)).field("quotient", &pl.quotient);
            });
        });
        names(w, "region_advance", &r.region_advance);
        w.field_each("returned", &r.returned, |w, x| {
            w.object(|w| {
                w.field("constituency", &contest(x.constituency))
                    .field("from", name(x.from))
                    .field("from_figure", &x.from_figure)
                    .field("to", &x.to.map(name))
                    .field("to_figure", &x.to_figure);
            });
        });
        w.field_each("constituency_ties", &r.constituency_ties, |w, t| {
            w.object(|w| {
                w.field("party", name(t.party)).field("figure", &t.figure);
                w.field_each("contenders", &t.contenders, |w, &c| {
                    w.value(&contest(c));
                });
                w.field_each("chosen", &t.chosen, |w, &c| {
                    w.value(&contest(c));
                });
                w.field("decided_by", &t.decided_by).field("seed", &t.seed);
            });
        });
    });
}

fn write_threshold(w: &mut JsonOut, t: &ThresholdReport, name: &dyn Fn(usize) -> String) {
    let n = t.passed.len();
    let names = |w: &mut JsonOut, k: &str, keep: &dyn Fn(usize) -> bool| {
        w.field_each(k, (0..n).filter(|&i| keep(i)), |w, i| {
            w.value(&name(i));
        });
    };
    w.object(|w| {
        w.field("article", &t.article);
        w.field_each("conditions", &t.conditions, |w, r| {
            w.object(|w| {
                w.field("condition", &r.condition.to_string()).field("base", &r.base).field("bar", &r.bar);
                names(w, "met_by", &|i| r.met[i]);
            });
        });
        names(w, "exempt", &|i| t.exempt[i]);
        names(w, "passed", &|i| t.passed[i]);
        names(w, "failed", &|i| !t.passed[i]);
        w.field("runner_up_admitted", &t.runner_up_admitted.map(name));
        w.field_each("admitted_until", &t.admitted_until, |w, &i| {
            w.value(&name(i));
        });
        w.key("admit_until");
        match &t.admit_until_measure {
            Some((votes, bar)) => w.object(|w| {
                w.field("votes_taking_part", votes).field("bar", bar);
            }),
            None => w.value(&()),
        };
    });
}

fn write_contest_steps(w: &mut JsonOut, outcome: &Outcome, c: &Contest) {
    let n = Names { outcome, contest: c };
    let units = |w: &mut JsonOut, k: &str, us: &mut dyn Iterator<Item = usize>| {
        w.field_each(k, us, |w, u| {
            w.value(&n.unit(u));
        });
    };
    w.object(|w| {
        w.key("threshold");
        match &c.threshold {
            Some(t) => write_threshold(w, t, &|i| n.party(i).to_string()),
            None => {
                w.value(&());
            }
        }
        w.key("allocation");
        match &c.allocation {
            AllocationReport::Averages { method, seats, squared } => w.object(|w| {
                w.field("method", method).field("squared_averages", squared);
                w.field_each("seats", seats, |w, s| {
                    w.object(|w| {
                        w.field("seat", &s.seat).field("party", &n.unit(s.party)).field("divisor", &s.divisor).field("average", &s.average);
                    });
                });
            }),
            AllocationReport::Remainders { method, detail } => w.object(|w| {
                w.field("method", method).field("quota", &detail.quota);
                w.field_each("parties", 0..c.units.len(), |w, u| {
                    w.object(|w| {
                        w.field("party", &n.unit(u))
                            .field("votes", &c.units[u].iter().map(|&i| c.votes[i]).sum::<u64>())
                            .field("integer_seats", &detail.integer_seats[u])
                            .field("remainder", &detail.remainders[u])
                            .field("seats", &detail.seats[u]);
                    });
                });
                units(w, "remainder_seats", &mut detail.remainder_seats.iter().copied());
                w.field("leftover_seats", &detail.leftover);
                units(w, "excess_removed", &mut detail.excess_removed.iter().copied());
                if detail.leftover == mandat_core::method::Leftover::HighestAverages {
                    if let Some(m) = &detail.leftover_min_quotas {
                        w.field("leftover_min_quotas", m);
                    }
                    units(w, "leftover_eligible", &mut (0..c.units.len()).filter(|&u| detail.leftover_eligible.get(u).copied().unwrap_or(false)));
                }
                if let Some(k) = detail.max_remainder_seats {
                    w.field("max_remainder_seats", &k);
                    units(w, "average_seats", &mut detail.average_seats.iter().copied());
                }
            }),
        };
        w.field_each("alliance_splits", &c.splits, |w, s| {
            w.object(|w| {
                w.field("alliance", &n.unit(s.unit)).field("of", &n.group(&s.of));
                w.field_each("among", &s.among, |w, g| {
                    w.value(&n.group(g));
                });
                w.field("seats", &s.seats).field("shares", &s.shares);
                w.field_each("averages", &s.averages, |w, a| {
                    w.object(|w| {
                        w.field("seat", &a.seat).field("party", &n.group(&s.among[a.party])).field("divisor", &a.divisor).field("average", &a.average);
                    });
                });
            });
        });
        if !c.continued_from.is_empty() {
            w.field_each("continued_from", c.parties.iter().enumerate().filter(|&(k, _)| c.continued_from[k] > 0), |w, (k, _)| {
                w.object(|w| {
                    w.field("party", n.party(k)).field("seats", &c.continued_from[k]);
                });
            });
        }
        if !c.transferred.is_empty() {
            w.field_map("transferred", c.transferred.iter().enumerate().map(|(i, &t)| (n.party(i), t)));
        }
        if let Some(p) = &c.preferential {
            w.field_object("preferential", |w| {
                w.field("base", &p.base).field("seats", &p.seats).field("bar", &p.bar).field("then", &p.then).field("article", &p.article);
                w.field_each("lists", &p.lists, |w, &(i, won)| {
                    w.object(|w| {
                        w.field("party", n.party(i)).field("votes", &c.votes[i]).field("won", &won);
                    });
                });
            });
        }
        if let Some(r) = &c.alliance_bar {
            w.field_object("alliance_bar", |w| {
                w.field("base", &r.base).field("bar", &r.bar).field("counted_from", &r.counted_from).field("article", &r.article);
                w.field_each("alliances", &r.alliances, |w, a| {
                    w.object(|w| {
                        w.field("lists", &n.group(&a.lists)).field("counted", &n.group(&a.counted)).field("votes", &a.votes);
                        w.field("list_over_threshold", &a.has_list_over_threshold).field("pooled", &a.pooled);
                    });
                });
            });
        }
        if !c.capped.is_empty() {
            w.field_each("capacity_reached", &c.capped, |w, &(i, k)| {
                w.object(|w| {
                    w.field("party", n.party(i)).field("capacity", &k);
                });
            });
        }
    });
}

fn write_single_member(w: &mut JsonOut, outcome: &Outcome) {
    let name = |p: usize| outcome.parties[p].as_str();
    w.each(&outcome.single_member, |w, d| {
        w.object(|w| {
            w.field("name", &d.name).field("winner", &d.winner.map(name));
            w.field_map("votes", d.votes.iter().map(|&(p, x)| (name(p), x)));
            if let Some((line, n)) = &d.other_topped {
                w.field_object("other_topped", |w| {
                    w.field("line", line).field("votes", n);
                });
            }
            if !d.transferred.is_empty() {
                w.field_map("transferred", d.votes.iter().zip(&d.transferred).map(|(&(p, _), &x)| (name(p), x)));
            }
            if let Some(t) = &d.tie {
                w.field_object("tie", |w| {
                    w.field_each("contenders", &t.contenders, |w, &k| {
                        w.value(name(d.votes[k].0));
                    });
                    w.field("decided_by", &t.decided_by).field("seed", &t.seed);
                });
            }
            if let Some(r) = &d.two_round {
                w.field_object("two_round", |w| {
                    w.field("decided_in", &r.decided_in).field("low_turnout", &r.low_turnout).field("round_1_checks", &r.round_1_checks);
                    w.field_each("entitled", &r.entitled, |w, &p| {
                        w.value(name(p));
                    });
                    w.field_map("round_2", r.round_2.iter().map(|&(p, x)| (name(p), x)));
                    w.field_each("withdrew", &r.withdrew, |w, &p| {
                        w.value(name(p));
                    });
                    w.field("round_2_tie", &r.round_2_tie).field("why", &r.why);
                });
            }
        });
    });
}

/// The seat table: one block per constituency when there are several, then the total.
pub fn outcome_table(outcome: &Outcome) -> String {
    let mut out = String::new();
    let width = outcome.parties.iter().map(|p| p.chars().count()).max().unwrap_or(5).clamp(5, crate::MAX_COLUMN_WIDTH);
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

/// The seats added after the divisions' count (Malta art. 52(1)), step by step.
fn explain_additional(out: &mut String, outcome: &Outcome, a: &mandat_core::additional_seats::AdditionalReport) {
    use mandat_core::additional_seats::MajorityKind;
    let art = a.article.as_deref().map(|x| format!(" ({x})")).unwrap_or_default();
    let name = |p: usize| outcome.parties[p].as_str();
    let won: Vec<String> = (0..a.divisions.len()).filter(|&p| a.divisions[p] > 0).map(|p| format!("{} {}", name(p), a.divisions[p])).collect();
    let _ = writeln!(out, "\nAdditional seats{art}: elected in the divisions: {}; {} valid votes at the first count", won.join(", "), thousands(a.valid_votes as u128));
    let Some((m, kind)) = a.majority_party else {
        let _ = writeln!(out, "  no majority party (none above half of the valid votes, and not only two parties elected with one ahead): no additional seats");
        return;
    };
    let why = match kind {
        MajorityKind::Absolute => format!("more than half of the valid votes ({})", percent(outcome.votes[m], a.valid_votes)),
        MajorityKind::Relative => "the most votes, with candidates of only two parties elected (relative majority)".to_string(),
    };
    let _ = writeln!(out, "  majority party: {} — {why}", name(m));
    let _ = if a.for_majority > 0 {
        writeln!(out, "  {} has no more seats than the others together: {} seat(s) for a majority of one", name(m), a.for_majority)
    } else {
        writeln!(out, "  {} already has a majority of the seats", name(m))
    };
    match (&a.proportional, a.minority_party) {
        (Some(pr), Some(o)) => {
            let other = if pr.party == m { o } else { m };
            let figure = mandat_core::exact::Fraction::new(pr.figure_num, pr.figure_den).to_decimal_string(2);
            let _ = writeln!(
                out,
                "  proportionality: {} is short of the proportion of the votes: {} × {} / {} = {figure}; the whole number next to it that makes the House odd: {} seat(s) added",
                name(pr.party),
                outcome.total[other],
                thousands(outcome.votes[pr.party] as u128),
                thousands(outcome.votes[other] as u128),
                pr.seats_added
            );
        }
        (None, Some(_)) => {
            let _ = writeln!(out, "  proportionality: the seats are in the proportion of the votes: nothing added");
        }
        _ => {
            let _ = writeln!(out, "  proportionality: more than two parties elected: not applied");
        }
    }
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
    if let Some(a) = &outcome.additional {
        explain_additional(&mut out, outcome, a);
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
        let _ = writeln!(out, "  Preferential seats{art}: votes of the lists over the threshold and the minority lists {} / {} seats × the law's share of the quota = {} votes for a minority list", thousands(p.base as u128), p.seats, thousands(p.bar as u128));
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
    if let Some(r) = &c.alliance_bar {
        let art = r.article.as_deref().map(|a| format!(" ({a})")).unwrap_or_default();
        let from = r.counted_from.as_ref().map(|f| format!("; a list counts for its alliance from {} votes", fraction(f, 2))).unwrap_or_default();
        let _ = writeln!(out, "  Alliance bar{art}: {} of {} valid votes{from}", fraction(&r.bar, 2), thousands(r.base as u128));
        for a in &r.alliances {
            let lists: Vec<String> = a.lists.iter().map(|&i| if a.counted.contains(&i) { n.party(i).to_string() } else { format!("{} (not counted)", n.party(i)) }).collect();
            let verdict = if a.pooled {
                "pooled as one unit"
            } else if !a.has_list_over_threshold {
                "no list over the threshold: its lists stand alone"
            } else {
                "below the bar: its lists stand alone"
            };
            let _ = writeln!(out, "    {}: {} votes, {verdict}", lists.join(" + "), thousands(a.votes as u128));
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
            } else if alloc.is_some_and(mandat_core::law::Allocation::counts_independents) {
                let _ = writeln!(out, "  Quota: {} (votes of the lists taking part {} and of the independent candidates; {} seats)", fraction(&detail.quota, 2), thousands(taking), c.seats);
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
        if s.averages.is_empty() {
            // A quota method: the seats of each list of the split.
            for (g, &k) in s.among.iter().zip(&s.shares) {
                let votes: u64 = g.iter().map(|&i| c.votes[i]).sum();
                let _ = writeln!(out, "    {:<width$}  {} votes: {k} seat(s)", n.group(g), thousands(votes as u128));
            }
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
        } else if matches!(r.condition, mandat_core::law::Condition::ShareIn { .. }) {
            // Measured in constituencies, not votes: how many each list has the share in.
            let counts: Vec<String> = r.measured.iter().enumerate().map(|(i, n)| format!("{} {n}", name(i))).collect();
            let _ = writeln!(out, "    {}{}: constituencies with the share: {}", r.condition, r.for_lists, counts.join(", "));
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
        ranked.sort_by_key(|&&(_, v)| std::cmp::Reverse(v));
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

/// Where each pooled seat of a round on the summed remainders went.
fn explain_placements(out: &mut String, outcome: &Outcome, p: &mandat_core::pooled::PooledReport) {
    if p.placement == mandat_core::pooled::Placing::ShareOfQuota {
        let _ = writeln!(out, "  Placed by share of the quota: every list's remainder in every constituency over that constituency's quota, in one ranking; down the ranking while the list has seats to place and the constituency seats to fill, one per list and constituency per pass");
    }
    for pl in &p.placements {
        match &pl.share_of_quota {
            Some(s) => {
                let _ = writeln!(out, "  {} takes its seat in {} (remainder {} = {} of the quota)", outcome.parties[pl.party], pl.constituency, thousands(pl.remainder as u128), fraction(s, 4));
            }
            None => {
                let _ = writeln!(out, "  {} takes its seat in {} (its largest remainder there: {})", outcome.parties[pl.party], pl.constituency, thousands(pl.remainder as u128));
            }
        }
    }
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
    if let Some(r) = &p.averages {
        let _ = writeln!(out, "\nRemainders pooled nationally{art}: {} seats left by the constituencies, shared by {} on the summed remainders", p.seats, r.method);
        for (j, &q) in p.parties.iter().enumerate() {
            let name: String = outcome.parties[q].chars().take(120).collect();
            let _ = writeln!(out, "    {name:<width$}  {:>12} unused votes  -> {} seat(s)", thousands(p.remainders[j] as u128), r.seats[j]);
        }
        explain_placements(out, outcome, p);
    }
    if let Some(a) = &p.allocation {
        let _ = writeln!(out, "\nRemainders pooled nationally{art}: {} seats left by the constituencies", p.seats);
        let _ = writeln!(out, "  Quota: {} (summed remainders {}, {} seats)", fraction(&a.quota, 2), thousands(p.remainders.iter().map(|&r| r as u128).sum()), p.seats);
        for (j, &q) in p.parties.iter().enumerate() {
            let name: String = outcome.parties[q].chars().take(120).collect();
            let _ = writeln!(out, "    {name:<width$}  {:>12} / quota = {:>4} + remainder {}  -> {} seat(s)", thousands(p.remainders[j] as u128), a.integer_seats[j], fraction(&a.remainders[j], 2), a.seats[j]);
        }
        if let Some(share) = &p.leftover_min_share {
            let names: Vec<&str> = p.leftover_eligible.iter().map(|&q| outcome.parties[q].as_str()).collect();
            let _ = writeln!(out, "  Seats left after the whole quotas: one at a time to the largest remainder less the quotas it already took, among the lists with {}% of the valid votes nationally: {}", fraction(&Fraction::new(share.num * 100, share.den), 2), if names.is_empty() { "none".to_string() } else { names.join(", ") });
        }
        let mut taken = vec![0u128; p.parties.len()];
        for (k, &j) in a.remainder_seats.iter().enumerate() {
            // A list may take a second leftover seat (Cyprus s. 33): its remainder less a quota.
            let less = if taken[j] > 0 { format!(" less {} quota(s)", taken[j]) } else { String::new() };
            taken[j] += 1;
            let _ = writeln!(out, "    remainder seat {}: {} (remainder {}{less})", k + 1, outcome.parties[p.parties[j]], fraction(&a.remainders[j], 2));
        }
        for &j in &a.excess_removed {
            let _ = writeln!(out, "    seat taken back (integer parts exceeded the seats): {}", outcome.parties[p.parties[j]]);
        }
        if p.placement == mandat_core::pooled::Placing::InTurn {
            let _ = writeln!(out, "  Placed in turn: the lists in descending order of their summed remainders, one seat each per pass, in the constituency with their largest remainder and a seat still to fill; then the leftover seats in the order won");
        }
        explain_placements(out, outcome, p);
    }
    for t in &p.ties {
        let _ = writeln!(out, "  tie decided by {}", t.decided_by.describe());
    }
}

#[cfg(test)]
mod value_reference;

/// The streaming writer against the `Value` tree it replaced (issue 17): the same bytes,
/// compact and pretty, on every real election under its preset, on every preset that
/// accepts the election, and on what-ifs that take the other paths (largest remainders,
/// no threshold, ties by lot).
#[cfg(test)]
mod json_writer_tests {
    use super::*;
    use crate::json_out::pretty;
    use mandat_core::count::count;

    fn same(law: &Law, outcome: &Outcome, what: &str) {
        let reference = value_reference::outcome_json(law, outcome);
        let text = outcome_json_text(law, outcome);
        let expected = serde_json::to_string(&reference).expect("serializes");
        if text != expected {
            let at = text.bytes().zip(expected.bytes()).position(|(a, b)| a != b).unwrap_or(text.len().min(expected.len()));
            let from = at.saturating_sub(120);
            panic!("{what}: the writer differs at byte {at}:\n new: {}\n old: {}", &text[from..(at + 80).min(text.len())], &expected[from..(at + 80).min(expected.len())]);
        }
        assert_eq!(pretty(&text), serde_json::to_string_pretty(&reference).expect("serializes"), "{what}: pretty");
    }

    /// A case's path from the repository root, so that a ballots file it names is found
    /// (unit tests run in the crate's directory).
    fn case_path(path: &str) -> String {
        format!("{}/../../{path}", env!("CARGO_MANIFEST_DIR"))
    }

    fn laws() -> Vec<(&'static str, Law)> {
        crate::PRESETS.iter().map(|p| (p.id, crate::parse_law(p.text, p.id).expect("presets parse"))).collect()
    }

    #[test]
    fn every_case_under_its_preset_and_every_preset_that_takes_it() {
        let laws = laws();
        let mut counted = 0;
        for case in crate::CASE_FILES {
            let election = crate::parse_results(case.example, &case_path(case.path)).expect("cases parse");
            for (id, law) in &laws {
                // A second seed (ties by lot) under the case's own law only: the test stays short.
                let seeds: &[u64] = if *id == case.law { &[0, 7] } else { &[0] };
                for &seed in seeds {
                    match count(law, &election, seed) {
                        Ok(outcome) => {
                            same(law, &outcome, &format!("{} under {id}, seed {seed}", case.id));
                            counted += 1;
                        }
                        Err(e) => assert!(*id != case.law, "{} does not count under its own law: {e}", case.id),
                    }
                }
            }
        }
        assert!(counted > 2 * crate::CASE_FILES.len(), "{counted} counts");
    }

    #[test]
    fn what_ifs_take_the_other_paths() {
        let laws = laws();
        let sets: [&[&str]; 5] = [&["method=hare"], &["method=droop", "threshold=0%"], &["method=sainte-lague"], &["threshold=0%", "ties=lot"], &["method=imperiali-quota"]];
        let mut counted = 0;
        for case in crate::CASE_FILES {
            let election = crate::parse_results(case.example, &case_path(case.path)).expect("cases parse");
            let Some((_, law)) = laws.iter().find(|(id, _)| *id == case.law) else { continue };
            for set in sets {
                let set: Vec<String> = set.iter().map(|s| s.to_string()).collect();
                let Ok(law) = crate::report_analysis::apply_sets(law, &set, "set") else { continue };
                if let Ok(outcome) = count(&law, &election, 3) {
                    same(&law, &outcome, &format!("{} with {set:?}", case.id));
                    counted += 1;
                }
            }
        }
        assert!(counted > crate::CASE_FILES.len(), "{counted} counts");
    }
}
