//! Meek's method of STV (B. L. Meek 1969; the algorithm of I. D. Hill, B. A. Wichmann
//! and D. R. Woodall, "Algorithm 123", The Computer Journal 1987), counted exactly
//! (`meek`), and New Zealand's fixed-point statement of it (`meek-nz`, Local Electoral
//! Regulations 2001, schedule 1A).
//!
//! Each candidate has a keep value k (1 while hopeful, 0 once excluded, below 1 once
//! elected). A ballot gives each candidate it ranks, in order, k times what is left of
//! it, and passes the rest on; what no candidate keeps is excess. The quota is (votes −
//! excess) ÷ (seats + 1). Elected candidates' keep values are lowered to
//! k × quota ÷ votes, and the distribution repeated, until the elected candidates'
//! surplus together is below the tolerance; then a hopeful above the quota is elected,
//! or the hopeful with fewest votes excluded.
//!
//! # `meek`: exact
//!
//! Every ballot's share, every candidate's votes, the excess, the quota and the surplus
//! are exact rationals, computed from the keep values without any rounding; every
//! decision (who is elected, who is excluded, every tie) compares those exact values.
//! The quota is exactly (votes − excess) ÷ (seats + 1), and a hopeful is elected when
//! its votes *exceed* it (as in Jonathan Lundell's Droop with rational arithmetic): no
//! more than `seats` candidates can, since the elected hold at least a quota each. A
//! stage's iteration ends when the elected candidates' surplus, Σ (votes − quota),
//! is below 10^-9 of a vote (an exact comparison), or when a hopeful passes the quota.
//!
//! What is not a pure rational limit is the keep value itself: Meek defines it as the
//! limit of the iteration k ← k × quota ÷ votes, which no count reaches; every count stops
//! at a tolerance. Iterating it in exact rationals is hopeless: each step's denominator is
//! a product of the previous step's vote totals, so with two or more elected candidates
//! its length doubles at every iteration (measured on the 100,000-ballot benchmark from
//! stage 10, the first with two elected, whose count needs 19 distributions: 115 bits
//! after one iteration, 8,292 after 7, 265,848 after 12, which took 40 s, each iteration
//! about four times longer than the one before; `pure_exact_iteration_on_the_benchmark`
//! below). So each iterate k × quota ÷ votes (computed exactly) is rounded *up* to a
//! multiple of 10^-d, with d = 9 + the number of digits of seats × ballots, and then
//! used exactly. Rounding up keeps what the algorithm needs: keep values only fall, the
//! elected never drop below the quota, and the iteration cannot stall above the
//! tolerance (a stall means every elected candidate's surplus is below 10^-d times the
//! ballots reaching it, so their sum is below seats × ballots × 10^-d < 10^-9; a
//! candidate takes from a ballot once, at its first rank, so no ballot reaches a
//! candidate twice). Given the keep values, all vote arithmetic is exact: votes and
//! excess are multiples of 10^-(d × depth), depth the most elected candidates a ballot
//! passes before it stops, and their sum is exactly the number of ballots at every stage.
//!
//! The ballots are grouped by path: a ballot's share depends only on the elected
//! candidates it passes, in order, before its first hopeful (or its end). Those paths
//! form a small tree rebuilt at each stage, so an iteration costs the tree, not the
//! ballots. The exact figures of every stage are returned by [`meek_exact`]; the
//! [`Tabulation`] shows them rounded down to [`DISPLAY_SCALE`] decimals, as its notes say.
//!
//! # `meek-nz`: New Zealand
//!
//! Schedule 1A prescribes fixed point: keep values rounded up and votes rounded down at 9
//! decimals, the quota truncated plus 0.000000001 (reached with `votes ≥ quota`),
//! tolerance 0.00001; the iteration also stops when rounding stops the surplus from
//! shrinking, as Algorithm 123 does. Every comparison is between integers.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use num_bigint::{BigInt, BigUint};
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{ToPrimitive, Zero};

use super::ballot::{BallotBox, Cand, RankHasher};
use super::fixed::{pow10, Fixed};
use super::record::{Action, ActionKind, Inactive, RankedError, RankedTie, Round, Tabulation, TieFor};
use super::Standing as St;

/// The statements of Meek's method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MeekVariant {
    /// Exact rationals (see the module documentation); tolerance 10^-9 of a vote.
    Exact,
    /// New Zealand: 9 decimals, tolerance 0.00001 (Local Electoral Regulations 2001, sch. 1A).
    NewZealand,
}

/// Decimals shown in the [`Tabulation`] of an exact count (rounded down).
pub const DISPLAY_SCALE: u8 = 12;

/// Distributions of the ballots allowed in one stage.
const MAX_ITERATIONS: usize = 1_000;

/// Counts by Meek's method. `seed` is only used for a lot, should exclusion tie at every
/// stage.
pub fn meek(bb: &BallotBox, seats: u32, variant: MeekVariant, seed: u64) -> Result<Tabulation, RankedError> {
    match variant {
        MeekVariant::Exact => meek_exact(bb, seats, seed).map(|m| m.tabulation),
        MeekVariant::NewZealand => meek_nz(bb, seats, seed),
    }
}

/// The decisions taken on a stage's tally, shared by both statements: elect the hopefuls
/// that reach the quota (most votes first); else, if no more hopefuls remain than seats,
/// elect them all; else exclude the hopeful with fewest votes, ties by the earliest stage
/// at which the tied candidates differed, then by lot. `history` holds every stage's
/// votes including this one (each stage's figures are compared only among themselves).
/// Returns the actions and the candidate excluded, if any.
#[allow(clippy::too_many_arguments)]
fn decide<V: Ord>(
    st: &mut [St],
    elected: &mut Vec<Cand>,
    seats: usize,
    votes: &[V],
    reaches_quota: impl Fn(usize) -> bool,
    keep_shown: impl Fn(usize) -> Fixed,
    history: &[Vec<V>],
    round: u32,
    ties: &mut Vec<RankedTie>,
    rng_state: &mut u64,
    seed: u64,
) -> (Vec<Action>, Option<usize>) {
    let n = st.len();
    let mut actions = Vec::new();
    let mut new: Vec<usize> = (0..n).filter(|&c| st[c] == St::Continuing && reaches_quota(c)).collect();
    new.sort_by(|&a, &b| votes[b].cmp(&votes[a]).then(a.cmp(&b)));
    for c in new {
        if elected.len() < seats {
            st[c] = St::Elected;
            elected.push(c as Cand);
            actions.push(Action { kind: ActionKind::Elected, candidate: c as Cand, surplus_fraction: Some(keep_shown(c)), transfers: vec![], reason: None });
        }
    }
    let hopeful: Vec<usize> = (0..n).filter(|&c| st[c] == St::Continuing).collect();
    let done = elected.len() == seats;
    if !done && hopeful.len() <= seats - elected.len() {
        for &c in &hopeful {
            st[c] = St::Elected;
            elected.push(c as Cand);
            actions.push(Action {
                kind: ActionKind::Elected,
                candidate: c as Cand,
                surplus_fraction: None,
                transfers: vec![],
                reason: Some("as many hopeful candidates as seats left".into()),
            });
        }
    } else if !done && actions.is_empty() {
        let low = hopeful.iter().map(|&c| &votes[c]).min().expect("hopeful candidates remain");
        let mut tied: Vec<usize> = hopeful.iter().copied().filter(|&c| &votes[c] == low).collect();
        let contenders = tied.clone();
        let mut how = String::new();
        if tied.len() > 1 {
            for (s, h) in history.iter().enumerate() {
                let m = tied.iter().map(|&c| &h[c]).min().expect("non-empty");
                let next: Vec<usize> = tied.iter().copied().filter(|&c| &h[c] == m).collect();
                if next.len() < tied.len() {
                    tied = next;
                    how = format!("fewest votes at stage {}", s + 1);
                    if tied.len() == 1 {
                        break;
                    }
                }
            }
            if tied.len() > 1 {
                // A reproducible lot: SplitMix64 from the seed.
                *rng_state = rng_state.wrapping_add(0x9E37_79B9_7F4A_7C15);
                let mut z = *rng_state;
                z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
                z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
                z ^= z >> 31;
                let i = (z % tied.len() as u64) as usize;
                tied = vec![tied[i]];
                how = format!("lot (seed {seed})");
            }
            ties.push(RankedTie { round, choosing: TieFor::Loser, contenders: contenders.iter().map(|&c| c as Cand).collect(), chosen: tied[0] as Cand, decided_by: how });
        }
        let c = tied[0];
        st[c] = St::Excluded;
        // Where the excluded candidate's votes go shows in the next stage's tally.
        actions.push(Action { kind: ActionKind::Eliminated, candidate: c as Cand, surplus_fraction: None, transfers: vec![], reason: None });
        return (actions, Some(c));
    }
    (actions, None)
}

