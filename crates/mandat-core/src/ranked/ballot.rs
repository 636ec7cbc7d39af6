//! Ranked ballots, stored once per distinct ranking with a weight.
//!
//! A million ballots cost what their distinct rankings cost: [`BallotBox::add`] merges a
//! ballot into an earlier identical one (same marks at the same rank numbers) by adding
//! its weight. Every rule then counts each distinct ranking once, multiplied by its weight;
//! identical rankings always travel together, so the result is the same as counting them
//! one by one.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A fast non-cryptographic hasher for rankings (FxHash's multiply-rotate): ballots are
/// not adversarial keys, and hashing dominates reading a million ballots.
#[derive(Default, Clone, Copy)]
pub struct RankHasher(u64);

impl Hasher for RankHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(b as u64);
        }
    }
    fn write_u32(&mut self, i: u32) {
        self.write_u64(i as u64);
    }
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// A candidate, by its index in [`BallotBox::candidates`].
pub type Cand = u32;

/// A mark that a CVR records as an overvote without naming the candidates (RCTab's
/// `overvoteLabel`, a Dominion or CDF overvote flag).
pub const OVERVOTE: Cand = Cand::MAX;

/// The candidates marked at one rank, held in line up to four (issue 17): almost every
/// rank marks one candidate, and a million ballots' distinct rankings then cost one
/// allocation each (their ranks) instead of one more per rank.
pub type Marks = smallvec::SmallVec<[Cand; 4]>;

/// The marks at one rank of a ballot: one candidate, or several (an overvote, or a
/// `=` tie in BLT), or [`OVERVOTE`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Rank {
    /// The rank number as printed on the ballot (1 = first preference). Gaps are skipped
    /// ranks.
    pub number: u32,
    pub marks: Marks,
}

impl Rank {
    /// A rank marking one candidate.
    pub fn one(number: u32, c: Cand) -> Self {
        Rank { number, marks: Marks::from_buf_and_len([c, 0, 0, 0], 1) }
    }
}

/// One distinct ranking and how many ballots carry it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ballot {
    pub weight: u64,
    /// Ranks in increasing rank number; ranks with no mark are absent.
    pub ranks: Vec<Rank>,
}

impl Ballot {
    /// The highest rank number on the ballot (0 when it ranks nobody).
    pub fn max_rank(&self) -> u32 {
        self.ranks.last().map_or(0, |r| r.number)
    }
}

/// The candidates of a contest and its ballots, identical rankings merged.
#[derive(Clone, Debug, Default)]
pub struct BallotBox {
    pub candidates: Vec<String>,
    /// Candidates withdrawn before the count (BLT negative lines, RCTab `excluded`): they
    /// are skipped on every ballot and never appear in a round.
    pub withdrawn: Vec<bool>,
    pub ballots: Vec<Ballot>,
    index: HashMap<Vec<Rank>, usize, BuildHasherDefault<RankHasher>>,
}

impl BallotBox {
    pub fn new(candidates: Vec<String>) -> Self {
        let n = candidates.len();
        BallotBox { candidates, withdrawn: vec![false; n], ballots: Vec::new(), index: HashMap::default() }
    }

    /// Adds `weight` ballots with these ranks (merged with an identical earlier ranking).
    /// Weight 0 adds nothing. When the merged weight would pass `u64::MAX`, the ranking
    /// starts a second group instead (identical groups follow the same path, so the count
    /// is the same); weights never wrap.
    pub fn add(&mut self, ranks: Vec<Rank>, weight: u64) {
        if weight == 0 || self.merge(&ranks, weight) {
            return;
        }
        self.index.insert(ranks.clone(), self.ballots.len());
        self.ballots.push(Ballot { weight, ranks });
    }

    /// Adds `weight` to the group holding `ranks`, if there is one and the sum fits.
    fn merge(&mut self, ranks: &[Rank], weight: u64) -> bool {
        let Some(&i) = self.index.get(ranks) else { return false };
        match self.ballots[i].weight.checked_add(weight) {
            Some(w) => {
                self.ballots[i].weight = w;
                true
            }
            None => false,
        }
    }

    /// As [`BallotBox::add`], copying the ranks only when the ranking is new.
    pub fn add_ref(&mut self, ranks: &[Rank], weight: u64) {
        if weight == 0 || self.merge(ranks, weight) {
            return;
        }
        self.index.insert(ranks.to_vec(), self.ballots.len());
        self.ballots.push(Ballot { weight, ranks: ranks.to_vec() });
    }

    /// Adds a ballot given as candidates in order of preference, one per rank, ranks
    /// numbered from 1.
    pub fn add_order(&mut self, order: &[Cand], weight: u64) {
        let ranks = order.iter().enumerate().map(|(i, &c)| Rank::one(i as u32 + 1, c)).collect();
        self.add(ranks, weight);
    }

    /// The number of ballots (the sum of the weights).
    pub fn total_weight(&self) -> u128 {
        self.ballots.iter().map(|b| b.weight as u128).sum()
    }

    /// Forgets the merge index (it is only needed while ballots are added).
    pub fn seal(&mut self) {
        self.index = HashMap::default();
    }

    /// Valid first preferences of each candidate: each ballot's first rank marking a
    /// candidate not withdrawn, when it marks exactly one (as every STV count reads it).
    pub fn first_preferences(&self) -> Vec<u64> {
        let standing: Vec<super::Standing> = self.withdrawn.iter().map(|&w| if w { super::Standing::Excluded } else { super::Standing::Continuing }).collect();
        let mut out = vec![0u64; self.candidates.len()];
        for b in &self.ballots {
            if let Some(i) = super::next_continuing(b, &standing, None) {
                out[b.ranks[i].marks[0] as usize] += b.weight;
            }
        }
        out
    }

    pub fn num_candidates(&self) -> usize {
        self.candidates.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_rankings_are_merged() {
        let mut b = BallotBox::new(vec!["A".into(), "B".into()]);
        b.add_order(&[0, 1], 2);
        b.add_order(&[1], 1);
        b.add_order(&[0, 1], 3);
        assert_eq!(b.ballots.len(), 2);
        assert_eq!(b.ballots[0].weight, 5);
        assert_eq!(b.total_weight(), 6);
    }

    #[test]
    fn weights_beyond_u64_start_a_second_group() {
        let mut b = BallotBox::new(vec!["A".into(), "B".into()]);
        b.add_order(&[0, 1], u64::MAX - 1);
        b.add_order(&[0, 1], 5);
        b.add_order(&[0, 1], 7);
        assert_eq!(b.total_weight(), u64::MAX as u128 + 11);
        assert_eq!(b.ballots.iter().map(|x| x.weight).collect::<Vec<_>>(), vec![u64::MAX - 1, 12]);
    }
}
