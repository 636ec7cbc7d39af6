//! STV by the Electoral Reform Society's 1997 rules (ERS97; R. A. Newland and F. S.
//! Britton, "How to conduct an election by the Single Transferable Vote", 3rd edition):
//! exclusive Gregory, two decimal places.
//!
//! What is implemented, in ERS97's terms:
//! - values in hundredths of a vote, remainders ignored;
//! - quota: total valid votes ÷ (seats + 1), to two decimals; if the division is not
//!   exact, the remainder is ignored and 0.01 added (5.1.6); recalculated in the same way,
//!   ignoring the non-transferable vote, whenever papers have become non-transferable
//!   before anyone is deemed elected (5.4.8);
//! - a surplus is transferred from the last received batch only (all papers if it arose
//!   at the first stage) (5.3.1, 5.3.2); the transfer value is the surplus ÷ the transferable
//!   papers of that parcel, to two decimals, but never more than the value at which they
//!   were received; what is not transferred is non-transferable (lost);
//! - surpluses are transferred largest first (5.2.3), but deferred if together they do
//!   not exceed the gap between the two lowest continuing candidates, or between the
//!   votes of a group that could be excluded under 5.2.5 and the candidate next above
//!   (5.2.2): they could not save anyone excluded;
//! - exclusion (5.2.5): as many of the lowest candidates together as possible, provided
//!   that enough candidates remain to fill the places and that their votes with the
//!   deferred surpluses do not exceed the vote of the candidate next above; the
//!   reason names the group and the figures;
//! - an excluded candidate's papers move in sub-stages, parcel by parcel of equal value,
//!   highest value first; a candidate deemed elected at a sub-stage receives nothing
//!   more (5.4.10), and once the places are filled no further batch moves (5.5.2);
//! - after every stage or sub-stage, continuing candidates are deemed elected in
//!   descending order of votes if their vote equals or exceeds (a) the quota or (b) the
//!   total active vote (continuing candidates' votes plus votes awaiting transfer, 6.20)
//!   divided by one more than the places not yet filled (5.1.7, 5.3.13, 5.4.9). With one
//!   place left, (b) elects a candidate with at least as many votes as all the other
//!   continuing candidates and the untransferred surpluses together, without further
//!   transfers. Equal candidates for too few places: the one with more votes at the
//!   earliest point where they differed; equal throughout, none at that stage (5.6.2);
//! - equal candidates otherwise (surplus order, exclusion): the one with more (fewer)
//!   votes at the earliest stage at which they differed, then lot (seeded) (5.2.3, 5.2.5);
//! - as many continuing candidates as places left: all deemed elected (4.3); an exclusion
//!   that would leave that many: they are deemed elected and the excluded candidate's
//!   papers are not transferred (5.5.1).

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::ballot::{BallotBox, Cand};
use super::fixed::Fixed;
use super::record::{Action, ActionKind, Inactive, RankedError, RankedTie, Round, Tabulation, Target, TieFor};
use super::add;
use super::Standing as St;

const ONE: i128 = 100;
const SCALE: u8 = 2;

#[derive(Clone, Copy, Debug)]
struct Paper {
    at: Option<usize>,
    /// Value of each paper, in hundredths.
    value: i128,
    /// The stage at which the current holder received it.
    received: u32,
}

fn fx(v: i128) -> Fixed {
    Fixed { raw: v, scale: SCALE }
}

struct Count<'a> {
    bb: &'a BallotBox,
    seats: usize,
    quota: i128,
    st: Vec<St>,
    papers: Vec<Paper>,
    /// Elected candidates whose surplus is still to transfer.
    pending: Vec<bool>,
    /// Votes credited once the surplus is gone (the quota).
    fixed_votes: Vec<Option<i128>>,
    history: Vec<Vec<i128>>,
    rounds: Vec<Round>,
    elected: Vec<Cand>,
    ties: Vec<RankedTie>,
    exhausted: i128,
    lost: i128,
    rng: ChaCha8Rng,
    seed: u64,
    notes: Vec<String>,
    /// The total valid vote, in hundredths.
    total: i128,
    /// Whether 5.4.8 lowered the quota.
    quota_reduced: bool,
}

