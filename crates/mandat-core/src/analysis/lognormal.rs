//! The projection's constituency noise: a log-normal factor exp(σz − σ²/2), z ~ N(0, 1),
//! drawn by inverting its distribution function from one 64-bit random number (issue 17).
//!
//! A projection draws one factor per list and constituency (132 per Belgian-size
//! simulation); a ziggurat normal and a call to `exp` for each were a third of the time
//! of a simulation. Here the inverse distribution function is tabulated once per
//! projection as cubic Hermite pieces, so a draw is a table look-up and a cubic.
//!
//! A random number is read as a sign (top bit) and a tail probability q ∈ [0, 1/2) (the
//! other bits v, over 2^64 or 2^32); z = ±Φ⁻¹(1 − q) is then exactly normal (inversion,
//! with the symmetry of N(0, 1)). q is cut into octaves [2^-(e+2), 2^-(e+1)) (e = the
//! number of leading zeros of v, less one) and each octave into 64 cells of equal width
//! (the next 6 bits of v); the rest of v is the position t ∈ [0, 1) in the cell. Cells are
//! narrow where Φ⁻¹ bends (the tails) and the interpolation error is below 2·10⁻⁹ of the
//! factor at σ = 1 and 10⁻¹⁰ at σ = 0.05 (tested against the exact inverse), far below a
//! vote. Octaves past e = 55 (q < 2^-57, probability 2^-56 per draw) are folded into the
//! last one: |z| never exceeds Φ⁻¹(1 − 2^-57) ≈ 8.54. Most draws need only 32 bits
//! ([`LogNormal::fill`]).
//!
//! The floats here only model uncertainty: votes are rounded to integers before any
//! count, and every seat is decided exactly.

use std::sync::OnceLock;

use rand::RngCore;

/// Octaves of the tail probability q tabulated (e = 0 … 55).
const OCTAVES: usize = 56;
/// Cells per octave, and the bits of v that choose one.
const CELL_BITS: u32 = 6;
const CELLS: usize = 1 << CELL_BITS;
/// Octaves drawn from 32 bits by [`LogNormal::fill`] (q ≥ 2^-9), and the bits that
/// number them.
const FAST_OCTAVE_BITS: u32 = 3;
const FAST_OCTAVES: u32 = 1 << FAST_OCTAVE_BITS;
/// Cells of the fast octaves, both signs.
const FAST_CELLS: usize = 2 << (FAST_OCTAVE_BITS + CELL_BITS);

/// The tabulated inverse distribution function of a log-normal factor of log-sd σ and
/// mean 1, for one projection.
pub(crate) struct LogNormal {
    /// Per sign (positive z first), octave and cell: the cubic c₀ + t(c₁ + t(c₂ + t·c₃))
    /// over the cell, t ∈ [0, 1).
    cubic: Vec<[f64; 4]>,
    /// The pieces of the fast octaves (sign, then octave, then cell), copied from `cubic`
    /// into one array indexed by the bits of a 32-bit draw ([`LogNormal::sample_32`]).
    fast: Box<[[f64; 4]; FAST_CELLS]>,
}

impl LogNormal {
    /// The table for log-sd `sigma` (≥ 0): OCTAVES × CELLS cubic Hermite pieces per sign,
    /// from the factor's values and derivatives at the cell ends.
    pub(crate) fn new(sigma: f64) -> LogNormal {
        let z = nodes();
        let shift = -sigma * sigma / 2.0; // the mean-one correction, in every factor
        let mut cubic = Vec::with_capacity(2 * OCTAVES * CELLS);
        for sign in [1.0, -1.0] {
            for e in 0..OCTAVES {
                // Cell width in q.
                let h = octave_start(e) / CELLS as f64;
                for j in 0..CELLS {
                    let (z0, z1) = (z[e * (CELLS + 1) + j], z[e * (CELLS + 1) + j + 1]);
                    let (g0, g1) = ((sign * sigma * z0 + shift).exp(), (sign * sigma * z1 + shift).exp());
                    // dg/dt = g · sign·σ · h · dz/dq, and dz/dq = −1/φ(z) for z = Φ⁻¹(1 − q).
                    let (d0, d1) = (-g0 * sign * sigma * h / density(z0), -g1 * sign * sigma * h / density(z1));
                    cubic.push([g0, d0, 3.0 * (g1 - g0) - 2.0 * d0 - d1, 2.0 * (g0 - g1) + d0 + d1]);
                }
            }
        }
        let mut fast = Box::new([[0.0; 4]; FAST_CELLS]);
        for (k, piece) in fast.iter_mut().enumerate() {
            let (negative, e, cell) = (k >> (FAST_OCTAVE_BITS + CELL_BITS), (k >> CELL_BITS) % FAST_OCTAVES as usize, k % CELLS);
            *piece = cubic[(negative * OCTAVES + e) * CELLS + cell];
        }
        LogNormal { cubic, fast }
    }

