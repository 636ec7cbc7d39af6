//! Additional seats after the divisions' count, by the parties' first-count votes
//! (Malta, Constitution art. 52(1) proviso, as amended by Act IV of 1987, Act XI of 1996
//! and an amendment of 2007, its act number not seen).
//!
//! The divisions elect their members (single transferable vote, five per division); the
//! House then grows when the seats do not follow the first-count votes:
//! - the majority party is the party with more than half of all valid votes at the first
//!   count (the "absolute majority party", proviso (i)), or, at an election contested by
//!   more than two parties in which candidates of only two are elected, the party with
//!   more votes than any other (the "relative majority party", proviso (ii));
//! - `majority` (1987, 1996): a majority party with no more seats than all the others
//!   together gets the seats that give it a majority of one;
//! - `proportionality` (2007): when candidates of only two parties are elected, the
//!   party whose seats fall short of the other's in the proportion of their first-count
//!   votes gets the seats that bring it to that proportion (MaltaToday, 12 March 2013:
//!   "the difference in seats is proportional to the difference in votes", measured by
//!   votes per elected candidate), the House staying an odd number (art. 52(1): "an odd
//!   number"; Times of Malta, 3 June 2017: "the total number of parliamentary seats has to
//!   be an odd number"). Exactly: the other party's seats × the short party's votes / the
//!   other party's votes is the short party's proportional figure; of the two whole
//!   numbers around it (⌊x⌋ and ⌊x⌋ + 1), the one that makes the House odd. This reading
//!   reproduces 2013 (PN 26 + 4, figure 30.8), 2017 and 2022 (PN 27 + 2, figure 28.8): a
//!   plain ⌊x⌋ or ⌈x⌉ fails one of them.
//!
//! Who fills the seats (the party's unelected candidates with the most votes at the last
//! count, whatever their division) is not a question of seats per party; the seats given
//! to the under-represented sex since 2021 (art. 52A) depend on the candidates' sex and
//! are not counted here. Configured by `[additional_seats]` (docs/law-format.md).

use serde::{Deserialize, Serialize};

/// `[additional_seats]` of a law file.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdditionalSeats {
    /// A majority party with no more seats than the others gets a majority of one.
    #[serde(default = "yes")]
    pub majority: bool,
    /// With only two parties elected, the party short of the proportion of the first-count
    /// votes is brought to it, the House staying odd.
    #[serde(default = "yes")]
    pub proportionality: bool,
    #[serde(default)]
    pub article: Option<String>,
}

fn yes() -> bool {
    true
}

/// Why the majority party is one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MajorityKind {
    /// More than half of all valid votes (proviso (i)).
    Absolute,
    /// More votes than any other party, only two parties elected, more than two
    /// contesting (proviso (ii)).
    Relative,
}

/// What the adjustment did.
#[derive(Clone, Debug, Serialize)]
pub struct AdditionalReport {
    /// Seats per party elected in the divisions.
    pub divisions: Vec<u32>,
    /// All valid votes at the first count.
    pub valid_votes: u64,
    /// The majority party and why, if there is one.
    pub majority_party: Option<(usize, MajorityKind)>,
    /// The other elected party, when candidates of only two parties are elected.
    pub minority_party: Option<usize>,
    /// Seats added to give the majority party a majority of one.
    pub for_majority: u32,
    /// The party brought to proportion, its proportional figure (numerator, denominator)
    /// and the seats added for it.
    pub proportional: Option<Proportional>,
    /// Additional seats per party (both rules).
    pub added: Vec<u32>,
    pub article: Option<String>,
}

/// The proportionality step.
#[derive(Clone, Debug, Serialize)]
pub struct Proportional {
    pub party: usize,
    /// The proportional figure: the other party's seats × this party's votes / the other
    /// party's votes, as an exact fraction.
    pub figure_num: u128,
    pub figure_den: u128,
    pub seats_added: u32,
}

