//! Rules on first preferences: plurality (first past the post, or the N highest for N
//! seats), the two-round system, and the supplementary vote.
//!
//! A ballot's first preference is its first rank; a first rank marking several
//! candidates is an invalid vote (an overvote), a ballot ranking nobody is blank. Both
//! are reported as inactive, never counted for anyone.

use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::ballot::{Ballot, BallotBox, Cand};
use super::fixed::Fixed;
use super::record::{Action, ActionKind, Inactive, RankedError, RankedTie, Round, Tabulation, Target, TieFor};

fn first_choice(b: &Ballot, bb: &BallotBox) -> Result<Cand, bool> {
    // Err(true): overvote; Err(false): blank.
    match b.ranks.first() {
        None => Err(false),
        Some(r) if r.marks.len() != 1 => Err(true),
        Some(r) => {
            let c = r.marks[0];
            if (c as usize) < bb.num_candidates() && !bb.withdrawn[c as usize] {
                Ok(c)
            } else {
                Err(false)
            }
        }
    }
}

fn first_round(bb: &BallotBox) -> (Vec<u128>, Inactive) {
    let mut v = vec![0u128; bb.num_candidates()];
    let mut inactive = Inactive::zero(0);
    for b in &bb.ballots {
        match first_choice(b, bb) {
            Ok(c) => v[c as usize] += b.weight as u128,
            Err(true) => inactive.overvotes += Fixed::from_int(b.weight as i128, 0),
            Err(false) => inactive.undervotes += Fixed::from_int(b.weight as i128, 0),
        }
    }
    (v, inactive)
}

fn f(v: u128) -> Fixed {
    Fixed::from_int(v as i128, 0)
}

fn standing(bb: &BallotBox) -> Vec<Cand> {
    (0..bb.num_candidates() as Cand).filter(|&c| !bb.withdrawn[c as usize]).collect()
}

/// What happens when a non-contestant line ('against all') has more votes than every
/// contestant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum NonContestantTops {
    /// The election is void (no one is elected; a new election is held).
    #[default]
    Void,
    /// The line is set aside and the contestants are ranked as if it were absent.
    Ignore,
}

/// What a runoff bar is a share of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BarBase {
    /// The valid votes of the first round (the 'against all' line's included, as for the
    /// majority).
    ValidVotes,
    /// The registered voters ([`DirectOptions::electorate`]).
    Electorate,
}

/// Who goes to the runoff of a two-round count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum RunoffField {
    /// The two candidates with most votes (ties at the cut by lot).
    #[default]
    TopTwo,
    /// Every candidate whose first-round votes reach `share` of `of`. With
    /// `at_least_two`, when fewer than two reach it the leaders make up two (France,
    /// Code électoral art. L162: 12.5% of registered voters; if only one candidate
    /// reaches it, the next one may stay; if none, the two leaders).
    Bar { share: crate::exact::Percent, of: BarBase, at_least_two: bool },
}

/// Options of the first-preference rules.
#[derive(Clone, Debug, Default)]
pub struct DirectOptions {
    /// Seed of the lot for ties.
    pub seed: u64,
    /// A ballot line that is not a contestant, such as 'against all': its votes are valid
    /// votes and reported, but it cannot win or go to a runoff.
    pub non_contestant: Option<Cand>,
    pub if_non_contestant_tops: NonContestantTops,
    /// Two-round turnout quorum: registered voters, and the share of them that must cast a
    /// ballot for the first round to be valid.
    pub electorate: Option<u64>,
    pub quorum: Option<crate::exact::Percent>,
    /// Two-round: who goes to the runoff (default: the two leaders).
    pub runoff_field: RunoffField,
    /// Two-round: a first-round winner needs, besides the absolute majority, at least
    /// this share of the registered voters (France, Code électoral art. L126: a quarter).
    pub first_round_min_electorate: Option<crate::exact::Percent>,
}

/// Whether `votes` is at least `share` of `base`, exactly (`votes / base >= share`).
fn reaches(share: crate::exact::Percent, votes: u128, base: u128) -> bool {
    let f = share.as_fraction();
    crate::exact::cmp_products(votes, f.den, f.num, base) != std::cmp::Ordering::Less
}

