//! STV by the Electoral Reform Society's 1997 rules (ERS97; R. A. Newland and F. S.
//! Britton, "How to conduct an election by the Single Transferable Vote", 3rd edition):
//! exclusive Gregory, two decimal places.
//!
//! What is implemented, in ERS97's terms:
//! - values in hundredths of a vote, remainders ignored;
//! - quota: total valid votes ÷ (seats + 1), to two decimals; if the division is not
//!   exact, the remainder is ignored and 0.01 added (5.1.6);
//! - a surplus is transferred from the last parcel only (all papers if the candidate was
//!   elected on first preferences); the transfer value is the surplus ÷ the transferable
//!   papers of that parcel, to two decimals, but never more than the value at which they
//!   were received; what is not transferred is non-transferable (lost);
//! - surpluses are transferred largest first, but deferred while all of them together
//!   are less than the gap between the two lowest continuing candidates (they could not
//!   save the lowest from exclusion);
//! - an excluded candidate's papers move in sub-stages, parcel by parcel of equal value,
//!   highest value first; a candidate reaching the quota at a sub-stage is elected and
//!   receives nothing more;
//! - equal candidates: the one with more (fewer) votes at the earliest stage at which
//!   they differed, then lot (seeded);
//! - as many continuing candidates as vacancies: all elected.
//!
//! Not implemented: the rule that ends exclusion sub-stages early when the remaining
//! papers cannot change the outcome, and bulk exclusion.

use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::ballot::{BallotBox, Cand};
use super::fixed::Fixed;
use super::record::{Action, ActionKind, Inactive, RankedError, RankedTie, Round, Tabulation, Target, TieFor};
use super::Standing as St;

const ONE: i64 = 100;
const SCALE: u8 = 2;

#[derive(Clone, Copy, Debug)]
struct Paper {
    at: Option<usize>,
    /// Value of each paper, in hundredths.
    value: i64,
    /// The stage at which the current holder received it.
    received: u32,
}

fn fx(v: i64) -> Fixed {
    Fixed { raw: v as i128, scale: SCALE }
}

struct Count<'a> {
    bb: &'a BallotBox,
    seats: usize,
    quota: i64,
    st: Vec<St>,
    papers: Vec<Paper>,
    elected_at: Vec<u32>,
    /// Elected candidates whose surplus is still to transfer.
    pending: Vec<bool>,
    /// Votes credited once the surplus is gone (the quota).
    fixed_votes: Vec<Option<i64>>,
    history: Vec<Vec<i64>>,
    rounds: Vec<Round>,
    elected: Vec<Cand>,
    ties: Vec<RankedTie>,
    exhausted: i64,
    lost: i64,
    rng: ChaCha8Rng,
    seed: u64,
}

/// Counts by the ERS97 rules.
pub fn ers97(bb: &BallotBox, seats: u32, seed: u64) -> Result<Tabulation, RankedError> {
    let n = bb.num_candidates();
    if n == 0 {
        return Err(RankedError::NoCandidates);
    }
    if seats == 0 {
        return Err(RankedError::NoSeats);
    }
    let standing = bb.withdrawn.iter().filter(|&&w| !w).count();
    if standing < seats as usize {
        return Err(RankedError::TooFewCandidates { seats, candidates: standing });
    }
    let mut c = Count {
        bb,
        seats: seats as usize,
        quota: 0,
        st: bb.withdrawn.iter().map(|&w| if w { St::Excluded } else { St::Continuing }).collect(),
        papers: vec![Paper { at: None, value: ONE, received: 1 }; bb.ballots.len()],
        elected_at: vec![0; n],
        pending: vec![false; n],
        fixed_votes: vec![None; n],
        history: Vec::new(),
        rounds: Vec::new(),
        elected: Vec::new(),
        ties: Vec::new(),
        exhausted: 0,
        lost: 0,
        rng: ChaCha8Rng::seed_from_u64(seed),
        seed,
    };
    let mut valid = 0i64;
    for g in 0..bb.ballots.len() {
        c.papers[g].at = c.next(g, None);
        if c.papers[g].at.is_some() {
            valid += bb.ballots[g].weight as i64;
        }
    }
    if valid == 0 {
        return Err(RankedError::NoVotes);
    }
    c.quota = quota_of(valid * ONE, c.seats);
    c.run();
    Ok(Tabulation {
        rule: "ers97".into(),
        candidates: bb.candidates.clone(),
        seats,
        scale: SCALE,
        total_ballots: fx(valid * ONE),
        rounds: c.rounds,
        elected: c.elected,
        ties: c.ties,
        quota: Some(fx(c.quota)),
        notes: Vec::new(),
    })
}

