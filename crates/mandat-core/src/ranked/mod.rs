//! Ranked ballots and the rules that count them: plurality, two-round, supplementary
//! vote, instant-runoff with RCTab's options and its multi-winner modes, and single
//! transferable vote (Scottish weighted inclusive Gregory, Meek, ERS97).
//!
//! Ballots come in a [`ballot::BallotBox`] (identical rankings stored once with a
//! weight); every rule returns a [`record::Tabulation`], the record of every round,
//! transfer and tie. Arithmetic is exact: whole votes, the rule's own fixed-point
//! decimals ([`fixed::Fixed`]) where the rule prescribes decimals, exact rationals for
//! Meek. No I/O here: readers and reports live in `mandat-io::ranked`.

pub mod ballot;
pub mod ers97;
pub mod fixed;
pub mod javarand;
pub mod meek;
pub mod rctab;
pub mod record;
pub mod simple;
pub mod stv;

pub use ballot::{Ballot, BallotBox, Cand, Rank, OVERVOTE};
pub use fixed::Fixed;
pub use record::{Action, ActionKind, Inactive, RankedError, RankedTie, Round, Tabulation, Target, TieFor};
