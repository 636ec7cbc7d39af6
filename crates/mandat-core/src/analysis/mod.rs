//! What-if and what-next: comparing laws, sweeping a parameter with exact breakpoints,
//! disproportionality indices, seat margins. All of it runs the same count as
//! [`crate::count::count`]: nothing here re-implements a law.

pub mod compare;
pub mod indices;
mod lognormal;
pub mod margins;
pub mod projection;
pub mod sweep;