impl Count<'_> {
    fn next(&self, g: usize, from: Option<usize>) -> Option<usize> {
        let ranks = &self.bb.ballots[g].ranks;
        for (i, r) in ranks.iter().enumerate().skip(from.map_or(0, |i| i + 1)) {
            if r.marks.len() != 1 {
                return None;
            }
            let m = r.marks[0] as usize;
            if m < self.st.len() && self.st[m] == St::Continuing {
                return Some(i);
            }
        }
        None
    }

    fn holder(&self, g: usize) -> Option<usize> {
        self.papers[g].at.map(|i| self.bb.ballots[g].ranks[i].marks[0] as usize)
    }

    fn votes(&self) -> Vec<i64> {
        let mut v = vec![0i64; self.st.len()];
        for (g, p) in self.papers.iter().enumerate() {
            if let Some(h) = self.holder(g) {
                if self.fixed_votes[h].is_none() {
                    v[h] += p.value * self.bb.ballots[g].weight as i64;
                }
            }
        }
        for (c, f) in self.fixed_votes.iter().enumerate() {
            if let Some(q) = f {
                v[c] = *q;
            }
        }
        v
    }

    fn stage(&self) -> u32 {
        self.rounds.len() as u32
    }

    /// Records a stage with the action that ends it; elects whoever reached the quota.
    fn close_stage(&mut self, mut actions: Vec<Action>) {
        let votes = self.votes();
        let mut new: Vec<usize> = (0..self.st.len()).filter(|&c| self.st[c] == St::Continuing && votes[c] >= self.quota).collect();
        new.sort_by(|&a, &b| votes[b].cmp(&votes[a]).then(a.cmp(&b)));
        let stage = self.stage() + 1;
        for c in new {
            if self.elected.len() < self.seats {
                self.st[c] = St::Elected;
                self.elected.push(c as Cand);
                self.elected_at[c] = stage;
                self.pending[c] = votes[c] > self.quota;
                actions.insert(0, Action { kind: ActionKind::Elected, candidate: c as Cand, surplus_fraction: None, transfers: vec![], reason: None });
            }
        }
        let mut inactive = Inactive::zero(SCALE);
        inactive.exhausted_choices = fx(self.exhausted);
        self.history.push(votes.clone());
        self.rounds.push(Round {
            number: stage,
            tally: (0..self.st.len()).filter(|&c| self.st[c] != St::Excluded || votes[c] > 0).map(|c| (c as Cand, fx(votes[c]))).collect(),
            threshold: Some(fx(self.quota)),
            inactive,
            actions,
            residual_surplus: fx(self.lost),
        });
    }

    /// The action ends the current stage (its transfers show in the next one).
    fn act_then_close(&mut self, a: Action) {
        self.rounds.last_mut().expect("a stage").actions.push(a);
        self.close_stage(Vec::new());
    }

    fn run(&mut self) {
        self.close_stage(Vec::new());
        loop {
            if self.elected.len() >= self.seats {
                return;
            }
            let cont: Vec<usize> = (0..self.st.len()).filter(|&c| self.st[c] == St::Continuing).collect();
            if cont.len() <= self.seats - self.elected.len() {
                let stage = self.stage();
                let last = self.rounds.last_mut().expect("a stage");
                for &c in &cont {
                    self.st[c] = St::Elected;
                    self.elected.push(c as Cand);
                    self.elected_at[c] = stage;
                    last.actions.push(Action {
                        kind: ActionKind::Elected,
                        candidate: c as Cand,
                        surplus_fraction: None,
                        transfers: vec![],
                        reason: Some("as many continuing candidates as vacancies".into()),
                    });
                }
                return;
            }
            let votes = self.votes();
            let surpluses: Vec<usize> = (0..self.st.len()).filter(|&c| self.pending[c]).collect();
            let total_surplus: i64 = surpluses.iter().map(|&c| votes[c] - self.quota).sum();
            let mut low: Vec<i64> = cont.iter().map(|&c| votes[c]).collect();
            low.sort_unstable();
            let gap = if low.len() >= 2 { low[1] - low[0] } else { i64::MAX };
            if !surpluses.is_empty() && total_surplus >= gap {
                let top = surpluses.iter().map(|&c| votes[c]).max().expect("non-empty");
                let tied: Vec<usize> = surpluses.iter().copied().filter(|&c| votes[c] == top).collect();
                let c = if tied.len() > 1 { self.tie(&tied, true, TieFor::SurplusOrder) } else { tied[0] };
                let a = self.transfer_surplus(c, votes[c]);
                self.act_then_close(a);
            } else {
                // Deferred surpluses stay where they are; the lowest is excluded.
                let m = low[0];
                let tied: Vec<usize> = cont.iter().copied().filter(|&c| votes[c] == m).collect();
                let c = if tied.len() > 1 { self.tie(&tied, false, TieFor::Loser) } else { tied[0] };
                self.exclude(c);
            }
        }
    }

    fn transfer_surplus(&mut self, c: usize, total: i64) -> Action {
        let surplus = total - self.quota;
        let parcel_stage = self.elected_at[c];
        let first_stage = parcel_stage == 1;
        // The last parcel: papers received at the stage that elected the candidate.
        let parcel: Vec<usize> = (0..self.papers.len()).filter(|&g| self.holder(g) == Some(c) && (first_stage || self.papers[g].received == parcel_stage)).collect();
        let transferable: Vec<(usize, usize)> = parcel.iter().filter_map(|&g| self.next(g, self.papers[g].at).map(|i| (g, i))).collect();
        let papers: i64 = transferable.iter().map(|&(g, _)| self.bb.ballots[g].weight as i64).sum();
        let value: i64 = transferable.iter().map(|&(g, _)| self.papers[g].value * self.bb.ballots[g].weight as i64).sum();
        let stage = self.stage() + 1;
        let mut moved: Vec<(Target, i64)> = Vec::new();
        let mut sent = 0i64;
        let tv_all = if papers > 0 { surplus / papers } else { 0 };
        for &(g, i) in &transferable {
            let w = self.bb.ballots[g].weight as i64;
            // Never more than the value at which the papers were received.
            let tv = if value <= surplus { self.papers[g].value } else { tv_all.min(self.papers[g].value) };
            self.papers[g] = Paper { at: Some(i), value: tv, received: stage };
            let to = self.bb.ballots[g].ranks[i].marks[0];
            add(&mut moved, Target::Candidate(to), tv * w);
            sent += tv * w;
        }
        let lost = surplus - sent;
        if lost > 0 {
            self.lost += lost;
            add(&mut moved, Target::ResidualSurplus, lost);
        }
        self.pending[c] = false;
        self.fixed_votes[c] = Some(self.quota);
        moved.sort_by_key(|x| x.0);
        Action {
            kind: ActionKind::SurplusTransferred,
            candidate: c as Cand,
            surplus_fraction: Some(fx(if value <= surplus { ONE } else { tv_all })),
            transfers: moved.into_iter().map(|(t, v)| (t, fx(v))).collect(),
            reason: if value <= surplus { Some("at the values received".into()) } else { None },
        }
    }

    /// Excludes `c`: one sub-stage per value of paper, highest first.
    fn exclude(&mut self, c: usize) {
        self.st[c] = St::Excluded;
        let mut values: Vec<i64> = (0..self.papers.len()).filter(|&g| self.holder(g) == Some(c)).map(|g| self.papers[g].value).collect();
        values.sort_unstable_by(|a, b| b.cmp(a));
        values.dedup();
        if values.is_empty() {
            self.act_then_close(Action { kind: ActionKind::Eliminated, candidate: c as Cand, surplus_fraction: None, transfers: vec![], reason: None });
            return;
        }
        for v in values {
            let stage = self.stage() + 1;
            let mut moved: Vec<(Target, i64)> = Vec::new();
            for g in 0..self.papers.len() {
                if self.holder(g) != Some(c) || self.papers[g].value != v {
                    continue;
                }
                let w = self.bb.ballots[g].weight as i64;
                let next = self.next(g, self.papers[g].at);
                self.papers[g].at = next;
                self.papers[g].received = stage;
                match next {
                    Some(i) => add(&mut moved, Target::Candidate(self.bb.ballots[g].ranks[i].marks[0]), v * w),
                    None => {
                        self.exhausted += v * w;
                        add(&mut moved, Target::Exhausted, v * w);
                    }
                }
            }
            moved.sort_by_key(|x| x.0);
            self.act_then_close(Action {
                kind: ActionKind::Eliminated,
                candidate: c as Cand,
                surplus_fraction: Some(fx(v)),
                transfers: moved.into_iter().map(|(t, x)| (t, fx(x))).collect(),
                reason: Some(format!("papers of value {}", fx(v).plain())),
            });
            if self.elected.len() >= self.seats {
                return;
            }
        }
    }

    fn tie(&mut self, tied: &[usize], most: bool, choosing: TieFor) -> usize {
        let mut group = tied.to_vec();
        for (s, h) in self.history.iter().enumerate() {
            let pick = if most { group.iter().map(|&c| h[c]).max() } else { group.iter().map(|&c| h[c]).min() }.expect("non-empty");
            let next: Vec<usize> = group.iter().copied().filter(|&c| h[c] == pick).collect();
            if next.len() < group.len() {
                group = next;
                if group.len() == 1 {
                    let how = format!("{} votes at stage {}", if most { "most" } else { "fewest" }, s + 1);
                    self.ties.push(RankedTie { round: self.stage(), choosing, contenders: tied.iter().map(|&c| c as Cand).collect(), chosen: group[0] as Cand, decided_by: how });
                    return group[0];
                }
            }
        }
        let chosen = *group.choose(&mut self.rng).expect("non-empty");
        self.ties.push(RankedTie { round: self.stage(), choosing, contenders: tied.iter().map(|&c| c as Cand).collect(), chosen: chosen as Cand, decided_by: format!("lot (seed {})", self.seed) });
        chosen
    }
}

