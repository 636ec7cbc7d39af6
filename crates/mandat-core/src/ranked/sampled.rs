//! STV with whole papers and sampled surpluses (`stv-sampled`): the counting rules of
//! Ireland's Electoral Act 1992, Part XIX (Dáil; the same scheme counts Seanad and local
//! elections, and Malta's), stated as a general rule.
//!
//! Every paper keeps the value of one vote. A surplus moves as whole papers: the
//! transferable papers of the parcel examined are sorted by next available preference,
//! each continuing candidate receives the number of papers that the surplus's proportion
//! gives, and which papers move is decided the way a count centre decides it after the
//! papers were mixed (the "papers last filed" in each sub-parcel): by a seeded random
//! selection, so that the same seed reproduces the same count. The numbers transferred are
//! fixed by the law; only the identity of the papers depends on the draw, and with it the
//! later transfers of those papers.
//!
//! What is implemented:
//! - quota: the valid papers ÷ (seats + 1), fractional remainder disregarded, plus one
//!   (s. 120(1), `WholeQuota::Droop`), or the valid papers ÷ seats rounded up
//!   (`WholeQuota::Hare`, for laws that use it); a candidate whose votes equal or exceed it
//!   at the end of a count is deemed elected (s. 120(2));
//! - a surplus is examined in the whole parcel of a candidate whose votes are all original
//!   (first-count) votes, otherwise in the sub-parcel last received; if the transferable
//!   papers do not exceed the surplus they all move, the rest of the surplus being
//!   non-transferable; otherwise each candidate receives ⌊surplus × sub-parcel ÷
//!   transferable⌋ papers and the papers still due go to the largest fractional remainders
//!   (equal remainders: lot, as s. 118 defines it for "equality of fractions");
//! - surpluses largest first (equal: the candidate with more votes at the earliest count at
//!   which they differed, then lot), but not transferred while together they can neither
//!   elect a continuing candidate, nor lift the lowest continuing candidate to the votes of
//!   the next lowest, nor lift them above a quarter of the quota (the figure that s. 124(3)
//!   protects);
//! - exclusion: the lowest continuing candidate, or the largest group of the lowest whose
//!   votes together with the surpluses not transferred are less than the votes of the
//!   candidate next above; all their papers move in one count to the next available
//!   preference, the others being non-transferable; equal lowest candidates: the fewest
//!   votes at the earliest count at which they differed, then lot;
//! - last vacancies (s. 124): as many continuing candidates as vacancies are deemed elected
//!   (124(1)); one more, and the lowest with the surpluses not transferred below the next
//!   highest: all but the lowest are deemed elected (124(1A), Electoral (Amendment) Act 2001
//!   s. 31); one vacancy, and a continuing candidate with more votes than all the others
//!   together with the surpluses not transferred: deemed elected (124(2)). No transfer is
//!   made once the vacancies are filled (the transfers that 124(3) allows only to settle
//!   the quarter-quota figure are not made).
//!
//! Arithmetic is in whole papers (u64/i128), never floats; the record uses scale 0.

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::ballot::{BallotBox, Cand};
use super::fixed::Fixed;
use super::record::{Action, ActionKind, Inactive, RankedError, RankedTie, Round, Tabulation, Target, TieFor};
use super::Standing as St;

/// The quota of a whole-paper count.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WholeQuota {
    /// ⌊valid papers ÷ (seats + 1)⌋ + 1 (Electoral Act 1992 s. 120(1)).
    #[default]
    Droop,
    /// ⌈valid papers ÷ seats⌉.
    Hare,
}

impl WholeQuota {
    pub fn of(self, valid: i128, seats: usize) -> i128 {
        let s = seats as i128;
        match self {
            WholeQuota::Droop => valid / (s + 1) + 1,
            WholeQuota::Hare => (valid + s - 1) / s,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            WholeQuota::Droop => "droop",
            WholeQuota::Hare => "hare",
        }
    }
}

/// Papers of one ranking held together: `n` papers, where the holder received them.
#[derive(Clone, Copy, Debug)]
struct Pile {
    g: usize,
    n: u64,
    /// Rank index of the holder on the ballot.
    at: usize,
    /// The count at which the holder received them (1: original votes).
    received: u32,
}