    /// Fills `out` with independent factors. Two draws share one 64-bit number (32 bits
    /// each: a sign and q = v / 2^32 with 31 bits v) when q ≥ 2^-9 (|z| < 2.9), which is
    /// 255 draws in 256; there q is a multiple of 2^-32, so z moves by steps below
    /// 4·10⁻⁸ (2^-32 / φ(2.9)), a twentieth of a vote on a million votes at σ = 1. A
    /// draw in the tail q < 2^-9 takes a fresh 64-bit number, read as q uniform on
    /// [0, 2^-9) (the distribution of q given that it is in the tail): the tail keeps
    /// the full precision of [`LogNormal::sample`].
    pub(crate) fn fill<R: RngCore + Clone>(&self, rng: &mut R, out: &mut [f64]) {
        // The generator is drawn from a local copy, written back at the end: its state
        // then stays in registers, where through `rng` it would be stored and reloaded at
        // every number (a tenth of the instructions of a draw, and a chain of store-to-load
        // latencies).
        let mut r = rng.clone();
        let mut pairs = out.chunks_exact_mut(2);
        for pair in &mut pairs {
            let u = r.next_u64();
            pair[0] = self.draw_32((u >> 32) as u32, &mut r);
            pair[1] = self.draw_32(u as u32, &mut r);
        }
        if let [last] = pairs.into_remainder() {
            let u = r.next_u64();
            *last = self.draw_32((u >> 32) as u32, &mut r);
        }
        *rng = r;
    }

    /// The factor for 32 random bits, drawing from `rng` again in the tail (see
    /// [`LogNormal::fill`]).
    #[inline(always)]
    fn draw_32(&self, h: u32, rng: &mut impl RngCore) -> f64 {
        match self.sample_32(h) {
            Some(x) => x,
            None => self.sample_tail(h >> 31, rng.next_u64()),
        }
    }

    /// The factor for 32 random bits in the fast octaves (q ≥ 2^-9); `None` in the tail.
    #[inline(always)]
    fn sample_32(&self, h: u32) -> Option<f64> {
        let v = h & (u32::MAX >> 1);
        // v < 2^31: the leading one of octave e is bit 30 − e.
        let e = v.leading_zeros() - 1;
        if e >= FAST_OCTAVES {
            return None;
        }
        let cell = (v >> (24 - e)) & (CELLS as u32 - 1);
        // The 24 − e bits below the cell's, moved to the top: t in [0, 1).
        let t = f64::from(v << (e + 8)) * (1.0 / (1u64 << 32) as f64);
        // Sign, octave and cell are the bits of the index: no multiplication, and the
        // mask (a no-op) shows the compiler that no bounds check is needed.
        let index = ((h >> 31) << (FAST_OCTAVE_BITS + CELL_BITS) | e << CELL_BITS | cell) as usize;
        Some(piece(&self.fast[index & (FAST_CELLS - 1)], t))
    }

    /// A factor of the tail q < 2^-9: 55 fresh bits `u` below the leading one of
    /// octave 8 (v < 2^55 on 63 bits), uniform given the tail. Out of line: 1 draw in 256.
    #[cold]
    #[inline(never)]
    fn sample_tail(&self, negative: u32, u: u64) -> f64 {
        let tail = (u & (u64::MAX >> 1)) >> FAST_OCTAVES;
        self.sample(tail | (u64::from(negative) << 63))
    }

    /// The factor for the random number `u` (uniform on 64 bits).
    #[inline]
    pub(crate) fn sample(&self, u: u64) -> f64 {
        let negative = (u >> 63) as usize;
        let v = u & (u64::MAX >> 1);
        // v < 2^63, so at least one leading zero; the leading one of octave e is bit 62 − e.
        let e = (v.leading_zeros() - 1).min(OCTAVES as u32 - 1);
        let cell = ((v >> (56 - e)) as usize) & (CELLS - 1);
        // The bits below the cell's, moved to the top: t in [0, 1) with up to 53 bits.
        let t = ((v << (e + 8)) >> 11) as i64 as f64 * (1.0 / (1u64 << 53) as f64);
        self.cubic(negative, e as usize, cell, t)
    }

