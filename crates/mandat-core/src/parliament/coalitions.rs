//! Winning coalitions: the minimal ones (every member needed), and the minimal
//! connected ones given a left-right order of the groups (Axelrod).
//!
//! A coalition wins when its seats reach the quota ([`Majority::quota`]). It is
//! *minimal winning* when it wins and loses as soon as any member leaves; since
//! removing the smallest member hurts least, that is: seats − smallest member's
//! seats < quota. It is *minimal connected winning* when its members are adjacent
//! in the order and it loses as soon as either end leaves (a member inside cannot
//! leave without breaking the connection).
//!
//! ```
//! use mandat_core::parliament::coalitions::{minimal_winning, Majority};
//! let q = Majority::Half.quota(100);                // more than half: 51
//! let found = minimal_winning(&[40, 35, 25], q, usize::MAX);
//! assert_eq!(found.count, 3);                       // any two of the three
//! ```

use std::collections::BinaryHeap;
use std::fmt;

use serde::Serialize;

use crate::exact::Fraction;

/// What a coalition needs to win.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Majority {
    /// More than half of the seats (an absolute majority).
    Half,
    /// At least this share of the seats, e.g. 2/3 (must be above 0 and at most 1).
    AtLeast(Fraction),
    /// At least this many seats.
    Seats(u64),
}

impl Majority {
    /// The smallest number of seats that wins in an assembly of `total` seats.
    pub fn quota(&self, total: u64) -> u64 {
        match *self {
            Majority::Half => total / 2 + 1,
            Majority::AtLeast(f) => {
                // ⌈f · total⌉, exactly
                let num = f.num * total as u128;
                num.div_ceil(f.den.max(1)).min(u64::MAX as u128) as u64
            }
            Majority::Seats(n) => n,
        }
    }

    /// Reads `50%` or `1/2` (more than half), another share such as `2/3` or `60%`
    /// (at least that share), or a number of seats such as `76`.
    pub fn parse(s: &str) -> Result<Majority, String> {
        let t = s.trim();
        let share = if let Some(p) = t.strip_suffix('%') {
            let d: crate::exact::Decimal = p.trim().parse().map_err(|e| format!("{e}"))?;
            let f = d.as_fraction();
            Some(Fraction::new(f.num, f.den * 100))
        } else if let Some((a, b)) = t.split_once('/') {
            let a: u128 = a.trim().parse().map_err(|_| format!("expected a share such as 2/3, found {s:?}"))?;
            let b: u128 = b.trim().parse().map_err(|_| format!("expected a share such as 2/3, found {s:?}"))?;
            if b == 0 {
                return Err(format!("{s:?} divides by zero"));
            }
            Some(Fraction::new(a, b))
        } else {
            None
        };
        match share {
            Some(f) => {
                if f == Fraction::ZERO || f > Fraction::integer(1) {
                    return Err(format!("a majority must be a share above 0 and at most 100%, found {s:?}"));
                }
                if f == Fraction::new(1, 2) {
                    Ok(Majority::Half)
                } else {
                    Ok(Majority::AtLeast(f))
                }
            }
            None => {
                let n: u64 = t
                    .parse()
                    .map_err(|_| format!("expected a majority such as 50%, 2/3 or a number of seats, found {s:?}"))?;
                if n == 0 {
                    return Err("a majority of 0 seats is not a majority".into());
                }
                Ok(Majority::Seats(n))
            }
        }
    }
}

impl fmt::Display for Majority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Majority::Half => f.write_str("more than half of the seats"),
            Majority::AtLeast(x) => write!(f, "at least {x} of the seats"),
            Majority::Seats(n) => write!(f, "at least {n} seats"),
        }
    }
}

/// One winning coalition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Coalition {
    /// Member groups (indices), in the assembly's order.
    pub members: Vec<usize>,
    pub seats: u64,
    /// Seats beyond the quota.
    pub surplus: u64,
}

/// Minimal winning coalitions: how many there are, and the first `limit` of them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Found {
    /// The exact number of minimal winning coalitions.
    pub count: u128,
    /// Listed ones, fewest seats first, then the one with the earliest group (in
    /// assembly order) where two differ; members in assembly order.
    pub coalitions: Vec<Coalition>,
    /// Whether `count > coalitions.len()`.
    pub truncated: bool,
    /// Whether the listing holds the coalitions with the fewest seats (else the first found).
    pub fewest_first: bool,
}

/// The most coalitions a listing may ask for (`limit`): every one listed is kept in
/// memory while searching, and a million lines is more than anyone reads. The count is
/// exact whatever the limit.
pub const MAX_LIMIT: usize = 1_000_000;

/// Above this many minimal winning coalitions, the listing stops at the first `limit`
/// found (largest groups first) instead of searching them all for the fewest seats.
pub const FULL_SEARCH_MAX: u128 = 5_000_000;