fn fx(v: i128) -> Fixed {
    Fixed { raw: v, scale: 0 }
}

struct Count<'a> {
    bb: &'a BallotBox,
    seats: usize,
    quota: i128,
    st: Vec<St>,
    piles: Vec<Pile>,
    /// Elected candidates whose surplus is still to transfer.
    pending: Vec<bool>,
    /// Votes credited once the surplus is gone (the quota).
    fixed_votes: Vec<Option<i128>>,
    history: Vec<Vec<i128>>,
    rounds: Vec<Round>,
    elected: Vec<Cand>,
    ties: Vec<RankedTie>,
    /// Non-transferable papers so far.
    exhausted: i128,
    rng: ChaCha8Rng,
    seed: u64,
}

/// Counts `bb` for `seats` by whole papers with sampled surpluses (module docs).
pub fn stv_sampled(bb: &BallotBox, seats: u32, seed: u64, quota: WholeQuota) -> Result<Tabulation, RankedError> {
    super::check_seats(bb, seats)?;
    let n = bb.num_candidates();
    let st: Vec<St> = bb.withdrawn.iter().map(|&w| if w { St::Excluded } else { St::Continuing }).collect();
    let mut piles = Vec::new();
    let mut valid = 0i128;
    for (g, b) in bb.ballots.iter().enumerate() {
        if let Some(at) = super::next_continuing(b, &st, None) {
            if b.weight > 0 {
                piles.push(Pile { g, n: b.weight, at, received: 1 });
                valid += b.weight as i128;
            }
        }
    }
    if valid == 0 {
        return Err(RankedError::NoVotes);
    }
    let mut c = Count {
        bb,
        seats: seats as usize,
        quota: quota.of(valid, seats as usize),
        st,
        piles,
        pending: vec![false; n],
        fixed_votes: vec![None; n],
        history: Vec::new(),
        rounds: Vec::new(),
        elected: Vec::new(),
        ties: Vec::new(),
        exhausted: 0,
        rng: ChaCha8Rng::seed_from_u64(seed),
        seed,
    };
    c.run();
    Ok(Tabulation {
        rule: "stv-sampled".into(),
        candidates: bb.candidates.clone(),
        seats,
        scale: 0,
        total_ballots: fx(valid),
        rounds: c.rounds,
        elected: c.elected,
        ties: c.ties,
        quota: Some(fx(c.quota)),
        notes: vec![format!(
            "whole papers; surpluses are moved as a random selection (seed {seed}) of the parcel examined, in the numbers the proportions fix; quota {} ({})",
            c.quota,
            quota.name()
        )],
    })
}

