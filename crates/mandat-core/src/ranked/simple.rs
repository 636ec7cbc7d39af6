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
    let seed = o.seed;
    let all = standing(bb);
    let cands: Vec<Cand> = all.iter().copied().filter(|&c| Some(c) != o.non_contestant).collect();
    if cands.len() < seats as usize || seats == 0 {
        return Err(RankedError::TooFewCandidates { seats, candidates: cands.len() });
    }
    let (v, inactive) = first_round(bb);
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
/// elected; otherwise a runoff between the two leaders. The runoff's votes are
/// `runoff` when given (votes per candidate, a second input), else each ballot's higher
/// preference between the two (the runoff the same voters would cast).
pub fn two_round(bb: &BallotBox, o: &DirectOptions, runoff: Option<&[(Cand, u64)]>) -> Result<Tabulation, RankedError> {
    majority_then_top_two("two-round", bb, o, runoff, false)
}

/// Supplementary vote: a first-round majority wins; otherwise all but the two leaders
/// are eliminated and their ballots go to their second preference if it is one of the
/// two (only the second rank counts), else are exhausted.
pub fn supplementary(bb: &BallotBox, o: &DirectOptions) -> Result<Tabulation, RankedError> {
    majority_then_top_two("supplementary", bb, o, None, true)
}

fn majority_then_top_two(rule: &str, bb: &BallotBox, o: &DirectOptions, runoff: Option<&[(Cand, u64)]>, second_only: bool) -> Result<Tabulation, RankedError> {
    let seed = o.seed;
    let all = standing(bb);
    let cands: Vec<Cand> = all.iter().copied().filter(|&c| Some(c) != o.non_contestant).collect();
    if cands.is_empty() {
        return Err(RankedError::NoCandidates);
    }
    let (v, inactive) = first_round(bb);
    let valid: u128 = v.iter().sum();
    if valid == 0 {
        return Err(RankedError::NoVotes);
    }
    // More than half: threshold = floor(valid / 2) + 1.
    let threshold = valid / 2 + 1;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut ties = Vec::new();
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
        r1.actions.push(Action { kind: ActionKind::Elected, candidate: w, surplus_fraction: None, transfers: vec![], reason: Some("absolute majority".into()) });
        return Ok(tabulation(rule, bb, 1, vec![r1], vec![w], ties));
    }
    if cands.len() == 1 {
        r1.actions.push(Action { kind: ActionKind::Elected, candidate: cands[0], surplus_fraction: None, transfers: vec![], reason: Some("only candidate".into()) });
        return Ok(tabulation(rule, bb, 1, vec![r1], vec![cands[0]], ties));
    }
    let two = top(&cands, &v, 2, &mut rng, seed, 1, &mut ties);
    let (a, b) = (two[0], two[1]);
    let mut v2 = vec![0u128; bb.num_candidates()];
    v2[a as usize] = v[a as usize];
    v2[b as usize] = v[b as usize];
    let mut inactive2 = inactive;
    let mut moves: Vec<(Cand, Target, u128)> = Vec::new();
    if let Some(run) = runoff {
        v2 = vec![0u128; bb.num_candidates()];
        for &(c, n) in run {
            v2[c as usize] += n as u128;
        }
    } else {
        for ballot in &bb.ballots {
            let from = match first_choice(ballot, bb) {
                Ok(c) if c != a && c != b => c,
                _ => continue,
            };
            let w = ballot.weight as u128;
            let ranks: &[_] = if second_only { ballot.ranks.get(1..2).unwrap_or(&[]) } else { ballot.ranks.get(1..).unwrap_or(&[]) };
            let to = ranks.iter().find_map(|r| {
                if r.marks.len() != 1 {
                    return Some(None);
                }
                let m = r.marks[0];
                (m == a || m == b).then_some(Some(m))
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
    for &c in &all {
        if c != a && c != b {
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
            r1.actions.push(Action { kind: ActionKind::Eliminated, candidate: c, surplus_fraction: None, transfers: tr, reason: Some("not among the two leaders".into()) });
        }
    }
    let winner = if v2[a as usize] != v2[b as usize] {
        if v2[a as usize] > v2[b as usize] { a } else { b }
    } else {
        let mut pair = [a.min(b), a.max(b)];
        pair.shuffle(&mut rng);
        ties.push(RankedTie { round: 2, choosing: TieFor::Winner, contenders: vec![a.min(b), a.max(b)], chosen: pair[0], decided_by: format!("lot (seed {seed})") });
        pair[0]
    };
    let total2 = v2[a as usize] + v2[b as usize];
    let r2 = Round {
        number: 2,
        tally: vec![(a.min(b), f(v2[a.min(b) as usize])), (a.max(b), f(v2[a.max(b) as usize]))],
        threshold: Some(f(total2 / 2 + 1)),
        inactive: inactive2,
        actions: vec![Action { kind: ActionKind::Elected, candidate: winner, surplus_fraction: None, transfers: vec![], reason: Some("more votes in the runoff".into()) }],
        residual_surplus: Fixed::zero(0),
    };
    Ok(tabulation(rule, bb, 1, vec![r1, r2], vec![winner], ties))
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
}
