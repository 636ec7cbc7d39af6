//! Meek's method of STV (B. L. Meek 1969; the algorithm of I. D. Hill, B. A. Wichmann
//! and D. R. Woodall, "Algorithm 123", The Computer Journal 1987), and New Zealand's
//! fixed-point statement of it (Local Electoral Regulations 2001, schedule 1A).
//!
//! Each candidate has a keep value k (1 while hopeful, 0 once excluded, below 1 once
//! elected). A ballot gives each candidate it ranks, in order, k times what is left of
//! it, and passes the rest on; what no candidate keeps is excess. The quota is (votes −
//! excess) ÷ (seats + 1), plus one unit. Elected candidates' keep values are lowered to
//! k × quota ÷ votes, and the distribution repeated, until every elected candidate's
//! surplus together is below the tolerance; then a hopeful reaching the quota is elected,
//! or the hopeful with fewest votes excluded.
//!
//! The keep values are the limit of an iteration, not a finite rational computation, so
//! the arithmetic is fixed-point as New Zealand prescribes it: keep values rounded up,
//! votes rounded down, at 9 decimals (`meek-nz`, tolerance 0.00001) or at 12 decimals
//! (`meek`, tolerance 10^-9). Every comparison is between integers.

use super::ballot::{BallotBox, Cand};
use super::fixed::{pow10, Fixed};
use super::record::{Action, ActionKind, Inactive, RankedError, RankedTie, Round, Tabulation, TieFor};
use super::Standing as St;

/// The two fixed-point statements of Meek's method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MeekVariant {
    /// 12 decimals, tolerance 10^-9 of a vote.
    Precise,
    /// New Zealand: 9 decimals, tolerance 0.00001 (Local Electoral Regulations 2001, sch. 1A).
    NewZealand,
}

impl MeekVariant {
    fn scale(self) -> u8 {
        match self {
            MeekVariant::Precise => 12,
            MeekVariant::NewZealand => 9,
        }
    }
    fn tolerance(self) -> i128 {
        match self {
            MeekVariant::Precise => 1_000,
            MeekVariant::NewZealand => 10_000,
        }
    }
}

