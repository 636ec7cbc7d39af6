//! Rendering the lower apportionment and the coverage of single-member winners
//! ([`RegionalReport`]): seats per party per region in the table, every average and
//! every winner's place in the coverage order in the explanation, the same in JSON.
//! Each renderer of `report.rs` calls in here with one line.

use std::fmt::Write;

use mandat_core::count::Outcome;
use mandat_core::law::Law;
use mandat_core::regional::{RegionalReport, RegionalTieKind, Verdict, WinnerVerdict};

use crate::json_out::JsonOut;
use crate::report::{fraction, thousands};

fn share_pct(v: &WinnerVerdict) -> String {
    let s = v.share;
    format!("{}%", mandat_core::exact::Fraction::new(s.num * 100, s.den).to_decimal_string(2))
}

fn seat_word(n: u32) -> &'static str {
    if n == 1 {
        "seat"
    } else {
        "seats"
    }
}


/// Per region: each party's votes and seats (winners seated + list seats), then the
/// winners who were not seated.
pub fn table(out: &mut String, outcome: &Outcome) {
    let Some(r) = &outcome.regional else { return };
    let width = outcome.parties.iter().map(|p| p.chars().count()).max().unwrap_or(5).clamp(5, crate::MAX_COLUMN_WIDTH);
    let _ = writeln!(out, "Seats per region (each party's seats shared among its regional lists by {}):", r.method);
    for (g, region) in r.regions.iter().enumerate() {
        let rows: Vec<(usize, u32)> = (0..outcome.parties.len()).map(|p| (p, r.seats_in(g, p))).filter(|&(_, s)| s > 0).collect();
        let total: u32 = rows.iter().map(|&(_, s)| s).sum();
        let _ = writeln!(out, "{region} ({total} {})", seat_word(total));
        let _ = writeln!(out, "  {:<width$}  {:>10}  {:>5}  {:>12}  {:>4}  {:>10}", "party", "votes", "seats", "constituency", "list", "not seated");
        for (p, seats) in rows {
            let (votes, won, list, unseated) = match r.parties.iter().find(|pr| pr.party == p) {
                Some(pr) => match pr.regions.iter().position(|&x| x == g) {
                    Some(k) => (pr.votes[k], pr.won[k], pr.list[k], pr.unseated[k]),
                    None => (0, 0, 0, 0),
                },
                None => (0, seats, 0, 0),
            };
            let _ = writeln!(out, "  {:<width$}  {:>10}  {:>5}  {:>12}  {:>4}  {:>10}", outcome.parties[p], thousands(votes as u128), seats, won, list, unseated);
        }
        out.push('\n');
    }
    let unseated: Vec<&WinnerVerdict> = r.unseated().collect();
    if r.coverage.is_some() {
        let _ = writeln!(out, "Constituency winners not seated ({}): not covered by their party's seats in the region, or their party takes no part", unseated.len());
        let nwidth = unseated.iter().map(|v| v.winner.name.chars().count()).max().unwrap_or(10).min(crate::MAX_COLUMN_WIDTH);
        let cwidth = unseated.iter().map(|v| v.winner.candidate.as_deref().unwrap_or("-").chars().count()).max().unwrap_or(1).min(crate::MAX_COLUMN_WIDTH);
        for v in unseated {
            let w = &v.winner;
            let _ = writeln!(out, "  {:<nwidth$}  {:<width$}  {:<cwidth$}  {:>7}", w.name, outcome.parties[w.party], w.candidate.as_deref().unwrap_or("-"), share_pct(v));
        }
        out.push('\n');
    }
    if !r.ties.is_empty() {
        let _ = writeln!(out, "{} tie(s) in the lower apportionment or the coverage, decided by the law's rules (seed {}); --explain shows them\n", r.ties.len(), outcome.seed);
    }
}

/// The regional ties of a count, as elements of its `ties` (after the others).
pub fn write_ties(w: &mut JsonOut, outcome: &Outcome) {
    let Some(r) = &outcome.regional else { return };
    for t in &r.ties {
        write_tie(w, outcome, r, &t.about, &t.tie);
    }
}