// ---------------------------------------------------------------------------------------
// Exact Meek
// ---------------------------------------------------------------------------------------

/// The exact figures of one stage of an exact count, as the count used them (after the
/// stage's last distribution, before its decisions).
#[derive(Clone, Debug, PartialEq)]
pub struct ExactStage {
    /// Each candidate's keep value: 1 hopeful, 0 excluded, a multiple of 10^-d elected.
    pub keep: Vec<BigRational>,
    /// Each candidate's votes (0 for the excluded).
    pub votes: Vec<BigRational>,
    /// What no candidate kept.
    pub excess: BigRational,
    /// (ballots − excess) ÷ (seats + 1).
    pub quota: BigRational,
    /// Σ (votes − quota) over the candidates elected before this stage's decisions.
    pub surplus: BigRational,
    /// Distributions of the ballots in this stage.
    pub distributions: usize,
    /// Whether the surplus went below the tolerance (else a hopeful passed the quota, or
    /// the stage hit its limit of distributions).
    pub converged: bool,
}

/// An exact Meek count: the record, and the exact figures behind it.
#[derive(Clone, Debug, PartialEq)]
pub struct ExactMeek {
    pub tabulation: Tabulation,
    /// One per round of the tabulation.
    pub stages: Vec<ExactStage>,
    /// Keep values are multiples of 10^-`keep_digits`.
    pub keep_digits: u32,
}

/// One node of the tree of paths: the ballots that passed the same elected candidates in
/// the same order and have not yet stopped.
struct Node {
    parent: usize,
    /// The elected candidate passed to reach this node (unused for the root).
    via: usize,
    depth: usize,
    /// Ballots reaching this node.
    weight: u128,
    /// Ballots whose next candidate is this hopeful.
    hopeful: Vec<(usize, u128)>,
    /// Ballots that end here (no further candidate they can give to).
    exhausted: u128,
}

/// The ballots grouped by path for one stage: a ballot passes elected candidates (keeping
/// k of what is left of it for each, in order), skips excluded ones and candidates it
/// ranked before, and stops at its first hopeful (k = 1), at a rank marking several
/// candidates, or at its end.
struct Paths {
    nodes: Vec<Node>,
    max_depth: usize,
}

impl Paths {
    fn build(bb: &BallotBox, st: &[St]) -> Paths {
        let n = st.len();
        let mut nodes = vec![Node { parent: 0, via: 0, depth: 0, weight: 0, hopeful: Vec::new(), exhausted: 0 }];
        // FxHash-style keys (ballot.rs): node and candidate numbers are not adversarial.
        let mut children: HashMap<(usize, usize), usize, BuildHasherDefault<RankHasher>> = HashMap::default();
        let mut to_hopeful: HashMap<(usize, usize), u128, BuildHasherDefault<RankHasher>> = HashMap::default();
        let mut passed: Vec<usize> = Vec::new();
        for b in &bb.ballots {
            if b.ranks.is_empty() {
                continue;
            }
            let w = b.weight as u128;
            let mut node = 0;
            nodes[0].weight += w;
            let mut stopped = false;
            passed.clear();
            for r in &b.ranks {
                // A rank marking several candidates ends the ballot's path (unclear).
                if r.marks.len() != 1 {
                    break;
                }
                let c = r.marks[0] as usize;
                // Excluded candidates are skipped, and so is an elected candidate ranked
                // again: a candidate takes from a ballot once, at its first rank.
                if c >= n || st[c] == St::Excluded || passed.contains(&c) {
                    continue;
                }
                if st[c] == St::Continuing {
                    *to_hopeful.entry((node, c)).or_insert(0) += w;
                    stopped = true;
                    break;
                }
                passed.push(c);
                let next = match children.get(&(node, c)) {
                    Some(&i) => i,
                    None => {
                        let i = nodes.len();
                        let depth = nodes[node].depth + 1;
                        nodes.push(Node { parent: node, via: c, depth, weight: 0, hopeful: Vec::new(), exhausted: 0 });
                        children.insert((node, c), i);
                        i
                    }
                };
                node = next;
                nodes[node].weight += w;
            }
            if !stopped {
                nodes[node].exhausted += w;
            }
        }
        let mut hop: Vec<((usize, usize), u128)> = to_hopeful.into_iter().collect();
        hop.sort_unstable();
        for ((node, c), w) in hop {
            nodes[node].hopeful.push((c, w));
        }
        let max_depth = nodes.iter().map(|x| x.depth).max().unwrap_or(0);
        Paths { nodes, max_depth }
    }

