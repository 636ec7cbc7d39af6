//! Single transferable vote as the Scottish Local Government Elections Order 2007
//! (SSI 2007/42, schedule 1, rules 45 to 52) prescribes it: the weighted inclusive
//! Gregory method.
//!
//! - Quota (rule 46): valid papers ÷ (seats + 1), fraction disregarded, plus 1.
//! - A candidate with at least the quota is elected (rule 47).
//! - Surpluses, largest first (rule 49), are transferred before any exclusion: every
//!   paper the elected candidate holds moves to its next continuing preference at
//!   `value × surplus ÷ total`, calculated to 5 decimal places with any remainder
//!   ignored (rule 48(3)). What truncation loses is reported as residual surplus.
//! - Otherwise the candidate with the fewest votes is excluded and each of their papers
//!   moves at the value it had (rule 50).
//! - When the continuing candidates are as many as the seats left, they are elected
//!   (rule 52).
//! - Equal surpluses or equal lowest votes: the candidate who had more (fewer) votes at
//!   the earliest stage where they differed; equal throughout: lot (rules 49(3), 50(3)),
//!   drawn reproducibly from the seed.
//!
//! Values are whole units of 0.00001 vote, so every comparison is of integers.

use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::ballot::{BallotBox, Cand};
use super::fixed::Fixed;
use super::record::{Action, ActionKind, Inactive, RankedError, RankedTie, Round, Tabulation, Target, TieFor};
use super::add;
use super::Standing as St;

/// 5 decimal places: one vote is 100,000 units.
pub const SCOTTISH_SCALE: u8 = 5;
const ONE: i128 = 100_000;

/// Where a group of identical papers is and what each paper is worth.
#[derive(Clone, Copy, Debug)]
struct Paper {
    /// Index of the rank the paper currently counts at; `None`: non-transferable.
    at: Option<usize>,
    value: i128,
}

struct Count<'a> {
    bb: &'a BallotBox,
    seats: usize,
    quota: i128,
    status: Vec<St>,
    papers: Vec<Paper>,
    /// Surplus not yet transferred, per elected candidate.
    pending: Vec<bool>,
    history: Vec<Vec<i128>>,
    rounds: Vec<Round>,
    elected: Vec<Cand>,
    ties: Vec<RankedTie>,
    rng: ChaCha8Rng,
    seed: u64,
    exhausted: i128,
    residual: i128,
    /// Elected candidates whose surplus has gone: they hold exactly the quota.
    kept: Vec<Cand>,
    /// The paper groups each candidate holds (indices into `papers`): a transfer touches
    /// the papers it moves, not every paper.
    piles: Vec<Vec<usize>>,
    /// Each candidate's votes from the papers it holds (Σ value × weight over its pile),
    /// kept up to date as papers move: the same integers `votes()` once summed afresh.
    held: Vec<i128>,
}

fn fx(v: i128) -> Fixed {
    Fixed { raw: v, scale: SCOTTISH_SCALE }
}

/// Counts a ward under the Scottish rules. `seed` drives the lot, if a tie needs one.
pub fn scottish_stv(bb: &BallotBox, seats: u32, seed: u64) -> Result<Tabulation, RankedError> {
    super::check_seats(bb, seats)?;
    // Values are units of 10^-5 vote; a transfer multiplies one by a surplus.
    super::check_total(bb, "stv-scottish", 2 * SCOTTISH_SCALE as u32)?;
    let n = bb.num_candidates();
    let status: Vec<St> = bb.withdrawn.iter().map(|&w| if w { St::Excluded } else { St::Continuing }).collect();
    let mut c = Count {
        bb,
        seats: seats as usize,
        quota: 0,
        status,
        papers: vec![Paper { at: None, value: ONE }; bb.ballots.len()],
        pending: vec![false; n],
        history: Vec::new(),
        rounds: Vec::new(),
        elected: Vec::new(),
        ties: Vec::new(),
        rng: ChaCha8Rng::seed_from_u64(seed),
        seed,
        exhausted: 0,
        residual: 0,
        kept: Vec::new(),
        piles: vec![Vec::new(); n],
        held: vec![0; n],
    };
    // First stage: each paper to its first preference for a standing candidate. A paper
    // without one is invalid (rule 45: no first preference) and not in the quota.
    let mut valid: i128 = 0;
    for g in 0..bb.ballots.len() {
        let at = c.next_continuing(g, None);
        c.papers[g].at = at;
        if let Some(i) = at {
            valid += bb.ballots[g].weight as i128;
            let h = bb.ballots[g].ranks[i].marks[0] as usize;
            c.piles[h].push(g);
            c.held[h] += ONE * bb.ballots[g].weight as i128;
        }
    }
    if valid == 0 {
        return Err(RankedError::NoVotes);
    }
    let invalid = bb.total_weight() as i128 - valid;
    c.quota = (valid / (seats as i128 + 1) + 1) * ONE;
    c.run();
    let mut notes = Vec::new();
    if invalid > 0 {
        notes.push(format!("{invalid} ballot(s) give no valid first preference and are not counted"));
    }
    for (i, &w) in bb.withdrawn.iter().enumerate() {
        if w {
            notes.push(format!("{} withdrew", bb.candidates[i]));
        }
    }
    Ok(Tabulation {
        rule: "stv-scottish".into(),
        candidates: bb.candidates.clone(),
        seats,
        scale: SCOTTISH_SCALE,
        total_ballots: fx(valid * ONE),
        rounds: c.rounds,
        elected: c.elected,
        ties: c.ties,
        quota: Some(fx(c.quota)),
        notes,
    })
}

