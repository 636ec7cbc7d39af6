//! Exact numbers: fractions compared by cross-multiplication in 256 bits, and
//! decimals parsed without ever passing through a float.
//!
//! Nothing that decides a seat is a float. Averages, quotas and remainders are
//! [`Fraction`]s of unsigned integers; two fractions are compared by
//! cross-multiplying into a 256-bit product, so no comparison can overflow
//! whatever the vote counts (every numerator and denominator is below 2^128).

use std::cmp::Ordering;
use std::fmt;

/// A non-negative fraction `num / den`.
///
/// `den == 0` with `num > 0` is +∞ (the first seat of a divisor method whose first
/// divisor is 0, such as Adams or Huntington-Hill); `num == 0` is 0 whatever `den` is.
///
/// ```
/// use mandat_core::exact::Fraction;
/// assert!(Fraction::new(1, 3) < Fraction::new(1, 2));
/// assert_eq!(Fraction::new(2, 4), Fraction::new(1, 2));
/// assert!(Fraction::new(1, 0) > Fraction::new(u128::MAX, 1));
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Fraction {
    pub num: u128,
    pub den: u128,
}

impl Fraction {
    pub const ZERO: Fraction = Fraction { num: 0, den: 1 };
    pub const INFINITY: Fraction = Fraction { num: 1, den: 0 };

    pub const fn new(num: u128, den: u128) -> Self {
        Fraction { num, den }
    }

    pub const fn integer(n: u128) -> Self {
        Fraction { num: n, den: 1 }
    }

    /// The smallest `part` with part / whole at least this fraction: ⌈num × whole / den⌉,
    /// so that a part is then tested by one integer comparison; `None` if the product
    /// passes a u128 or the denominator is 0. [`Percent::min_part`] is this of the
    /// percentage's fraction (a caller that uses one bar many times keeps the fraction).
    #[inline]
    pub fn min_part(&self, whole: u64) -> Option<u128> {
        // part × den >= num × whole  <=>  part >= ⌈num × whole / den⌉ (den > 0).
        let p = self.num.checked_mul(whole as u128)?;
        match (u64::try_from(p), u64::try_from(self.den)) {
            // The usual case (a share of a vote count): a 64-bit division, not a 128-bit one.
            (Ok(p), Ok(d)) if d > 0 => Some(p.div_ceil(d) as u128),
            _ => (self.den > 0).then(|| p.div_ceil(self.den)),
        }
    }

    pub fn is_infinite(&self) -> bool {
        self.den == 0 && self.num != 0
    }

    /// Largest integer not above the fraction (`None` for +∞).
    pub fn floor(&self) -> Option<u128> {
        (self.den != 0).then(|| self.num / self.den)
    }

    /// Smallest integer not below the fraction (`None` for +∞).
    pub fn ceil(&self) -> Option<u128> {
        (self.den != 0).then(|| self.num.div_ceil(self.den))
    }

    /// An approximation for display only; never use it to decide anything.
    pub fn to_f64_lossy(&self) -> f64 {
        if self.num == 0 {
            0.0
        } else if self.den == 0 {
            f64::INFINITY
        } else {
            self.num as f64 / self.den as f64
        }
    }

    /// The value with `digits` decimals, rounded half up, for reports
    /// (`"86546.65"`); exact integer arithmetic, so the same on every machine.
    pub fn to_decimal_string(&self, digits: u32) -> String {
        if self.is_infinite() {
            return "∞".to_string();
        }
        if self.num == 0 {
            return if digits == 0 { "0".into() } else { format!("0.{}", "0".repeat(digits as usize)) };
        }
        let int = self.num / self.den;
        let rem = self.num % self.den;
        // Scale the remainder digit by digit to stay within u128.
        let mut frac_digits = Vec::with_capacity(digits as usize + 1);
        let mut r = rem;
        for _ in 0..=digits {
            let (d, nr) = times_ten_div(r, self.den);
            frac_digits.push(d as u8);
            r = nr;
        }
        // Round half up on the extra digit.
        let round_up = frac_digits.pop().unwrap_or(0) >= 5;
        let mut int = int;
        if round_up {
            let mut i = frac_digits.len();
            loop {
                if i == 0 {
                    int += 1;
                    break;
                }
                i -= 1;
                if frac_digits[i] == 9 {
                    frac_digits[i] = 0;
                } else {
                    frac_digits[i] += 1;
                    break;
                }
            }
        }
        if digits == 0 {
            int.to_string()
        } else {
            let f: String = frac_digits.iter().map(|d| char::from(b'0' + d)).collect();
            format!("{int}.{f}")
        }
    }
}