/// The fewest whole votes reaching `share` of `base`, when it fits in 128 bits (for reports;
/// decisions are made by [`reaches`]).
fn fewest_reaching(share: crate::exact::Percent, base: u128) -> Option<u128> {
    let f = share.as_fraction();
    f.num.checked_mul(base).map(|x| x.div_ceil(f.den.max(1)))
}

/// "12.5% of the 1000 registered voters: 125 votes".
fn describe_share(share: crate::exact::Percent, base: u128, of: BarBase) -> String {
    let what = match of {
        BarBase::ValidVotes => "valid votes",
        BarBase::Electorate => "registered voters",
    };
    match fewest_reaching(share, base) {
        Some(n) => format!("{share} of the {base} {what}: {n} vote{}", if n == 1 { "" } else { "s" }),
        None => format!("{share} of the {base} {what}"),
    }
}

/// Checks the registered voters against the ballots: there must be some, and at least as
/// many as ballots were cast (blank and invalid ones included); a quorum needs them.
fn check_electorate(bb: &BallotBox, o: &DirectOptions) -> Result<(), RankedError> {
    if let Some(e) = o.electorate {
        let ballots = bb.total_weight();
        if e == 0 || (e as u128) < ballots {
            return Err(RankedError::Electorate { electorate: e, ballots });
        }
    }
    if o.quorum.is_some() && o.electorate.is_none() {
        return Err(RankedError::Rule("a turnout quorum is a share of the registered voters: it needs the electorate".into()));
    }
    Ok(())
}

/// Checks the non-contestant line and the quorum; `Some(note)` when the election is void.
fn void_reason(bb: &BallotBox, v: &[u128], contenders: &[Cand], o: &DirectOptions) -> Option<String> {
    if let (Some(e), Some(q)) = (o.electorate, o.quorum) {
        let turnout = bb.total_weight().min(u64::MAX as u128) as u64;
        if !q.reached_by(turnout, e) {
            return Some(format!("void: turnout {turnout} of {e} registered voters is below the quorum of {q}"));
        }
    }
    if let (Some(n), NonContestantTops::Void) = (o.non_contestant, o.if_non_contestant_tops) {
        let best = contenders.iter().map(|&c| v[c as usize]).max().unwrap_or(0);
        if v[n as usize] > best {
            return Some(format!("void: {} has more votes than every candidate", bb.candidates[n as usize]));
        }
    }
    None
}

/// The `k` candidates with most votes; ties at the cut decided by lot (seeded) and recorded.
fn top(cands: &[Cand], v: &[u128], k: usize, rng: &mut ChaCha8Rng, seed: u64, round: u32, ties: &mut Vec<RankedTie>) -> Vec<Cand> {
    let mut sorted = cands.to_vec();
    sorted.sort_by(|&a, &b| v[b as usize].cmp(&v[a as usize]).then(a.cmp(&b)));
    if k >= sorted.len() {
        return sorted;
    }
    let cut = v[sorted[k - 1] as usize];
    let sure: Vec<Cand> = sorted.iter().copied().filter(|&c| v[c as usize] > cut).collect();
    let tied: Vec<Cand> = sorted.iter().copied().filter(|&c| v[c as usize] == cut).collect();
    let mut out = sure.clone();
    if sure.len() + tied.len() > k {
        let mut draw = tied.clone();
        draw.shuffle(rng);
        for &c in draw.iter().take(k - sure.len()) {
            out.push(c);
            ties.push(RankedTie { round, choosing: TieFor::Winner, contenders: tied.clone(), chosen: c, decided_by: format!("lot (seed {seed})") });
        }
    } else {
        out.extend(tied);
    }
    out
}

fn tabulation(rule: &str, bb: &BallotBox, seats: u32, rounds: Vec<Round>, elected: Vec<Cand>, ties: Vec<RankedTie>) -> Tabulation {
    Tabulation {
        rule: rule.into(),
        candidates: bb.candidates.clone(),
        seats,
        scale: 0,
        total_ballots: f(bb.total_weight()),
        rounds,
        elected,
        ties,
        quota: None,
        notes: Vec::new(),
    }
}