impl AdditionalSeats {
    /// The additional seats for first-count `votes` per party, `valid` valid votes in all
    /// (at least their sum: lists the results leave out count here) and the `seats` each
    /// party won in the divisions.
    pub fn apply(&self, votes: &[u64], valid: u64, seats: &[u32]) -> AdditionalReport {
        let n = votes.len();
        let mut added = vec![0u32; n];
        let elected: Vec<usize> = (0..n).filter(|&p| seats[p] > 0).collect();
        let contesting = (0..n).filter(|&p| votes[p] > 0).count();
        let most = (0..n)
            .max_by_key(|&p| votes[p])
            .filter(|&p| (0..n).all(|q| q == p || votes[q] < votes[p]));
        let majority_party = match most {
            Some(p) if votes[p] as u128 * 2 > valid as u128 => Some((p, MajorityKind::Absolute)),
            Some(p) if elected.len() == 2 && elected.contains(&p) && contesting > 2 => {
                Some((p, MajorityKind::Relative))
            }
            _ => None,
        };
        let minority_party = match (majority_party, elected.as_slice()) {
            (Some((m, _)), &[a, b]) if a == m || b == m => Some(if a == m { b } else { a }),
            _ => None,
        };
        let mut for_majority = 0;
        if let (true, Some((m, _))) = (self.majority, majority_party) {
            let others: u32 = (0..n).filter(|&p| p != m).map(|p| seats[p]).sum();
            if seats[m] <= others {
                for_majority = others - seats[m] + 1;
                added[m] += for_majority;
            }
        }
        let mut proportional = None;
        if let (true, Some((m, _)), Some(o)) =
            (self.proportionality, majority_party, minority_party)
        {
            let held = |p: usize| seats[p] + added[p];
            // Compare held[m] / held[o] with votes[m] / votes[o] by cross-multiplication.
            let lhs = held(m) as u128 * votes[o] as u128;
            let rhs = held(o) as u128 * votes[m] as u128;
            let short = match lhs.cmp(&rhs) {
                std::cmp::Ordering::Greater => Some((o, m)),
                std::cmp::Ordering::Less => Some((m, o)),
                std::cmp::Ordering::Equal => None,
            };
            if let Some((s, other)) = short.filter(|&(_, other)| votes[other] > 0) {
                let (num, den) = (held(other) as u128 * votes[s] as u128, votes[other] as u128);
                let floor = num / den;
                // Of ⌊x⌋ and ⌊x⌋ + 1, the one that makes the House odd.
                let house_rest = (0..n)
                    .filter(|&p| p != s)
                    .map(|p| held(p) as u128)
                    .sum::<u128>();
                let target = if (house_rest + floor) % 2 == 1 {
                    floor
                } else {
                    floor + 1
                };
                let now = held(s) as u128;
                let gain = u32::try_from(target.saturating_sub(now)).unwrap_or(u32::MAX);
                added[s] += gain;
                proportional = Some(Proportional {
                    party: s,
                    figure_num: num,
                    figure_den: den,
                    seats_added: gain,
                });
            }
        }
        AdditionalReport {
            divisions: seats.to_vec(),
            valid_votes: valid,
            majority_party,
            minority_party,
            for_majority,
            proportional,
            added,
            article: self.article.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn malta() -> AdditionalSeats {
        AdditionalSeats {
            majority: true,
            proportionality: true,
            article: None,
        }
    }

    #[test]
    fn the_majority_party_short_of_seats_gets_a_majority_of_one() {
        // 1981-like: 51% of the votes, 31 seats against 34.
        let r = AdditionalSeats {
            proportionality: false,
            ..malta()
        }
        .apply(&[51, 49], 100, &[31, 34]);
        assert_eq!(r.majority_party, Some((0, MajorityKind::Absolute)));
        assert_eq!(r.added, vec![4, 0]);
    }

    #[test]
    fn an_over_represented_majority_gives_the_minority_seats_up_to_an_odd_house() {
        // 40 seats against 25 with 60:40 votes: the minority's figure is 40 × 40 / 60 =
        // 26.67, so 26 or 27; 40 + 27 = 67 is odd.
        let r = malta().apply(&[60, 40], 100, &[40, 25]);
        assert_eq!(r.added, vec![0, 2]);
        let r = malta().apply(&[60, 40], 100, &[41, 24]);
        // 41 × 40 / 60 = 27.33 → 27 (41 + 27 = 68, even) or 28 (69, odd): 28.
        assert_eq!(r.added, vec![0, 4]);
    }

    #[test]
    fn a_relative_majority_needs_only_two_parties_elected_and_a_third_contesting() {
        // 49% / 48% / 3%: only the first two elected, the first has fewer seats.
        let r = malta().apply(&[49, 48, 3], 100, &[31, 34, 0]);
        assert_eq!(r.majority_party, Some((0, MajorityKind::Relative)));
        assert_eq!(r.for_majority, 4);
        // Equal first votes: no party has more votes than any other, nothing added.
        let r = malta().apply(&[48, 48, 4], 100, &[31, 34, 0]);
        assert_eq!(r.majority_party, None);
        assert_eq!(r.added, vec![0, 0, 0]);
        // A third party elected: no relative majority either.
        let r = malta().apply(&[49, 45, 6], 100, &[31, 32, 2]);
        assert_eq!(r.added, vec![0, 0, 0]);
    }

    #[test]
    fn seats_in_proportion_already_add_nothing() {
        let r = malta().apply(&[60, 40], 100, &[39, 26]);
        assert_eq!(r.added, vec![0, 0]);
        assert!(r.proportional.is_none());
    }
}