    #[inline]
    fn cubic(&self, negative: usize, e: usize, cell: usize, t: f64) -> f64 {
        piece(&self.cubic[(negative * OCTAVES + e) * CELLS + cell], t)
    }
}

/// A cell's cubic c₀ + t(c₁ + t(c₂ + t·c₃)) at t ∈ [0, 1).
#[inline(always)]
fn piece(c: &[f64; 4], t: f64) -> f64 {
    c[0] + t * (c[1] + t * (c[2] + t * c[3]))
}

/// The lower end 2^-(e+2) of octave `e` of q.
fn octave_start(e: usize) -> f64 {
    0.25 / (1u64 << e) as f64
}

/// The standard normal density φ(z).
fn density(z: f64) -> f64 {
    (-z * z / 2.0 - ln_sqrt_2pi()).exp()
}

fn ln_sqrt_2pi() -> f64 {
    0.5 * (2.0 * std::f64::consts::PI).ln()
}

/// z = Φ⁻¹(1 − q) at the cell ends q = 2^-(e+2) (1 + j/64), j = 0 … 64, octave after
/// octave. They do not depend on σ: computed once per process.
fn nodes() -> &'static [f64] {
    static NODES: OnceLock<Vec<f64>> = OnceLock::new();
    NODES.get_or_init(|| {
        let mut out = Vec::with_capacity(OCTAVES * (CELLS + 1));
        let mut z = 0.0;
        for e in 0..OCTAVES {
            for j in 0..=CELLS {
                let q = octave_start(e) * (1.0 + j as f64 / CELLS as f64);
                z = upper_quantile(q, z);
                out.push(z);
            }
        }
        out
    })
}

/// ln Q(z) and φ(z)/Q(z), where Q(z) = 1 − Φ(z) is the normal upper tail, for z ≥ 0,
/// to about 10⁻¹⁵ relative. Below z = 2, the series Φ(z) − ½ = φ(z) Σ z^(2n+1)/(2n+1)!!
/// (Abramowitz and Stegun 26.2.11); from z = 2, the continued fraction
/// Q(z) = φ(z) / (z + 1/(z + 2/(z + 3/(z + …)))) (A&S 26.2.14), in logs so that nothing
/// underflows far in the tail. The fraction converges faster as z grows: 8 + 400/z² terms
/// (108 at z = 2, 14 at z = 8.5) keep it within 10⁻¹⁴ of mpmath's erfc on [2, 9].
pub(crate) fn upper_tail(z: f64) -> (f64, f64) {
    if z < 2.0 {
        let (mut term, mut sum, mut n) = (z, z, 0.0);
        while term > 1e-17 * sum {
            n += 1.0;
            term *= z * z / (2.0 * n + 1.0);
            sum += term;
        }
        let phi = density(z);
        let q = 0.5 - phi * sum;
        (q.ln(), phi / q)
    } else {
        let mut d = z;
        for k in (1..=(8.0 + 400.0 / (z * z)).ceil() as u32).rev() {
            d = z + k as f64 / d;
        }
        (-z * z / 2.0 - ln_sqrt_2pi() - d.ln(), d)
    }
}

/// Φ⁻¹(1 − q) for q ∈ (0, ½], by Newton's method on ln Q(z) = ln q from `start`: ln Q is
/// concave, so after at most one step past the root the iterates come down to it.
pub(crate) fn upper_quantile(q: f64, start: f64) -> f64 {
    let target = q.ln();
    let mut z = start.max(0.0);
    for _ in 0..200 {
        let (ln_q, hazard) = upper_tail(z);
        // d ln Q / dz = −φ/Q.
        let step = (ln_q - target) / hazard;
        z = (z + step).max(0.0);
        if step.abs() <= 1e-15 * (1.0 + z) {
            break;
        }
    }
    z
}

#[cfg(test)]
mod tests {
    use super::{upper_quantile, upper_tail, LogNormal, CELLS, OCTAVES};
    use rand::{RngCore, SeedableRng};

