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
pub mod sampled;
pub mod simple;
pub mod stv;

pub use ballot::{Ballot, BallotBox, Cand, Marks, Rank, OVERVOTE};

/// Where a candidate stands in an STV count (Meek calls a continuing candidate "hopeful").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Standing {
    Continuing,
    Elected,
    Excluded,
}

/// What every STV count needs before it starts: candidates, seats, and at least as many
/// candidates standing (not withdrawn) as seats.
pub(crate) fn check_seats(bb: &BallotBox, seats: u32) -> Result<(), RankedError> {
    if bb.num_candidates() == 0 {
        return Err(RankedError::NoCandidates);
    }
    if seats == 0 {
        return Err(RankedError::NoSeats);
    }
    let standing = bb.withdrawn.iter().filter(|&&w| !w).count();
    if standing < seats as usize {
        return Err(RankedError::TooFewCandidates { seats, candidates: standing });
    }
    Ok(())
}

/// Checks that the ballots are few enough for a rule's integer arithmetic: every value the
/// rule computes (votes in units of 10^-scale, and the largest product it forms before
/// dividing, `digits` decimal digits beyond whole votes) must fit in an `i128` with room to
/// add sixteen such values. Counts call it first, so their arithmetic cannot overflow;
/// a total beyond it is an error naming the limit, never a wrapped (wrong) count.
pub(crate) fn check_total(bb: &BallotBox, rule: &str, digits: u32) -> Result<u128, RankedError> {
    let total = bb.total_weight();
    let max = 10u128.checked_pow(digits).map_or(0, |p| i128::MAX as u128 / p / 16);
    if total > max {
        return Err(RankedError::TooManyBallots { rule: rule.to_string(), total, max });
    }
    Ok(total)
}

/// The first rank of `ballot` after `from` (from the top with `None`) that marks a
/// continuing candidate: where an STV paper goes next. A rank with several marks ends the
/// paper's path (it is unclear), as does the end of the ballot.
pub(crate) fn next_continuing(ballot: &Ballot, standing: &[Standing], from: Option<usize>) -> Option<usize> {
    for (i, r) in ballot.ranks.iter().enumerate().skip(from.map_or(0, |i| i + 1)) {
        if r.marks.len() != 1 {
            return None;
        }
        let m = r.marks[0] as usize;
        if m < standing.len() && standing[m] == Standing::Continuing {
            return Some(i);
        }
    }
    None
}
/// Adds `x` to the transfers to `t`, merging with an earlier entry for the same target.
pub(crate) fn add(v: &mut Vec<(Target, i128)>, t: Target, x: i128) {
    match v.iter_mut().find(|(a, _)| *a == t) {
        Some((_, s)) => *s += x,
        None => v.push((t, x)),
    }
}

/// Breaks a tie among `tied` by the stage-by-stage record `history` (one vector of votes
/// per stage): the candidate with the most (`most`) or fewest votes at the earliest stage
/// at which the tied candidates differed, narrowing the group stage by stage. Returns the
/// candidate and the stage (1-based), or the candidates still equal at every stage, for
/// the lot.
pub(crate) fn earliest_difference<T: Ord + Copy>(history: &[Vec<T>], tied: &[usize], most: bool) -> Result<(usize, usize), Vec<usize>> {
    let mut group = tied.to_vec();
    for (s, h) in history.iter().enumerate() {
        let Some(pick) = (if most { group.iter().map(|&c| h[c]).max() } else { group.iter().map(|&c| h[c]).min() }) else { break };
        let next: Vec<usize> = group.iter().copied().filter(|&c| h[c] == pick).collect();
        if next.len() < group.len() {
            group = next;
            if group.len() == 1 {
                return Ok((group[0], s + 1));
            }
        }
    }
    Err(group)
}
/// A tie among `tied` as the ERS97 rules (5.2.3, 5.2.5) and the Irish count settle it:
/// by the earliest stage (`stage_word`: "stage" or "count") of `history` at which the
/// tied differed, else by lot drawn from `rng`. Returns the chosen candidate and how it
/// was chosen (a [`RankedTie`]'s `decided_by`).
pub(crate) fn history_then_lot(history: &[Vec<i128>], tied: &[usize], most: bool, stage_word: &str, rng: &mut rand_chacha::ChaCha8Rng, seed: u64) -> (usize, String) {
    use rand::seq::SliceRandom;
    match earliest_difference(history, tied, most) {
        Ok((c, s)) => (c, format!("{} votes at {stage_word} {s}", if most { "most" } else { "fewest" })),
        Err(group) => (*group.choose(rng).expect("a tie has candidates"), format!("lot (seed {seed})")),
    }
}