impl Count<'_> {
    /// The first rank after `from` (or from the start) whose single mark is a continuing
    /// candidate. A rank marking several candidates makes the paper non-transferable
    /// there: the voter's next preference is not clear.
    fn next_continuing(&self, g: usize, from: Option<usize>) -> Option<usize> {
        super::next_continuing(&self.bb.ballots[g], &self.status, from)
    }

    fn votes(&self) -> Vec<i128> {
        let mut v = self.held.clone();
        for &c in &self.kept {
            v[c as usize] += self.quota;
        }
        v
    }

    fn snapshot(&mut self, votes: &[i128]) {
        let n = self.status.len();
        let tally = (0..n).filter(|&c| self.status[c] != St::Excluded).map(|c| (c as Cand, fx(votes[c]))).collect();
        let mut inactive = Inactive::zero(SCOTTISH_SCALE);
        inactive.exhausted_choices = fx(self.exhausted);
        self.history.push(votes.to_vec());
        self.rounds.push(Round {
            number: self.rounds.len() as u32 + 1,
            tally,
            threshold: Some(fx(self.quota)),
            inactive,
            actions: Vec::new(),
            residual_surplus: fx(self.residual),
        });
    }

    fn continuing(&self) -> Vec<Cand> {
        (0..self.status.len() as Cand).filter(|&c| self.status[c as usize] == St::Continuing).collect()
    }

    fn run(&mut self) {
        loop {
            let votes = self.votes();
            self.snapshot(&votes);
            let mut actions = Vec::new();
            // Rule 47: everyone at or above the quota is elected, highest first.
            let mut new: Vec<Cand> = self.continuing().into_iter().filter(|&c| votes[c as usize] >= self.quota).collect();
            new.sort_by(|&a, &b| votes[b as usize].cmp(&votes[a as usize]).then(a.cmp(&b)));
            for &c in &new {
                if self.elected.len() < self.seats {
                    self.status[c as usize] = St::Elected;
                    self.pending[c as usize] = votes[c as usize] > self.quota;
                    self.elected.push(c);
                    actions.push(Action { kind: ActionKind::Elected, candidate: c, surplus_fraction: None, transfers: vec![], reason: None });
                }
            }
            let cont = self.continuing();
            if self.elected.len() == self.seats {
                self.rounds.last_mut().expect("snapshot").actions = actions;
                return;
            }
            // Rule 52: as many continuing candidates as seats left: all elected.
            if cont.len() <= self.seats - self.elected.len() {
                for &c in &cont {
                    self.status[c as usize] = St::Elected;
                    self.elected.push(c);
                    actions.push(Action {
                        kind: ActionKind::Elected,
                        candidate: c,
                        surplus_fraction: None,
                        transfers: vec![],
                        reason: Some("as many continuing candidates as vacancies".into()),
                    });
                }
                self.rounds.last_mut().expect("snapshot").actions = actions;
                return;
            }
            let with_surplus: Vec<Cand> = (0..self.status.len() as Cand).filter(|&c| self.pending[c as usize]).collect();
            let action = if !with_surplus.is_empty() {
                let top = with_surplus.iter().map(|&c| votes[c as usize]).max().expect("non-empty");
                let tied: Vec<Cand> = with_surplus.iter().copied().filter(|&c| votes[c as usize] == top).collect();
                let c = if tied.len() > 1 { self.break_tie(&tied, true, TieFor::SurplusOrder) } else { tied[0] };
                self.pending[c as usize] = false;
                self.transfer_surplus(c, votes[c as usize])
            } else {
                let low = cont.iter().map(|&c| votes[c as usize]).min().expect("continuing candidates remain");
                let tied: Vec<Cand> = cont.iter().copied().filter(|&c| votes[c as usize] == low).collect();
                let c = if tied.len() > 1 { self.break_tie(&tied, false, TieFor::Loser) } else { tied[0] };
                self.exclude(c)
            };
            actions.push(action);
            self.rounds.last_mut().expect("snapshot").actions = actions;
        }
    }

    /// Rule 48: every paper of `c` moves on at value × surplus ÷ total, truncated to 5
    /// decimals; the candidate keeps the quota.
    fn transfer_surplus(&mut self, c: Cand, total: i128) -> Action {
        let surplus = total - self.quota;
        let mut moved: Vec<(Target, i128)> = Vec::new();
        let mut sent = 0i128;
        let pile = std::mem::take(&mut self.piles[c as usize]);
        self.held[c as usize] = 0;
        for &g in &pile {
            let w = self.bb.ballots[g].weight as i128;
            let tv = (self.papers[g].value * surplus) / total;
            let next = self.next_continuing(g, self.papers[g].at);
            self.papers[g] = Paper { at: next, value: tv };
            let target = match next {
                Some(i) => {
                    let to = self.bb.ballots[g].ranks[i].marks[0];
                    self.piles[to as usize].push(g);
                    self.held[to as usize] += tv * w;
                    Target::Candidate(to)
                }
                None => {
                    self.exhausted += tv * w;
                    Target::Exhausted
                }
            };
            add(&mut moved, target, tv * w);
            sent += tv * w;
        }
        let lost = surplus - sent;
        if lost > 0 {
            self.residual += lost;
            add(&mut moved, Target::ResidualSurplus, lost);
        }
        moved.sort_by_key(|(t, _)| *t);
        // Papers that went nowhere stay with no holder; the candidate is credited with the
        // quota from now on, which the tally shows through `elected_votes`.
        self.elected_keep(c);
        Action {
            kind: ActionKind::SurplusTransferred,
            candidate: c,
            surplus_fraction: Some(fx((surplus * ONE) / total)),
            transfers: moved.into_iter().map(|(t, v)| (t, fx(v))).collect(),
            reason: None,
        }
    }

    fn exclude(&mut self, c: Cand) -> Action {
        self.status[c as usize] = St::Excluded;
        let mut moved: Vec<(Target, i128)> = Vec::new();
        let pile = std::mem::take(&mut self.piles[c as usize]);
        self.held[c as usize] = 0;
        for &g in &pile {
            let w = self.bb.ballots[g].weight as i128;
            let v = self.papers[g].value;
            let next = self.next_continuing(g, self.papers[g].at);
            self.papers[g].at = next;
            let target = match next {
                Some(i) => {
                    let to = self.bb.ballots[g].ranks[i].marks[0];
                    self.piles[to as usize].push(g);
                    self.held[to as usize] += v * w;
                    Target::Candidate(to)
                }
                None => {
                    self.exhausted += v * w;
                    Target::Exhausted
                }
            };
            add(&mut moved, target, v * w);
        }
        moved.sort_by_key(|(t, _)| *t);
        Action { kind: ActionKind::Eliminated, candidate: c, surplus_fraction: None, transfers: moved.into_iter().map(|(t, v)| (t, fx(v))).collect(), reason: None }
    }

    /// After its surplus is transferred an elected candidate holds exactly the quota:
    /// a phantom paper group is not needed; `votes()` adds it back.
    fn elected_keep(&mut self, c: Cand) {
        self.kept.push(c);
    }

    /// Rules 49(3) and 50(3): the earliest stage at which the tied candidates had unequal
    /// votes decides (most for a surplus, fewest for exclusion); else the lot.
    fn break_tie(&mut self, tied: &[Cand], most: bool, choosing: TieFor) -> Cand {
        let mut group: Vec<Cand> = tied.to_vec();
        let round = self.rounds.len() as u32;
        for (s, h) in self.history.iter().enumerate() {
            let pick = if most { group.iter().map(|&c| h[c as usize]).max() } else { group.iter().map(|&c| h[c as usize]).min() };
            let pick = pick.expect("tied is non-empty");
            let next: Vec<Cand> = group.iter().copied().filter(|&c| h[c as usize] == pick).collect();
            if next.len() < group.len() {
                group = next;
                if group.len() == 1 {
                    self.ties.push(RankedTie {
                        round,
                        choosing,
                        contenders: tied.to_vec(),
                        chosen: group[0],
                        decided_by: format!("{} votes at stage {}", if most { "most" } else { "fewest" }, s + 1),
                    });
                    return group[0];
                }
            }
        }
        group.sort_unstable();
        let chosen = *group.choose(&mut self.rng).expect("non-empty");
        self.ties.push(RankedTie { round, choosing, contenders: tied.to_vec(), chosen, decided_by: format!("lot (seed {})", self.seed) });
        chosen
    }
}