/// Plurality: the `seats` candidates with most first preferences.
pub fn plurality(bb: &BallotBox, seats: u32, o: &DirectOptions) -> Result<Tabulation, RankedError> {
    super::check_total(bb, "plurality", 2)?;
    let seed = o.seed;
    let all = standing(bb);
    let cands: Vec<Cand> = all.iter().copied().filter(|&c| Some(c) != o.non_contestant).collect();
    if seats == 0 {
        return Err(RankedError::NoSeats);
    }
    if cands.len() < seats as usize {
        return Err(RankedError::TooFewCandidates { seats, candidates: cands.len() });
    }
    check_electorate(bb, o)?;
    let (v, inactive) = first_round(bb);
    if v.iter().all(|&x| x == 0) {
        return Err(RankedError::NoVotes);
    }
    if let Some(why) = void_reason(bb, &v, &cands, o) {
        let round = Round { number: 1, tally: all.iter().map(|&c| (c, f(v[c as usize]))).collect(), threshold: None, inactive, actions: vec![], residual_surplus: Fixed::zero(0) };
        let mut t = tabulation("plurality", bb, seats, vec![round], vec![], vec![]);
        t.notes.push(why);
        return Ok(t);
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut ties = Vec::new();
    let mut elected = top(&cands, &v, seats as usize, &mut rng, seed, 1, &mut ties);
    elected.sort_by(|&a, &b| v[b as usize].cmp(&v[a as usize]).then(a.cmp(&b)));
    let actions = elected.iter().map(|&c| Action { kind: ActionKind::Elected, candidate: c, surplus_fraction: None, transfers: vec![], reason: Some("most votes".into()) }).collect();
    let round = Round { number: 1, tally: all.iter().map(|&c| (c, f(v[c as usize]))).collect(), threshold: None, inactive, actions, residual_surplus: Fixed::zero(0) };
    Ok(tabulation("plurality", bb, seats, vec![round], elected, ties))
}

/// Two-round system: a candidate with more than half of the valid first-round votes is
/// elected (and, with [`DirectOptions::first_round_min_electorate`], at least that share
/// of the registered voters); otherwise a runoff between the candidates that
/// [`DirectOptions::runoff_field`] names (the two leaders by default), which the
/// candidate with most votes wins (a relative majority). The runoff's votes are `runoff`
/// when given (votes per candidate, a second input), else each ballot's highest
/// preference among the runoff candidates (the runoff the same voters would cast).
pub fn two_round(bb: &BallotBox, o: &DirectOptions, runoff: Option<&[(Cand, u64)]>) -> Result<Tabulation, RankedError> {
    majority_then_runoff("two-round", bb, o, o.runoff_field, runoff, false)
}

/// Supplementary vote: a first-round majority wins; otherwise all but the two leaders
/// are eliminated and their ballots go to their second preference if it is one of the
/// two (only the second rank counts), else are exhausted.
pub fn supplementary(bb: &BallotBox, o: &DirectOptions) -> Result<Tabulation, RankedError> {
    let o = DirectOptions { first_round_min_electorate: None, ..o.clone() };
    majority_then_runoff("supplementary", bb, &o, RunoffField::TopTwo, None, true)
}

fn qualified(candidate: Cand, reason: String) -> Action {
    Action { kind: ActionKind::Qualified, candidate, surplus_fraction: None, transfers: vec![], reason: Some(reason) }
}

fn majority_then_runoff(rule: &str, bb: &BallotBox, o: &DirectOptions, field: RunoffField, runoff: Option<&[(Cand, u64)]>, second_only: bool) -> Result<Tabulation, RankedError> {
    super::check_total(bb, rule, 2)?;
    let seed = o.seed;
    let all = standing(bb);
    let cands: Vec<Cand> = all.iter().copied().filter(|&c| Some(c) != o.non_contestant).collect();
    if cands.is_empty() {
        return Err(RankedError::NoCandidates);
    }
    let needs_electorate = o.first_round_min_electorate.is_some() || matches!(field, RunoffField::Bar { of: BarBase::Electorate, .. });
    if needs_electorate && o.electorate.is_none() {
        return Err(RankedError::Rule("a share of the registered voters needs the electorate (the number of registered voters)".into()));
    }
    check_electorate(bb, o)?;
    let (v, inactive) = first_round(bb);
    let valid: u128 = v.iter().sum();
    if valid == 0 {
        return Err(RankedError::NoVotes);
    }
    // More than half: threshold = floor(valid / 2) + 1.
    let threshold = valid / 2 + 1;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut ties = Vec::new();
    let mut notes = Vec::new();
    let mut r1 = Round {
        number: 1,
        tally: all.iter().map(|&c| (c, f(v[c as usize]))).collect(),
        threshold: Some(f(threshold)),
        inactive,
        actions: vec![],
        residual_surplus: Fixed::zero(0),
    };
    if let Some(why) = void_reason(bb, &v, &cands, o) {
        let mut t = tabulation(rule, bb, 1, vec![r1], vec![], ties);
        t.notes.push(why);
        return Ok(t);
    }
    // The majority is of all valid votes, the non-contestant line's included.
    if let Some(&w) = cands.iter().find(|&&c| v[c as usize] >= threshold) {
        let vw = v[w as usize];
        match (o.first_round_min_electorate, o.electorate) {
            (Some(min), Some(e)) if !reaches(min, vw, e as u128) => {
                notes.push(format!(
                    "{} has an absolute majority ({vw} of {valid} valid votes) but fewer votes than {}: no one is elected in the first round",
                    bb.candidates[w as usize],
                    describe_share(min, e as u128, BarBase::Electorate)
                ));
            }
            (Some(min), Some(e)) => {
                let why = format!("absolute majority ({vw} of {valid} valid votes) and at least {}", describe_share(min, e as u128, BarBase::Electorate));
                r1.actions.push(Action { kind: ActionKind::Elected, candidate: w, surplus_fraction: None, transfers: vec![], reason: Some(why) });
                return Ok(tabulation(rule, bb, 1, vec![r1], vec![w], ties));
            }
            _ => {
                r1.actions.push(Action { kind: ActionKind::Elected, candidate: w, surplus_fraction: None, transfers: vec![], reason: Some("absolute majority".into()) });
                return Ok(tabulation(rule, bb, 1, vec![r1], vec![w], ties));
            }
        }
    }
    if cands.len() == 1 {
        r1.actions.push(Action { kind: ActionKind::Elected, candidate: cands[0], surplus_fraction: None, transfers: vec![], reason: Some("only candidate".into()) });
        let mut t = tabulation(rule, bb, 1, vec![r1], vec![cands[0]], ties);
        t.notes = notes;
        return Ok(t);
    }
    // Who goes to the runoff, each with the reason.
    let mut by_votes = cands.clone();
    by_votes.sort_by(|&a, &b| v[b as usize].cmp(&v[a as usize]).then(a.cmp(&b)));
    let mut field_reasons: Vec<(Cand, String)> = Vec::new();
    // The bar, described, when the field is set by one.
    let mut bar: Option<String> = None;
    match field {
        RunoffField::TopTwo => {
            for c in top(&cands, &v, 2, &mut rng, seed, 1, &mut ties) {
                field_reasons.push((c, "among the two leaders".into()));
            }
        }
        RunoffField::Bar { share, of, at_least_two } => {
            let base = match of {
                BarBase::ValidVotes => valid,
                BarBase::Electorate => o.electorate.expect("checked above") as u128,
            };
            let b = describe_share(share, base, of);
            notes.push(format!("runoff bar: {b}"));
            for &c in &by_votes {
                if reaches(share, v[c as usize], base) {
                    field_reasons.push((c, format!("{} votes reach the runoff bar ({b})", v[c as usize])));
                }
            }
            if at_least_two && field_reasons.len() < 2 {
                let rest: Vec<Cand> = cands.iter().copied().filter(|c| !field_reasons.iter().any(|x| x.0 == *c)).collect();
                let need = 2 - field_reasons.len();
                for c in top(&rest, &v, need, &mut rng, seed, 1, &mut ties) {
                    field_reasons.push((c, format!("{} votes, below the runoff bar ({b}), but among the two leaders, who go to the runoff when fewer than two reach it", v[c as usize])));
                }
            }
            bar = Some(b);
        }
    }
    let out_reason = |c: Cand| match &bar {
        _ if Some(c) == o.non_contestant => "not a candidate".to_string(),
        None => "not among the two leaders".to_string(),
        Some(b) => format!("{} votes, below the runoff bar ({b})", v[c as usize]),
    };
    if field_reasons.is_empty() {
        for &c in &all {
            r1.actions.push(Action { kind: ActionKind::Eliminated, candidate: c, surplus_fraction: None, transfers: vec![], reason: Some(out_reason(c)) });
        }
        notes.push(format!("void: no candidate reaches the runoff bar ({})", bar.as_deref().unwrap_or_default()));
        let mut t = tabulation(rule, bb, 1, vec![r1], vec![], ties);
        t.notes = notes;
        return Ok(t);
    }
    let field_cands: Vec<Cand> = field_reasons.iter().map(|x| x.0).collect();
    let in_field = |c: Cand| field_cands.contains(&c);
    let mut v2 = vec![0u128; bb.num_candidates()];
    let mut inactive2 = inactive;
    let mut moves: Vec<(Cand, Target, u128)> = Vec::new();
    if let Some(run) = runoff {
        for &(c, n) in run {
            if c as usize >= bb.num_candidates() {
                return Err(RankedError::Rule(format!("the runoff votes name candidate {c}, who does not exist")));
            }
            if n > 0 && !in_field(c) {
                return Err(RankedError::Rule(format!("the runoff votes give {n} votes to {}, who is not in the runoff", bb.candidates.get(c as usize).map_or("?", |s| s.as_str()))));
            }
            v2[c as usize] += n as u128;
        }
    } else {
        for &c in &field_cands {
            v2[c as usize] = v[c as usize];
        }
        for ballot in &bb.ballots {
            let from = match first_choice(ballot, bb) {
                Ok(c) if !in_field(c) => c,
                _ => continue,
            };
            let w = ballot.weight as u128;
            let ranks: &[_] = if second_only { ballot.ranks.get(1..2).unwrap_or(&[]) } else { ballot.ranks.get(1..).unwrap_or(&[]) };
            let to = ranks.iter().find_map(|r| {
                if r.marks.len() != 1 {
                    return Some(None);
                }
                let m = r.marks[0];
                in_field(m).then_some(Some(m))
            });
            match to.flatten() {
                Some(m) => {
                    v2[m as usize] += w;
                    moves.push((from, Target::Candidate(m), w));
                }
                None => {
                    inactive2.exhausted_choices += f(w);
                    moves.push((from, Target::Exhausted, w));
                }
            }
        }
    }
    for (c, why) in &field_reasons {
        r1.actions.push(qualified(*c, why.clone()));
    }
    for &c in &all {
        if !in_field(c) {
            let mut tr: Vec<(Target, Fixed)> = Vec::new();
            for &(from, t, w) in &moves {
                if from == c {
                    match tr.iter_mut().find(|(x, _)| *x == t) {
                        Some((_, s)) => *s += f(w),
                        None => tr.push((t, f(w))),
                    }
                }
            }
            tr.sort_by_key(|(t, _)| *t);
            r1.actions.push(Action { kind: ActionKind::Eliminated, candidate: c, surplus_fraction: None, transfers: tr, reason: Some(out_reason(c)) });
        }
    }
    let mut sorted_field = field_cands.clone();
    sorted_field.sort_unstable();
    let best = sorted_field.iter().map(|&c| v2[c as usize]).max().expect("a runoff candidate");
    let leaders: Vec<Cand> = sorted_field.iter().copied().filter(|&c| v2[c as usize] == best).collect();
    let winner = if leaders.len() == 1 {
        leaders[0]
    } else {
        let mut draw = leaders.clone();
        draw.shuffle(&mut rng);
        ties.push(RankedTie { round: 2, choosing: TieFor::Winner, contenders: leaders.clone(), chosen: draw[0], decided_by: format!("lot (seed {seed})") });
        draw[0]
    };
    let total2: u128 = sorted_field.iter().map(|&c| v2[c as usize]).sum();
    let (threshold2, why) = match sorted_field.len() {
        1 => (None, "only candidate in the runoff"),
        2 => (Some(f(total2 / 2 + 1)), "more votes in the runoff"),
        _ => (None, "most votes in the runoff (a relative majority suffices)"),
    };
    let r2 = Round {
        number: 2,
        tally: sorted_field.iter().map(|&c| (c, f(v2[c as usize]))).collect(),
        threshold: threshold2,
        inactive: inactive2,
        actions: vec![Action { kind: ActionKind::Elected, candidate: winner, surplus_fraction: None, transfers: vec![], reason: Some(why.into()) }],
        residual_surplus: Fixed::zero(0),
    };
    let mut t = tabulation(rule, bb, 1, vec![r1, r2], vec![winner], ties);
    t.notes = notes;
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bb() -> BallotBox {
        let mut b = BallotBox::new(vec!["A".into(), "B".into(), "C".into()]);
        b.add_order(&[0], 40);
        b.add_order(&[1, 0], 35);
        b.add_order(&[2, 0, 1], 15);
        b.add_order(&[2, 1], 10);
        b
    }

    #[test]
    fn plurality_two_round_and_supplementary() {
        let o = DirectOptions::default();
        assert_eq!(plurality(&bb(), 1, &o).unwrap().winners_by_name(), vec!["A"]);
        // Runoff A–B: A 40 + 15 = 55, B 35 + 10 = 45.
        let t = two_round(&bb(), &o, None).unwrap();
        assert_eq!(t.winners_by_name(), vec!["A"]);
        assert_eq!(t.rounds[1].tally, vec![(0, f(55)), (1, f(45))]);
        // Supplementary: only second preferences count: C,A,B → A; C,B → B.
        let t = supplementary(&bb(), &o).unwrap();
        assert_eq!(t.rounds[1].tally, vec![(0, f(55)), (1, f(45))]);
    }

    #[test]
    fn against_all_and_quorum() {
        // A is 'against all' with 40 votes, more than B (35) and C (25): void, or B wins.
        let mut o = DirectOptions { non_contestant: Some(0), ..Default::default() };
        let t = plurality(&bb(), 1, &o).unwrap();
        assert!(t.elected.is_empty() && t.notes[0].starts_with("void"));
        o.if_non_contestant_tops = NonContestantTops::Ignore;
        assert_eq!(plurality(&bb(), 1, &o).unwrap().winners_by_name(), vec!["B"]);
        // Two-round: B and C go to the runoff; the 40 'against all' ballots rank A first.
        let t = two_round(&bb(), &o, None).unwrap();
        assert_eq!(t.rounds[1].tally.iter().map(|x| x.0).collect::<Vec<_>>(), vec![1, 2]);
        // Quorum: 100 ballots of 250 voters is 40%, below 50%.
        let q = DirectOptions { electorate: Some(250), quorum: Some("50%".parse().unwrap()), ..Default::default() };
        assert!(two_round(&bb(), &q, None).unwrap().notes[0].contains("quorum"));
    }

    /// First preferences A 300, B 200, C 130, D 100, E 70 (800 valid votes), each ballot
    /// ranking only its first choice unless `then` gives second choices.
    fn legislative(then: &[(Cand, Cand, u64)]) -> BallotBox {
        let mut b = BallotBox::new(["A", "B", "C", "D", "E"].iter().map(|s| s.to_string()).collect());
        let firsts = [300u64, 200, 130, 100, 70];
        for (c, &n) in firsts.iter().enumerate() {
            let moved: u64 = then.iter().filter(|x| x.0 == c as Cand).map(|x| x.2).sum();
            b.add_order(&[c as Cand], n - moved);
        }
        for &(from, to, n) in then {
            b.add_order(&[from, to], n);
        }
        b
    }

    fn bar(share: &str, of: BarBase, at_least_two: bool) -> RunoffField {
        RunoffField::Bar { share: share.parse().unwrap(), of, at_least_two }
    }

    fn field(t: &Tabulation) -> Vec<&str> {
        t.rounds[0].actions.iter().filter(|a| a.kind == ActionKind::Qualified).map(|a| t.name(a.candidate)).collect()
    }

    #[test]
    fn runoff_bar_of_registered_voters_lets_three_through() {
        // 12.5% of 1000 registered voters is 125 votes: A, B and C (130) go through, D
        // (100) and E do not. In the runoff (its own votes, a second input) B leads with a
        // relative majority: 360 of 810 is less than half, but the most.
        let o = DirectOptions { electorate: Some(1000), runoff_field: bar("12.5%", BarBase::Electorate, true), ..Default::default() };
        let run = [(0, 350), (1, 360), (2, 100)];
        let t = two_round(&legislative(&[]), &o, Some(&run)).unwrap();
        assert_eq!(field(&t), vec!["A", "B", "C"]);
        assert_eq!(t.winners_by_name(), vec!["B"]);
        assert_eq!(t.rounds[1].threshold, None, "a relative majority suffices");
        assert_eq!(t.rounds[1].tally, vec![(0, f(350)), (1, f(360)), (2, f(100))]);
        assert_eq!(t.notes, vec!["runoff bar: 12.5% of the 1000 registered voters: 125 votes"]);
        let c = t.rounds[0].actions.iter().find(|a| a.candidate == 2).unwrap();
        assert_eq!(c.reason.as_deref(), Some("130 votes reach the runoff bar (12.5% of the 1000 registered voters: 125 votes)"));
        let d = t.rounds[0].actions.iter().find(|a| a.candidate == 3).unwrap();
        assert_eq!((d.kind, d.reason.as_deref()), (ActionKind::Eliminated, Some("100 votes, below the runoff bar (12.5% of the 1000 registered voters: 125 votes)")));
        // The runoff file may not give votes to a candidate who did not go through.
        let bad = [(0, 350), (3, 10)];
        assert!(matches!(two_round(&legislative(&[]), &o, Some(&bad)), Err(RankedError::Rule(m)) if m.contains("D, who is not in the runoff")));
    }

    #[test]
    fn runoff_bar_is_exact_and_the_leaders_make_up_two() {
        // The bar is compared exactly: 12.5% of 1040 is 130, which C's 130 votes reach;
        // 12.5% of 1041 is 130.125, which they do not.
        let b = legislative(&[]);
        let o = |e: u64, two: bool| DirectOptions { electorate: Some(e), runoff_field: bar("12.5%", BarBase::Electorate, two), ..Default::default() };
        let t = two_round(&b, &o(1040, true), None).unwrap();
        assert_eq!(field(&t), vec!["A", "B", "C"]);
        let t = two_round(&b, &o(1041, true), None).unwrap();
        assert_eq!(field(&t), vec!["A", "B"]);
        // Electorate 2000: the bar is 250, only A reaches it; B (the next) goes through too.
        let t = two_round(&b, &o(2000, true), None).unwrap();
        assert_eq!(field(&t), vec!["A", "B"]);
        assert!(t.rounds[0].actions.iter().any(|a| a.candidate == 1 && a.reason.as_deref().unwrap().contains("among the two leaders")));
        // Without 'at least two', A is alone in the runoff and elected.
        let t = two_round(&b, &o(2000, false), None).unwrap();
        assert_eq!(field(&t), vec!["A"]);
        assert_eq!(t.winners_by_name(), vec!["A"]);
        assert_eq!(t.rounds[1].actions[0].reason.as_deref(), Some("only candidate in the runoff"));
        // Electorate 10000: nobody reaches 1250; the two leaders go through, or the
        // election is void.
        assert_eq!(field(&two_round(&b, &o(10_000, true), None).unwrap()), vec!["A", "B"]);
        let t = two_round(&b, &o(10_000, false), None).unwrap();
        assert!(t.elected.is_empty() && t.notes.last().unwrap().starts_with("void: no candidate reaches the runoff bar"), "{:?}", t.notes);
        // A bar of valid votes: 15% of 800 is 120, so C (130) goes through.
        let o = DirectOptions { runoff_field: bar("15%", BarBase::ValidVotes, false), ..Default::default() };
        assert_eq!(field(&two_round(&b, &o, None).unwrap()), vec!["A", "B", "C"]);
        // A share of registered voters without the electorate is an error.
        let o = DirectOptions { runoff_field: bar("12.5%", BarBase::Electorate, true), ..Default::default() };
        assert!(matches!(two_round(&b, &o, None), Err(RankedError::Rule(_))));
    }

    #[test]
    fn runoff_votes_from_the_ballots_go_to_the_highest_runoff_candidate() {
        // A, B and C go through (bar 125 of 1000). 60 of D's voters rank C next, the other
        // 40 rank nobody else, nor do E's 70: 110 ballots are exhausted in the runoff.
        let b = legislative(&[(3, 2, 60)]);
        let o = DirectOptions { electorate: Some(1000), runoff_field: bar("12.5%", BarBase::Electorate, true), ..Default::default() };
        let t = two_round(&b, &o, None).unwrap();
        assert_eq!(t.rounds[1].tally, vec![(0, f(300)), (1, f(200)), (2, f(190))]);
        assert_eq!(t.rounds[1].inactive.exhausted_choices, f(110));
        assert_eq!(t.winners_by_name(), vec!["A"]);
        let d = t.rounds[0].actions.iter().find(|a| a.candidate == 3).unwrap();
        assert_eq!(d.transfers, vec![(Target::Candidate(2), f(60)), (Target::Exhausted, f(40))]);
    }

    #[test]
    fn first_round_win_may_need_a_share_of_the_registered_voters() {
        // A: 450 of 800 valid votes, an absolute majority. With 2000 registered voters a
        // quarter is 500: no one is elected in the first round. With 1800, 450 is exactly
        // a quarter: A is elected.
        let mut b = BallotBox::new(["A", "B", "C", "D", "E"].iter().map(|s| s.to_string()).collect());
        for (c, n) in [450u64, 50, 130, 100, 70].into_iter().enumerate() {
            b.add_order(&[c as Cand], n);
        }
        let min = Some("25%".parse().unwrap());
        let o = |e| DirectOptions { electorate: Some(e), first_round_min_electorate: min, ..Default::default() };
        let t = two_round(&b, &o(2000), None).unwrap();
        assert_eq!(t.rounds.len(), 2);
        assert!(t.notes[0].contains("fewer votes than 25% of the 2000 registered voters: 500 votes"), "{:?}", t.notes);
        assert_eq!(field(&t), vec!["A", "C"]);
        let t = two_round(&b, &o(1800), None).unwrap();
        assert_eq!(t.rounds.len(), 1);
        assert_eq!(t.winners_by_name(), vec!["A"]);
        assert_eq!(t.rounds[0].actions[0].reason.as_deref(), Some("absolute majority (450 of 800 valid votes) and at least 25% of the 1800 registered voters: 450 votes"));
        assert!(matches!(two_round(&b, &DirectOptions { first_round_min_electorate: min, ..Default::default() }, None), Err(RankedError::Rule(_))));
    }

    #[test]
    fn a_tie_for_first_in_a_three_way_runoff_is_drawn_by_lot() {
        let o = DirectOptions { electorate: Some(1000), runoff_field: bar("12.5%", BarBase::Electorate, true), seed: 7, ..Default::default() };
        let run = [(0, 300), (1, 300), (2, 100)];
        let t = two_round(&legislative(&[]), &o, Some(&run)).unwrap();
        assert_eq!(t.ties.len(), 1);
        assert_eq!(t.ties[0].contenders, vec![0, 1]);
        assert_eq!(t.elected, vec![t.ties[0].chosen]);
        assert_eq!(t.ties[0].decided_by, "lot (seed 7)");
    }
}