impl Count<'_> {
    fn holder(&self, p: &Pile) -> usize {
        self.bb.ballots[p.g].ranks[p.at].marks[0] as usize
    }

    fn next(&self, p: &Pile) -> Option<usize> {
        super::next_continuing(&self.bb.ballots[p.g], &self.st, Some(p.at))
    }

    fn votes(&self) -> Vec<i128> {
        let mut v = vec![0i128; self.st.len()];
        for p in &self.piles {
            v[self.holder(p)] += p.n as i128;
        }
        for (c, f) in self.fixed_votes.iter().enumerate() {
            if let Some(q) = f {
                v[c] = *q;
            }
        }
        v
    }

    fn count_no(&self) -> u32 {
        self.rounds.len() as u32
    }

    fn continuing(&self) -> Vec<usize> {
        (0..self.st.len()).filter(|&c| self.st[c] == St::Continuing).collect()
    }

    fn elect(&mut self, c: usize, votes: &[i128], reason: Option<String>) -> Action {
        self.st[c] = St::Elected;
        self.elected.push(c as Cand);
        self.pending[c] = votes[c] > self.quota;
        Action { kind: ActionKind::Elected, candidate: c as Cand, surplus_fraction: None, transfers: vec![], reason }
    }

    /// Records a count with the actions that end it; candidates reaching the quota are
    /// deemed elected in descending order of votes (s. 120(2)).
    fn close_count(&mut self, mut actions: Vec<Action>) {
        let votes = self.votes();
        let mut reached: Vec<usize> = self.continuing().into_iter().filter(|&c| votes[c] >= self.quota).collect();
        reached.sort_by_key(|&c| (std::cmp::Reverse(votes[c]), c));
        let elected: Vec<Action> = reached.into_iter().map(|c| self.elect(c, &votes, None)).collect();
        actions.splice(0..0, elected);
        let mut inactive = Inactive::zero(0);
        inactive.exhausted_choices = fx(self.exhausted);
        self.history.push(votes.clone());
        self.rounds.push(Round {
            number: self.count_no() + 1,
            tally: (0..self.st.len()).filter(|&c| self.st[c] != St::Excluded || votes[c] > 0).map(|c| (c as Cand, fx(votes[c]))).collect(),
            threshold: Some(fx(self.quota)),
            inactive,
            actions,
            residual_surplus: fx(0),
        });
    }

    fn last_actions(&mut self) -> &mut Vec<Action> {
        &mut self.rounds.last_mut().expect("a count").actions
    }

    /// s. 124: ends the count when the vacancies are filled or can be filled without a
    /// further transfer.
    fn finished(&mut self) -> bool {
        if self.elected.len() >= self.seats {
            return true;
        }
        let votes = self.votes();
        let places = self.seats - self.elected.len();
        let mut cont = self.continuing();
        cont.sort_by_key(|&c| (votes[c], c));
        let surplus: i128 = (0..self.st.len()).filter(|&c| self.pending[c]).map(|c| votes[c] - self.quota).sum();
        let elect: Vec<(usize, String)> = if cont.len() <= places {
            cont.iter().rev().map(|&c| (c, "as many continuing candidates as vacancies (Electoral Act 1992 s. 124(1))".to_string())).collect()
        } else if cont.len() == places + 1 && votes[cont[0]] + surplus < votes[cont[1]] {
            let why = format!(
                "one continuing candidate more than the vacancies, and the lowest's {} votes with the surpluses not transferred ({surplus}) are less than the next highest's {} (s. 124(1A))",
                votes[cont[0]],
                votes[cont[1]]
            );
            cont[1..].iter().rev().map(|&c| (c, why.clone())).collect()
        } else if places == 1 {
            let top = *cont.last().expect("continuing");
            let others: i128 = cont.iter().filter(|&&c| c != top).map(|&c| votes[c]).sum::<i128>() + surplus;
            if votes[top] > others {
                vec![(top, format!("{} votes exceed the {others} of all other continuing candidates with the surpluses not transferred (s. 124(2))", votes[top]))]
            } else {
                Vec::new()
            }
        } else {
            Vec::new()
        };
        if elect.is_empty() {
            return false;
        }
        for (c, why) in elect {
            let a = self.elect(c, &votes, Some(why));
            self.last_actions().push(a);
        }
        true
    }

    fn run(&mut self) {
        self.close_count(Vec::new());
        while !self.finished() {
            let votes = self.votes();
            let places = self.seats - self.elected.len();
            let mut cont = self.continuing();
            cont.sort_by_key(|&c| (votes[c], c));
            let surpluses: Vec<usize> = (0..self.st.len()).filter(|&c| self.pending[c]).collect();
            let total_surplus: i128 = surpluses.iter().map(|&c| votes[c] - self.quota).sum();
            let lowest = votes[cont[0]];
            let top = votes[*cont.last().expect("continuing")];
            // A surplus moves unless, with the others not transferred, it could neither
            // elect, nor lift the lowest to the next lowest, nor above a quarter quota.
            let could_elect = top + total_surplus >= self.quota;
            let could_save = lowest + total_surplus >= votes[cont[1]];
            let quarter = lowest * 4 <= self.quota && (lowest + total_surplus) * 4 > self.quota;
            if !surpluses.is_empty() && (could_elect || could_save || quarter) {
                let most = surpluses.iter().map(|&c| votes[c]).max().expect("non-empty");
                let tied: Vec<usize> = surpluses.iter().copied().filter(|&c| votes[c] == most).collect();
                let c = if tied.len() > 1 { self.tie(&tied, true, TieFor::SurplusOrder) } else { tied[0] };
                let a = self.transfer_surplus(c, votes[c]);
                self.last_actions().push(a);
                self.close_count(Vec::new());
                continue;
            }
            // The largest group of the lowest whose votes with the surpluses not
            // transferred are less than the next highest's, leaving a candidate for every
            // vacancy.
            let mut sum = 0i128;
            let mut k = 1;
            for m in 1..=cont.len() - places {
                sum += votes[cont[m - 1]];
                if m < cont.len() && sum + total_surplus < votes[cont[m]] {
                    k = m;
                }
            }
            let cut = votes[cont[k - 1]];
            let mut group: Vec<usize> = cont.iter().copied().filter(|&c| votes[c] < cut).collect();
            let mut tied: Vec<usize> = cont.iter().copied().filter(|&c| votes[c] == cut).collect();
            while group.len() < k {
                let c = if tied.len() > 1 && group.len() + tied.len() > k { self.tie(&tied, false, TieFor::Loser) } else { tied[0] };
                tied.retain(|&x| x != c);
                group.push(c);
            }
            let mut why = Vec::new();
            if group.len() > 1 {
                let names: Vec<&str> = group.iter().map(|&c| self.bb.candidates[c].as_str()).collect();
                let held: i128 = group.iter().map(|&c| votes[c]).sum();
                why.push(format!(
                    "{} excluded together: their {held} votes with the surpluses not transferred ({total_surplus}) are less than the {} of the candidate next above",
                    names.join(", "),
                    votes[cont[k]]
                ));
            }
            if total_surplus > 0 {
                why.push(format!("the surpluses ({total_surplus}) are not transferred: they could neither elect, nor save the lowest from exclusion, nor lift them above a quarter of the quota"));
            }
            let actions = self.exclude(&group, (!why.is_empty()).then(|| why.join("; ")));
            self.last_actions().extend(actions);
            self.close_count(Vec::new());
        }
    }

    /// Moves `k` papers drawn at random from `pile_ids` (the papers last filed, after
    /// mixing) to `to`, received at `count`; returns the new piles.
    fn draw(&mut self, pile_ids: &[usize], k: u64, to: &[(usize, usize)], count: u32) -> Vec<Pile> {
        let mut left: Vec<u64> = pile_ids.iter().map(|&i| self.piles[i].n).collect();
        let mut total: u64 = left.iter().sum();
        let mut taken = vec![0u64; pile_ids.len()];
        for _ in 0..k {
            let mut r = self.rng.gen_range(0..total);
            let j = left.iter().position(|&n| if r < n { true } else { r -= n; false }).expect("a paper");
            left[j] -= 1;
            taken[j] += 1;
            total -= 1;
        }
        let mut out = Vec::new();
        for (j, &i) in pile_ids.iter().enumerate() {
            if taken[j] > 0 {
                self.piles[i].n -= taken[j];
                out.push(Pile { g: self.piles[i].g, n: taken[j], at: to[j].1, received: count });
            }
        }
        out
    }

    fn transfer_surplus(&mut self, c: usize, total: i128) -> Action {
        let surplus = total - self.quota;
        let count = self.count_no() + 1;
        let held: Vec<usize> = (0..self.piles.len()).filter(|&i| self.piles[i].n > 0 && self.holder(&self.piles[i]) == c).collect();
        let last = held.iter().map(|&i| self.piles[i].received).max().unwrap_or(1);
        // Original votes only: the whole parcel; otherwise the sub-parcel last received.
        let parcel: Vec<usize> = held.into_iter().filter(|&i| self.piles[i].received == last).collect();
        // Sub-parcels by next available preference.
        #[allow(clippy::type_complexity)] // (next preference, papers, (pile, paper)), local
        let mut subs: Vec<(usize, Vec<usize>, Vec<(usize, usize)>)> = Vec::new();
        let mut transferable = 0i128;
        for &i in &parcel {
            let Some(at) = self.next(&self.piles[i]) else { continue };
            let to = self.bb.ballots[self.piles[i].g].ranks[at].marks[0] as usize;
            transferable += self.piles[i].n as i128;
            match subs.iter_mut().find(|s| s.0 == to) {
                Some(s) => {
                    s.1.push(i);
                    s.2.push((to, at));
                }
                None => subs.push((to, vec![i], vec![(to, at)])),
            }
        }
        subs.sort_by_key(|s| s.0);
        let sizes: Vec<i128> = subs.iter().map(|s| s.1.iter().map(|&i| self.piles[i].n as i128).sum()).collect();
        let shares: Vec<i128> = if transferable <= surplus {
            sizes.clone()
        } else {
            let mut shares: Vec<i128> = sizes.iter().map(|&n| surplus * n / transferable).collect();
            let mut due = surplus - shares.iter().sum::<i128>();
            // Papers still due: largest fractional remainders; equal ones by lot (s. 118).
            let mut order: Vec<usize> = (0..subs.len()).collect();
            order.shuffle(&mut self.rng);
            order.sort_by_key(|&j| std::cmp::Reverse(surplus * sizes[j] % transferable));
            for j in order {
                if due == 0 {
                    break;
                }
                shares[j] += 1;
                due -= 1;
            }
            shares
        };
        let mut moved: Vec<(Target, i128)> = Vec::new();
        let mut new_piles = Vec::new();
        for (j, (to, ids, dest)) in subs.clone().into_iter().enumerate() {
            if shares[j] == 0 {
                continue;
            }
            let piles = if shares[j] == sizes[j] {
                ids.iter()
                    .zip(&dest)
                    .map(|(&i, &(_, at))| {
                        let n = std::mem::take(&mut self.piles[i].n);
                        Pile { g: self.piles[i].g, n, at, received: count }
                    })
                    .collect()
            } else {
                self.draw(&ids, shares[j] as u64, &dest, count)
            };
            new_piles.extend(piles);
            moved.push((Target::Candidate(to as Cand), shares[j]));
        }
        self.piles.retain(|p| p.n > 0);
        self.piles.extend(new_piles);
        let sent: i128 = shares.iter().sum();
        if sent < surplus {
            // Non-transferable papers of the surplus: the rest stays with the quota.
            self.exhausted += surplus - sent;
            moved.push((Target::Exhausted, surplus - sent));
        }
        self.pending[c] = false;
        self.fixed_votes[c] = Some(self.quota);
        let scope = if last == 1 { "all papers examined (original votes only)".to_string() } else { format!("the sub-parcel received at count {last} examined") };
        let how = if transferable <= surplus { "every transferable paper moves".to_string() } else { format!("{surplus} of {transferable} transferable papers, by proportion, drawn at random") };
        Action { kind: ActionKind::SurplusTransferred, candidate: c as Cand, surplus_fraction: None, transfers: moved.into_iter().map(|(t, x)| (t, fx(x))).collect(), reason: Some(format!("surplus {surplus}: {scope}; {how}")) }
    }

    /// Excludes `group` in one count: every paper to its next available preference.
    fn exclude(&mut self, group: &[usize], why: Option<String>) -> Vec<Action> {
        for &c in group {
            self.st[c] = St::Excluded;
        }
        let count = self.count_no() + 1;
        let mut moved: Vec<Vec<(Target, i128)>> = vec![Vec::new(); group.len()];
        for i in 0..self.piles.len() {
            let h = self.holder(&self.piles[i]);
            let Some(j) = group.iter().position(|&x| x == h) else { continue };
            let n = self.piles[i].n as i128;
            match self.next(&self.piles[i]) {
                Some(at) => {
                    let to = self.bb.ballots[self.piles[i].g].ranks[at].marks[0];
                    self.piles[i].at = at;
                    self.piles[i].received = count;
                    super::add(&mut moved[j], Target::Candidate(to), n);
                }
                None => {
                    self.exhausted += n;
                    self.piles[i].n = 0;
                    super::add(&mut moved[j], Target::Exhausted, n);
                }
            }
        }
        self.piles.retain(|p| p.n > 0);
        group
            .iter()
            .zip(moved)
            .enumerate()
            .map(|(j, (&c, mut m))| {
                m.sort_by_key(|x| x.0);
                Action { kind: ActionKind::Eliminated, candidate: c as Cand, surplus_fraction: None, transfers: m.into_iter().map(|(t, x)| (t, fx(x))).collect(), reason: if j == 0 { why.clone() } else { None } }
            })
            .collect()
    }

    /// Equal candidates: more (`most`) or fewer votes at the earliest count at which they
    /// differed, then lot.
    fn tie(&mut self, tied: &[usize], most: bool, choosing: TieFor) -> usize {
        let (chosen, decided_by) = super::history_then_lot(&self.history, tied, most, "count", &mut self.rng, self.seed);
        let contenders = tied.iter().map(|&c| c as Cand).collect();
        self.ties.push(RankedTie { round: self.count_no(), choosing, contenders, chosen: chosen as Cand, decided_by });
        chosen
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bb(names: &[&str], ballots: &[(&[u32], u64)]) -> BallotBox {
        let mut b = BallotBox::new(names.iter().map(|s| s.to_string()).collect());
        for (order, w) in ballots {
            b.add_order(order, *w);
        }
        b
    }

    fn tally(t: &Tabulation, round: usize) -> Vec<i128> {
        let mut v = vec![0; t.candidates.len()];
        for (c, x) in &t.rounds[round].tally {
            v[*c as usize] = x.raw;
        }
        v
    }

    fn actions(t: &Tabulation) -> Vec<&Action> {
        t.rounds.iter().flat_map(|r| &r.actions).collect()
    }

    /// s. 120: ⌊valid ÷ (seats + 1)⌋ + 1; Hare: ⌈valid ÷ seats⌉.
    #[test]
    fn quotas() {
        assert_eq!(WholeQuota::Droop.of(29988, 3), 7498);
        assert_eq!(WholeQuota::Droop.of(100, 4), 21);
        assert_eq!(WholeQuota::Hare.of(100, 3), 34);
        assert_eq!(WholeQuota::Hare.of(99, 3), 33);
    }

    /// A first-count surplus examines every paper; each candidate gets the integer part of
    /// the proportion, whatever the seed.
    #[test]
    fn surplus_numbers_are_fixed_by_the_proportions() {
        // 100 papers, 2 seats: quota 34. A has 50: surplus 16; transferable 40 (B 25,
        // C 15), 10 non-transferable. B: 16×25/40 = 10, C: 16×15/40 = 6.
        let b = bb(&["A", "B", "C", "D"], &[(&[0, 1], 25), (&[0, 2], 15), (&[0], 10), (&[1], 10), (&[2], 20), (&[3], 20)]);
        for seed in 0..5 {
            let t = stv_sampled(&b, 2, seed, WholeQuota::Droop).unwrap();
            assert_eq!(t.quota.unwrap().raw, 34);
            let a = &t.rounds[0].actions[1];
            assert_eq!(a.kind, ActionKind::SurplusTransferred);
            assert_eq!(a.transfers, vec![(Target::Candidate(1), fx(10)), (Target::Candidate(2), fx(6))]);
            assert_eq!(tally(&t, 1), vec![34, 20, 26, 20]);
        }
    }

    /// Papers still due after the integer parts go to the largest fractional remainders.
    #[test]
    fn papers_still_due_go_to_the_largest_remainders() {
        // 62 papers, 2 seats: quota 21; A 32: surplus 11 from the whole parcel, 16 papers
        // transferable (B 5, C 5, D 6): 11×5/16 = 3.44, 3.44, 11×6/16 = 4.125: integer
        // parts 3, 3, 4 = 10, and the last paper to a remainder of 7/16 (B or C, by lot).
        let b = bb(&["A", "B", "C", "D", "E"], &[(&[0, 1], 5), (&[0, 2], 5), (&[0, 3], 6), (&[0], 16), (&[1], 3), (&[2], 9), (&[3], 9), (&[4], 9)]);
        let mut seen = Vec::new();
        for seed in 0..8 {
            let t = stv_sampled(&b, 2, seed, WholeQuota::Droop).unwrap();
            assert_eq!(t.quota.unwrap().raw, 21);
            let a = actions(&t).into_iter().find(|a| a.kind == ActionKind::SurplusTransferred).unwrap();
            let got: Vec<i128> = a.transfers.iter().map(|x| x.1.raw).collect();
            assert!(got == vec![4, 3, 4] || got == vec![3, 4, 4], "{got:?}");
            seen.push(got);
        }
        assert!(seen.contains(&vec![4, 3, 4]) && seen.contains(&vec![3, 4, 4]), "the lot never chose one of them: {seen:?}");
    }

    /// A later surplus examines only the sub-parcel last received.
    #[test]
    fn later_surplus_comes_from_the_last_parcel() {
        // 3 seats, 80 papers: quota 21. Count 1: nobody. E (6) excluded: 6 papers to A,
        // who reaches 24: surplus 3 from the 6 received, all next for B: 3 move. A's
        // original papers (next C) are not examined.
        let b = bb(&["A", "B", "C", "D", "E"], &[(&[0, 2], 18), (&[1], 19), (&[2], 19), (&[3], 18), (&[4, 0, 1], 6)]);
        let t = stv_sampled(&b, 3, 0, WholeQuota::Droop).unwrap();
        assert_eq!(t.quota.unwrap().raw, 21);
        let s = actions(&t).into_iter().find(|a| a.kind == ActionKind::SurplusTransferred).unwrap();
        assert_eq!(s.candidate, 0);
        assert_eq!(s.transfers, vec![(Target::Candidate(1), fx(3))]);
        assert!(s.reason.as_ref().unwrap().contains("received at count 2"), "{:?}", s.reason);
    }

    /// A surplus that can neither elect, nor save the lowest, nor lift them above a
    /// quarter quota is not transferred: the lowest is excluded first.
    #[test]
    fn surplus_deferred_when_it_cannot_matter() {
        // 80 papers, 2 seats: quota 27. A 31: surplus 4. B 20 + 4 < 27; D 10 + 4 < C 19;
        // D has more than a quarter quota already: deferred, D excluded.
        let b = bb(&["A", "B", "C", "D"], &[(&[0, 1], 31), (&[1], 20), (&[2], 19), (&[3, 2], 10)]);
        let t = stv_sampled(&b, 2, 0, WholeQuota::Droop).unwrap();
        let next = &t.rounds[0].actions[1];
        assert_eq!((next.kind, next.candidate), (ActionKind::Eliminated, 3));
        assert!(next.reason.as_ref().unwrap().contains("not transferred"), "{:?}", next.reason);
        // With C one vote lower, D + 4 reaches C: the surplus moves first.
        let b = bb(&["A", "B", "C", "D"], &[(&[0, 1], 31), (&[1], 20), (&[2], 14), (&[3, 2], 10)]);
        let t = stv_sampled(&b, 2, 0, WholeQuota::Droop).unwrap();
        assert_eq!(t.rounds[0].actions[1].kind, ActionKind::SurplusTransferred);
    }

    /// Candidates excluded together when their votes with the surpluses not transferred
    /// are less than the next highest's; every paper stays accounted for.
    #[test]
    fn exclusion_together_and_conservation() {
        let b = bb(&["A", "B", "C", "D", "E", "F"], &[(&[0], 40), (&[1], 35), (&[2], 30), (&[3], 3), (&[4, 0], 4), (&[5, 1], 5)]);
        let t = stv_sampled(&b, 2, 0, WholeQuota::Droop).unwrap();
        // D 3 + E 4 + F 5 = 12 < C's 30: excluded together at count 2.
        let ex: Vec<Cand> = t.rounds[0].actions.iter().filter(|a| a.kind == ActionKind::Eliminated).map(|a| a.candidate).collect();
        assert_eq!(ex, vec![3, 4, 5]);
        for r in &t.rounds {
            let held: i128 = r.tally.iter().map(|x| x.1.raw).sum();
            assert_eq!(held + r.inactive.exhausted_choices.raw, 117);
        }
        assert_eq!(t.winners_by_name(), vec!["A", "B"]);
    }

    fn last_reason(t: &Tabulation) -> String {
        t.rounds.last().unwrap().actions.iter().rev().find(|a| a.kind == ActionKind::Elected).and_then(|a| a.reason.clone()).unwrap_or_default()
    }

    /// s. 124(1): an exclusion leaves as many continuing candidates as vacancies; the
    /// equal lowest (equal at every count) are separated by lot.
    #[test]
    fn last_vacancies_124_1() {
        // 21 papers, 2 seats: quota 8. E, then D excluded; A 6, B 5, C 5 left: B and C
        // equal throughout, one excluded by lot, the other two deemed elected.
        let b = bb(&["A", "B", "C", "D", "E"], &[(&[0], 6), (&[1], 5), (&[2], 5), (&[3], 4), (&[4], 1)]);
        let t = stv_sampled(&b, 2, 7, WholeQuota::Droop).unwrap();
        assert!(last_reason(&t).contains("s. 124(1)"), "{}", last_reason(&t));
        assert!(t.ties.iter().any(|x| x.decided_by.starts_with("lot")), "{:?}", t.ties);
        assert_eq!(t.elected[0], 0);
    }

    /// s. 124(1A): one continuing candidate more than the vacancies, and the lowest with
    /// the surpluses not transferred below the next highest: the others are elected.
    #[test]
    fn last_vacancies_124_1a() {
        // 75 papers, 2 seats: quota 26. A 30 elected (surplus 4); C 20 + 4 < B 25.
        let b = bb(&["A", "B", "C"], &[(&[0], 30), (&[1], 25), (&[2], 20)]);
        let t = stv_sampled(&b, 2, 0, WholeQuota::Droop).unwrap();
        assert_eq!(t.winners_by_name(), vec!["A", "B"]);
        assert_eq!(t.rounds.len(), 1);
        assert!(last_reason(&t).contains("s. 124(1A)"), "{}", last_reason(&t));
    }

    /// s. 124(2): one vacancy, and a candidate below the quota with more votes than all the
    /// other continuing candidates together with the surpluses not transferred.
    #[test]
    fn last_vacancies_124_2() {
        // 77 papers, 2 seats: quota 26. A 40 elected; the surplus (14) can elect B
        // (20 + 14): it moves, all non-transferable. Then B 20 > C 9 + D 8.
        let b = bb(&["A", "B", "C", "D"], &[(&[0], 40), (&[1], 20), (&[2], 9), (&[3], 8)]);
        let t = stv_sampled(&b, 2, 0, WholeQuota::Droop).unwrap();
        assert_eq!(t.winners_by_name(), vec!["A", "B"]);
        assert!(last_reason(&t).contains("s. 124(2)"), "{}", last_reason(&t));
        assert_eq!(tally(&t, 1)[1], 20);
    }

    /// Random contests: every count accounts for every paper, the seats are filled, and
    /// the same seed gives the same count.
    #[test]
    fn random_contests_conserve_papers() {
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        for _ in 0..200 {
            let n = rng.gen_range(2..8u32);
            let seats = rng.gen_range(1..n);
            let mut b = BallotBox::new((0..n).map(|i| format!("C{i}")).collect());
            for _ in 0..rng.gen_range(1..40) {
                let mut order: Vec<u32> = (0..n).collect();
                order.shuffle(&mut rng);
                order.truncate(rng.gen_range(1..=n as usize));
                b.add_order(&order, rng.gen_range(1..30));
            }
            let total = b.total_weight() as i128;
            let t = stv_sampled(&b, seats, 5, WholeQuota::Droop).unwrap();
            assert_eq!(t.elected.len(), seats as usize);
            for r in &t.rounds {
                let held: i128 = r.tally.iter().map(|x| x.1.raw).sum();
                assert_eq!(held + r.inactive.exhausted_choices.raw, total);
            }
            assert_eq!(t, stv_sampled(&b, seats, 5, WholeQuota::Droop).unwrap());
        }
    }
}
