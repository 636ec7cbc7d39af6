//! Voting power in a weighted majority game, exactly: the Banzhaf and the
//! Shapley-Shubik indices, by dynamic programming over seat totals (never by
//! enumerating coalitions).
//!
//! The game: `n` groups with `weights[i]` seats; a coalition wins when its seats
//! reach `quota`. Group `i` *swings* for a coalition `S` without `i` when `S` loses
//! and `S ∪ {i}` wins, i.e. when `quota − wᵢ ≤ w(S) < quota`.
//!
//! - Banzhaf: `βᵢ = swingsᵢ / Σⱼ swingsⱼ` (normalised); the absolute index is
//!   `swingsᵢ / 2ⁿ⁻¹`. Counts are exact integers (u128).
//! - Shapley-Shubik: `φᵢ = Σ_S |S|! (n − |S| − 1)! / n!` over the coalitions `S`
//!   for which `i` swings; the numerators exceed u128 for 35 groups and more, so
//!   they are big integers, and each index is the exact fraction `numᵢ / n!`.
//!
//! Method: `c[s][w]`, the number of coalitions of `s` groups with `w` seats, is
//! built once for all groups (O(n² W)); the table without group `i` is then
//! peeled off it by the inverse recurrence `c₋ᵢ[s][w] = c[s][w] − c₋ᵢ[s−1][w−wᵢ]`
//! (O(n · quota) per group), which is exact because the counts are integers.
//!
//! ```
//! use mandat_core::parliament::power::power_indices;
//! // 3 groups of 2, 1, 1 seats, majority 3: the big group is pivotal in 3 of 4 cases.
//! let p = power_indices(&[2, 1, 1], 3).unwrap();
//! assert_eq!(p.banzhaf_swings, vec![3, 1, 1]);
//! assert_eq!(p.shapley_shubik_exact(0), (2u32.into(), 3u32.into())); // 4/6 = 2/3
//! ```

use num_bigint::BigUint;
use num_integer::Integer;
use num_traits::{One, ToPrimitive, Zero};
use serde::Serialize;

use crate::exact::Fraction;

/// The most groups the indices are computed for: counts of coalitions must fit u64
/// in the tables (`2⁶³`).
pub const MAX_GROUPS: usize = 63;

/// Why the indices cannot be computed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PowerError {
    #[error("the quota must be between 1 and the {total} seats of the assembly, found {quota}")]
    Quota { quota: u64, total: u64 },
    #[error("at most {MAX_GROUPS} groups, found {0}")]
    TooManyGroups(usize),
    #[error("the assembly has no group")]
    Empty,
    #[error("at most {MAX_SEATS} seats in all, found {0}")]
    TooManySeats(u64),
}

/// The most seats the indices are computed for (the tables grow with the quota).
pub const MAX_SEATS: u64 = 100_000;

/// Both indices, exact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PowerIndices {
    pub quota: u64,
    pub total_seats: u64,
    /// Swings per group (raw Banzhaf counts).
    pub banzhaf_swings: Vec<u128>,
    /// Shapley-Shubik numerators over `n!` per group.
    pub shapley_shubik_num: Vec<BigUint>,
    /// `n!`, the common denominator of the Shapley-Shubik indices.
    pub shapley_shubik_den: BigUint,
}

impl PowerIndices {
    /// The normalised Banzhaf index of group `i` (0 when nobody ever swings, which
    /// happens only when no coalition or every coalition wins).
    pub fn banzhaf(&self, i: usize) -> Fraction {
        let total: u128 = self.banzhaf_swings.iter().sum();
        if total == 0 {
            Fraction::ZERO
        } else {
            reduce(self.banzhaf_swings[i], total)
        }
    }

    /// The absolute (non-normalised) Banzhaf index `swings / 2ⁿ⁻¹`.
    pub fn banzhaf_absolute(&self, i: usize) -> Fraction {
        let n = self.banzhaf_swings.len();
        reduce(self.banzhaf_swings[i], 1u128 << (n - 1))
    }

    /// The Shapley-Shubik index of group `i` as a reduced fraction (numerator, denominator).
    pub fn shapley_shubik_exact(&self, i: usize) -> (BigUint, BigUint) {
        let num = &self.shapley_shubik_num[i];
        if num.is_zero() {
            return (BigUint::zero(), BigUint::one());
        }
        let g = num.gcd(&self.shapley_shubik_den);
        (num / &g, &self.shapley_shubik_den / &g)
    }

