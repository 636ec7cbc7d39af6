//! Seat margins: for each party's last seat in a constituency, the smallest number of
//! additional votes for another list that would move that seat to it.
//!
//! Every probe is a full count under the whole law (thresholds, tiers, alliances), so
//! the margin holds "through the whole law"; for a single-tier law it is the
//! constituency's own. The search is exponential then binary on the number of votes,
//! and the answer is verified: with the margin the seat moves, with one vote less it
//! does not (a law where gaining votes can cost seats is reported as such).

use serde::Serialize;

use crate::count::{count, CountError};
use crate::election::Election;
use crate::law::Law;

/// The margin of one seat.
#[derive(Clone, Debug, Serialize)]
pub struct Margin {
    /// Index of the constituency in the results.
    pub constituency: usize,
    /// The party holding the seat (index into the election's parties).
    pub holder: usize,
    /// The list that would take it.
    pub challenger: usize,
    /// Additional votes for the challenger in this constituency that move the seat.
    pub votes: u64,
    /// False when one vote less also moves it (a non-monotone law); the figure is then
    /// a sufficient number, not the smallest.
    pub exact: bool,
}

/// The margins of every seat-holding party's last seat, per constituency: the closest
/// challenger and the votes it needs.
pub fn margins(law: &Law, election: &Election, seed: u64) -> Result<Vec<Margin>, CountError> {
    if law.ranked.is_some() {
        // A probe adds votes to a party; the count reads ballots, which would not change,
        // and every seat would look out of reach.
        return Err(CountError::Parameter("seat margins add votes to a party, and this law counts ranked ballots (single transferable vote): no such vote changes a ballot, so no margin could be found; the stages of `mandat run --explain` show how close each candidate came".into()));
    }
    let base = count(law, election, seed)?;
    let mut out = Vec::new();
    for (ci, c) in election.constituencies.iter().enumerate() {
        let cap: u64 = c.valid_votes().max(1).saturating_mul(4);
        let holders: Vec<usize> = c.votes.iter().map(|&(p, _)| p).filter(|&p| base.total[p] > 0 && holds_here(&base, ci, p, election)).collect();
        for &w in &holders {
            let mut best: Option<Margin> = None;
            for &(l, _) in &c.votes {
                if l == w {
                    continue;
                }
                let moves = |x: u64| -> Result<bool, CountError> {
                    let mut e = election.clone();
                    if let Some(slot) = e.constituencies[ci].votes.iter_mut().find(|(p, _)| *p == l) {
                        slot.1 += x;
                    }
                    if let Some(t) = e.constituencies[ci].total_valid_votes.as_mut() {
                        *t += x;
                    }
                    let o = count(law, &e, seed)?;
                    Ok(o.total[w] < base.total[w] && o.total[l] > base.total[l])
                };
                let limit = best.as_ref().map_or(cap, |b| b.votes);
                let Some(x) = smallest(limit, &moves)? else { continue };
                let exact = x == 0 || !moves(x - 1)?;
                if best.as_ref().is_none_or(|b| x < b.votes) {
                    best = Some(Margin { constituency: ci, holder: w, challenger: l, votes: x, exact });
                }
            }
            out.extend(best);
        }
    }
    Ok(out)
}

/// Whether `p` holds a seat in constituency `ci` (its contest, or the national one).
fn holds_here(base: &crate::count::Outcome, ci: usize, p: usize, election: &Election) -> bool {
    let name = &election.constituencies[ci].name;
    match base.contests.iter().find(|c| &c.name == name) {
        Some(c) => c.parties.iter().position(|&q| q == p).is_some_and(|k| c.result[k] + c.leveling[k] > 0),
        None => true,
    }
}

/// The smallest x in 1..=limit with `moves(x)`, assuming it is monotone; None if even
/// `limit` does not move the seat.
fn smallest(limit: u64, moves: &dyn Fn(u64) -> Result<bool, CountError>) -> Result<Option<u64>, CountError> {
    let mut hi = 1u64;
    while !moves(hi)? {
        if hi >= limit {
            return Ok(None);
        }
        hi = hi.saturating_mul(2).min(limit);
    }
    let mut lo = hi / 2; // moves(lo) is false (or lo = 0)
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if moves(mid)? {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Ok(Some(hi))
}