/// ERS97 5.1.6: `total` (in hundredths) ÷ (seats + 1) to two decimals; exact, or the
/// remainder ignored and 0.01 added: the division rounded up to the hundredth.
fn quota_of(total: i64, seats: usize) -> i64 {
    let n = seats as i64 + 1;
    (total + n - 1) / n
}

fn add(v: &mut Vec<(Target, i64)>, t: Target, x: i64) {
    match v.iter_mut().find(|(a, _)| *a == t) {
        Some((_, s)) => *s += x,
        None => v.push((t, x)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_parcel_only_and_two_decimals() {
        // 2 seats, 31 votes: quota 31 / 3 = 10.333… → 10.33 + 0.01 = 10.34. A (15) is
        // elected at stage 1; B 5, C 6, D 5: the surplus 4.66 exceeds the gap between the
        // two lowest (0), so it moves: 15 transferable papers, transfer value 4.66 / 15 =
        // 0.3106… → 0.31; 4.65 goes to B and 0.01 is lost.
        let mut b = BallotBox::new(vec!["A".into(), "B".into(), "C".into(), "D".into()]);
        b.add_order(&[0, 1], 15);
        b.add_order(&[1], 5);
        b.add_order(&[2], 6);
        b.add_order(&[3, 2], 5);
        let t = ers97(&b, 2, 0).unwrap();
        assert_eq!(t.quota.unwrap().plain(), "10.34");
        let s = t.rounds[0].actions.iter().find(|a| a.kind == ActionKind::SurplusTransferred);
        let s = s.expect("surplus transferred at the first stage");
        assert_eq!(s.surplus_fraction.unwrap().plain(), "0.31");
        assert_eq!(s.transfers, vec![(Target::Candidate(1), fx(465)), (Target::ResidualSurplus, fx(1))]);
        assert_eq!(t.winners_by_name().len(), 2);
    }

    #[test]
    fn an_exact_quota_has_nothing_added() {
        // ERS97 5.1.6: "If the result is exact that is the quota." 30 votes, 2 seats: 10.00.
        // 3,001 votes, 2 seats: 1000.333… → 1000.34.
        assert_eq!(quota_of(30 * ONE, 2), 1000);
        assert_eq!(quota_of(3001 * ONE, 2), 100_034);
        assert_eq!(quota_of(10 * ONE, 1), 500);
        assert_eq!(quota_of(1, 1), 1);
    }
}