/// `regional`, after the other steps in the JSON of a count: seats per region, each
/// party's lower apportionment, the coverage order and its ties.
pub fn write_regional(w: &mut JsonOut, outcome: &Outcome) {
    let Some(r) = &outcome.regional else { return };
    let name = |p: usize| outcome.parties[p].as_str();
    let winner = |w: &mut JsonOut, v: &WinnerVerdict| {
        w.object(|w| {
            w.field("constituency", &v.winner.name)
                .field("number", &v.winner.number)
                .field("region", &r.regions[v.winner.region])
                .field("party", name(v.winner.party))
                .field("candidate", &v.winner.candidate)
                .field("first_votes", &v.winner.votes)
                .field("valid_first_votes", &v.winner.valid_votes)
                .field("share", &v.share)
                .field("rank", &v.rank)
                .field("verdict", &v.verdict)
                .field("seated", &v.seated());
        });
    };
    w.field_object("regional", |w| {
        w.field("method", &r.method).field("coverage", &r.coverage);
        w.field_object("seats", |w| {
            for (g, region) in r.regions.iter().enumerate() {
                w.field_map(region, (0..outcome.parties.len()).map(|p| (name(p), r.seats_in(g, p))).filter(|&(_, s)| s > 0));
            }
        });
        w.field_each("parties", &r.parties, |w, pr| {
            w.object(|w| {
                w.field("party", name(pr.party)).field("seats", &pr.seats);
                w.field_each("regions", pr.regions.iter().enumerate(), |w, (k, &g)| {
                    w.object(|w| {
                        w.field("region", &r.regions[g])
                            .field("votes", &pr.votes[k])
                            .field("seats", &pr.region_seats[k])
                            .field("constituency_seats", &pr.won[k])
                            .field("list_seats", &pr.list[k])
                            .field("not_seated", &pr.unseated[k]);
                    });
                });
                w.field_each("averages", &pr.averages, |w, a| {
                    w.object(|w| {
                        w.field("seat", &a.seat).field("region", &r.regions[pr.regions[a.party]]).field("divisor", &a.divisor).field("average", &a.average);
                    });
                });
            });
        });
        w.field_each("coverage_order", &r.winners, |w, v| winner(w, v));
        w.field_each("unseated_winners", r.unseated(), |w, v| winner(w, v));
        w.field_array("ties", |w| write_ties(w, outcome));
    });
}

/// A regional tie in words: where, on what, between whom, and who won.
fn tie_names(outcome: &Outcome, r: &RegionalReport, about: &RegionalTieKind, t: &mandat_core::tie::Tie) -> (String, &'static str, Vec<String>, Vec<String>) {
    let region_names = |xs: &[usize]| -> Vec<String> { xs.iter().map(|&g| r.regions[g].clone()).collect() };
    let winner_names = |xs: &[usize]| -> Vec<String> {
        xs.iter().map(|&i| r.winners.iter().find(|v| v.index == i).map_or_else(|| i.to_string(), |v| v.winner.name.clone())).collect()
    };
    match about {
        RegionalTieKind::Apportionment { party } => {
            (format!("lower apportionment of {}", outcome.parties[*party]), "average", region_names(&t.contenders), region_names(&t.winners))
        }
        RegionalTieKind::Coverage { party, region } => (
            format!("coverage of {} in {}", outcome.parties[*party], r.regions[*region]),
            "first-vote share",
            winner_names(&t.contenders),
            winner_names(&t.winners),
        ),
    }
}

fn write_tie(w: &mut JsonOut, outcome: &Outcome, r: &RegionalReport, about: &RegionalTieKind, t: &mandat_core::tie::Tie) {
    let (scope, kind, contenders, winners) = tie_names(outcome, r, about, t);
    let value = match &t.stage {
        mandat_core::tie::TieStage::Average { average } => average,
        mandat_core::tie::TieStage::Remainder { remainder } | mandat_core::tie::TieStage::Excess { remainder } => remainder,
    };
    w.object(|w| {
        w.field("constituency", &scope)
            .field("kind", kind)
            .field("value", value)
            .field("contenders", &contenders)
            .field("seats", &t.seats)
            .field("winners", &winners)
            .field("decided_by", &t.decided_by);
        if let Some(seed) = t.seed {
            w.field("seed", &seed);
        }
    });
}