/// `(10 * r) / d` and `(10 * r) % d` for `r < d`, without overflowing u128.
fn times_ten_div(r: u128, d: u128) -> (u128, u128) {
    let (hi, lo) = wide_mul(r, 10);
    // 10r < 10d, so the quotient is below 10: subtract d at most nine times.
    let mut q = 0u128;
    let (mut hi, mut lo) = (hi, lo);
    while hi > 0 || lo >= d {
        let (nlo, borrow) = lo.overflowing_sub(d);
        lo = nlo;
        if borrow {
            hi -= 1;
        }
        q += 1;
    }
    (q, lo)
}

impl PartialEq for Fraction {
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Fraction {}

impl PartialOrd for Fraction {
    #[inline]
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Fraction {
    #[inline]
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.num == 0, other.num == 0) {
            (true, true) => return Ordering::Equal,
            (true, false) => return Ordering::Less,
            (false, true) => return Ordering::Greater,
            _ => {}
        }
        match (self.den == 0, other.den == 0) {
            (true, true) => return Ordering::Equal,
            (true, false) => return Ordering::Greater,
            (false, true) => return Ordering::Less,
            _ => {}
        }
        cmp_products(self.num, other.den, other.num, self.den)
    }
}

impl fmt::Display for Fraction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_infinite() {
            f.write_str("∞")
        } else if self.den == 1 || self.num == 0 {
            write!(f, "{}", self.num / self.den.max(1))
        } else {
            write!(f, "{}/{}", self.num, self.den)
        }
    }
}

/// The full 256-bit product of two u128, as (high, low) halves.
#[inline]
pub fn wide_mul(a: u128, b: u128) -> (u128, u128) {
    if (a >> 64) == 0 && (b >> 64) == 0 {
        return (0, a * b);
    }
    let (a1, a0) = (a >> 64, a & u64::MAX as u128);
    let (b1, b0) = (b >> 64, b & u64::MAX as u128);
    let p00 = a0 * b0;
    let p01 = a0 * b1;
    let p10 = a1 * b0;
    let p11 = a1 * b1;
    let mid = (p00 >> 64) + (p01 & u64::MAX as u128) + (p10 & u64::MAX as u128);
    let lo = (p00 & u64::MAX as u128) | (mid << 64);
    let hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
    (hi, lo)
}

/// Compares `a * b` with `c * d` exactly.
#[inline]
pub fn cmp_products(a: u128, b: u128, c: u128, d: u128) -> Ordering {
    if ((a | b | c | d) >> 64) == 0 {
        // Products of two 64-bit factors fit in 128 bits: one multiplication each, no
        // overflow possible (said with `wrapping_mul`, so that builds with overflow
        // checks do not test for it).
        return a.wrapping_mul(b).cmp(&c.wrapping_mul(d));
    }
    cmp_wide_products(a, b, c, d)
}

#[cold]
#[inline(never)]
fn cmp_wide_products(a: u128, b: u128, c: u128, d: u128) -> Ordering {
    wide_mul(a, b).cmp(&wide_mul(c, d))
}

/// An exact non-negative decimal such as `1.4` or `3.25`, kept as `num / 10^scale`.
///
/// Parsed from text, never from a float, so `"1.4"` is exactly 7/5.
///
/// ```
/// use mandat_core::exact::Decimal;
/// let d: Decimal = "3.25".parse().unwrap();
/// assert_eq!((d.num(), d.den()), (325, 100));
/// assert_eq!(d.to_string(), "3.25");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Decimal {
    num: u64,
    scale: u8,
}

/// Why a decimal could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecimalError {
    #[error("expected a number such as 5 or 3.25, found {0:?}")]
    Syntax(String),
    #[error("{0:?} has more than 9 decimals")]
    TooPrecise(String),
    #[error("{0:?} is too large")]
    TooLarge(String),
}

impl Decimal {
    pub const MAX_SCALE: u8 = 9;

    pub fn from_integer(n: u64) -> Self {
        Decimal { num: n, scale: 0 }
    }

    pub fn num(&self) -> u64 {
        self.num
    }

    pub fn den(&self) -> u64 {
        10u64.pow(self.scale as u32)
    }

    pub fn as_fraction(&self) -> Fraction {
        Fraction::new(self.num as u128, self.den() as u128)
    }

    pub fn is_zero(&self) -> bool {
        self.num == 0
    }
}

