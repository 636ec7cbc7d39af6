//! Preferential seats of minority lists: a list the law names as a national minority's
//! wins a seat when its votes reach a fraction of the quota, instead of passing the
//! parties' threshold.
//!
//! Hungary (Act CCIII of 2011 on the election of members of Parliament, §16): the votes
//! of the party lists over the threshold, the fragment votes passed on to them from the
//! districts and the nationality list votes are added up (the lists under the threshold
//! are left out, as in the NVI's 2018 quota); that sum divided by the 93 list seats, and
//! again by four, gives (its integer part) the preferential quota; a nationality list with at least that many
//! votes wins one preferential seat. The seats left are shared by D'Hondt among the party
//! lists over the threshold and, with their votes less the preferential quota, the
//! nationality lists that won a preferential seat. Configured by `[preferential]`
//! (docs/law-format.md); applied from [`crate::count`] to a national list tier.

use serde::{Deserialize, Serialize};

use crate::exact::Decimal;

/// `[preferential]` of a law file.
#[derive(Clone, Debug, Deserialize)]
#[serde(try_from = "RawPreferential")]
pub struct Preferential {
    /// The minority lists, by name as the results give them.
    pub lists: Vec<String>,
    /// The fraction of the quota (the votes of the lists that can win seats / the list tier's seats) a list needs.
    pub quota_share: Decimal,
    /// What a list that won its preferential seat does in the allocation of the rest.
    pub then: Then,
    pub article: Option<String>,
}

/// A minority list after its preferential seat.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Then {
    /// It takes part in the allocation of the seats left with its votes less the
    /// preferential bar (Hungary, §16(d)-(e)).
    #[default]
    ReducedVotes,
    /// It takes no further part.
    Excluded,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPreferential {
    lists: Vec<String>,
    quota_share: crate::law::DecimalValue,
    #[serde(default)]
    then: Then,
    #[serde(default)]
    article: Option<String>,
}

impl TryFrom<RawPreferential> for Preferential {
    type Error = String;
    fn try_from(r: RawPreferential) -> Result<Self, String> {
        if r.lists.is_empty() {
            return Err("lists: name at least one minority list".into());
        }
        if r.quota_share.0.is_zero() {
            return Err("quota_share must be above 0 (e.g. 0.25 for a quarter of the quota)".into());
        }
        Ok(Preferential { lists: r.lists, quota_share: r.quota_share.0, then: r.then, article: r.article })
    }
}

impl Preferential {
    /// The bar: the integer part of `base` × `quota_share` / `seats`, exactly.
    pub fn bar(&self, base: u64, seats: u32) -> u64 {
        let f = self.quota_share.as_fraction();
        let num = base as u128 * f.num;
        let den = f.den * seats.max(1) as u128;
        (num / den) as u64
    }
}

/// How the preferential seats were won.
#[derive(Clone, Debug, Serialize)]
pub struct PreferentialReport {
    /// All the votes the quota is taken of: those of the lists over the threshold (with
    /// the votes passed on to them) and of the minority lists.
    pub base: u64,
    /// The list tier's seats the quota divides by.
    pub seats: u32,
    /// The votes a minority list needs for its seat.
    pub bar: u64,
    /// The minority lists (indices into the contest's `parties`) and whether each won.
    pub lists: Vec<(usize, bool)>,
    pub then: Then,
    pub article: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(lists: &[&str], share: &str) -> RawPreferential {
        RawPreferential {
            lists: lists.iter().map(|s| s.to_string()).collect(),
            quota_share: crate::law::DecimalValue(share.parse().unwrap()),
            then: Then::ReducedVotes,
            article: None,
        }
    }

    fn rule(share: &str) -> Preferential {
        Preferential::try_from(raw(&["M"], share)).unwrap()
    }

    #[test]
    fn the_bar_is_the_integer_part_of_a_quarter_quota() {
        // 1,000,000 votes / 93 seats / 4 = 2688.17… → 2688.
        assert_eq!(rule("0.25").bar(1_000_000, 93), 2688);
        assert_eq!(rule("1").bar(930, 93), 10);
        assert_eq!(rule("0.25").bar(371, 93), 0);
    }

    #[test]
    fn a_zero_share_or_no_list_is_refused() {
        assert!(Preferential::try_from(raw(&["M"], "0")).is_err());
        assert!(Preferential::try_from(raw(&[], "0.25")).is_err());
    }
}