/// The lower apportionment and the coverage step, in legal order, as text.
pub fn explain(out: &mut String, law: &Law, outcome: &Outcome) {
    let Some(r) = &outcome.regional else { return };
    let la = law.compensation.as_ref().and_then(|c| c.lower_apportionment.as_ref());
    let art = |a: Option<&String>| a.map(|a| format!(" ({a})")).unwrap_or_default();
    let name = |p: usize| outcome.parties[p].as_str();
    let rwidth = r.regions.iter().map(|g| g.chars().count()).max().unwrap_or(6).min(crate::MAX_COLUMN_WIDTH);
    let nwidth = r.winners.iter().map(|v| v.winner.name.chars().count()).max().unwrap_or(10).min(crate::MAX_COLUMN_WIDTH);
    let cwidth = r.winners.iter().map(|v| v.winner.candidate.as_deref().unwrap_or("-").chars().count()).max().unwrap_or(1).min(crate::MAX_COLUMN_WIDTH);
    out.push('\n');
    let _ = writeln!(out, "Lower apportionment{}: each party's seats shared among its regional lists by {} on its votes there", art(la.and_then(|l| l.article.as_ref())), r.method);
    for pr in &r.parties {
        let _ = writeln!(out, "  {}: {} {} over {} region(s)", name(pr.party), pr.seats, seat_word(pr.seats), pr.regions.len());
        for a in &pr.averages {
            let k = a.party;
            let _ = writeln!(out, "    seat {:>3}: {:<rwidth$}  {} / {} = {}", a.seat, r.regions[pr.regions[k]], thousands(pr.votes[k] as u128), fraction(&a.divisor, 4), fraction(&a.average, 2));
        }
        let per: Vec<String> = pr.regions.iter().zip(&pr.region_seats).filter(|(_, &s)| s > 0).map(|(&g, s)| format!("{} {s}", r.regions[g])).collect();
        let _ = writeln!(out, "    → {}", per.join(", "));
    }
    if r.coverage.is_some() {
        out.push('\n');
        let _ = writeln!(
            out,
            "Coverage of constituency winners{}: in each region, a party's winners ranked by first votes / valid first votes (compared exactly), seated while its seats there last",
            art(la.and_then(|l| l.coverage_article.as_ref()))
        );
        let mut i = 0;
        while i < r.winners.len() {
            let (g, p) = (r.winners[i].winner.region, r.winners[i].winner.party);
            let mut j = i;
            while j < r.winners.len() && r.winners[j].winner.region == g && r.winners[j].winner.party == p {
                j += 1;
            }
            let group = &r.winners[i..j];
            let seats = r.seats_in(g, p);
            if group[0].verdict == Verdict::OutsideDistribution {
                let _ = writeln!(out, "  {} in {}: {} winner(s) outside the distribution, seated as won", name(p), r.regions[g], group.len());
            } else if group[0].verdict == Verdict::PartyNotQualified {
                let _ = writeln!(out, "  {} in {}: {} winner(s) of a party outside the distribution, not seated", name(p), r.regions[g], group.len());
            } else {
                let covered = group.iter().filter(|v| v.seated()).count();
                let _ = writeln!(out, "  {} in {}: {} {}, {} winner(s): {} seated, {} list seat(s)", name(p), r.regions[g], seats, seat_word(seats), group.len(), covered, seats as usize - covered);
            }
            for v in group {
                let verdict = match v.verdict {
                    Verdict::Covered => "seated",
                    Verdict::NotCovered => "NOT SEATED (beyond the party's seats here)",
                    Verdict::OutsideDistribution => "seated (party outside the distribution)",
                    Verdict::PartyNotQualified => "NOT SEATED (the party takes no part in the distribution)",
                };
                let _ = writeln!(
                    out,
                    "    {:>2}. {:<nwidth$}  {:<cwidth$}  {:>9} / {:>9} = {:>7}  {verdict}",
                    v.rank,
                    v.winner.name,
                    v.winner.candidate.as_deref().unwrap_or("-"),
                    thousands(v.winner.votes as u128),
                    thousands(v.winner.valid_votes as u128),
                    share_pct(v)
                );
            }
            i = j;
        }
        let unseated: Vec<&WinnerVerdict> = r.unseated().collect();
        let _ = writeln!(out, "  Winners not seated: {}", unseated.len());
        for v in unseated {
            let _ = writeln!(out, "    {} ({}, {}, {})", v.winner.name, r.regions[v.winner.region], name(v.winner.party), share_pct(v));
        }
    }
    for t in &r.ties {
        let (scope, kind, contenders, winners) = tie_names(outcome, r, &t.about, &t.tie);
        let seed = t.tie.seed.map(|s| format!(" with seed {s}")).unwrap_or_default();
        let _ = writeln!(
            out,
            "  Tie ({scope}) on equal {kind} among {} for {} place(s): {} by {}{seed}",
            contenders.join(", "),
            t.tie.seats,
            winners.join(", "),
            t.tie.decided_by.describe()
        );
    }
}