    /// The Shapley-Shubik index with `digits` decimals, rounded half up (display only).
    pub fn shapley_shubik_decimal(&self, i: usize, digits: u32) -> String {
        big_decimal(&self.shapley_shubik_num[i], &self.shapley_shubik_den, digits)
    }

    /// The Shapley-Shubik index as a `"num/den"` string, reduced.
    pub fn shapley_shubik_string(&self, i: usize) -> String {
        let (n, d) = self.shapley_shubik_exact(i);
        if d.is_one() {
            n.to_string()
        } else {
            format!("{n}/{d}")
        }
    }
}

fn reduce(num: u128, den: u128) -> Fraction {
    if num == 0 {
        return Fraction::ZERO;
    }
    let g = num.gcd(&den);
    Fraction::new(num / g, den / g)
}

/// `num / den` with `digits` decimals, rounded half up, by integer arithmetic.
pub fn big_decimal(num: &BigUint, den: &BigUint, digits: u32) -> String {
    let scale = BigUint::from(10u32).pow(digits);
    let scaled = (num * &scale * 2u32 + den) / (den * 2u32);
    let int = &scaled / &scale;
    let frac = &scaled % &scale;
    if digits == 0 {
        int.to_string()
    } else {
        format!("{int}.{:0>w$}", frac.to_string(), w = digits as usize)
    }
}

/// Computes both indices for groups with `weights` seats and a winning `quota`.
pub fn power_indices(weights: &[u64], quota: u64) -> Result<PowerIndices, PowerError> {
    let n = weights.len();
    if n == 0 {
        return Err(PowerError::Empty);
    }
    if n > MAX_GROUPS {
        return Err(PowerError::TooManyGroups(n));
    }
    let total = weights.iter().fold(0u64, |a, &w| a.saturating_add(w));
    if total > MAX_SEATS {
        return Err(PowerError::TooManySeats(total));
    }
    if quota == 0 || quota > total {
        return Err(PowerError::Quota { quota, total });
    }
    // Only totals below the quota matter for swings: cap the table's width there.
    let q = quota as usize;
    let width = q; // weights 0..q-1
    // c[s * width + w]: coalitions of s groups with w seats (w < quota).
    let mut c = vec![0u64; (n + 1) * width];
    c[0] = 1;
    for (k, &wi) in weights.iter().enumerate() {
        let wi = wi as usize;
        if wi >= width {
            // Such a group alone reaches the quota: it adds nothing below the quota.
            continue;
        }
        // Walk s downwards so that each group is used at most once.
        for s in (1..=k + 1).rev() {
            let (lo, hi) = c.split_at_mut(s * width);
            let prev = &lo[(s - 1) * width..];
            let cur = &mut hi[..width];
            for w in (wi..width).rev() {
                cur[w] += prev[w - wi];
            }
        }
    }
    let mut fact = vec![BigUint::one(); n + 1];
    for k in 1..=n {
        fact[k] = &fact[k - 1] * BigUint::from(k as u64);
    }
    let mut swings = vec![0u128; n];
    let mut ss = vec![BigUint::zero(); n];
    let mut without = vec![0u64; (n + 1) * width];
    for (i, &wi) in weights.iter().enumerate() {
        let wi = wi as usize;
        if wi == 0 {
            continue; // a group without seats never swings
        }
        // The table without group i, for totals below the quota.
        if wi >= width {
            without.copy_from_slice(&c);
        } else {
            without[..width].copy_from_slice(&c[..width]);
            for s in 1..=n {
                for w in 0..width {
                    let base = c[s * width + w];
                    without[s * width + w] = if w >= wi { base - without[(s - 1) * width + w - wi] } else { base };
                }
            }
        }
        let from = q.saturating_sub(wi);
        let mut ss_i = BigUint::zero();
        for s in 0..n {
            let row = &without[s * width..(s + 1) * width];
            let k: u128 = row[from..].iter().map(|&x| x as u128).sum();
            if k > 0 {
                swings[i] += k;
                ss_i += BigUint::from(k) * &fact[s] * &fact[n - 1 - s];
            }
        }
        ss[i] = ss_i;
    }
    Ok(PowerIndices {
        quota,
        total_seats: total,
        banzhaf_swings: swings,
        shapley_shubik_num: ss,
        shapley_shubik_den: fact[n].clone(),
    })
}