impl std::str::FromStr for Decimal {
    type Err = DecimalError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let (int, frac) = match t.split_once('.') {
            Some((i, f)) => (i, f),
            None => (t, ""),
        };
        let ok_digits = |x: &str| x.bytes().all(|b| b.is_ascii_digit());
        if (int.is_empty() && frac.is_empty()) || !ok_digits(int) || !ok_digits(frac) || (t.contains('.') && frac.is_empty()) {
            return Err(DecimalError::Syntax(s.to_string()));
        }
        let frac = frac.trim_end_matches('0');
        if frac.len() > Self::MAX_SCALE as usize {
            return Err(DecimalError::TooPrecise(s.to_string()));
        }
        let digits = format!("{int}{frac}");
        let num: u64 = if digits.is_empty() { 0 } else { digits.parse().map_err(|_| DecimalError::TooLarge(s.to_string()))? };
        if num > u64::MAX / 10u64.pow(Self::MAX_SCALE as u32) {
            return Err(DecimalError::TooLarge(s.to_string()));
        }
        Ok(Decimal { num, scale: frac.len() as u8 })
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let den = self.den();
        let int = self.num / den;
        let frac = self.num % den;
        if self.scale == 0 {
            write!(f, "{int}")
        } else {
            write!(f, "{int}.{:0width$}", frac, width = self.scale as usize)
        }
    }
}

/// A share between 0% and 100% inclusive, such as a threshold (`"5%"`, `"3.25%"`).
///
/// Read from decimal text, but held as an exact fraction of a percent, so that a sweep
/// can stop exactly at a party's share (`Percent::from_share`).
///
/// ```
/// use mandat_core::exact::Percent;
/// let p: Percent = "5%".parse().unwrap();
/// assert!(p.reached_by(5, 100));
/// assert!(!p.reached_by(4, 100));
/// assert!("101%".parse::<Percent>().is_err());
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Percent {
    /// The percentage is `num / den` (5% is 5/1).
    num: u128,
    den: u128,
}

/// Why a percentage could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PercentError {
    #[error("expected a percentage such as \"5%\" or \"3.25%\", found {0:?}")]
    Syntax(String),
    #[error("a percentage must lie between 0% and 100%, found {0:?}")]
    OutOfRange(String),
    #[error(transparent)]
    Decimal(#[from] DecimalError),
}

impl Percent {
    /// The share `part / whole` as a percentage, exactly (`None` if `whole` is 0 or
    /// the share is above 100%).
    pub fn from_share(part: u64, whole: u64) -> Option<Percent> {
        (whole > 0 && part <= whole).then(|| Percent { num: part as u128 * 100, den: whole as u128 })
    }

    /// The share `num / den` of 1 as a percentage, exactly (`None` if `den` is 0, the
    /// share is above 1, or its percentage does not fit).
    pub fn from_ratio(num: u128, den: u128) -> Option<Percent> {
        (den > 0 && num <= den).then(|| num.checked_mul(100).map(|num| Percent { num, den })).flatten()
    }

    /// The share as a fraction of 1 (5% is 5/100).
    pub fn as_fraction(&self) -> Fraction {
        Fraction::new(self.num, self.den * 100)
    }

    pub fn is_zero(&self) -> bool {
        self.num == 0
    }

    /// Whether `part` is at least this share of `whole` (`part / whole >= p`), exactly.
    #[inline]
    pub fn reached_by(&self, part: u64, whole: u64) -> bool {
        let f = self.as_fraction();
        // part * den >= num * whole
        cmp_products(part as u128, f.den, f.num, whole as u128) != Ordering::Less
    }

    /// The smallest `part` that reaches this share of `whole` ([`Percent::reached_by`]):
    /// ⌈num × whole / den⌉, so that a list is then tested by one integer comparison;
    /// `None` if the product passes a u128 (callers then use `reached_by`).
    #[inline]
    pub fn min_part(&self, whole: u64) -> Option<u128> {
        self.as_fraction().min_part(whole)
    }

    /// The smallest vote count that reaches this share of `whole`, for reports
    /// ("bar: 506,910 votes").
    pub fn bar(&self, whole: u64) -> Fraction {
        let f = self.as_fraction();
        let (hi, lo) = wide_mul(f.num, whole as u128);
        if hi == 0 {
            Fraction::new(lo, f.den)
        } else {
            // Only for absurd inputs: scale both down, the bar is for display and the
            // decision itself is made by `reached_by`.
            Fraction::new(f.num, f.den / (whole as u128).max(1))
        }
    }
}

impl PartialEq for Percent {
    fn eq(&self, other: &Self) -> bool {
        self.as_fraction() == other.as_fraction()
    }
}
impl Eq for Percent {}