/// Every minimal winning coalition: the exact count, and a listing of at most `limit`
/// of them, fewest seats first (then by members). When there are more than
/// [`FULL_SEARCH_MAX`], the listing is the first `limit` found, and `fewest_first`
/// is false.
///
/// Groups are explored largest first with pruning (a branch stops as soon as it
/// wins, or when the groups left cannot make it win), so the work is proportional
/// to the coalitions found, not to 2ⁿ.
pub fn minimal_winning(weights: &[u64], quota: u64, limit: usize) -> Found {
    let count = count_minimal_winning(weights, quota);
    let mut order: Vec<usize> = (0..weights.len()).filter(|&i| weights[i] > 0).collect();
    order.sort_by(|&a, &b| weights[b].cmp(&weights[a]).then(a.cmp(&b)));
    let w: Vec<u64> = order.iter().map(|&i| weights[i]).collect();
    let mut suffix = vec![0u64; w.len() + 1];
    for k in (0..w.len()).rev() {
        suffix[k] = suffix[k + 1] + w[k];
    }
    let fewest_first = count <= FULL_SEARCH_MAX;
    let keep_all = limit as u128 >= count;
    let mut s = Search { w: &w, suffix: &suffix, quota, members: 0, heap: BinaryHeap::new(), all: Vec::new(), keep_all, limit, stop_at_limit: !fewest_first };
    if quota > 0 && limit > 0 && weights.len() <= MAX_LISTED_GROUPS {
        s.run(0, 0);
    }
    // Members as sets of assembly indices (bit i = group i), then sorted: fewest seats
    // first, then the coalition with the earliest group where two differ.
    // The sort key holds the set with its bits reversed and flipped, so that plain
    // integer order puts the coalition with the earliest differing group first.
    let mut found = s.all;
    found.extend(s.heap.into_vec());
    let mut sets: Vec<(u64, u128)> = found
        .into_iter()
        .map(|(seats, mut mask)| {
            let mut set = 0u128;
            while mask != 0 {
                set |= 1u128 << order[mask.trailing_zeros() as usize];
                mask &= mask - 1;
            }
            (seats, !set.reverse_bits())
        })
        .collect();
    sets.sort_unstable();
    let coalitions: Vec<Coalition> = sets
        .into_iter()
        .map(|(seats, key)| {
            let mut set = (!key).reverse_bits();
            let mut members = Vec::with_capacity(set.count_ones() as usize);
            while set != 0 {
                members.push(set.trailing_zeros() as usize);
                set &= set - 1;
            }
            Coalition { members, seats, surplus: seats - quota }
        })
        .collect();
    let truncated = count > coalitions.len() as u128;
    Found { count, coalitions, truncated, fewest_first }
}

/// Coalitions are listed only for assemblies of up to this many groups with a seat
/// (members are kept as a 128-bit set while searching); their count has no limit.
pub const MAX_LISTED_GROUPS: usize = 128;

// Members are also kept as sets of assembly indices: an assembly has at most 128 groups
// with a seat for its coalitions to be listed (checked where the search starts).

struct Search<'a> {
    w: &'a [u64],
    suffix: &'a [u64],
    quota: u64,
    /// The members so far, as bits of positions in the largest-first order.
    members: u128,
    /// The best `limit` found so far (a max-heap, so the worst is dropped first).
    heap: BinaryHeap<(u64, u128)>,
    /// Every one found, when all are to be listed (no heap needed).
    all: Vec<(u64, u128)>,
    keep_all: bool,
    limit: usize,
    stop_at_limit: bool,
}

impl Search<'_> {
    /// Extends the losing coalition `self.members` (with `seats`) by one of the groups
    /// from position `k` on: a group that makes it win closes a minimal winning
    /// coalition (it is its smallest member, and the rest was losing); otherwise the
    /// search goes on from there. Stops as soon as the groups left cannot make it win.
    fn run(&mut self, k: usize, seats: u64) {
        for j in k..self.w.len() {
            if seats + self.suffix[j] < self.quota || (self.stop_at_limit && self.heap.len() >= self.limit) {
                return;
            }
            let with = seats + self.w[j];
            let members = self.members | 1u128 << j;
            if with >= self.quota {
                self.record(with, members);
            } else {
                let saved = self.members;
                self.members = members;
                self.run(j + 1, with);
                self.members = saved;
            }
        }
    }

    fn record(&mut self, seats: u64, members: u128) {
        if self.keep_all {
            self.all.push((seats, members));
            return;
        }
        if self.heap.len() >= self.limit {
            match self.heap.peek() {
                Some(&top) if top > (seats, members) => {
                    self.heap.pop();
                }
                _ => return,
            }
        }
        self.heap.push((seats, members));
    }
}