    /// One distribution under keep values `keep` (numerators over `g`): each candidate's
    /// votes and the excess, as exact numerators over g^max_depth.
    fn distribute(&self, keep: &[BigUint], g: &BigUint, n: usize) -> (Vec<BigUint>, BigUint) {
        let levels = self.max_depth + 1;
        // What is left of a ballot on reaching each node, over g^depth.
        let mut left: Vec<BigUint> = Vec::with_capacity(self.nodes.len());
        // Contributions per candidate and per depth (over g^depth); the excess at [n].
        let mut acc: Vec<Vec<BigUint>> = vec![vec![BigUint::zero(); levels]; n + 1];
        // What a ballot passes on from each candidate: 1 − k, over g.
        let rest: Vec<BigUint> = keep.iter().map(|k| g - k.min(g)).collect();
        left.push(BigUint::from(1u32));
        for (i, x) in self.nodes.iter().enumerate() {
            if i > 0 {
                let p = &left[x.parent];
                acc[x.via][x.depth] += p * &keep[x.via] * x.weight;
                left.push(p * &rest[x.via]);
            }
            let l = &left[i];
            if l.is_zero() {
                continue;
            }
            for &(c, w) in &x.hopeful {
                acc[c][x.depth] += l * w;
            }
            if x.exhausted > 0 {
                acc[n][x.depth] += l * x.exhausted;
            }
        }
        // Bring every depth to the common denominator g^max_depth.
        let powers: Vec<BigUint> = (0..levels).map(|j| g.pow((self.max_depth - j) as u32)).collect();
        let mut out: Vec<BigUint> = acc
            .into_iter()
            .map(|per_depth| {
                let mut s = BigUint::zero();
                for (j, a) in per_depth.into_iter().enumerate() {
                    if !a.is_zero() {
                        s += a * &powers[j];
                    }
                }
                s
            })
            .collect();
        let excess = out.pop().expect("the excess slot");
        (out, excess)
    }
}

impl Paths {
    /// [`Paths::distribute`] in fixed-width integers: every number of the distribution is
    /// held in `l` 64-bit limbs side by side in flat buffers, so a step allocates nothing.
    /// The width is chosen from the bound every figure obeys (at most the ballots times
    /// g^depth), and every carry out of the top limb is checked all the same: `None` when
    /// the keep values or the ballots do not fit 64 bits, or should a figure not fit, and
    /// the caller then counts with [`Paths::distribute`]. Same figures, exactly
    /// (`fast_distribution_is_the_big_integer_one`).
    fn distribute_fast(&self, keep: &[BigUint], g: &BigUint, n: usize, scratch: &mut Scratch) -> Option<(Vec<BigUint>, BigUint)> {
        let g64 = g.to_u64()?;
        let total = self.nodes[0].weight;
        if total > u64::MAX as u128 || keep.len() < n {
            return None;
        }
        let mut keep64 = Vec::with_capacity(n);
        for k in &keep[..n] {
            keep64.push(k.to_u64()?);
        }
        // What a ballot passes on from each candidate: 1 − k, over g.
        let rest: Vec<u64> = keep64.iter().map(|&k| g64 - k.min(g64)).collect();
        let levels = self.max_depth + 1;
        let bits = (128 - total.leading_zeros() as usize) + self.max_depth * (64 - g64.leading_zeros() as usize) + 2;
        let l = bits.div_ceil(64) + 1;
        let left = &mut scratch.left;
        left.clear();
        left.resize(self.nodes.len() * l, 0);
        let acc = &mut scratch.acc;
        acc.clear();
        acc.resize((n + 1) * levels * l, 0);
        let mut ok = true;
        left[0] = 1;
        for (i, x) in self.nodes.iter().enumerate() {
            if i > 0 {
                let (before, here) = left.split_at_mut(i * l);
                let p = &before[x.parent * l..x.parent * l + l];
                let k = keep64[x.via];
                if k != 0 {
                    let a = (x.via * levels + x.depth) * l;
                    ok &= limbs::add_mul(&mut acc[a..a + l], p, k as u128 * x.weight);
                }
                ok &= limbs::mul_small(&mut here[..l], p, rest[x.via]);
            }
            let li = &left[i * l..i * l + l];
            if li.iter().all(|&v| v == 0) {
                continue;
            }
            for &(c, w) in &x.hopeful {
                let a = (c * levels + x.depth) * l;
                ok &= limbs::add_mul(&mut acc[a..a + l], li, w);
            }
            if x.exhausted > 0 {
                let a = (n * levels + x.depth) * l;
                ok &= limbs::add_mul(&mut acc[a..a + l], li, x.exhausted);
            }
        }
        // Bring every depth to g^max_depth (Horner: s ← s × g + acc[depth]).
        let mut out = Vec::with_capacity(n + 1);
        let mut s = vec![0u64; l];
        for c in 0..=n {
            s.iter_mut().for_each(|v| *v = 0);
            for j in 0..levels {
                ok &= limbs::mul_small_in_place(&mut s, g64);
                let a = (c * levels + j) * l;
                ok &= limbs::add(&mut s, &acc[a..a + l]);
            }
            out.push(limbs::to_big(&s));
        }
        if !ok {
            return None;
        }
        let excess = out.pop().expect("the excess slot");
        Some((out, excess))
    }
}

/// Buffers reused from one distribution to the next.
#[derive(Default)]
struct Scratch {
    left: Vec<u64>,
    acc: Vec<u64>,
}

/// Unsigned integers as 64-bit limbs, least significant first, of one fixed width. Each
/// operation returns false if the result does not fit (a carry out of the top limb).
mod limbs {
    use num_bigint::BigUint;

    /// `dst = src × m`.
    #[inline]
    pub fn mul_small(dst: &mut [u64], src: &[u64], m: u64) -> bool {
        let mut carry: u128 = 0;
        for (d, &s) in dst.iter_mut().zip(src) {
            let t = s as u128 * m as u128 + carry;
            *d = t as u64;
            carry = t >> 64;
        }
        carry == 0
    }

    /// `x = x × m`.
    #[inline]
    pub fn mul_small_in_place(x: &mut [u64], m: u64) -> bool {
        let mut carry: u128 = 0;
        for d in x.iter_mut() {
            let t = *d as u128 * m as u128 + carry;
            *d = t as u64;
            carry = t >> 64;
        }
        carry == 0
    }

    /// `dst = dst + src`.
    #[inline]
    pub fn add(dst: &mut [u64], src: &[u64]) -> bool {
        let mut carry = false;
        for (d, &s) in dst.iter_mut().zip(src) {
            let (a, c1) = d.overflowing_add(s);
            let (b, c2) = a.overflowing_add(carry as u64);
            *d = b;
            carry = c1 || c2;
        }
        !carry
    }

    /// `dst = dst + src × m` (one 64-bit half of m).
    #[inline]
    fn add_mul_64(dst: &mut [u64], src: &[u64], m: u64) -> bool {
        let mut carry: u128 = 0;
        for (d, &s) in dst.iter_mut().zip(src) {
            // At most (2^64 − 1) + (2^64 − 1)^2 + (2^64 − 1) = 2^128 − 1: no overflow.
            let t = *d as u128 + s as u128 * m as u128 + carry;
            *d = t as u64;
            carry = t >> 64;
        }
        carry == 0
    }

    /// `dst = dst + src × m`.
    #[inline]
    pub fn add_mul(dst: &mut [u64], src: &[u64], m: u128) -> bool {
        let lo = m as u64;
        let hi = (m >> 64) as u64;
        let mut ok = true;
        if lo != 0 {
            ok &= add_mul_64(dst, src, lo);
        }
        if hi != 0 {
            // The top limb of src, times hi, would land beyond the width.
            ok &= src[src.len() - 1] == 0 && add_mul_64(&mut dst[1..], &src[..src.len() - 1], hi);
        }
        ok
    }