/// Counts by the ERS97 rules.
pub fn ers97(bb: &BallotBox, seats: u32, seed: u64) -> Result<Tabulation, RankedError> {
    super::check_seats(bb, seats)?;
    super::check_total(bb, "ers97", 2 * SCALE as u32)?;
    let n = bb.num_candidates();
    let mut c = Count {
        bb,
        seats: seats as usize,
        quota: 0,
        st: bb.withdrawn.iter().map(|&w| if w { St::Excluded } else { St::Continuing }).collect(),
        papers: vec![Paper { at: None, value: ONE, received: 1 }; bb.ballots.len()],
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
        notes: Vec::new(),
        total: 0,
        quota_reduced: false,
    };
    let mut valid = 0i128;
    for g in 0..bb.ballots.len() {
        c.papers[g].at = c.next(g, None);
        if c.papers[g].at.is_some() {
            valid += bb.ballots[g].weight as i128;
        }
    }
    if valid == 0 {
        return Err(RankedError::NoVotes);
    }
    c.total = valid * ONE;
    c.quota = quota_of(c.total, c.seats);
    let first_quota = c.quota;
    c.run();
    if c.quota_reduced {
        c.notes.push(format!(
            "the quota fell from {} to {} as papers became non-transferable before anyone was deemed elected (ERS97 5.4.8); each stage's threshold is the quota then in force",
            fx(first_quota).plain(),
            fx(c.quota).plain()
        ));
    }
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
        notes: c.notes,
    })
}