    /// Q(z) = erfc(z/√2)/2 against values computed with mpmath 1.3.0 at 40 digits
    /// (`mpmath.erfc(z/mpmath.sqrt(2))/2`), on both sides of the switch at z = 2.
    #[test]
    fn the_normal_tail_is_exact_to_double_precision() {
        for (z, q) in [
            (0.5, 0.308_537_538_725_986_9),
            (1.0, 0.158_655_253_931_457_05),
            (1.9999, 0.022_755_531_584_767_19),
            (2.0, 0.022_750_131_948_179_21),
            (3.0, 0.001_349_898_031_630_094_6),
            (5.0, 2.866_515_718_791_939e-7),
            (8.3, 5.205_569_744_890_285_4e-17),
        ] {
            let got = upper_tail(z).0.exp();
            assert!((got / q - 1.0).abs() < 1e-13, "Q({z}) = {got}, want {q}");
        }
    }

    /// The inverse inverts: Q(Φ⁻¹(1 − q)) = q across the whole range of q the table uses,
    /// from any start.
    #[test]
    fn the_quantile_inverts_the_tail() {
        for k in 0..400 {
            let q = 0.5 * (2f64).powf(-(k as f64) * 57.0 / 400.0);
            for start in [0.0, 3.0, 9.0] {
                let z = upper_quantile(q, start);
                let back = upper_tail(z).0.exp();
                assert!((back / q - 1.0).abs() < 1e-12, "q {q}: z {z}, Q(z) {back}");
            }
        }
        assert_eq!(upper_quantile(0.5, 0.0), 0.0);
    }

    /// The random number whose sign bit is `negative` and whose other bits give tail
    /// probability q (rounded down to a multiple of 2^-64).
    fn bits_for(q: f64, negative: bool) -> u64 {
        ((q * 2f64.powi(64)) as u64).min(u64::MAX >> 1) | ((negative as u64) << 63)
    }

    /// Every cell's cubic is within 2·10⁻⁹ (σ = 1) of the exact factor
    /// exp(±σΦ⁻¹(1 − q) − σ²/2), at random points of all cells of both signs.
    #[test]
    fn the_table_matches_the_exact_inverse() {
        let mut state = 7u64;
        for (sigma, tolerance) in [(1.0, 2e-9), (0.2, 2e-10), (0.05, 2e-11)] {
            let table = LogNormal::new(sigma);
            let mut worst = 0.0f64;
            for e in 0..OCTAVES {
                for j in 0..CELLS {
                    for _ in 0..4 {
                        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                        let t = (state >> 11) as f64 / 2f64.powi(53);
                        let q = 0.25 / 2f64.powi(e as i32) * (1.0 + (j as f64 + t) / CELLS as f64);
                        let z = upper_quantile(q, 1.0);
                        for negative in [false, true] {
                            let u = bits_for(q, negative);
                            // The exact tail probability of the bits (q rounded to 2^-64).
                            let q_bits = (u & (u64::MAX >> 1)) as f64 / 2f64.powi(64);
                            let z_bits = if q_bits == q { z } else { upper_quantile(q_bits, z) };
                            let want = ((if negative { -1.0 } else { 1.0 }) * sigma * z_bits - sigma * sigma / 2.0).exp();
                            worst = worst.max((table.sample(u) / want - 1.0).abs());
                        }
                    }
                }
            }
            assert!(worst < tolerance, "σ = {sigma}: worst relative error {worst}");
        }
    }

    /// The 32-bit draws of `fill` read the same table: at random 32-bit numbers of the
    /// fast octaves, within 2·10⁻⁹ of the exact factor of their q = v / 2^32.
    #[test]
    fn the_32_bit_draws_match_the_exact_inverse() {
        let sigma = 1.0;
        let table = LogNormal::new(sigma);
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(3);
        let (mut worst, mut fast) = (0.0f64, 0);
        for _ in 0..20_000 {
            let h = rng.next_u64() as u32;
            let v = h & (u32::MAX >> 1);
            if v < 1 << 23 {
                continue; // the tail, drawn from 64 bits
            }
            fast += 1;
            let z = upper_quantile(v as f64 / 2f64.powi(32), 1.0);
            let want = ((if h >> 31 == 1 { -1.0 } else { 1.0 }) * sigma * z - sigma * sigma / 2.0).exp();
            worst = worst.max((table.sample_32(h).expect("a fast octave") / want - 1.0).abs());
        }
        assert!(fast > 19_000 && worst < 2e-9, "{fast} fast draws, worst relative error {worst}");
    }