    pub fn to_big(x: &[u64]) -> BigUint {
        let mut d: Vec<u32> = Vec::with_capacity(2 * x.len());
        for &v in x {
            d.push(v as u32);
            d.push((v >> 32) as u32);
        }
        BigUint::new(d)
    }
}

fn ratio(num: &BigUint, den: &BigUint) -> BigRational {
    BigRational::new(BigInt::from(num.clone()), BigInt::from(den.clone()))
}

/// `num / den` rounded down to [`DISPLAY_SCALE`] decimals.
fn shown(num: &BigUint, den: &BigUint) -> Fixed {
    let raw = (num * BigUint::from(pow10(DISPLAY_SCALE) as u128)) / den;
    // `check_total` keeps every shown value (at most the ballots) well inside an i128.
    Fixed { raw: raw.to_i128().unwrap_or(i128::MAX), scale: DISPLAY_SCALE }
}

/// The number of decimal digits of `x` (1 for 0).
fn digits(mut x: u128) -> u32 {
    let mut d = 1;
    while x >= 10 {
        x /= 10;
        d += 1;
    }
    d
}

/// Counts by Meek's method in exact arithmetic (see the module documentation), returning
/// the exact figures of every stage with the record.
pub fn meek_exact(bb: &BallotBox, seats: u32, seed: u64) -> Result<ExactMeek, RankedError> {
    super::check_seats(bb, seats)?;
    // Exact inside (big integers); the tabulation shows values at DISPLAY_SCALE decimals.
    super::check_total(bb, "meek", DISPLAY_SCALE as u32)?;
    let n = bb.num_candidates();
    let total: u128 = bb.ballots.iter().filter(|b| !b.ranks.is_empty()).map(|b| b.weight as u128).sum();
    if total == 0 {
        return Err(RankedError::NoVotes);
    }
    // Keep values are multiples of 10^-d with 10^(d-9) > seats × ballots (module doc).
    let keep_digits = 9 + digits((seats as u128).saturating_mul(total));
    let g = BigUint::from(10u32).pow(keep_digits);
    let s1 = BigUint::from(seats as u64 + 1);
    let billion = BigUint::from(1_000_000_000u32);
    let mut st: Vec<St> = bb.withdrawn.iter().map(|&w| if w { St::Excluded } else { St::Continuing }).collect();
    let mut keep: Vec<BigUint> = st.iter().map(|&s| if s == St::Excluded { BigUint::zero() } else { g.clone() }).collect();

    let mut rounds: Vec<Round> = Vec::new();
    let mut stages: Vec<ExactStage> = Vec::new();
    let mut elected: Vec<Cand> = Vec::new();
    let mut ties: Vec<RankedTie> = Vec::new();
    let mut history: Vec<Vec<BigUint>> = Vec::new();
    let mut iterations_total = 0usize;
    let mut unconverged: Vec<u32> = Vec::new();
    let mut rng_state = seed;
    let mut scratch = Scratch::default();

    loop {
        let paths = Paths::build(bb, &st);
        // Votes and excess are numerators over den; the quota's is qnum over (seats + 1) × den.
        let den = g.pow(paths.max_depth as u32);
        let all = &den * total;
        let mut iterations = 0usize;
        let (votes, excess, qnum, surplus, converged) = loop {
            let (votes, excess) = match paths.distribute_fast(&keep, &g, n, &mut scratch) {
                Some(r) => r,
                None => paths.distribute(&keep, &g, n),
            };
            iterations += 1;
            let qnum = &all - &excess;
            let newly = (0..n).any(|c| st[c] == St::Continuing && &votes[c] * &s1 > qnum);
            let mut surplus = BigUint::zero();
            for c in (0..n).filter(|&c| st[c] == St::Elected) {
                let v = &votes[c] * &s1;
                if v > qnum {
                    surplus += v - &qnum;
                }
            }
            // Σ (votes − quota) < 10^-9, exactly: surplus / ((seats + 1) den) < 1 / 10^9.
            let converged = &surplus * &billion < &s1 * &den;
            if newly || converged || iterations >= MAX_ITERATIONS {
                break (votes, excess, qnum, surplus, converged);
            }
            // k ← k × quota ÷ votes, computed exactly, rounded up to a multiple of 10^-d.
            let mut changed = false;
            for c in (0..n).filter(|&c| st[c] == St::Elected) {
                if votes[c].is_zero() {
                    continue;
                }
                let k = Integer::div_ceil(&(&keep[c] * &qnum), &(&votes[c] * &s1)).min(g.clone());
                changed |= k != keep[c];
                keep[c] = k;
            }
            if !changed {
                // Impossible with d chosen as above (a stall means the surplus is below
                // the tolerance); kept so that the loop ends whatever happens.
                break (votes, excess, qnum, surplus, converged);
            }
        };
        iterations_total += iterations;
        let round_no = rounds.len() as u32 + 1;
        if !converged && !(0..n).any(|c| st[c] == St::Continuing && &votes[c] * &s1 > qnum) {
            unconverged.push(round_no);
        }
        let qden = &s1 * &den;
        stages.push(ExactStage {
            keep: keep.iter().map(|k| ratio(k, &g)).collect(),
            votes: votes.iter().map(|v| ratio(v, &den)).collect(),
            excess: ratio(&excess, &den),
            quota: ratio(&qnum, &qden),
            surplus: ratio(&surplus, &qden),
            distributions: iterations,
            converged,
        });
        let mut inactive = Inactive::zero(DISPLAY_SCALE);
        inactive.exhausted_choices = shown(&excess, &den);
        let tally: Vec<(Cand, Fixed)> = (0..n).filter(|&c| st[c] != St::Excluded).map(|c| (c as Cand, shown(&votes[c], &den))).collect();
        let threshold = shown(&qnum, &qden);
        history.push(votes);
        let votes = history.last().expect("just pushed");
        let (actions, excluded) = decide(
            &mut st,
            &mut elected,
            seats as usize,
            votes,
            |c| &votes[c] * &s1 > qnum,
            |c| shown(&keep[c], &g),
            &history,
            round_no,
            &mut ties,
            &mut rng_state,
            seed,
        );
        if let Some(c) = excluded {
            keep[c] = BigUint::zero();
        }
        rounds.push(Round { number: round_no, tally, threshold: Some(threshold), inactive, actions, residual_surplus: Fixed::zero(DISPLAY_SCALE) });
        if elected.len() == seats as usize {
            break;
        }
    }
    let mut notes = vec![
        format!("{iterations_total} distributions of the ballots in all"),
        format!(
            "exact arithmetic: keep values rounded up to multiples of 10^-{keep_digits}, votes, excess, quota and surplus exact given them; \
             elected on votes > (ballots - excess) / (seats + 1); a stage ends when the elected candidates' surplus totals less than 10^-9 vote"
        ),
        format!("figures shown rounded down to {DISPLAY_SCALE} decimals"),
    ];
    if !unconverged.is_empty() {
        let list: Vec<String> = unconverged.iter().map(|r| r.to_string()).collect();
        notes.push(format!("surplus still at least 10^-9 vote when the iteration stopped (limit {MAX_ITERATIONS} distributions) in round(s) {}", list.join(", ")));
    }
    let tabulation = Tabulation {
        rule: "meek".into(),
        candidates: bb.candidates.clone(),
        seats,
        scale: DISPLAY_SCALE,
        total_ballots: Fixed::from_int(total as i128, DISPLAY_SCALE),
        rounds,
        elected,
        ties,
        quota: None,
        notes,
    };
    Ok(ExactMeek { tabulation, stages, keep_digits })
}

