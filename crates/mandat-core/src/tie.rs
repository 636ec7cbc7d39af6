//! Ties: detected by the methods, decided by the law's chain of tie rules, always recorded.
//!
//! A tie is a set of contenders whose claims (averages, remainders) are exactly equal
//! and who compete for fewer seats than there are of them. The law's chain is applied
//! rule by rule until the seats at stake can be handed out; the rule that settled it is
//! recorded, with the seed when the lot decided.

use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::exact::Fraction;

/// One rule of a tie chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TieRule {
    /// The contender with more votes wins (Belgium art. 29quater, Spain LOREG art. 163.1.c).
    MoreVotes,
    /// The contender with fewer votes wins (Portugal, Lei Eleitoral da Assembleia da
    /// República, Lei 14/79 art. 16 (d): equal last quotients go to the list "que tiver
    /// obtido menor número de votos").
    FewerVotes,
    /// The list registered earlier, or with the lower list number, wins (Kazakhstan art. 97).
    ListOrder,
    /// Drawing of lots, made reproducible by a seed that is an input of the count.
    Lot,
}

impl TieRule {
    pub fn describe(&self) -> &'static str {
        match self {
            TieRule::MoreVotes => "more votes",
            TieRule::FewerVotes => "fewer votes",
            TieRule::ListOrder => "earlier list (registration order)",
            TieRule::Lot => "lot",
        }
    }

    /// Whether this rule always separates every contender.
    pub fn always_decides(&self) -> bool {
        matches!(self, TieRule::ListOrder | TieRule::Lot)
    }
}

/// What the contenders were tied on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum TieStage {
    /// Equal averages for the last seat(s) of a divisor method.
    Average { average: Fraction },
    /// Equal remainders for the last seat(s) of a largest-remainder method.
    Remainder { remainder: Fraction },
    /// Equal remainders when seats must be taken back (integer parts exceeded the seats).
    Excess { remainder: Fraction },
}

/// A tie and how it was decided. Contenders and winners are indices into the
/// contest's parties (the caller maps them to names).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Tie {
    pub stage: TieStage,
    pub contenders: Vec<usize>,
    /// How many of the contenders win (get or keep a seat).
    pub seats: usize,
    pub winners: Vec<usize>,
    pub decided_by: TieRule,
    /// The seed of the lot, when the lot decided.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
}

/// Applies a chain of tie rules and records every tie it decides.
///
/// ```
/// use mandat_core::tie::{TieBreaker, TieRule, TieStage};
/// use mandat_core::exact::Fraction;
/// let mut tb = TieBreaker::new(vec![TieRule::MoreVotes, TieRule::Lot], 7);
/// let winners = tb.decide(&[0, 2], 1, &[100, 50, 120], TieStage::Average { average: Fraction::integer(60) });
/// assert_eq!(winners, vec![2]);
/// assert_eq!(tb.ties()[0].decided_by, TieRule::MoreVotes);
/// ```
#[derive(Clone, Debug)]
pub struct TieBreaker {
    chain: Vec<TieRule>,
    seed: u64,
    /// Seeded on the first drawing of lots: most counts never draw one.
    rng: Option<ChaCha8Rng>,
    ties: Vec<Tie>,
}

impl TieBreaker {
    /// A chain that does not end in a rule that always decides gets the lot appended,
    /// so that every count completes; law validation rejects such chains for presets.
    pub fn new(mut chain: Vec<TieRule>, seed: u64) -> Self {
        if !chain.last().is_some_and(|r| r.always_decides()) {
            chain.push(TieRule::Lot);
        }
        TieBreaker { chain, seed, rng: None, ties: Vec::new() }
    }