/// The same indices by enumerating all 2ⁿ coalitions and n! orders' worth of
/// positions; for tests only (n ≤ 16).
pub fn power_indices_brute_force(weights: &[u64], quota: u64) -> (Vec<u128>, Vec<BigUint>) {
    let n = weights.len();
    let mut fact = vec![BigUint::one(); n + 1];
    for k in 1..=n {
        fact[k] = &fact[k - 1] * BigUint::from(k as u64);
    }
    let mut swings = vec![0u128; n];
    let mut ss = vec![BigUint::zero(); n];
    for mask in 0u64..(1u64 << n) {
        let w: u64 = (0..n).filter(|&j| mask >> j & 1 == 1).map(|j| weights[j]).sum();
        let s = mask.count_ones() as usize;
        for i in 0..n {
            if mask >> i & 1 == 0 && w < quota && w + weights[i] >= quota {
                swings[i] += 1;
                ss[i] += &fact[s] * &fact[n - 1 - s];
            }
        }
    }
    (swings, ss)
}

/// A serializable summary of one group's power, for reports.
#[derive(Clone, Debug, Serialize)]
pub struct GroupPower {
    pub swings: u128,
    pub banzhaf: Fraction,
    pub banzhaf_absolute: Fraction,
    /// Exact `num/den`.
    pub shapley_shubik: String,
    pub shapley_shubik_decimal: String,
}

impl PowerIndices {
    pub fn group(&self, i: usize) -> GroupPower {
        GroupPower {
            swings: self.banzhaf_swings[i],
            banzhaf: self.banzhaf(i),
            banzhaf_absolute: self.banzhaf_absolute(i),
            shapley_shubik: self.shapley_shubik_string(i),
            shapley_shubik_decimal: self.shapley_shubik_decimal(i, 4),
        }
    }

    /// Shapley-Shubik as f64, for tests and plots only.
    pub fn shapley_shubik_lossy(&self, i: usize) -> f64 {
        let (n, d) = self.shapley_shubik_exact(i);
        n.to_f64().unwrap_or(f64::NAN) / d.to_f64().unwrap_or(f64::NAN)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_brute_force_on_small_games() {
        let games: &[(&[u64], u64)] = &[
            (&[2, 1, 1], 3),
            (&[4, 3, 2, 1], 6),
            (&[25, 21, 20, 18, 14, 12, 12, 12, 9, 5, 2], 76),
            (&[10, 0, 3, 7, 7, 1], 15),
            (&[50, 49, 1], 51),
            (&[5, 5, 5, 5], 20),
            (&[100, 1, 1], 1),
        ];
        for &(w, q) in games {
            let p = power_indices(w, q).unwrap();
            let (sw, ss) = power_indices_brute_force(w, q);
            assert_eq!(p.banzhaf_swings, sw, "{w:?} q={q}");
            assert_eq!(p.shapley_shubik_num, ss, "{w:?} q={q}");
        }
    }

    #[test]
    fn shapley_shubik_sums_to_one_exactly() {
        let w = [182u64, 154, 108, 74, 73, 62, 41, 57];
        let p = power_indices(&w, 376).unwrap();
        let sum: BigUint = p.shapley_shubik_num.iter().sum();
        assert_eq!(sum, p.shapley_shubik_den);
    }

    #[test]
    fn forty_groups_do_not_overflow() {
        let w: Vec<u64> = (1..=40).collect();
        let total: u64 = w.iter().sum();
        let p = power_indices(&w, total / 2 + 1).unwrap();
        let sum: BigUint = p.shapley_shubik_num.iter().sum();
        assert_eq!(sum, p.shapley_shubik_den);
        // Larger groups never have less power (the indices respect desirability).
        for i in 1..40 {
            assert!(p.banzhaf_swings[i] >= p.banzhaf_swings[i - 1]);
            assert!(p.shapley_shubik_num[i] >= p.shapley_shubik_num[i - 1]);
        }
    }

    #[test]
    fn bad_quota_is_an_error() {
        assert!(matches!(power_indices(&[1, 2], 0), Err(PowerError::Quota { .. })));
        assert!(matches!(power_indices(&[1, 2], 4), Err(PowerError::Quota { .. })));
        assert_eq!(power_indices(&[], 1), Err(PowerError::Empty));
        assert_eq!(power_indices(&[u64::MAX, 1], 1), Err(PowerError::TooManySeats(u64::MAX)));
    }

    #[test]
    fn decimals_round_half_up() {
        assert_eq!(big_decimal(&BigUint::from(2u32), &BigUint::from(3u32), 4), "0.6667");
        assert_eq!(big_decimal(&BigUint::from(1u32), &BigUint::from(8u32), 2), "0.13");
        assert_eq!(big_decimal(&BigUint::from(1u32), &BigUint::from(1u32), 2), "1.00");
    }
}