    /// Central cells, the deepest tabulated octave and the folded tail: the extreme bits
    /// give the extreme factors, and the middle gives exp(−σ²/2).
    #[test]
    fn the_ends_of_the_range() {
        let sigma = 0.5;
        let table = LogNormal::new(sigma);
        let z_max = upper_quantile(2f64.powi(-57), 8.0);
        // mpmath: −√2·erfinv(2·2^-57 − 1) = 8.53614192839726…
        assert!((z_max - 8.536141928397262).abs() < 1e-12, "{z_max}");
        // v = 0 (q = 0) is folded into the last octave: z close to z_max, never beyond.
        let top = table.sample(0).ln() / sigma + sigma / 2.0;
        assert!(top <= z_max + 1e-9 && top > z_max - 0.05, "{top} vs {z_max}");
        let bottom = table.sample(1 << 63).ln() / sigma + sigma / 2.0;
        assert!((bottom + top).abs() < 1e-9, "{bottom}");
        // q just below ½ (all 63 bits set): z just above 0.
        let mid = table.sample(u64::MAX >> 1);
        assert!((mid / (-sigma * sigma / 2.0).exp() - 1.0).abs() < 1e-9, "{mid}");
    }

    /// The distribution, as the projection draws it (`fill`, 131 factors at a time so
    /// that the odd one out is drawn too): over 2,000,000 draws at σ = 0.3,
    /// z = (ln f + σ²/2)/σ falls in 40 equal-probability bins of N(0, 1) as a normal
    /// would (χ² with 39 degrees of freedom below 80, p ≈ 10⁻⁴); beyond |z| = 2.9 (the
    /// draws from a fresh 64-bit number) and beyond 4 as often as a normal within 5
    /// standard errors; the mean factor is 1, the log's mean −σ²/2 and its sd σ within
    /// 5 standard errors. A wrong scale, a shifted mean, a lost or doubled tail fails.
    #[test]
    fn the_draws_are_log_normal() {
        let sigma = 0.3;
        let table = LogNormal::new(sigma);
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(11);
        let bins = 40;
        // Bin edges: z with Q(z) = k/40 on the upper half, mirrored.
        let edges: Vec<f64> = (1..bins)
            .map(|k| {
                let p = k as f64 / bins as f64;
                if p < 0.5 { -upper_quantile(p, 0.0) } else if p > 0.5 { upper_quantile(1.0 - p, 0.0) } else { 0.0 }
            })
            .collect();
        let (n, chunk) = (2_000_000 / 131 * 131, 131);
        let mut buf = vec![0.0; chunk];
        let mut counts = vec![0u64; bins];
        let (mut sum, mut sum_log, mut sum_log2, mut beyond) = (0.0, 0.0, 0.0, [0u64; 2]);
        for _ in 0..n / chunk {
            table.fill(&mut rng, &mut buf);
            for &f in &buf {
                let l = f.ln();
                sum += f;
                sum_log += l;
                sum_log2 += l * l;
                let z = (l + sigma * sigma / 2.0) / sigma;
                counts[edges.partition_point(|&e| e < z)] += 1;
                beyond[0] += (z.abs() > 2.9) as u64;
                beyond[1] += (z.abs() > 4.0) as u64;
            }
        }
        let nf = n as f64;
        let expected = nf / bins as f64;
        let chi2: f64 = counts.iter().map(|&c| (c as f64 - expected).powi(2) / expected).sum();
        assert!(chi2 < 80.0, "χ² = {chi2}, counts {counts:?}");
        let (mean, mean_log) = (sum / nf, sum_log / nf);
        let sd_log = (sum_log2 / nf - mean_log * mean_log).sqrt();
        let se_mean = ((sigma * sigma).exp() - 1.0).sqrt() / nf.sqrt();
        assert!((mean - 1.0).abs() < 5.0 * se_mean, "mean {mean}");
        assert!((mean_log + sigma * sigma / 2.0).abs() < 5.0 * sigma / nf.sqrt(), "mean log {mean_log}");
        assert!((sd_log - sigma).abs() < 5.0 * sigma / (2.0 * nf).sqrt(), "sd log {sd_log}");
        // P(|z| > a) = 2Q(a); each count is binomial.
        for (count, a) in beyond.into_iter().zip([2.9, 4.0]) {
            let p = 2.0 * upper_tail(a).0.exp();
            assert!((count as f64 - nf * p).abs() < 5.0 * (nf * p).sqrt(), "{count} beyond {a}, want {}", nf * p);
        }
    }
}
