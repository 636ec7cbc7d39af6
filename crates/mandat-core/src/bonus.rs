//! Majority bonus seats: the list with the most votes nationally receives seats on top of
//! its proportional share, by a formula of its share of the valid votes; the other seats
//! are shared by the list tier among the lists that take part, the first one included.
//!
//! Greece since 2023 (Presidential Decree 26/2012 art. 99 as replaced by Law 4804/2021):
//! a list with at least 25% receives 20 seats, one more for each full half point above
//! 25%, at most 50 (reached at 40%); the other 300 − bonus seats are shared by the Hare
//! quota among the lists with 3%. Configured by `[bonus]` (docs/law-format.md); applied
//! from [`crate::count`] to a national list tier.

use num_bigint::BigInt;
use serde::{Deserialize, Serialize};

use crate::exact::{Percent, PercentError};

/// `[bonus]` of a law file.
#[derive(Clone, Debug, Deserialize)]
#[serde(try_from = "RawBonus")]
pub struct Bonus {
    /// The share of the valid votes the first list needs for any bonus.
    pub min_share: Percent,
    /// The bonus at `min_share`.
    pub seats: u32,
    /// One more `per_step` seats for each full `step` of share above `min_share`.
    pub step: Option<Percent>,
    pub per_step: u32,
    /// The most the bonus can be.
    pub max_seats: u32,
    pub article: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBonus {
    min_share: String,
    seats: u32,
    #[serde(default)]
    step: Option<String>,
    #[serde(default)]
    per_step: Option<u32>,
    #[serde(default)]
    max_seats: Option<u32>,
    #[serde(default)]
    article: Option<String>,
}

impl TryFrom<RawBonus> for Bonus {
    type Error = String;
    fn try_from(r: RawBonus) -> Result<Self, String> {
        let min_share: Percent = r.min_share.parse().map_err(|e: PercentError| format!("min_share: {e}"))?;
        let step = r.step.map(|s| s.parse::<Percent>().map_err(|e: PercentError| format!("step: {e}"))).transpose()?;
        if step.is_some_and(|s| s.is_zero()) {
            return Err("step must be above 0%".into());
        }
        let per_step = r.per_step.unwrap_or(u32::from(step.is_some()));
        if per_step > 0 && step.is_none() {
            return Err("per_step needs a `step` (e.g. \"0.5%\")".into());
        }
        let max_seats = r.max_seats.unwrap_or(r.seats);
        if max_seats < r.seats {
            return Err(format!("max_seats ({max_seats}) is below seats ({})", r.seats));
        }
        Ok(Bonus { min_share, seats: r.seats, step, per_step, max_seats, article: r.article })
    }
}

/// The bonus, as counted.
#[derive(Clone, Debug, Serialize)]
pub struct BonusReport {
    /// The list with the most votes (index into the outcome's parties).
    pub party: usize,
    pub votes: u64,
    /// The valid votes its share is taken of.
    pub valid_votes: u64,
    /// Full steps above the minimum share.
    pub steps: u64,
    /// Bonus seats (0 below the minimum share).
    pub seats: u32,
    pub article: Option<String>,
}

impl Bonus {
    /// The bonus of a list with `votes` of `valid` valid votes, and the full steps above
    /// the minimum share, exactly: steps = ⌊(votes / valid − min) / step⌋.
    pub fn seats_for(&self, votes: u64, valid: u64) -> (u32, u64) {
        if valid == 0 || !self.min_share.reached_by(votes, valid) {
            return (0, 0);
        }
        let steps = match self.step {
            None => 0,
            Some(step) => {
                let (m, s) = (self.min_share.as_fraction(), step.as_fraction());
                // (votes/valid − m.num/m.den) / (s.num/s.den)
                //   = (votes·m.den − m.num·valid) · s.den / (valid · m.den · s.num)
                let above = (BigInt::from(votes) * BigInt::from(m.den) - BigInt::from(m.num) * BigInt::from(valid)) * BigInt::from(s.den);
                let per = BigInt::from(valid) * BigInt::from(m.den) * BigInt::from(s.num);
                u64::try_from(above / per).unwrap_or(u64::MAX)
            }
        };
        let seats = (self.seats as u64).saturating_add(steps.saturating_mul(self.per_step as u64)).min(self.max_seats as u64) as u32;
        (seats, steps)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn greek() -> Bonus {
        RawBonus { min_share: "25%".into(), seats: 20, step: Some("0.5%".into()), per_step: None, max_seats: Some(50), article: None }.try_into().unwrap()
    }

    #[test]
    fn greek_bonus_by_share() {
        let b = greek();
        assert_eq!(b.seats_for(2_499, 10_000), (0, 0));
        assert_eq!(b.seats_for(2_500, 10_000), (20, 0));
        assert_eq!(b.seats_for(2_549, 10_000), (20, 0));
        assert_eq!(b.seats_for(2_550, 10_000), (21, 1));
        assert_eq!(b.seats_for(3_500, 10_000), (40, 20));
        // June 2023: 40.56% is 31 full half points above 25%, capped at 50.
        assert_eq!(b.seats_for(4_056, 10_000), (50, 31));
    }
}
