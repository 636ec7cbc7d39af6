//! The rules of a parliament as data: which groups are recognised, how committee
//! seats are shared and with which guarantees, which posts exist and how they are
//! chosen, which are reserved for the opposition, and how ties are decided.
//!
//! Deserialized straight from TOML (docs/parliament.md); like [`crate::law::Law`],
//! every value validates itself while it is read, so that the reader reports the
//! line and key of a bad value. Rules that involve several keys (a reservation
//! larger than the posts, two committees with one name) are checked by
//! [`Rules::check`].

use serde::{Deserialize, Serialize};

use crate::law::{DecimalValue, Seats, TieChain};
use crate::method::Method;
use crate::parliament::Side;

/// The rules of a parliament.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// Short identifier, e.g. `be-chamber-rules`.
    pub id: String,
    pub name: String,
    /// The standing orders, statutes and articles the file implements.
    pub citation: String,
    #[serde(default)]
    pub notes: Option<String>,
    #[serde(default)]
    pub recognition: Recognition,
    pub committee_seats: CommitteeSeats,
    pub committees: Vec<Committee>,
    #[serde(default)]
    pub posts: Vec<PostRule>,
    #[serde(default)]
    pub ties: TieChain,
}

/// Which groups count: a group with fewer seats is not recognised and takes part
/// in neither committee seats nor posts.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recognition {
    #[serde(default = "one_seat")]
    pub min_seats: Seats,
    #[serde(default)]
    pub article: Option<String>,
}

fn one_seat() -> Seats {
    Seats(1)
}

impl Default for Recognition {
    fn default() -> Self {
        Recognition { min_seats: Seats(1), article: None }
    }
}

/// What a recognised group that wins no seat on a committee gets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WithoutSeat {
    /// Nothing.
    #[default]
    Nothing,
    /// A member without a vote (reported beside the committee's seats).
    NonVotingMember,
}

/// How the seats of each committee are shared among the recognised groups.
#[derive(Clone, Debug, Deserialize)]
#[serde(try_from = "RawCommitteeSeats")]
pub struct CommitteeSeats {
    pub method: Method,
    /// Every recognised group gets at least this many seats on every committee
    /// (never more than its own seats), when the committee is large enough.
    pub every_group_at_least: u32,
    /// The opposition groups together get at least this many seats on every committee.
    pub opposition_at_least: u32,
    pub without_seat: WithoutSeat,
    pub article: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCommitteeSeats {
    method: String,
    #[serde(default)]
    first_divisor: Option<DecimalValue>,
    #[serde(default)]
    every_group_at_least: Count,
    #[serde(default)]
    opposition_at_least: Count,
    #[serde(default)]
    without_seat: WithoutSeat,
    #[serde(default)]
    article: Option<String>,
}

impl TryFrom<RawCommitteeSeats> for CommitteeSeats {
    type Error = String;
    fn try_from(r: RawCommitteeSeats) -> Result<Self, String> {
        let method = Method::from_name(&r.method, r.first_divisor.map(|d| d.0)).map_err(|e| e.to_string())?;
        Ok(CommitteeSeats {
            method,
            every_group_at_least: r.every_group_at_least.0,
            opposition_at_least: r.opposition_at_least.0,
            without_seat: r.without_seat,
            article: r.article,
        })
    }
}

/// A whole number from 0 to 100,000.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Count(pub u32);

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let n = i64::deserialize(d)?;
        if !(0..=100_000).contains(&n) {
            return Err(serde::de::Error::custom(format!("expected a whole number from 0 to 100000, found {n}")));
        }
        Ok(Count(n as u32))
    }
}

/// A standing committee.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Committee {
    pub name: String,
    /// Members (voting).
    pub size: Seats,
}

/// One kind of post (chair, vice-chair, secretary…): `per_committee` on every
/// committee, shared among the recognised groups by a divisor method on group size,
/// the groups choosing committees one after the other in quotient order.
#[derive(Clone, Debug, Deserialize)]
#[serde(try_from = "RawPostRule")]
pub struct PostRule {
    pub name: String,
    pub per_committee: u32,
    pub method: Method,
    pub reserved: Option<Reservation>,
    pub article: Option<String>,
}

/// Posts reserved for one side: at least `count` of this kind go to its groups,
/// each on a different committee.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reservation {
    pub side: Side,
    pub count: Seats,
    #[serde(default)]
    pub article: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPostRule {
    name: String,
    #[serde(default)]
    per_committee: Option<Seats>,
    #[serde(default)]
    method: Option<String>,
    #[serde(default)]
    reserved: Option<Reservation>,
    #[serde(default)]
    article: Option<String>,
}

impl TryFrom<RawPostRule> for PostRule {
    type Error = String;
    fn try_from(r: RawPostRule) -> Result<Self, String> {
        if r.name.trim().is_empty() {
            return Err("a post needs a non-empty `name`".into());
        }
        let method = match r.method.as_deref() {
            None => Method::DHondt,
            Some(m) => {
                let method = Method::from_name(m, None).map_err(|e| e.to_string())?;
                if !method.is_divisor() {
                    return Err(format!(
                        "posts are chosen in quotient order, so their method must be a divisor method (dhondt, sainte-lague, …), not {m:?}"
                    ));
                }
                method
            }
        };
        Ok(PostRule { name: r.name, per_committee: r.per_committee.map_or(1, |s| s.0), method, reserved: r.reserved, article: r.article })
    }
}

impl Rules {
    /// Rules that involve several keys: returns the key and the message.
    pub fn check(&self) -> Result<(), (String, String)> {
        if self.id.trim().is_empty() {
            return Err(("id".into(), "the rules need a non-empty `id`".into()));
        }
        if self.committees.is_empty() {
            return Err(("committees".into(), "the rules need at least one `[[committees]]`".into()));
        }
        for (i, c) in self.committees.iter().enumerate() {
            if c.name.trim().is_empty() {
                return Err(("committees".into(), "a committee needs a non-empty `name`".into()));
            }
            if self.committees[..i].iter().any(|d| d.name == c.name) {
                return Err(("committees".into(), format!("committee {:?} is listed twice", c.name)));
            }
        }
        for (i, p) in self.posts.iter().enumerate() {
            if self.posts[..i].iter().any(|q| q.name == p.name) {
                return Err(("posts".into(), format!("post {:?} is listed twice", p.name)));
            }
            let total = self.committees.len() as u64 * p.per_committee as u64;
            if total > 100_000 {
                return Err(("posts.per_committee".into(), format!("post {:?}: {total} posts in all; at most 100000", p.name)));
            }
            if let Some(r) = &p.reserved {
                // Reserved posts are each on a different committee.
                let committees = self.committees.len() as u64;
                if r.count.0 as u64 > committees {
                    return Err((
                        "posts.reserved".into(),
                        format!(
                            "post {:?}: {} reserved posts, but there are only {committees} committees (reserved posts are on different committees)",
                            p.name, r.count.0
                        ),
                    ));
                }
            }
        }
        if self.committee_seats.every_group_at_least > 0 || self.committee_seats.opposition_at_least > 0 {
            let smallest = self.committees.iter().map(|c| c.size.0).min().unwrap_or(0);
            if self.committee_seats.opposition_at_least > smallest {
                return Err((
                    "committee_seats.opposition_at_least".into(),
                    format!(
                        "the opposition is guaranteed {} seats per committee, but a committee has only {smallest}",
                        self.committee_seats.opposition_at_least
                    ),
                ));
            }
        }
        Ok(())
    }

    pub fn committee_index(&self, name: &str) -> Option<usize> {
        self.committees.iter().position(|c| c.name == name)
    }
}