/// Counts by Meek's method. `seed` is only used for a lot, should exclusion tie at every
/// stage.
pub fn meek(bb: &BallotBox, seats: u32, variant: MeekVariant, seed: u64) -> Result<Tabulation, RankedError> {
    let n = bb.num_candidates();
    if n == 0 {
        return Err(RankedError::NoCandidates);
    }
    if seats == 0 {
        return Err(RankedError::NoSeats);
    }
    let standing = bb.withdrawn.iter().filter(|&&w| !w).count();
    if standing < seats as usize {
        return Err(RankedError::TooFewCandidates { seats, candidates: standing });
    }
    let scale = variant.scale();
    let one = pow10(scale);
    let mut st: Vec<St> = bb.withdrawn.iter().map(|&w| if w { St::Excluded } else { St::Continuing }).collect();
    let mut keep: Vec<i128> = st.iter().map(|&s| if s == St::Excluded { 0 } else { one }).collect();
    let total: i128 = bb.ballots.iter().filter(|b| !b.ranks.is_empty()).map(|b| b.weight as i128).sum::<i128>() * one;
    if total == 0 {
        return Err(RankedError::NoVotes);
    }
    let mut rounds: Vec<Round> = Vec::new();
    let mut elected: Vec<Cand> = Vec::new();
    let mut ties: Vec<RankedTie> = Vec::new();
    let mut history: Vec<Vec<i128>> = Vec::new();
    let mut iterations_total = 0usize;
    let mut rng_state = seed;
    let fx = |v: i128| Fixed { raw: v, scale };

    // One distribution of every ballot under the current keep values.
    let distribute = |keep: &[i128]| -> (Vec<i128>, i128) {
        let mut votes = vec![0i128; n];
        let mut excess = 0i128;
        for b in &bb.ballots {
            let w = b.weight as i128;
            let mut left = one;
            for r in &b.ranks {
                // A rank marking several candidates ends the ballot's path (unclear).
                if r.marks.len() != 1 {
                    break;
                }
                let c = r.marks[0] as usize;
                if c >= n || keep[c] == 0 {
                    continue;
                }
                // Votes rounded down (schedule 1A, clause 5). A hopeful candidate keeps
                // everything (k = 1): no division needed.
                let give = if keep[c] == one { left } else { left * keep[c] / one };
                votes[c] += give * w;
                left -= give;
                if left == 0 {
                    break;
                }
            }
            if !b.ranks.is_empty() {
                excess += left * w;
            }
        }
        (votes, excess)
    };

    loop {
        // Iterate the keep values to convergence at this stage.
        let mut iterations = 0usize;
        let mut last_surplus = i128::MAX;
        let (votes, excess, quota) = loop {
            let (votes, excess) = distribute(&keep);
            iterations += 1;
            // Quota: (votes − excess) ÷ (seats + 1), truncated, plus one unit (clause 6).
            let quota = (total - excess) / (seats as i128 + 1) + 1;
            let surplus: i128 = (0..n).filter(|&c| st[c] == St::Elected).map(|c| (votes[c] - quota).max(0)).sum();
            let newly = (0..n).any(|c| st[c] == St::Continuing && votes[c] >= quota);
            // Stop when the surplus is within the tolerance, or when rounding stops it
            // from shrinking further (Algorithm 123 stops on no change as well).
            if newly || surplus <= variant.tolerance() || surplus >= last_surplus || iterations > 1_000 {
                break (votes, excess, quota);
            }
            last_surplus = surplus;
            for c in 0..n {
                if st[c] == St::Elected {
                    // k ← k × quota ÷ votes, rounded up (clause 7).
                    keep[c] = (keep[c] * quota + votes[c] - 1) / votes[c];
                }
            }
        };
        iterations_total += iterations;
        history.push(votes.clone());
        let mut inactive = Inactive::zero(scale);
        inactive.exhausted_choices = fx(excess);
        let tally: Vec<(Cand, Fixed)> = (0..n).filter(|&c| st[c] != St::Excluded).map(|c| (c as Cand, fx(votes[c]))).collect();
        let mut actions = Vec::new();
        let mut new: Vec<usize> = (0..n).filter(|&c| st[c] == St::Continuing && votes[c] >= quota).collect();
        new.sort_by(|&a, &b| votes[b].cmp(&votes[a]).then(a.cmp(&b)));
        for c in new {
            if elected.len() < seats as usize {
                st[c] = St::Elected;
                elected.push(c as Cand);
                actions.push(Action { kind: ActionKind::Elected, candidate: c as Cand, surplus_fraction: Some(fx(keep[c])), transfers: vec![], reason: None });
            }
        }
        let hopeful: Vec<usize> = (0..n).filter(|&c| st[c] == St::Continuing).collect();
        let done = elected.len() == seats as usize;
        if !done && hopeful.len() <= seats as usize - elected.len() {
            for &c in &hopeful {
                st[c] = St::Elected;
                elected.push(c as Cand);
                actions.push(Action {
                    kind: ActionKind::Elected,
                    candidate: c as Cand,
                    surplus_fraction: None,
                    transfers: vec![],
                    reason: Some("as many hopeful candidates as seats left".into()),
                });
            }
        } else if !done && actions.is_empty() {
            // Exclude the hopeful with fewest votes; ties by the earliest stage at which
            // they differed, then by lot.
            let low = hopeful.iter().map(|&c| votes[c]).min().expect("hopeful candidates remain");
            let mut tied: Vec<usize> = hopeful.iter().copied().filter(|&c| votes[c] == low).collect();
            let contenders = tied.clone();
            let mut how = String::new();
            if tied.len() > 1 {
                for (s, h) in history.iter().enumerate() {
                    let m = tied.iter().map(|&c| h[c]).min().expect("non-empty");
                    let next: Vec<usize> = tied.iter().copied().filter(|&c| h[c] == m).collect();
                    if next.len() < tied.len() {
                        tied = next;
                        how = format!("fewest votes at stage {}", s + 1);
                        if tied.len() == 1 {
                            break;
                        }
                    }
                }
                if tied.len() > 1 {
                    // A reproducible lot: SplitMix64 from the seed.
                    rng_state = rng_state.wrapping_add(0x9E37_79B9_7F4A_7C15);
                    let mut z = rng_state;
                    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
                    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
                    z ^= z >> 31;
                    let i = (z % tied.len() as u64) as usize;
                    tied = vec![tied[i]];
                    how = format!("lot (seed {seed})");
                }
                ties.push(RankedTie {
                    round: rounds.len() as u32 + 1,
                    choosing: TieFor::Loser,
                    contenders: contenders.iter().map(|&c| c as Cand).collect(),
                    chosen: tied[0] as Cand,
                    decided_by: how,
                });
            }
            let c = tied[0];
            st[c] = St::Excluded;
            keep[c] = 0;
            // Where the excluded candidate's votes go shows in the next stage's tally.
            actions.push(Action { kind: ActionKind::Eliminated, candidate: c as Cand, surplus_fraction: None, transfers: vec![], reason: None });
        }
        rounds.push(Round {
            number: rounds.len() as u32 + 1,
            tally,
            threshold: Some(fx(quota)),
            inactive,
            actions,
            residual_surplus: Fixed::zero(scale),
        });
        if elected.len() == seats as usize {
            break;
        }
    }
    Ok(Tabulation {
        rule: match variant {
            MeekVariant::Precise => "meek",
            MeekVariant::NewZealand => "meek-nz",
        }
        .into(),
        candidates: bb.candidates.clone(),
        seats,
        scale,
        total_ballots: fx(total),
        rounds,
        elected,
        ties,
        quota: None,
        notes: vec![format!("{iterations_total} distributions of the ballots in all")],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meek_elects_the_obvious_pair_and_converges() {
        // 2 seats; A's surplus (about 26.67) flows to B through A's keep value; C (25)
        // stays ahead of B until D (15) is excluded and D's ballots reach B.
        let mut b = BallotBox::new(vec!["A".into(), "B".into(), "C".into(), "D".into()]);
        b.add_order(&[0, 1], 60);
        b.add_order(&[2], 25);
        b.add_order(&[3, 1], 15);
        for v in [MeekVariant::Precise, MeekVariant::NewZealand] {
            let t = meek(&b, 2, v, 0).unwrap();
            assert_eq!(t.winners_by_name(), vec!["A", "B"], "{v:?}");
            // The quota is a third of the votes (100 / 3, no excess).
            assert_eq!(t.rounds[0].threshold.unwrap().floor_int(), 33);
        }
    }
}
