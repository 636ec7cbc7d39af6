//! After the count: the seated assembly shares out its committees and posts, and its
//! groups form majorities.
//!
//! - [`rules`]: the rules of a parliament as data (TOML, read by `mandat-io`), in the
//!   strict self-validating style of [`crate::law::Law`].
//! - [`committees`]: seats of each group on each committee by a method, with
//!   guarantees; then posts (chairs, secretaries…) by sequential choice in D'Hondt
//!   quotient order, with reserved posts; every post explained.
//! - [`coalitions`]: minimal winning and minimal connected winning coalitions.
//! - [`power`]: Banzhaf and Shapley-Shubik indices, exact.
//!
//! Like the rest of the core, nothing here reads or prints, and nothing that decides
//! a seat or a post is a float.

pub mod coalitions;
pub mod committees;
pub mod power;
pub mod rules;

use serde::{Deserialize, Serialize};

/// Which side of the house a group sits on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Side {
    /// In the majority (the groups that form the government).
    Majority,
    /// The parliamentary opposition (Kazakhstan: the factions of parties not in the majority).
    Opposition,
}

impl Side {
    pub fn parse(s: &str) -> Option<Side> {
        match s.trim().to_ascii_lowercase().as_str() {
            "majority" | "government" => Some(Side::Majority),
            "opposition" => Some(Side::Opposition),
            _ => None,
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            Side::Majority => "majority",
            Side::Opposition => "opposition",
        }
    }
}

/// A parliamentary group and its seats.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Group {
    pub name: String,
    pub seats: u32,
    /// The side, when the input declares it.
    pub side: Option<Side>,
}

/// The seated assembly, groups in input order (the order the `list-order` tie rule uses).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Assembly {
    pub groups: Vec<Group>,
}

impl Assembly {
    /// An assembly from `(name, seats)` pairs, sides unknown.
    pub fn new(groups: &[(&str, u32)]) -> Assembly {
        Assembly { groups: groups.iter().map(|&(n, s)| Group { name: n.into(), seats: s, side: None }).collect() }
    }

    pub fn total_seats(&self) -> u64 {
        self.groups.iter().map(|g| g.seats as u64).sum()
    }

    pub fn seats(&self) -> Vec<u64> {
        self.groups.iter().map(|g| g.seats as u64).collect()
    }

    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.groups.iter().position(|g| g.name == name)
    }

    /// Whether any group has a declared side.
    pub fn has_sides(&self) -> bool {
        self.groups.iter().any(|g| g.side.is_some())
    }

    /// Declares `government` the majority and every other group the opposition.
    pub fn set_government(&mut self, government: &[usize]) {
        for (i, g) in self.groups.iter_mut().enumerate() {
            g.side = Some(if government.contains(&i) { Side::Majority } else { Side::Opposition });
        }
    }
}