    /// Makes this the breaker `TieBreaker::new(chain.to_vec(), seed)` would build, with
    /// no tie recorded and no lot drawn, keeping its buffers: a caller that counts many
    /// elections (a projection) starts each from a fresh breaker without allocating.
    pub fn reset(&mut self, chain: &[TieRule], seed: u64) {
        // The chain as `new` completes it. It is usually the one already held (a
        // projection resets for each simulation under one law): then nothing is copied.
        let lot: &[TieRule] = if chain.last().is_some_and(|r| r.always_decides()) { &[] } else { &[TieRule::Lot] };
        if self.chain.strip_prefix(chain) != Some(lot) {
            self.chain.clear();
            self.chain.extend_from_slice(chain);
            self.chain.extend_from_slice(lot);
        }
        self.seed = seed;
        self.rng = None;
        self.ties.clear();
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    pub fn chain(&self) -> &[TieRule] {
        &self.chain
    }

    pub fn ties(&self) -> &[Tie] {
        &self.ties
    }

    /// Takes the recorded ties, leaving none.
    pub fn take_ties(&mut self) -> Vec<Tie> {
        std::mem::take(&mut self.ties)
    }

    /// Records a tie decided elsewhere (re-indexed by its owner).
    pub fn record(&mut self, tie: Tie) {
        self.ties.push(tie);
    }

    /// How many ties are recorded so far: a mark for [`TieBreaker::take_ties_since`].
    pub fn mark(&self) -> usize {
        self.ties.len()
    }

    /// Takes the ties recorded after `mark`, leaving the earlier ones to their owner.
    pub fn take_ties_since(&mut self, mark: usize) -> Vec<Tie> {
        self.ties.split_off(mark.min(self.ties.len()))
    }

    /// Forgets the ties recorded after `mark` ([`TieBreaker::take_ties_since`] without
    /// handing them over, and without allocating).
    pub fn forget_ties_since(&mut self, mark: usize) {
        self.ties.truncate(mark);
    }

    /// Chooses `seats` winners among `contenders` (indices into `votes`, which is in
    /// list order) and records the tie. Returns the winners in index order.
    pub fn decide(&mut self, contenders: &[usize], seats: usize, votes: &[u64], stage: TieStage) -> Vec<usize> {
        debug_assert!(seats <= contenders.len());
        // Ranked groups of contenders still equal under the rules applied so far.
        let mut groups: Vec<Vec<usize>> = vec![contenders.to_vec()];
        let mut decided_by = *self.chain.last().expect("chain is never empty");
        let mut used_lot = false;
        for &rule in &self.chain.clone() {
            groups = groups.into_iter().flat_map(|g| self.split(g, rule, votes)).collect();
            used_lot |= rule == TieRule::Lot;
            if cut_is_clean(&groups, seats) {
                decided_by = rule;
                break;
            }
        }
        let mut winners: Vec<usize> = groups.into_iter().flatten().take(seats).collect();
        winners.sort_unstable();
        let mut sorted = contenders.to_vec();
        sorted.sort_unstable();
        self.ties.push(Tie {
            stage,
            contenders: sorted,
            seats,
            winners: winners.clone(),
            decided_by,
            seed: (used_lot && decided_by == TieRule::Lot).then_some(self.seed),
        });
        winners
    }

    /// Splits one group of equal contenders into ranked subgroups by `rule`.
    fn split(&mut self, mut group: Vec<usize>, rule: TieRule, votes: &[u64]) -> Vec<Vec<usize>> {
        if group.len() < 2 {
            return vec![group];
        }
        match rule {
            TieRule::MoreVotes | TieRule::FewerVotes => {
                let fewer = rule == TieRule::FewerVotes;
                group.sort_by(|&a, &b| if fewer { votes[a].cmp(&votes[b]) } else { votes[b].cmp(&votes[a]) }.then(a.cmp(&b)));
                let mut out: Vec<Vec<usize>> = Vec::new();
                for i in group {
                    match out.last_mut() {
                        Some(last) if votes[last[0]] == votes[i] => last.push(i),
                        _ => out.push(vec![i]),
                    }
                }
                out
            }
            TieRule::ListOrder => {
                group.sort_unstable();
                group.into_iter().map(|i| vec![i]).collect()
            }
            TieRule::Lot => {
                group.sort_unstable();
                let seed = self.seed;
                group.shuffle(self.rng.get_or_insert_with(|| ChaCha8Rng::seed_from_u64(seed)));
                group.into_iter().map(|i| vec![i]).collect()
            }
        }
    }
}

fn cut_is_clean(groups: &[Vec<usize>], seats: usize) -> bool {
    let mut n = 0;
    for g in groups {
        if n == seats {
            return true;
        }
        if n + g.len() > seats {
            return false;
        }
        n += g.len();
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stage() -> TieStage {
        TieStage::Average { average: Fraction::integer(1) }
    }

    #[test]
    fn falls_through_to_list_order_when_votes_are_equal() {
        let mut tb = TieBreaker::new(vec![TieRule::MoreVotes, TieRule::ListOrder], 0);
        let w = tb.decide(&[3, 1, 2], 2, &[0, 10, 10, 10], stage());
        assert_eq!(w, vec![1, 2]);
        assert_eq!(tb.ties()[0].decided_by, TieRule::ListOrder);
        assert_eq!(tb.ties()[0].seed, None);
    }

    #[test]
    fn fewer_votes_gives_the_seat_to_the_smaller_list() {
        let mut tb = TieBreaker::new(vec![TieRule::FewerVotes, TieRule::Lot], 0);
        let w = tb.decide(&[1, 2, 3], 1, &[0, 9, 5, 7], stage());
        assert_eq!(w, vec![2]);
        assert_eq!(tb.ties()[0].decided_by, TieRule::FewerVotes);
        // Equal fewest votes: the lot decides between them, never the larger list.
        let w = tb.decide(&[1, 2, 3], 1, &[0, 5, 5, 7], stage());
        assert!(w == vec![1] || w == vec![2]);
        assert_eq!(tb.ties()[1].decided_by, TieRule::Lot);
    }

    #[test]
    fn partial_decision_by_votes_then_lot() {
        let mut tb = TieBreaker::new(vec![TieRule::MoreVotes, TieRule::Lot], 42);
        // 3 has most votes and wins outright; one more seat between 1 and 2 by lot.
        let w = tb.decide(&[1, 2, 3], 2, &[0, 5, 5, 9], stage());
        assert!(w.contains(&3));
        assert_eq!(tb.ties()[0].decided_by, TieRule::Lot);
        assert_eq!(tb.ties()[0].seed, Some(42));
    }

    #[test]
    fn lot_is_reproducible_from_the_seed() {
        let draw = |seed| {
            let mut tb = TieBreaker::new(vec![TieRule::Lot], seed);
            (0..20).map(|_| tb.decide(&[0, 1, 2, 3, 4], 2, &[1; 5], stage())).collect::<Vec<_>>()
        };
        assert_eq!(draw(9), draw(9));
        assert_ne!(draw(9), draw(10));
    }

    #[test]
    fn reset_starts_afresh_as_new_does() {
        let mut tb = TieBreaker::new(vec![TieRule::ListOrder], 3);
        tb.decide(&[0, 1], 1, &[1, 1], stage());
        tb.reset(&[TieRule::MoreVotes], 9);
        assert!(tb.ties().is_empty());
        assert_eq!(tb.chain(), &[TieRule::MoreVotes, TieRule::Lot]);
        assert_eq!(tb.seed(), 9);
        // The lot after a reset draws as a new breaker's first lot does.
        let mut fresh = TieBreaker::new(vec![TieRule::MoreVotes], 9);
        tb.decide(&[0, 1, 2, 3], 1, &[5; 4], stage());
        let first = tb.decide(&[0, 1, 2, 3], 2, &[5; 4], stage());
        tb.reset(&[TieRule::MoreVotes], 9);
        fresh.decide(&[0, 1, 2, 3], 1, &[5; 4], stage());
        assert_eq!(tb.decide(&[0, 1, 2, 3], 1, &[5; 4], stage()), fresh.ties()[0].winners);
        assert_eq!(tb.decide(&[0, 1, 2, 3], 2, &[5; 4], stage()), first);
    }

    /// A reset to a chain that is the held one's beginning completes it as `new` does
    /// (the held chain's last rule is not taken for the lot); to the held chain, keeps it.
    #[test]
    fn reset_completes_a_shorter_chain_with_the_lot() {
        let mut tb = TieBreaker::new(vec![TieRule::MoreVotes, TieRule::ListOrder], 1);
        tb.reset(&[TieRule::MoreVotes], 1);
        assert_eq!(tb.chain(), TieBreaker::new(vec![TieRule::MoreVotes], 1).chain());
        tb.reset(&[TieRule::MoreVotes], 2);
        assert_eq!(tb.chain(), &[TieRule::MoreVotes, TieRule::Lot]);
        tb.reset(&[TieRule::MoreVotes, TieRule::ListOrder], 3);
        assert_eq!(tb.chain(), &[TieRule::MoreVotes, TieRule::ListOrder]);
    }

    #[test]
    fn a_chain_that_cannot_decide_gets_the_lot() {
        let tb = TieBreaker::new(vec![TieRule::MoreVotes], 0);
        assert_eq!(tb.chain(), &[TieRule::MoreVotes, TieRule::Lot]);
    }
}