impl PartialOrd for Percent {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Percent {
    fn cmp(&self, other: &Self) -> Ordering {
        self.as_fraction().cmp(&other.as_fraction())
    }
}

impl std::str::FromStr for Percent {
    type Err = PercentError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let body = t.strip_suffix('%').ok_or_else(|| PercentError::Syntax(s.to_string()))?;
        let d: Decimal = body.trim().parse().map_err(|e| match e {
            DecimalError::Syntax(_) => PercentError::Syntax(s.to_string()),
            other => PercentError::Decimal(other),
        })?;
        if d.as_fraction() > Fraction::integer(100) {
            return Err(PercentError::OutOfRange(s.to_string()));
        }
        Ok(Percent { num: d.num() as u128, den: d.den() as u128 })
    }
}

impl fmt::Display for Percent {
    /// Exact when the percentage is a decimal (`3.25%`); otherwise six decimals and `…`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut den = self.den;
        while den.is_multiple_of(10) && den > 1 {
            den /= 10;
        }
        let mut d = den;
        while d.is_multiple_of(2) {
            d /= 2;
        }
        while d.is_multiple_of(5) {
            d /= 5;
        }
        let v = Fraction::new(self.num, self.den);
        if d == 1 {
            // A finite decimal: find its exact digits.
            for digits in 0..30 {
                match self.num.checked_mul(10u128.pow(digits)) {
                    Some(x) if x % self.den == 0 => return write!(f, "{}%", v.to_decimal_string(digits)),
                    None => break,
                    _ => {}
                }
            }
        }
        write!(f, "{}…%", v.to_decimal_string(6))
    }
}

/// A fraction is written as its exact value (`"5971719/69"`) and, for readers, a
/// rounded decimal (`"86546.6522"`): JSON numbers would lose the exactness.
impl serde::Serialize for Fraction {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Fraction", 2)?;
        st.serialize_field("exact", &self.to_string())?;
        st.serialize_field("decimal", &self.to_decimal_string(4))?;
        st.end()
    }
}

impl serde::Serialize for Decimal {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl serde::Serialize for Percent {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// One bar per scope decides as the per-list comparison does.
        #[test]
        fn min_part_is_the_bar_of_reached_by(pct in 0u32..100, frac in 0u32..1000, whole in prop_oneof![0u64..1_000_000, any::<u64>()], part in prop_oneof![0u64..1_000_000, any::<u64>()]) {
            let pc: Percent = format!("{pct}.{frac:03}%").parse().unwrap();
            if let Some(bar) = pc.min_part(whole) {
                prop_assert_eq!(part as u128 >= bar, pc.reached_by(part, whole));
                if bar > 0 && bar <= u64::MAX as u128 {
                    prop_assert!(pc.reached_by(bar as u64, whole) && !pc.reached_by(bar as u64 - 1, whole));
                }
            }
        }
    }

    #[test]
    fn wide_mul_matches_schoolbook_on_edges() {
        assert_eq!(wide_mul(u128::MAX, u128::MAX), (u128::MAX - 1, 1));
        assert_eq!(wide_mul(1u128 << 64, 1u128 << 64), (1, 0));
        assert_eq!(wide_mul(3, 5), (0, 15));
    }

    #[test]
    fn fractions_compare_exactly_near_overflow() {
        let a = Fraction::new(u128::MAX, u128::MAX - 1);
        let b = Fraction::new(u128::MAX - 1, u128::MAX - 2);
        assert!(a < b);
        assert_eq!(Fraction::ZERO, Fraction::new(0, 0));
        assert!(Fraction::INFINITY > Fraction::new(1 << 100, 1));
    }

    #[test]
    fn decimal_strings_round_half_up() {
        assert_eq!(Fraction::new(5_971_719, 69).to_decimal_string(2), "86546.65");
        assert_eq!(Fraction::new(2, 3).to_decimal_string(3), "0.667");
        assert_eq!(Fraction::new(999, 1000).to_decimal_string(2), "1.00");
        assert_eq!(Fraction::new(7, 2).to_decimal_string(0), "4");
    }

    #[test]
    fn decimals_parse_exactly() {
        assert_eq!("1.4".parse::<Decimal>().unwrap().as_fraction(), Fraction::new(7, 5));
        assert_eq!("1.40".parse::<Decimal>().unwrap().to_string(), "1.4");
        assert!("1.".parse::<Decimal>().is_err());
        assert!("-1".parse::<Decimal>().is_err());
        assert!("1e3".parse::<Decimal>().is_err());
        assert!("0.0000000001".parse::<Decimal>().is_err());
    }

    #[test]
    fn percent_reached_exactly() {
        let p: Percent = "3.25%".parse().unwrap();
        assert!(p.reached_by(325, 10_000));
        assert!(!p.reached_by(324, 10_000));
        assert!("5".parse::<Percent>().is_err());
        assert!("-5%".parse::<Percent>().is_err());
        assert!("100%".parse::<Percent>().is_ok());
    }
}