pub use fixed::Fixed;
pub use record::{Action, ActionKind, Inactive, RankedError, RankedTie, Round, Tabulation, Target, TieFor};

/// The rules a ballot box can be counted under by name (`mandat tabulate --rule`,
/// `POST /api/tabulate`).
pub const RULES: &[&str] = &["plurality", "two-round", "irv", "supplementary", "stv-scottish", "meek", "meek-nz", "ers97", "stv-sampled"];

/// The rules of [`RULES`] that elect exactly one candidate.
pub const SINGLE_WINNER_RULES: &[&str] = &["two-round", "supplementary", "irv"];

/// What a count by name refuses before it starts: a single-winner rule asked for another
/// number of seats (IRV, two-round and supplementary elect one; plurality elects the
/// `seats` highest), and a runoff's votes for a rule that holds no runoff.
fn single_winner_checks(rule: &str, seats: u32, runoff: bool) -> Option<RankedError> {
    if SINGLE_WINNER_RULES.contains(&rule) && seats != 1 {
        return Some(RankedError::SingleWinner { rule: rule.into(), seats });
    }
    if runoff && rule != "two-round" {
        return Some(RankedError::RunoffNotApplicable(rule.into()));
    }
    None
}

/// Counts `ballots` for `seats` under the rule named `rule`; `None` for a name that is not
/// in [`RULES`]. `direct` carries the options of the single-winner rules (the lot's seed,
/// the 'against all' line, the turnout quorum) and `runoff` a second round's votes.
///
/// ```
/// use mandat_core::ranked::{tabulate_by_name, simple::DirectOptions, BallotBox};
/// use mandat_core::ranked::Rank;
/// let mut bb = BallotBox::new(vec!["A".into(), "B".into()]);
/// bb.add(vec![Rank::one(1, 0)], 3);
/// bb.add(vec![Rank::one(1, 1)], 2);
/// let t = tabulate_by_name("plurality", &bb, 1, &DirectOptions::default(), None).unwrap().unwrap();
/// assert_eq!(t.elected, vec![0]);
/// assert!(tabulate_by_name("borda", &bb, 1, &DirectOptions::default(), None).is_none());
/// ```
pub fn tabulate_by_name(
    rule: &str,
    ballots: &BallotBox,
    seats: u32,
    direct: &simple::DirectOptions,
    runoff: Option<&[(Cand, u64)]>,
) -> Option<Result<Tabulation, RankedError>> {
    if !RULES.contains(&rule) && rule != "fptp" {
        return None;
    }
    if let Some(e) = single_winner_checks(rule, seats, runoff.is_some()) {
        return Some(Err(e));
    }
    let seed = direct.seed;
    Some(match rule {
        "plurality" | "fptp" => simple::plurality(ballots, seats, direct),
        "two-round" => simple::two_round(ballots, direct, runoff),
        "supplementary" => simple::supplementary(ballots, direct),
        "irv" => {
            let mut r = rctab::RctabRules::irv(ballots.num_candidates());
            r.seed = seed as i64;
            rctab::tabulate(ballots, &r)
        }
        "stv-scottish" => stv::scottish_stv(ballots, seats, seed),
        "meek" => meek::meek(ballots, seats, meek::MeekVariant::Exact, seed),
        "meek-nz" => meek::meek(ballots, seats, meek::MeekVariant::NewZealand, seed),
        "ers97" => ers97::ers97(ballots, seats, seed),
        "stv-sampled" => sampled::stv_sampled(ballots, seats, seed, sampled::WholeQuota::Droop),
        _ => return None,
    })
}