/// The number of minimal winning coalitions, by dynamic programming over seat
/// totals: with groups sorted largest first, a minimal winning coalition whose
/// smallest member is `j` is `j` plus a set of earlier groups with between
/// `quota − wⱼ` and `quota − 1` seats.
pub fn count_minimal_winning(weights: &[u64], quota: u64) -> u128 {
    if quota == 0 {
        return 0;
    }
    let mut w: Vec<u64> = weights.iter().copied().filter(|&x| x > 0).collect();
    w.sort_unstable_by(|a, b| b.cmp(a));
    let q = quota as usize;
    // f[t]: subsets of the groups seen so far with t seats (t < quota).
    let mut f = vec![0u128; q];
    f[0] = 1;
    let mut count = 0u128;
    for &wj in &w {
        let wj = wj as usize;
        let from = q.saturating_sub(wj);
        count += f[from..].iter().sum::<u128>();
        if wj < q {
            for t in (wj..q).rev() {
                f[t] += f[t - wj];
            }
        }
    }
    count
}

/// Every minimal connected winning coalition for the groups in `order` (indices,
/// left to right); groups missing from the order belong to no connected coalition.
/// Members are listed left to right.
pub fn minimal_connected_winning(weights: &[u64], quota: u64, order: &[usize]) -> Vec<Coalition> {
    let n = order.len();
    let mut out = Vec::new();
    if quota == 0 {
        return out;
    }
    // prefix[k]: seats of order[..k]
    let mut prefix = vec![0u64; n + 1];
    for k in 0..n {
        prefix[k + 1] = prefix[k] + weights[order[k]];
    }
    for a in 0..n {
        for b in a..n {
            let seats = prefix[b + 1] - prefix[a];
            if seats < quota {
                continue;
            }
            let without_left = seats - weights[order[a]];
            let without_right = seats - weights[order[b]];
            if without_left < quota && without_right < quota {
                out.push(Coalition { members: order[a..=b].to_vec(), seats, surplus: seats - quota });
            }
            break; // any longer interval from a keeps b's coalition inside it
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brute(weights: &[u64], quota: u64) -> Vec<Vec<usize>> {
        let n = weights.len();
        let mut out = Vec::new();
        for mask in 1u32..(1 << n) {
            let m: Vec<usize> = (0..n).filter(|&i| mask >> i & 1 == 1).collect();
            let s: u64 = m.iter().map(|&i| weights[i]).sum();
            if s >= quota && m.iter().all(|&i| s - weights[i] < quota) {
                out.push(m);
            }
        }
        out.sort();
        out
    }

    #[test]
    fn minimal_winning_matches_brute_force() {
        let games: &[(&[u64], u64)] = &[
            (&[40, 35, 25], 51),
            (&[25, 21, 20, 18, 14, 12, 12, 12, 9, 5, 2], 76),
            (&[10, 0, 3, 7, 7, 1, 4, 4], 19),
            (&[5, 5, 5, 5, 5], 15),
            (&[1, 1, 1], 3),
        ];
        for &(w, q) in games {
            let f = minimal_winning(w, q, usize::MAX);
            let mut got: Vec<Vec<usize>> = f.coalitions.iter().map(|c| c.members.clone()).collect();
            got.sort();
            assert_eq!(got, brute(w, q), "{w:?} q={q}");
            assert_eq!(f.count, got.len() as u128);
            assert!(!f.truncated);
        }
    }

    #[test]
    fn the_list_can_be_limited_but_the_count_stays_exact() {
        let w = [5u64; 10];
        let f = minimal_winning(&w, 26, 7);
        assert_eq!(f.count, 210); // C(10, 6)
        assert_eq!(f.coalitions.len(), 7);
        assert!(f.truncated && f.fewest_first);
        // The listing keeps the coalitions with the fewest seats.
        let w = [30u64, 20, 20, 15, 10, 5];
        let all = minimal_winning(&w, 51, usize::MAX);
        let few = minimal_winning(&w, 51, 3);
        let seats = |f: &Found| f.coalitions.iter().map(|c| c.seats).collect::<Vec<_>>();
        assert_eq!(seats(&few)[..], seats(&all)[..3]);
    }

    #[test]
    fn connected_coalitions_are_intervals_of_the_order() {
        // Left to right: A(10) B(30) C(25) D(35); quota 51.
        let w = [10u64, 30, 25, 35];
        let c = minimal_connected_winning(&w, 51, &[0, 1, 2, 3]);
        let m: Vec<Vec<usize>> = c.iter().map(|c| c.members.clone()).collect();
        // A+B+C = 65 (minimal: without A 55 wins!) → not minimal; B+C = 55 is; C+D = 60 is.
        assert_eq!(m, vec![vec![1, 2], vec![2, 3]]);
    }

    #[test]
    fn majorities_parse() {
        assert_eq!(Majority::parse("50%").unwrap().quota(150), 76);
        assert_eq!(Majority::parse("1/2").unwrap().quota(151), 76);
        assert_eq!(Majority::parse("2/3").unwrap().quota(150), 100);
        assert_eq!(Majority::parse("2/3").unwrap().quota(151), 101);
        assert_eq!(Majority::parse("76").unwrap().quota(150), 76);
        assert!(Majority::parse("0").is_err());
        assert!(Majority::parse("120%").is_err());
        assert!(Majority::parse("2/0").is_err());
        assert!(Majority::parse("lots").is_err());
    }
}
