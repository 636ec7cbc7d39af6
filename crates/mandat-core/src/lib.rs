//! # mandat-core
//!
//! The counting core of mandat: it turns votes into seats exactly as an electoral law
//! prescribes and records every step of the legal procedure.
//!
//! It knows electoral concepts only (methods, quotas, thresholds, ties, laws; after the
//! count, committees, posts, coalitions and voting power in [`parliament`]) and does
//! no I/O: it never reads a file and never prints. Readers and writers live in
//! `mandat-io`, the command line in `mandat-cli`.
//!
//! Invariants:
//! - nothing that decides a seat is a float: averages, quotas and remainders are
//!   [`exact::Fraction`]s compared by 256-bit cross-multiplication;
//! - every tie is decided by the law's chain ([`tie::TieBreaker`]) and recorded;
//! - an [`count::Outcome`] carries its own proof: thresholds, averages or remainders,
//!   ties, so that every renderer explains the same thing.
//!
//! ```
//! use mandat_core::method::Method;
//! use mandat_core::tie::TieBreaker;
//! let mut ties = TieBreaker::new(vec![], 0);
//! assert_eq!(Method::DHondt.allocate(&[6, 3, 1], 4, &mut ties), vec![3, 1, 0]);
//! ```

pub mod additional_seats;
pub mod analysis;
pub mod biproportional;
pub mod bonus;
pub mod candidates;
pub mod compensation;
pub mod count;
pub mod election;
pub mod exact;
pub mod kernel;
pub mod law;
pub mod level_up;
pub mod method;
pub mod parliament;
pub mod pooled;
pub mod ranked;
pub mod ranked_tier;
pub mod regional;
pub mod preferential;
pub mod single_member;
pub mod two_round;
pub mod tie;