impl Count<'_> {
    fn next(&self, g: usize, from: Option<usize>) -> Option<usize> {
        super::next_continuing(&self.bb.ballots[g], &self.st, from)
    }

    fn holder(&self, g: usize) -> Option<usize> {
        self.papers[g].at.map(|i| self.bb.ballots[g].ranks[i].marks[0] as usize)
    }

    fn votes(&self) -> Vec<i128> {
        let mut v = vec![0i128; self.st.len()];
        for (g, p) in self.papers.iter().enumerate() {
            if let Some(h) = self.holder(g) {
                if self.fixed_votes[h].is_none() {
                    v[h] += p.value * self.bb.ballots[g].weight as i128;
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

    /// ERS97 6.20: the votes of all continuing candidates plus any votes awaiting
    /// transfer (surpluses not yet transferred, papers of excluded candidates not yet
    /// moved).
    fn total_active_vote(&self, votes: &[i128]) -> i128 {
        (0..self.st.len())
            .map(|c| match self.st[c] {
                St::Continuing | St::Excluded => votes[c],
                St::Elected if self.pending[c] => votes[c] - self.quota,
                St::Elected => 0,
            })
            .sum()
    }

    /// Deems elected, in descending order of votes, every continuing candidate whose vote
    /// equals or exceeds (a) the quota or (b) the total active vote divided by one more
    /// than the places not yet filled, up to the places to fill (ERS97 5.1.7, 5.3.13,
    /// 5.4.9: `para`); equal candidates for too few places by 5.6.2. Returns the actions.
    fn deem_elected(&mut self, votes: &[i128], stage: u32, para: &str) -> Vec<Action> {
        let mut out = Vec::new();
        while self.elected.len() < self.seats {
            let places = (self.seats - self.elected.len()) as i128;
            let cont: Vec<usize> = (0..self.st.len()).filter(|&c| self.st[c] == St::Continuing).collect();
            let Some(top) = cont.iter().map(|&c| votes[c]).max() else { break };
            let tav = self.total_active_vote(votes);
            // (b) needs a vote: with nothing active at all, zero would "reach" zero.
            let by_quota = top >= self.quota;
            let by_active = top > 0 && top * (places + 1) >= tav;
            if !by_quota && !by_active {
                break;
            }
            let reason = if by_quota {
                None
            } else {
                Some(format!(
                    "{} votes are at least the total active vote {} ÷ {} ({} place{} not yet filled, plus one): ERS97 {para}(b)",
                    fx(top).plain(),
                    fx(tav).plain(),
                    places + 1,
                    places,
                    if places == 1 { "" } else { "s" }
                ))
            };
            let tied: Vec<usize> = cont.iter().copied().filter(|&c| votes[c] == top).collect();
            let chosen: Vec<usize> = if tied.len() as i128 <= places {
                tied.clone()
            } else {
                // 5.6.2: in descending order of votes at the earliest point where they
                // differed (the stage-by-stage record compared lexicographically); those
                // equal at every point at the cut: none of them at this stage.
                let key = |c: usize| self.history.iter().map(|h| h[c]).collect::<Vec<i128>>();
                let mut order = tied.clone();
                order.sort_by(|&a, &b| key(b).cmp(&key(a)).then(a.cmp(&b)));
                let k = places as usize;
                let cut = key(order[k - 1]);
                let chosen: Vec<usize> = if key(order[k]) == cut { order.iter().copied().filter(|&c| key(c) > cut).collect() } else { order[..k].to_vec() };
                for &c in &chosen {
                    self.ties.push(RankedTie {
                        round: stage,
                        choosing: TieFor::Winner,
                        contenders: tied.iter().map(|&x| x as Cand).collect(),
                        chosen: c as Cand,
                        decided_by: "most votes at the earliest stage at which they differed (ERS97 5.6.2)".into(),
                    });
                }
                if chosen.len() < k {
                    let names: Vec<&str> = order.iter().filter(|&&c| key(c) == cut).map(|&c| self.bb.candidates[c].as_str()).collect();
                    self.notes.push(format!(
                        "stage {stage}: {} had equal votes at every stage and there are not places for all: none of them is deemed elected at this stage (ERS97 5.6.2)",
                        names.join(", ")
                    ));
                }
                chosen
            };
            if chosen.is_empty() {
                break;
            }
            for &c in &chosen {
                self.st[c] = St::Elected;
                self.elected.push(c as Cand);
                self.pending[c] = votes[c] > self.quota;
                out.push(Action { kind: ActionKind::Elected, candidate: c as Cand, surplus_fraction: None, transfers: vec![], reason: reason.clone() });
            }
            if chosen.len() < tied.len() {
                break;
            }
        }
        out
    }

    /// Records a stage with the actions that end it, after deeming elected whoever now
    /// may be (`para`: the paragraph of ERS97 that applies).
    fn close_stage(&mut self, mut actions: Vec<Action>, para: &str) {
        let votes = self.votes();
        let stage = self.stage() + 1;
        // 5.4.8: while no one is deemed elected, the quota is recalculated ignoring the
        // non-transferable vote.
        if self.elected.is_empty() && self.exhausted + self.lost > 0 {
            let q = quota_of(self.total - self.exhausted - self.lost, self.seats);
            if q < self.quota {
                self.quota = q;
                self.quota_reduced = true;
            }
        }
        let elected = self.deem_elected(&votes, stage, para);
        actions.splice(0..0, elected);
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

    /// The actions end the current stage (their transfers show in the next one).
    fn act_then_close(&mut self, a: Vec<Action>, para: &str) {
        self.rounds.last_mut().expect("a stage").actions.extend(a);
        self.close_stage(Vec::new(), para);
    }

    /// Ends the count when it is decided: all places filled, or no more continuing
    /// candidates than places left, who are then all deemed elected without further
    /// transfers (ERS97 4.3; `why` names the paragraph).
    fn finished(&mut self, why: &str) -> bool {
        if self.elected.len() >= self.seats {
            return true;
        }
        let cont: Vec<usize> = (0..self.st.len()).filter(|&c| self.st[c] == St::Continuing).collect();
        if cont.len() > self.seats - self.elected.len() {
            return false;
        }
        let last = self.rounds.last_mut().expect("a stage");
        for &c in &cont {
            self.st[c] = St::Elected;
            self.elected.push(c as Cand);
            last.actions.push(Action { kind: ActionKind::Elected, candidate: c as Cand, surplus_fraction: None, transfers: vec![], reason: Some(why.into()) });
        }
        true
    }

    fn run(&mut self) {
        self.close_stage(Vec::new(), "5.1.7");
        loop {
            if self.finished("as many continuing candidates as places not yet filled (ERS97 4.3)") {
                return;
            }
            let votes = self.votes();
            let places = self.seats - self.elected.len();
            let mut cont: Vec<usize> = (0..self.st.len()).filter(|&c| self.st[c] == St::Continuing).collect();
            cont.sort_by_key(|&c| (votes[c], c));
            let surpluses: Vec<usize> = (0..self.st.len()).filter(|&c| self.pending[c]).collect();
            let total_surplus: i128 = surpluses.iter().map(|&c| votes[c] - self.quota).sum();
            // 5.2.5: as many of the lowest together as possible, provided that enough
            // candidates remain for the places (a) and that their votes with the deferred
            // surpluses do not exceed the vote of the candidate next above (b).
            let mut sum = 0i128;
            let mut k = 0;
            for n in 1..=cont.len() - places {
                sum += votes[cont[n - 1]];
                if sum + total_surplus <= votes[cont[n]] {
                    k = n;
                }
            }
            // 5.2.2: surpluses are deferred if they do not exceed the gap between the two
            // lowest (a), or between a group that could be excluded under 5.2.5 and the
            // candidate next above (b): exactly when such a group exists.
            if !surpluses.is_empty() && k == 0 {
                let top = surpluses.iter().map(|&c| votes[c]).max().expect("non-empty");
                let tied: Vec<usize> = surpluses.iter().copied().filter(|&c| votes[c] == top).collect();
                let c = if tied.len() > 1 { self.tie(&tied, true, TieFor::SurplusOrder) } else { tied[0] };
                let a = self.transfer_surplus(c, votes[c]);
                self.act_then_close(vec![a], "5.3.13");
                continue;
            }
            // Without surpluses the lowest alone always qualifies (its votes do not
            // exceed the next one's).
            debug_assert!(k >= 1);
            let k = k.max(1);
            let next_above = votes[cont[k]];
            // The k lowest; where the cut falls among equal candidates, the fewest votes at
            // the earliest stage where they differed, then lot, decides who goes (5.2.5).
            let cut = votes[cont[k - 1]];
            let mut group: Vec<usize> = cont.iter().copied().filter(|&c| votes[c] < cut).collect();
            let mut tied: Vec<usize> = cont.iter().copied().filter(|&c| votes[c] == cut).collect();
            while group.len() < k {
                let c = if tied.len() > 1 && group.len() + tied.len() > k { self.tie(&tied, false, TieFor::Loser) } else { tied[0] };
                tied.retain(|&x| x != c);
                group.push(c);
            }
            let held: i128 = group.iter().map(|&c| votes[c]).sum();
            let mut why = Vec::new();
            if group.len() > 1 {
                let names: Vec<&str> = group.iter().map(|&c| self.bb.candidates[c].as_str()).collect();
                let with = if total_surplus > 0 { format!(" and the deferred surpluses ({})", fx(total_surplus).plain()) } else { String::new() };
                why.push(format!(
                    "{} excluded together: their {} votes{with} do not exceed the {} of the candidate next above (ERS97 5.2.5)",
                    names.join(", "),
                    fx(held).plain(),
                    fx(next_above).plain()
                ));
            } else if total_surplus > 0 {
                why.push(format!(
                    "the surpluses ({}) are deferred: they do not exceed the {} between the two lowest (ERS97 5.2.2)",
                    fx(total_surplus).plain(),
                    fx(next_above - held).plain()
                ));
            }
            if cont.len() - group.len() == places {
                // 5.5.1: the exclusion would leave as many continuing candidates as
                // places: they are deemed elected, and the papers are not transferred.
                why.push("excluded without transferring papers: the others fill the places left (ERS97 5.5.1)".into());
                let reason = why.join("; ");
                for &c in &group {
                    self.st[c] = St::Excluded;
                    self.rounds.last_mut().expect("a stage").actions.push(Action { kind: ActionKind::Eliminated, candidate: c as Cand, surplus_fraction: None, transfers: vec![], reason: Some(reason.clone()) });
                }
                self.finished("the proposed exclusion leaves as many continuing candidates as places not yet filled (ERS97 5.5.1)");
                return;
            }
            self.exclude(&group, why.join("; "));
        }
    }

    fn transfer_surplus(&mut self, c: usize, total: i128) -> Action {
        let surplus = total - self.quota;
        // 5.3.1, 5.3.2: all the papers if the surplus arose at the first stage, else only
        // the last received batch. That is the batch received at the stage that elected
        // the candidate, or an earlier one when the quota fell below their vote (5.4.8)
        // at a stage where they received nothing.
        let last = (0..self.papers.len()).filter(|&g| self.holder(g) == Some(c)).map(|g| self.papers[g].received).max().unwrap_or(1);
        let parcel: Vec<usize> = (0..self.papers.len()).filter(|&g| self.holder(g) == Some(c) && self.papers[g].received == last).collect();
        let transferable: Vec<(usize, usize)> = parcel.iter().filter_map(|&g| self.next(g, self.papers[g].at).map(|i| (g, i))).collect();
        let papers: i128 = transferable.iter().map(|&(g, _)| self.bb.ballots[g].weight as i128).sum();
        let value: i128 = transferable.iter().map(|&(g, _)| self.papers[g].value * self.bb.ballots[g].weight as i128).sum();
        let stage = self.stage() + 1;
        let mut moved: Vec<(Target, i128)> = Vec::new();
        let mut sent = 0i128;
        let tv_all = if papers > 0 { surplus / papers } else { 0 };
        for &(g, i) in &transferable {
            let w = self.bb.ballots[g].weight as i128;
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
    /// Excludes the `group` together: their papers in batches of equal value, highest
    /// first, each batch a sub-stage (ERS97 5.4); `why` is added to the first.
    fn exclude(&mut self, group: &[usize], why: String) {
        for &c in group {
            self.st[c] = St::Excluded;
        }
        let held_by = |s: &Self, g: usize| s.holder(g).filter(|h| group.contains(h));
        let mut values: Vec<i128> = (0..self.papers.len()).filter(|&g| held_by(self, g).is_some()).map(|g| self.papers[g].value).collect();
        values.sort_unstable_by(|a, b| b.cmp(a));
        values.dedup();
        let with_why = |r: String, first: bool| if first && !why.is_empty() { format!("{r}; {why}") } else { r };
        let mut reported = vec![false; self.st.len()];
        if values.is_empty() {
            let reason = (!why.is_empty()).then(|| why.clone());
            let actions = group.iter().map(|&c| Action { kind: ActionKind::Eliminated, candidate: c as Cand, surplus_fraction: None, transfers: vec![], reason: reason.clone() }).collect();
            self.act_then_close(actions, "5.4.9");
            return;
        }
        for (i, v) in values.into_iter().enumerate() {
            let stage = self.stage() + 1;
            let mut moved: Vec<Vec<(Target, i128)>> = vec![Vec::new(); group.len()];
            for g in 0..self.papers.len() {
                let Some(h) = held_by(self, g) else { continue };
                if self.papers[g].value != v {
                    continue;
                }
                let m = &mut moved[group.iter().position(|&x| x == h).expect("in the group")];
                let w = self.bb.ballots[g].weight as i128;
                let next = self.next(g, self.papers[g].at);
                self.papers[g].at = next;
                self.papers[g].received = stage;
                match next {
                    Some(i) => add(m, Target::Candidate(self.bb.ballots[g].ranks[i].marks[0]), v * w),
                    None => {
                        self.exhausted += v * w;
                        add(m, Target::Exhausted, v * w);
                    }
                }
            }
            let mut actions = Vec::new();
            for (j, mut m) in moved.into_iter().enumerate() {
                let c = group[j];
                // Every excluded candidate shows in the first sub-stage, papers or not.
                if m.is_empty() && i > 0 {
                    continue;
                }
                m.sort_by_key(|x| x.0);
                let first = !reported[c];
                reported[c] = true;
                let (value, what) = if m.is_empty() { (None, "no papers".to_string()) } else { (Some(fx(v)), format!("papers of value {}", fx(v).plain())) };
                actions.push(Action {
                    kind: ActionKind::Eliminated,
                    candidate: c as Cand,
                    surplus_fraction: value,
                    transfers: m.into_iter().map(|(t, x)| (t, fx(x))).collect(),
                    reason: Some(with_why(what, first)),
                });
            }
            self.act_then_close(actions, "5.4.9");
            // 5.5.2, 4.3: once the places are filled, or the continuing candidates are no
            // more than the places left, no further batch is transferred.
            if self.finished("as many continuing candidates as places not yet filled, so no further batch is transferred (ERS97 4.3)") {
                return;
            }
        }
    }

    fn tie(&mut self, tied: &[usize], most: bool, choosing: TieFor) -> usize {
        let (chosen, decided_by) = super::history_then_lot(&self.history, tied, most, "stage", &mut self.rng, self.seed);
        let contenders = tied.iter().map(|&c| c as Cand).collect();
        self.ties.push(RankedTie { round: self.stage(), choosing, contenders, chosen: chosen as Cand, decided_by });
        chosen
    }
}

/// ERS97 5.1.6: `total` (in hundredths) ÷ (seats + 1) to two decimals; exact, or the
/// remainder ignored and 0.01 added: the division rounded up to the hundredth.
fn quota_of(total: i128, seats: usize) -> i128 {
    let n = seats as i128 + 1;
    (total + n - 1) / n
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

    fn names(n: usize) -> BallotBox {
        BallotBox::new((0..n).map(|i| ((b'A' + i as u8) as char).to_string()).collect())
    }

    /// The stage (1-based) and the action for `candidate` of `kind`, first found.
    fn action(t: &Tabulation, kind: ActionKind, candidate: Cand) -> (u32, &Action) {
        t.rounds.iter().find_map(|r| r.actions.iter().find(|a| a.kind == kind && a.candidate == candidate).map(|a| (r.number, a))).expect("the action")
    }

    #[test]
    fn the_last_place_goes_to_a_candidate_with_half_the_active_vote() {
        // 2 seats, 100 votes: quota 33.34. Stage 1: A (40) is elected; the surplus 6.66
        // is more than the gap between the two lowest (C 20, D 15), so it is transferred
        // at stage 2, but A's papers name no one else: all 6.66 is non-transferable. D is
        // excluded: 4 papers to C, 11 non-transferable. Stage 3: B 25, C 24; the total
        // active vote is 49, and with one place left B's 25 is at least 49 ÷ 2: B is
        // deemed elected (5.4.9(b)) without C's exclusion.
        let mut b = names(4);
        b.add_order(&[0], 40);
        b.add_order(&[1], 25);
        b.add_order(&[2], 20);
        b.add_order(&[3, 2], 4);
        b.add_order(&[3], 11);
        let t = ers97(&b, 2, 0).unwrap();
        assert_eq!(t.winners_by_name(), vec!["A", "B"]);
        assert_eq!(t.rounds.len(), 3);
        let (stage, a) = action(&t, ActionKind::Elected, 1);
        assert_eq!(stage, 3);
        assert_eq!(a.reason.as_deref(), Some("25 votes are at least the total active vote 49 ÷ 2 (1 place not yet filled, plus one): ERS97 5.4.9(b)"));
        assert!(t.rounds[2].tally.contains(&(2, fx(2400))));
    }

    #[test]
    fn equal_candidates_for_the_last_place_go_by_earlier_stages_or_not_at_all() {
        // 1 seat, 25 votes, quota 12.50. C (6) is excluded: 1 paper to A, 5
        // non-transferable. A and B then have 10 each, half the active vote: both could be
        // deemed elected, but there is one place. At stage 1 B had more (10 to 9): B (5.6.2).
        let mut b = names(3);
        b.add_order(&[0], 9);
        b.add_order(&[1], 10);
        b.add_order(&[2, 0], 1);
        b.add_order(&[2], 5);
        let t = ers97(&b, 1, 0).unwrap();
        assert_eq!(t.winners_by_name(), vec!["B"]);
        assert_eq!(t.ties.len(), 1);
        assert_eq!(t.ties[0].decided_by, "most votes at the earliest stage at which they differed (ERS97 5.6.2)");
        // Equal at every stage (A 10, B 10 from the start): neither is deemed elected;
        // one is excluded by lot, which leaves one continuing candidate for one place:
        // the other is elected without a transfer (5.5.1).
        let mut b = names(3);
        b.add_order(&[0], 10);
        b.add_order(&[1], 10);
        b.add_order(&[2], 5);
        let t = ers97(&b, 1, 3).unwrap();
        assert!(t.notes.iter().any(|n| n.contains("A, B had equal votes at every stage") && n.contains("5.6.2")), "{:?}", t.notes);
        assert_eq!(t.elected.len(), 1);
        let w = t.elected[0];
        let (_, out) = action(&t, ActionKind::Eliminated, 1 - w);
        assert!(out.transfers.is_empty());
        assert_eq!(out.reason.as_deref(), Some("excluded without transferring papers: the others fill the places left (ERS97 5.5.1)"));
        assert_eq!(action(&t, ActionKind::Elected, w).1.reason.as_deref(), Some("the proposed exclusion leaves as many continuing candidates as places not yet filled (ERS97 5.5.1)"));
        assert!(t.ties.iter().any(|x| x.choosing == TieFor::Loser && x.decided_by.starts_with("lot")));
    }

    #[test]
    fn the_lowest_go_together_when_they_cannot_catch_the_next() {
        // 2 seats, 100 votes: quota 33.34. A (40) is elected at stage 1 with a surplus of
        // 6.66. E 4 and D 6 have 10 votes together; with the surplus, 16.66, which does
        // not exceed C's 20: the surplus is deferred (5.2.2(b)) and E and D are excluded
        // together (5.2.5) in one batch: D's papers to B (36), E's to C (24). B reaches
        // the quota; A's surplus is never transferred.
        let mut b = names(5);
        b.add_order(&[0, 2], 40);
        b.add_order(&[1], 30);
        b.add_order(&[2], 20);
        b.add_order(&[3, 1], 6);
        b.add_order(&[4, 2], 4);
        let t = ers97(&b, 2, 0).unwrap();
        assert_eq!(t.winners_by_name(), vec!["A", "B"]);
        assert_eq!(t.rounds.len(), 2);
        let out: Vec<&Action> = t.rounds[0].actions.iter().filter(|a| a.kind == ActionKind::Eliminated).collect();
        assert_eq!(out.iter().map(|a| a.candidate).collect::<Vec<_>>(), vec![4, 3]);
        assert_eq!(out[0].transfers, vec![(Target::Candidate(2), fx(400))]);
        assert_eq!(out[1].transfers, vec![(Target::Candidate(1), fx(600))]);
        assert_eq!(
            out[0].reason.as_deref(),
            Some("papers of value 1; E, D excluded together: their 10 votes and the deferred surpluses (6.66) do not exceed the 20 of the candidate next above (ERS97 5.2.5)")
        );
        assert_eq!(out[1].reason, out[0].reason);
        assert!(!t.rounds.iter().flat_map(|r| &r.actions).any(|a| a.kind == ActionKind::SurplusTransferred));
        assert_eq!(t.rounds[1].tally, vec![(0, fx(4000)), (1, fx(3600)), (2, fx(2400))]);
    }

    #[test]
    fn the_lowest_do_not_go_together_when_they_could_catch_the_next() {
        // The same, but E 7, D 9, C 14: E and D with the surplus make 22.66, more than C's
        // 14 (and E with it 13.66, more than D's 9): nothing can be excluded under 5.2.5
        // with the surplus standing, so it is transferred (5.2.2): 6.66 ÷ 40 papers = 0.16
        // each, 6.40 to B, who reaches the quota (36.40).
        let mut b = names(5);
        b.add_order(&[0, 1], 40);
        b.add_order(&[1], 30);
        b.add_order(&[2], 14);
        b.add_order(&[3, 2], 9);
        b.add_order(&[4, 3], 7);
        let t = ers97(&b, 2, 0).unwrap();
        assert_eq!(t.winners_by_name(), vec!["A", "B"]);
        let first = &t.rounds[0].actions;
        assert!(first.iter().all(|a| a.kind != ActionKind::Eliminated));
        let s = first.iter().find(|a| a.kind == ActionKind::SurplusTransferred).expect("the surplus moves");
        assert_eq!(s.transfers, vec![(Target::Candidate(1), fx(640)), (Target::ResidualSurplus, fx(26))]);
        // Without surpluses: 1 seat, quota 50. E 10 with D 11 is 21, more than C's 14, so
        // E goes alone (10 does not exceed 11); its papers make D 21, then C (14) goes
        // alone (C and D together, 35, exceed B's 30).
        let mut b = names(5);
        b.add_order(&[0], 35);
        b.add_order(&[1], 30);
        b.add_order(&[2, 1], 14);
        b.add_order(&[3], 11);
        b.add_order(&[4, 3], 10);
        let t = ers97(&b, 1, 0).unwrap();
        let out: Vec<Vec<Cand>> = t.rounds.iter().map(|r| r.actions.iter().filter(|a| a.kind == ActionKind::Eliminated).map(|a| a.candidate).collect()).collect();
        assert_eq!(out[0], vec![4]);
        assert_eq!(out[1], vec![2]);
        assert_eq!(t.rounds[0].actions[0].reason.as_deref(), Some("papers of value 1"));
        // C's papers make B 44; D (21, not more than A's 35 with C gone) goes alone, its
        // papers name no one else; B's 44 is more than half of the 79 still active.
        assert_eq!(out[2], vec![3]);
        assert_eq!(t.winners_by_name(), vec!["B"]);
    }

    #[test]
    fn the_quota_falls_with_non_transferable_papers_until_someone_is_elected() {
        // 1 seat, 100 votes: quota 50. Nobody has half the votes. C (22) is excluded: 10
        // papers to B, 12 non-transferable; no one had been elected, so the quota becomes
        // (100 − 12) ÷ 2 = 44 (5.4.8), which A's 48 reaches.
        let mut b = names(3);
        b.add_order(&[0], 48);
        b.add_order(&[1], 30);
        b.add_order(&[2, 1], 10);
        b.add_order(&[2], 12);
        let t = ers97(&b, 1, 0).unwrap();
        assert_eq!(t.rounds[0].threshold, Some(fx(5000)));
        assert_eq!(t.rounds[1].threshold, Some(fx(4400)));
        assert_eq!(t.quota, Some(fx(4400)));
        assert_eq!(t.winners_by_name(), vec!["A"]);
        let (stage, a) = action(&t, ActionKind::Elected, 0);
        assert_eq!((stage, a.reason.as_deref()), (2, None), "elected by the (reduced) quota");
        assert!(t.notes[0].starts_with("the quota fell from 50 to 44"), "{:?}", t.notes);
        // Once someone is elected the quota stands: 2 seats, quota 33.34; A is elected at
        // stage 1 and later non-transferable papers do not lower it.
        let mut b = names(4);
        b.add_order(&[0], 40);
        b.add_order(&[1], 25);
        b.add_order(&[2], 20);
        b.add_order(&[3], 15);
        let t = ers97(&b, 2, 0).unwrap();
        assert!(t.rounds.iter().all(|r| r.threshold == Some(fx(3334))));
        assert!(t.notes.is_empty());
    }
}