// ---------------------------------------------------------------------------------------
// New Zealand
// ---------------------------------------------------------------------------------------

/// New Zealand's statement (Local Electoral Regulations 2001, schedule 1A): 9 decimals,
/// keep values rounded up, votes down, tolerance 0.00001.
fn meek_nz(bb: &BallotBox, seats: u32, seed: u64) -> Result<Tabulation, RankedError> {
    super::check_seats(bb, seats)?;
    // Votes in units of 10^-9; a keep value (10^9 units) times a quota before dividing.
    super::check_total(bb, "meek-nz", 18)?;
    let n = bb.num_candidates();
    let scale = 9u8;
    let tolerance: i128 = 10_000;
    let one = pow10(scale);
    let mut st: Vec<St> = bb.withdrawn.iter().map(|&w| if w { St::Excluded } else { St::Continuing }).collect();
    let mut keep: Vec<i128> = st.iter().map(|&s| if s == St::Excluded { 0 } else { one }).collect();
    let total: i128 = bb.ballots.iter().filter(|b| !b.ranks.is_empty()).map(|b| b.weight as i128).sum::<i128>() * one;
    if total == 0 {
        return Err(RankedError::NoVotes);
    }
    let mut rounds: Vec<Round> = Vec::new();
    let mut elected: Vec<Cand> = Vec::new();
    let mut ties: Vec<RankedTie> = Vec::new();
    let mut history: Vec<Vec<i128>> = Vec::new();
    let mut iterations_total = 0usize;
    let mut rng_state = seed;
    let fx = |v: i128| Fixed { raw: v, scale };

    // One distribution of every ballot under the current keep values.
    let distribute = |keep: &[i128]| -> (Vec<i128>, i128) {
        let mut votes = vec![0i128; n];
        let mut excess = 0i128;
        for b in &bb.ballots {
            let w = b.weight as i128;
            let mut left = one;
            for r in &b.ranks {
                // A rank marking several candidates ends the ballot's path (unclear).
                if r.marks.len() != 1 {
                    break;
                }
                let c = r.marks[0] as usize;
                if c >= n || keep[c] == 0 {
                    continue;
                }
                // Votes rounded down (schedule 1A, clause 5). A hopeful candidate keeps
                // everything (k = 1): no division needed.
                let give = if keep[c] == one { left } else { left * keep[c] / one };
                votes[c] += give * w;
                left -= give;
                if left == 0 {
                    break;
                }
            }
            if !b.ranks.is_empty() {
                excess += left * w;
            }
        }
        (votes, excess)
    };

    loop {
        // Iterate the keep values to convergence at this stage.
        let mut iterations = 0usize;
        let mut last_surplus = i128::MAX;
        let (votes, excess, quota) = loop {
            let (votes, excess) = distribute(&keep);
            iterations += 1;
            // Quota: (votes − excess) ÷ (seats + 1), truncated, plus one unit (clause 6).
            let quota = (total - excess) / (seats as i128 + 1) + 1;
            let surplus: i128 = (0..n).filter(|&c| st[c] == St::Elected).map(|c| (votes[c] - quota).max(0)).sum();
            let newly = (0..n).any(|c| st[c] == St::Continuing && votes[c] >= quota);
            // Stop when the surplus is within the tolerance, or when rounding stops it
            // from shrinking further (Algorithm 123 stops on no change as well).
            if newly || surplus <= tolerance || surplus >= last_surplus || iterations > 1_000 {
                break (votes, excess, quota);
            }
            last_surplus = surplus;
            for c in 0..n {
                if st[c] == St::Elected {
                    // k ← k × quota ÷ votes, rounded up (clause 7).
                    keep[c] = (keep[c] * quota + votes[c] - 1) / votes[c];
                }
            }
        };
        iterations_total += iterations;
        history.push(votes);
        let votes = history.last().expect("just pushed");
        let mut inactive = Inactive::zero(scale);
        inactive.exhausted_choices = fx(excess);
        let tally: Vec<(Cand, Fixed)> = (0..n).filter(|&c| st[c] != St::Excluded).map(|c| (c as Cand, fx(votes[c]))).collect();
        let round = rounds.len() as u32 + 1;
        let (actions, excluded) =
            decide(&mut st, &mut elected, seats as usize, votes, |c| votes[c] >= quota, |c| fx(keep[c]), &history, round, &mut ties, &mut rng_state, seed);
        if let Some(c) = excluded {
            keep[c] = 0;
        }
        rounds.push(Round { number: round, tally, threshold: Some(fx(quota)), inactive, actions, residual_surplus: Fixed::zero(scale) });
        if elected.len() == seats as usize {
            break;
        }
    }
    Ok(Tabulation {
        rule: "meek-nz".into(),
        candidates: bb.candidates.clone(),
        seats,
        scale,
        total_ballots: fx(total),
        rounds,
        elected,
        ties,
        quota: None,
        notes: vec![format!("{iterations_total} distributions of the ballots in all")],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_traits::One;
    use proptest::prelude::*;

    fn q(num: i64, den: i64) -> BigRational {
        BigRational::new(BigInt::from(num), BigInt::from(den))
    }

    fn big(s: &str) -> BigInt {
        s.parse().unwrap()
    }

    fn obvious_pair() -> BallotBox {
        let mut b = BallotBox::new(vec!["A".into(), "B".into(), "C".into(), "D".into()]);
        b.add_order(&[0, 1], 60);
        b.add_order(&[2], 25);
        b.add_order(&[3, 1], 15);
        b
    }

    #[test]
    fn meek_elects_the_obvious_pair_and_converges() {
        // 2 seats; A's surplus (about 26.67) flows to B through A's keep value; C (25)
        // stays ahead of B until D (15) is excluded and D's ballots reach B.
        let b = obvious_pair();
        for v in [MeekVariant::Exact, MeekVariant::NewZealand] {
            let t = meek(&b, 2, v, 0).unwrap();
            assert_eq!(t.winners_by_name(), vec!["A", "B"], "{v:?}");
            // The quota is a third of the votes (100 / 3, no excess).
            assert_eq!(t.rounds[0].threshold.unwrap().floor_int(), 33);
            assert_eq!(t.rounds.len(), 3, "{v:?}");
            assert_eq!(t.ties, vec![], "{v:?}");
        }
    }

    #[test]
    fn exact_figures_of_the_obvious_pair_by_hand() {
        // seats × ballots = 200 (3 digits): keep values are multiples of 10^-12.
        let m = meek_exact(&obvious_pair(), 2, 0).unwrap();
        assert_eq!(m.keep_digits, 12);
        let s = &m.stages;
        // Stage 1: first preferences, quota 100/3 exactly; A (60) is elected.
        assert_eq!(s[0].votes, vec![q(60, 1), q(0, 1), q(25, 1), q(15, 1)]);
        assert_eq!(s[0].quota, q(100, 3));
        assert_eq!(s[0].distributions, 1);
        // Stage 2: k_A = 100/3 ÷ 60 = 5/9, rounded up to 0.555555555556: A keeps
        // 60 × 0.555555555556 = 33.33333333336 and B receives 26.66666666664, nothing
        // is lost, so the quota stays 100/3 and A's surplus is 60 × 0.555555555556 − 100/3
        // = 4/150000000000 < 10^-9 after the second distribution.
        let k = BigRational::new(big("555555555556"), big("1000000000000"));
        assert_eq!(s[1].keep[0], k);
        assert_eq!(s[1].votes[0], &k * q(60, 1));
        assert_eq!(s[1].votes[1], (BigRational::one() - &k) * q(60, 1));
        assert_eq!(s[1].votes[0], BigRational::new(big("3333333333336"), big("100000000000")));
        assert_eq!(s[1].excess, q(0, 1));
        assert_eq!(s[1].quota, q(100, 3));
        assert_eq!(s[1].surplus, BigRational::new(big("4"), big("150000000000")));
        assert_eq!(s[1].distributions, 2);
        assert!(s[1].converged);
        // D (15) is the lowest and is excluded; stage 3: B = 26.66666666664 + 15 > quota.
        assert_eq!(m.tabulation.rounds[1].actions[0].kind, ActionKind::Eliminated);
        assert_eq!(m.tabulation.rounds[1].actions[0].candidate, 3);
        assert_eq!(s[2].votes[1], (BigRational::one() - &k) * q(60, 1) + q(15, 1));
        assert_eq!(s[2].votes[3], q(0, 1));
        // Shown rounded down to 12 decimals.
        let t = &m.tabulation;
        assert_eq!(t.rounds[1].tally[0].1.to_string(), "33.333333333360");
        assert_eq!(t.rounds[1].threshold.unwrap().to_string(), "33.333333333333");
        assert!(t.notes.iter().any(|n| n.contains("rounded down to 12 decimals")));
    }

    #[test]
    fn limbs_report_what_does_not_fit() {
        let mut x = [u64::MAX, 0];
        assert!(limbs::mul_small_in_place(&mut x, 2));
        assert_eq!(x, [u64::MAX - 1, 1]);
        assert!(!limbs::mul_small_in_place(&mut [0, u64::MAX], 2));
        let mut d = [u64::MAX, u64::MAX];
        assert!(!limbs::add(&mut d, &[1, 0]));
        let mut d = [0u64, 0, 0];
        assert!(limbs::add_mul(&mut d, &[3, 0, 0], (5u128 << 64) | 7));
        assert_eq!(d, [21, 15, 0]);
        assert!(!limbs::add_mul(&mut [0, 0], &[0, 1], 1u128 << 64));
        assert_eq!(limbs::to_big(&d), BigUint::from((15u128 << 64) | 21));
        // Large ballots weights: the figures pass 64 bits and still agree.
        let mut b = BallotBox::new(vec!["A".into(), "B".into(), "C".into()]);
        b.add_order(&[0, 1, 2], u64::MAX / 3);
        b.add_order(&[1, 0], u64::MAX / 5);
        let st = [St::Elected, St::Elected, St::Continuing];
        let g = BigUint::from(10u64.pow(18));
        let keep = vec![BigUint::from(123_456_789_012_345_678u64), BigUint::from(987_654_321_098_765_432u64), g.clone()];
        let paths = Paths::build(&b, &st);
        assert_eq!(paths.distribute_fast(&keep, &g, 3, &mut Scratch::default()), Some(paths.distribute(&keep, &g, 3)));
    }

    #[test]
    fn a_candidate_ranked_twice_takes_from_the_ballot_once() {
        // A, A, B counts as A, B: A's keep value applies once, the rest goes to B.
        let mut b = BallotBox::new(vec!["A".into(), "B".into(), "C".into(), "D".into()]);
        b.add_order(&[0, 0, 1], 60);
        b.add_order(&[2], 25);
        b.add_order(&[3, 1, 3], 15);
        let twice = meek_exact(&b, 2, 0).unwrap();
        let once = meek_exact(&obvious_pair(), 2, 0).unwrap();
        assert_eq!(twice.stages, once.stages);
        assert_eq!(twice.tabulation, once.tabulation);
    }

    #[test]
    fn a_surplus_that_exhausts_lowers_the_quota_exactly() {
        // 2 seats; A's ballots rank no one else, so every cut in k_A is excess and the
        // quota falls: q = (100 − 60 (1 − k)) / 3. After one cut, k_A = 5/9 (rounded up to
        // 12 decimals), excess 60 × (1 − k_A) ≈ 26.67 and the quota ≈ 24.44, below C's 25:
        // C is elected in the same stage, without any exclusion.
        let mut b = BallotBox::new(vec!["A".into(), "B".into(), "C".into()]);
        b.add_order(&[0], 60);
        b.add_order(&[1], 15);
        b.add_order(&[2], 25);
        let m = meek_exact(&b, 2, 0).unwrap();
        assert_eq!(m.tabulation.winners_by_name(), vec!["A", "C"]);
        let k = BigRational::new(big("555555555556"), big("1000000000000"));
        let s = &m.stages[1];
        assert_eq!(s.keep[0], k);
        let excess = (BigRational::one() - &k) * q(60, 1);
        assert_eq!(s.excess, excess);
        assert_eq!(s.quota, (q(100, 1) - &excess) / q(3, 1));
        assert_eq!(s.distributions, 2);
        assert!(!s.converged, "C passed the quota before the surplus was below 10^-9");
        for v in [MeekVariant::Exact, MeekVariant::NewZealand] {
            assert_eq!(meek(&b, 2, v, 0).unwrap().winners_by_name(), vec!["A", "C"], "{v:?}");
        }
    }

    #[test]
    fn exact_quota_is_passed_strictly() {
        // Three candidates with 10 votes each for 2 seats: the quota is exactly 10 and
        // nobody exceeds it; the lot excludes one and the other two are elected.
        let mut b = BallotBox::new(vec!["A".into(), "B".into(), "C".into()]);
        b.add_order(&[0], 10);
        b.add_order(&[1], 10);
        b.add_order(&[2], 10);
        let m = meek_exact(&b, 2, 7).unwrap();
        assert_eq!(m.stages[0].quota, q(10, 1));
        assert_eq!(m.tabulation.rounds[0].actions.len(), 1);
        assert_eq!(m.tabulation.rounds[0].actions[0].kind, ActionKind::Eliminated);
        assert_eq!(m.tabulation.ties.len(), 1);
        assert_eq!(m.tabulation.ties[0].decided_by, "lot (seed 7)");
        assert_eq!(m.tabulation.elected.len(), 2);
    }

    #[test]
    fn exact_tie_break_by_earlier_stage() {
        // 1 seat, 14 ballots, quota 7. Stage 1: A 6, B 4, C 3, D 1: D is excluded and
        // its ballot goes to C. Stage 2: B 4 and C 4 tie at the bottom; C had fewer at
        // stage 1 and is excluded. Stage 3: C's ballots exhaust, the quota falls to
        // (14 − 4) / 2 = 5 and A (6) passes it.
        let mut b = BallotBox::new(vec!["A".into(), "B".into(), "C".into(), "D".into()]);
        b.add_order(&[0], 6);
        b.add_order(&[1], 4);
        b.add_order(&[2], 3);
        b.add_order(&[3, 2], 1);
        let m = meek_exact(&b, 1, 0).unwrap();
        let t = &m.tabulation;
        assert_eq!(t.ties.len(), 1);
        assert_eq!(t.ties[0].round, 2);
        assert_eq!(t.ties[0].chosen, 2);
        assert_eq!(t.ties[0].decided_by, "fewest votes at stage 1");
        assert_eq!(t.winners_by_name(), vec!["A"]);
        assert_eq!(m.stages[2].quota, q(5, 1));
        // New Zealand's statement takes the same decisions.
        let nz = meek(&b, 1, MeekVariant::NewZealand, 0).unwrap();
        assert_eq!(nz.ties, t.ties);
        assert_eq!(nz.elected, t.elected);
    }

    /// Each candidate's votes and the excess, ballot by ballot in rationals: the
    /// definition that [`Paths`] must reproduce.
    fn per_ballot(bb: &BallotBox, st: &[St], keep: &[BigRational]) -> (Vec<BigRational>, BigRational) {
        let n = st.len();
        let mut votes = vec![BigRational::zero(); n];
        let mut excess = BigRational::zero();
        for b in bb.ballots.iter().filter(|b| !b.ranks.is_empty()) {
            let w = BigRational::from_integer(BigInt::from(b.weight));
            let mut left = BigRational::one();
            let mut seen = vec![false; n];
            for r in &b.ranks {
                if r.marks.len() != 1 {
                    break;
                }
                let c = r.marks[0] as usize;
                if c >= n || st[c] == St::Excluded || seen[c] {
                    continue;
                }
                seen[c] = true;
                let k = if st[c] == St::Continuing { BigRational::one() } else { keep[c].clone() };
                votes[c] += &left * &k * &w;
                left = &left * (BigRational::one() - &k);
            }
            excess += left * w;
        }
        (votes, excess)
    }

    /// A small election: up to 7 candidates, up to 12 distinct rankings (some with an
    /// overvote, some ranking no one), weights up to 50, seats below the candidates.
    fn elections() -> impl Strategy<Value = (BallotBox, u32)> {
        (3usize..=7).prop_flat_map(|n| {
            let ranking = (proptest::collection::vec(0..n as u32, 0..=n), 1u64..=50, 0u8..10);
            (Just(n), proptest::collection::vec(ranking, 1..=12), 1..n as u32)
        })
        .prop_map(|(n, rankings, seats)| {
            let names: Vec<String> = (0..n).map(|i| format!("C{i}")).collect();
            let mut b = BallotBox::new(names);
            for (order, w, flag) in rankings {
                let mut ranks: Vec<super::super::Rank> =
                    order.iter().enumerate().map(|(i, &c)| super::super::Rank::one(i as u32 + 1, c)).collect();
                if flag == 0 && ranks.len() > 1 {
                    // An overvote at the last rank.
                    let last = ranks.last_mut().unwrap();
                    last.marks.push((last.marks[0] + 1) % n as u32);
                }
                b.add(ranks, w);
            }
            (b, seats)
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

        #[test]
        fn exact_meek_elects_seats_and_balances_exactly((b, seats) in elections()) {
            let total: u64 = b.ballots.iter().filter(|x| !x.ranks.is_empty()).map(|x| x.weight).sum();
            let m = match meek_exact(&b, seats, 3) {
                Err(RankedError::NoVotes) => { prop_assert_eq!(total, 0); return Ok(()); }
                r => r.unwrap(),
            };
            let t = &m.tabulation;
            prop_assert_eq!(t.elected.len(), seats as usize);
            let mut e = t.elected.clone();
            e.sort();
            e.dedup();
            prop_assert_eq!(e.len(), seats as usize);
            prop_assert_eq!(m.stages.len(), t.rounds.len());
            let total = BigRational::from_integer(BigInt::from(total));
            let s1 = BigRational::from_integer(BigInt::from(seats + 1));
            let one = BigRational::one();
            let zero = BigRational::zero();
            let mut elected_before: Vec<Cand> = Vec::new();
            for (s, r) in m.stages.iter().zip(&t.rounds) {
                // Votes held + excess = ballots, exactly, at every stage.
                let held: BigRational = s.votes.iter().cloned().fold(zero.clone(), |a, v| a + v);
                prop_assert_eq!(&held + &s.excess, total.clone());
                prop_assert_eq!(s.quota.clone(), (&total - &s.excess) / &s1);
                for k in &s.keep {
                    prop_assert!(*k >= zero && *k <= one);
                }
                // The elected hold at least a quota; the surplus is theirs above it.
                let mut surplus = zero.clone();
                for &c in &elected_before {
                    prop_assert!(s.votes[c as usize] >= s.quota);
                    surplus += &s.votes[c as usize] - &s.quota;
                }
                prop_assert_eq!(&surplus, &s.surplus);
                if s.converged {
                    prop_assert!(surplus * BigRational::from_integer(BigInt::from(1_000_000_000)) < one);
                }
                // Elected in this round: above the quota, or the last hopefuls.
                for a in r.actions.iter().filter(|a| a.kind == ActionKind::Elected) {
                    if a.reason.is_none() {
                        prop_assert!(s.votes[a.candidate as usize] > s.quota);
                    }
                    elected_before.push(a.candidate);
                }
            }
        }

        #[test]
        fn paths_distribute_as_the_ballots_do(
            (b, _) in elections(),
            standing in proptest::collection::vec(0u8..3, 7),
            keeps in proptest::collection::vec(0u32..=1000, 7),
        ) {
            let n = b.num_candidates();
            let st: Vec<St> = standing[..n].iter().map(|&s| [St::Continuing, St::Elected, St::Excluded][s as usize]).collect();
            let g = BigUint::from(1000u32);
            let keep: Vec<BigUint> = (0..n)
                .map(|c| match st[c] {
                    St::Continuing => g.clone(),
                    St::Elected => BigUint::from(keeps[c]),
                    St::Excluded => BigUint::zero(),
                })
                .collect();
            let paths = Paths::build(&b, &st);
            let (votes, excess) = paths.distribute(&keep, &g, n);
            let den = g.pow(paths.max_depth as u32);
            let exact: Vec<BigRational> = keep.iter().map(|k| ratio(k, &g)).collect();
            let (want_votes, want_excess) = per_ballot(&b, &st, &exact);
            for c in 0..n {
                prop_assert_eq!(ratio(&votes[c], &den), want_votes[c].clone(), "candidate {}", c);
            }
            prop_assert_eq!(ratio(&excess, &den), want_excess);
        }

        #[test]
        fn fast_distribution_is_the_big_integer_one(
            (b, _) in elections(),
            standing in proptest::collection::vec(0u8..3, 7),
            keeps in proptest::collection::vec(0u64..=10_000_000_000_000_000, 7),
            digits in prop_oneof![Just(3u32), Just(16u32), Just(19u32)],
        ) {
            let n = b.num_candidates();
            let st: Vec<St> = standing[..n].iter().map(|&s| [St::Continuing, St::Elected, St::Excluded][s as usize]).collect();
            let g = BigUint::from(10u32).pow(digits);
            let keep: Vec<BigUint> = (0..n)
                .map(|c| match st[c] {
                    St::Continuing => g.clone(),
                    St::Elected => BigUint::from(keeps[c]) % &g,
                    St::Excluded => BigUint::zero(),
                })
                .collect();
            let paths = Paths::build(&b, &st);
            let fast = paths.distribute_fast(&keep, &g, n, &mut Scratch::default());
            prop_assert_eq!(fast, Some(paths.distribute(&keep, &g, n)));
        }

        #[test]
        fn exact_meek_is_deterministic_and_agrees_with_its_display((b, seats) in elections()) {
            if let Ok(m) = meek_exact(&b, seats, 1) {
                prop_assert_eq!(&m.tabulation, &meek(&b, seats, MeekVariant::Exact, 1).unwrap());
                let ten12 = BigRational::from_integer(BigInt::from(10u64.pow(12)));
                for (s, r) in m.stages.iter().zip(&m.tabulation.rounds) {
                    for &(c, f) in &r.tally {
                        let exact = (&s.votes[c as usize] * &ten12).floor().to_integer();
                        prop_assert_eq!(exact, BigInt::from(f.raw));
                    }
                }
            }
        }
    }

    /// Meek in pure rationals (no rounding of keep values), continued from the first
    /// stage of `m` at which at least two candidates had been elected (with one, the votes
    /// are affine in its keep value and the denominators grow only additively): the bits
    /// of the largest keep-value denominator after each iteration and the time so far,
    /// until `budget` runs out.
    fn pure_exact_growth(bb: &BallotBox, m: &ExactMeek, max_iter: usize, budget: std::time::Duration) -> Vec<(usize, u64, std::time::Duration)> {
        let n = bb.num_candidates();
        let seats = m.tabulation.seats;
        let total: u64 = bb.ballots.iter().filter(|b| !b.ranks.is_empty()).map(|b| b.weight).sum();
        let total = BigRational::from_integer(BigInt::from(total));
        let s1 = BigRational::from_integer(BigInt::from(seats + 1));
        let mut st: Vec<St> = bb.withdrawn.iter().map(|&w| if w { St::Excluded } else { St::Continuing }).collect();
        let mut from = None;
        for (i, r) in m.tabulation.rounds.iter().enumerate() {
            if st.iter().filter(|&&s| s == St::Elected).count() >= 2 {
                from = Some(i);
                break;
            }
            for a in &r.actions {
                st[a.candidate as usize] = if a.kind == ActionKind::Elected { St::Elected } else { St::Excluded };
            }
        }
        let from = from.expect("a stage with two elected");
        println!("from stage {} ({} distributions in the count)", from + 1, m.stages[from].distributions);
        let mut keep = m.stages[from].keep.clone();
        let paths = Paths::build(bb, &st);
        let start = std::time::Instant::now();
        let mut out = Vec::new();
        for it in 1..=max_iter {
            let mut left: Vec<BigRational> = Vec::with_capacity(paths.nodes.len());
            let mut votes = vec![BigRational::zero(); n];
            let mut excess = BigRational::zero();
            left.push(BigRational::one());
            for (i, x) in paths.nodes.iter().enumerate() {
                if i > 0 {
                    let p = left[x.parent].clone();
                    let k = &keep[x.via];
                    votes[x.via] += &p * k * BigRational::from_integer(BigInt::from(x.weight));
                    left.push(p * (BigRational::one() - k));
                }
                for &(c, w) in &x.hopeful {
                    votes[c] += &left[i] * BigRational::from_integer(BigInt::from(w));
                }
                excess += &left[i] * BigRational::from_integer(BigInt::from(x.exhausted));
            }
            let quota = (&total - &excess) / &s1;
            for c in (0..n).filter(|&c| st[c] == St::Elected) {
                keep[c] = &keep[c] * &quota / &votes[c];
            }
            let bits = keep.iter().map(|k| k.denom().bits()).max().unwrap_or(0);
            out.push((it, bits, start.elapsed()));
            if start.elapsed() > budget {
                break;
            }
        }
        out
    }

    #[test]
    fn pure_exact_keep_values_grow_geometrically() {
        // 12 candidates, 3 seats, 300 ballots from a fixed linear congruential sequence.
        let mut b = BallotBox::new((0..12).map(|i| format!("C{i}")).collect());
        let mut x: u64 = 20261128;
        for _ in 0..300 {
            let mut order: Vec<Cand> = Vec::new();
            for _ in 0..5 {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                let c = ((x >> 33) % 12) as Cand;
                // A skewed first preference, so that someone passes the quota.
                let c = if order.is_empty() && (x >> 20).is_multiple_of(3) { 0 } else { c };
                if !order.contains(&c) {
                    order.push(c);
                }
            }
            b.add_order(&order, 1);
        }
        let m = meek_exact(&b, 3, 0).unwrap();
        let g = pure_exact_growth(&b, &m, 4, std::time::Duration::from_secs(20));
        assert_eq!(g.len(), 4);
        // Each iteration multiplies the denominator's length several times over.
        for w in g.windows(2) {
            assert!(w[1].1 > 2 * w[0].1, "{g:?}");
        }
    }

    /// The measurement quoted in the module documentation: pure rational keep values on
    /// the benchmark input (`MANDAT_BENCH_DATA/meek-100k.blt`, see BENCHMARKS.md):
    /// `MANDAT_BENCH_DATA=... cargo test --release -p mandat-core pure_exact_iteration -- --ignored --nocapture`
    #[test]
    #[ignore]
    fn pure_exact_iteration_on_the_benchmark() {
        let dir = std::env::var("MANDAT_BENCH_DATA").expect("MANDAT_BENCH_DATA");
        let text = std::fs::read_to_string(format!("{dir}/meek-100k.blt")).unwrap();
        // The generator's plain BLT: "n seats", "w c1 c2 ... 0" lines, "0", names.
        let mut lines = text.lines();
        let n: usize = lines.next().unwrap().split_whitespace().next().unwrap().parse().unwrap();
        let mut b = BallotBox::new((0..n).map(|i| format!("C{i}")).collect());
        for l in lines {
            let f: Vec<u64> = l.split_whitespace().map(|x| x.parse().unwrap()).collect();
            if f == [0] {
                break;
            }
            let order: Vec<Cand> = f[1..].iter().take_while(|&&c| c != 0).map(|&c| c as Cand - 1).collect();
            b.add_order(&order, f[0]);
        }
        let m = meek_exact(&b, 5, 0).unwrap();
        for (it, bits, t) in pure_exact_growth(&b, &m, 12, std::time::Duration::from_secs(60)) {
            println!("iteration {it}: largest keep-value denominator {bits} bits, {:.2} s so far", t.as_secs_f64());
        }
    }
}
