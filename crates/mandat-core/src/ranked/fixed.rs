//! Fixed-point decimals: the arithmetic that ranked-ballot rules prescribe.
//!
//! A [`Fixed`] is an integer count of 10^-scale units. Rules that prescribe decimals use
//! them as the rule says: Scottish STV truncates transfer values to 5 decimals (Scottish
//! Local Government Elections Order 2007, sch. 1 rule 48(3)); RCTab computes in
//! BigDecimal with `decimalPlacesForVoteArithmetic` places, rounding down. Whole-vote
//! rules use scale 0. Nothing here is a float.

use std::cmp::Ordering;
use std::fmt;

/// `raw / 10^scale`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Fixed {
    pub raw: i128,
    pub scale: u8,
}

impl Fixed {
    pub const fn zero(scale: u8) -> Self {
        Fixed { raw: 0, scale }
    }

    pub fn one(scale: u8) -> Self {
        Fixed { raw: pow10(scale), scale }
    }

    /// A whole number of votes at this scale.
    pub fn from_int(n: i128, scale: u8) -> Self {
        Fixed { raw: n * pow10(scale), scale }
    }

    pub fn unit(scale: u8) -> Self {
        Fixed { raw: 1, scale }
    }

    pub fn is_zero(&self) -> bool {
        self.raw == 0
    }

    pub fn signum(&self) -> i128 {
        self.raw.signum()
    }

    /// `self * k` for a whole number of ballots.
    pub fn times(self, k: u64) -> Self {
        Fixed { raw: self.raw * k as i128, scale: self.scale }
    }

    /// `self * other`, rounded down (toward zero) to this scale.
    pub fn mul_down(self, other: Fixed) -> Self {
        Fixed { raw: mul_div(self.raw, other.raw, pow10(other.scale)), scale: self.scale }
    }

    /// `self / other`, rounded down (toward zero) to this scale.
    pub fn div_down(self, other: Fixed) -> Self {
        debug_assert!(other.raw != 0);
        // (a/10^s) / (b/10^t) at scale s: a * 10^t / b
        Fixed { raw: mul_div(self.raw, pow10(other.scale), other.raw), scale: self.scale }
    }

    /// `self / k`, rounded down.
    pub fn div_int_down(self, k: u64) -> Self {
        Fixed { raw: self.raw.div_euclid(k as i128), scale: self.scale }
    }

    /// `self / k`, rounded up.
    pub fn div_int_up(self, k: u64) -> Self {
        let k = k as i128;
        Fixed { raw: (self.raw + k - 1).div_euclid(k), scale: self.scale }
    }

    /// The value at another scale (rounded down when the scale shrinks).
    pub fn rescale(self, scale: u8) -> Self {
        if scale >= self.scale {
            Fixed { raw: self.raw * pow10(scale - self.scale), scale }
        } else {
            Fixed { raw: self.raw / pow10(self.scale - scale), scale }
        }
    }

    /// The whole part, rounded down.
    pub fn floor_int(self) -> i128 {
        self.raw.div_euclid(pow10(self.scale))
    }

    /// The value with trailing zeros stripped (`"7.25"`, `"8"`), as RCTab prints
    /// BigDecimals in its JSON reports.
    pub fn plain(&self) -> String {
        let s = self.to_string();
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    }
}

/// `a * b / d`, truncated toward zero, exact even where `a * b` does not fit in an i128
/// (at 20 decimals a product of two values is beyond it). The quotient must fit: the
/// counts bound their totals first (`check_total`), so it always does there.
pub fn mul_div(a: i128, b: i128, d: i128) -> i128 {
    match a.checked_mul(b) {
        Some(p) => p / d,
        None => {
            use num_traits::ToPrimitive;
            let q = num_bigint::BigInt::from(a) * num_bigint::BigInt::from(b) / num_bigint::BigInt::from(d);
            q.to_i128().expect("a quotient that check_total bounds")
        }
    }
}

pub fn pow10(s: u8) -> i128 {
    10i128.pow(s as u32)
}

impl std::ops::Add for Fixed {
    type Output = Fixed;
    fn add(self, o: Fixed) -> Fixed {
        debug_assert_eq!(self.scale, o.scale);
        Fixed { raw: self.raw + o.raw, scale: self.scale }
    }
}

impl std::ops::AddAssign for Fixed {
    fn add_assign(&mut self, o: Fixed) {
        debug_assert_eq!(self.scale, o.scale);
        self.raw += o.raw;
    }
}

impl std::ops::Sub for Fixed {
    type Output = Fixed;
    fn sub(self, o: Fixed) -> Fixed {
        debug_assert_eq!(self.scale, o.scale);
        Fixed { raw: self.raw - o.raw, scale: self.scale }
    }
}

impl std::ops::SubAssign for Fixed {
    fn sub_assign(&mut self, o: Fixed) {
        self.raw -= o.raw;
    }
}

impl PartialOrd for Fixed {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

impl Ord for Fixed {
    fn cmp(&self, o: &Self) -> Ordering {
        if self.scale == o.scale {
            self.raw.cmp(&o.raw)
        } else {
            let s = self.scale.max(o.scale);
            self.rescale(s).raw.cmp(&o.rescale(s).raw)
        }
    }
}

impl fmt::Display for Fixed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = pow10(self.scale);
        let sign = if self.raw < 0 { "-" } else { "" };
        let a = self.raw.unsigned_abs();
        let (i, r) = (a / d as u128, a % d as u128);
        if self.scale == 0 {
            write!(f, "{sign}{i}")
        } else {
            write!(f, "{sign}{i}.{:0w$}", r, w = self.scale as usize)
        }
    }
}

/// Written as a string (`"7.2501"`): a JSON number would pass through a float.
impl serde::Serialize for Fixed {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.plain())
    }
}

/// Parses `"12"`, `"0.25"` exactly at `scale` decimals; `None` if it has more decimals
/// or is not a plain non-negative decimal.
pub fn parse_fixed(s: &str, scale: u8) -> Option<Fixed> {
    let t = s.trim();
    let (i, f) = t.split_once('.').unwrap_or((t, ""));
    if i.is_empty() && f.is_empty() || !i.bytes().all(|b| b.is_ascii_digit()) || !f.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let f = f.trim_end_matches('0');
    if f.len() > scale as usize || i.len() > 24 {
        return None;
    }
    let ip: i128 = if i.is_empty() { 0 } else { i.parse().ok()? };
    let fp: i128 = if f.is_empty() { 0 } else { f.parse::<i128>().ok()? * pow10(scale - f.len() as u8) };
    Some(Fixed { raw: ip.checked_mul(pow10(scale))? + fp, scale })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_down_like_rctab() {
        let extra = parse_fixed("0.7499", 4).unwrap();
        let votes = Fixed::from_int(8, 4);
        assert_eq!(extra.div_down(votes).plain(), "0.0937");
        assert_eq!(Fixed::from_int(29, 4).div_int_down(4).plain(), "7.25");
        assert_eq!(parse_fixed("1.50", 2).unwrap().to_string(), "1.50");
        assert!(parse_fixed("1.505", 2).is_none());
    }

    /// RCTab allows 20 decimal places: a product of two values (10^40 units) is past an
    /// i128 before the division brings it back; it must not overflow.
    #[test]
    fn products_past_i128_are_exact() {
        let half = parse_fixed("0.5", 20).unwrap();
        let votes = Fixed::from_int(3_000_000, 20);
        assert_eq!(votes.mul_down(half).plain(), "1500000");
        assert_eq!(Fixed::from_int(1, 20).div_down(Fixed::from_int(3, 20)).to_string(), "0.33333333333333333333");
    }
}
