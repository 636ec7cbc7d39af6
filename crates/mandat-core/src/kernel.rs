//! Seats only, fast: the count of [`crate::count`] without its record, for callers that
//! count the same law millions of times (projections).
//!
//! The kernel covers the list tier (per constituency or national) with share and quota
//! thresholds, exemptions and the runner-up rule, and the compensation tier's totals
//! (leveling, MMP, not-seated overhang); a law with list alliances, a biproportional
//! apportionment, single-member districts, returned constituency seats or a list tier
//! continued from single-member seats, or results with list capacities, is not compiled
//! ([`Kernel::new`] returns `None`) and callers use [`crate::count::count_with`]. It is built from the
//! same parts as the count — [`Method::allocate`], [`crate::exact::Percent::reached_by`],
//! the same [`TieBreaker`] decisions in the same order — and a differential test checks
//! that both give the same seats on random laws and elections.

use crate::compensation::{distribute_seats, LowerTier, Rounds};
use crate::count::{count_with, CountError};
use crate::election::Election;
use crate::exact::{cmp_products, Fraction};
use crate::law::{Base, Condition, IfOnlyOnePasses, Law, Level, Threshold};
use crate::method::Method;
use crate::tie::TieBreaker;

/// A law compiled against the shape of an election (its constituencies and parties).
#[derive(Clone, Debug)]
pub struct Kernel<'a> {
    law: &'a Law,
    /// The list tier's method, when the law has a list tier.
    method: Option<Method>,
    national: bool,
    /// List-tier seats per contest (one contest when national).
    seats: Vec<u32>,
    exempt: Vec<bool>,
    /// Exemptions from the compensation tier's threshold.
    comp_exempt: Vec<bool>,
    parties: usize,
}

/// Reusable buffers, one per thread.
#[derive(Clone, Debug, Default)]
pub struct Scratch {
    votes: Vec<u64>,
    who: Vec<usize>,
    passed: Vec<bool>,
    national: Vec<u64>,
    pooled: Vec<(usize, u64)>,
    all: Vec<(usize, u64)>,
    lower: Vec<u32>,
    /// Seats of the last contest.
    got: Vec<u32>,
    /// The tie breaker, reset for each count.
    ties: Option<TieBreaker>,
    /// The compensation tier's rounds.
    rounds: Rounds,
}

impl<'a> Kernel<'a> {
    /// Compiles `law` for elections shaped like `election`; `None` if the law uses a
    /// mechanism the kernel does not cover.
    pub fn new(law: &'a Law, election: &Election) -> Result<Option<Kernel<'a>>, CountError> {
        // Returned seats (Sweden) can leave a party over its share when it holds them only
        // in small constituencies: rare, but the totals then need the full count. A house
        // that levels up (Germany 2013-2020) needs the regions' seats of the full count.
        let returns = law.compensation.as_ref().is_some_and(|c| matches!(c.overhang, crate::compensation::Overhang::Return | crate::compensation::Overhang::LevelUp));
        // Pooled remainders, rounded quotas, leftover seats by votes and bonus seats are rare and need the full count too.
        // So do capped remainder seats (South Africa) and averages multiplied for exempt
        // lists (Serbia).
        let quota_rules = law.bonus.is_some()
            || law.threshold.as_ref().is_some_and(|t| t.exempt_factor.is_some())
            || law.allocation.as_ref().is_some_and(|a| a.pooled_remainders.is_some() || a.quota_base != crate::law::QuotaBase::ListsTakingPart || a.quota_rounding != crate::method::QuotaRounding::Exact || a.leftover != crate::method::Leftover::LargestRemainders || a.max_remainder_seats.is_some());
        // List capacities (lists with too few candidates) are rare and need the full count too.
        let capacities = election.constituencies.iter().any(|c| !c.capacity.is_empty());
        // A list tier that continues from single-member seats (additional member system)
        // is counted in full too.
        let continued = law.allocation.as_ref().is_some_and(|a| a.continue_from.is_some());
        if law.allocation.as_ref().is_some_and(|a| a.pool_alliances) || law.biproportional.is_some() || law.single_member.is_some() || law.preferential.is_some() || returns || quota_rules || capacities || continued {
            return Ok(None);
        }
        // National figures given with a partial count are rare too.
        if election.national_totals.is_some() {
            return Ok(None);
        }
        // A bar measured in registered voters (Argentina) is rare: the full count has it.
        let registered = |t: &Threshold| {
            t.any_of.iter().any(|c| matches!(c, Condition::Share { base: Base::Registered, .. }))
                || t.admit_until.as_ref().is_some_and(|a| matches!(a.base, Base::Registered))
        };
        if law.threshold.as_ref().is_some_and(registered) || law.compensation.as_ref().and_then(|c| c.threshold.as_ref()).is_some_and(registered) {
            return Ok(None);
        }
        if law.threshold.as_ref().is_some_and(|t| t.any_of.iter().any(|c| matches!(c, Condition::SeatsWon { .. }))) {
            return Ok(None);
        }
        // The seats come from the full count, once, so that every rule about where
        // seats come from stays in one place.
        let probe = count_with(law, election, 0, false)?;
        let seats = probe.contests.iter().map(|c| c.seats).collect();
        let exempt_of = |t: Option<&Threshold>| {
            election.parties.iter().enumerate().map(|(i, p)| t.is_some_and(|t| t.exempt.contains(p) || (t.exempt_declared && election.exempt.contains(&i)))).collect()
        };
        Ok(Some(Kernel {
            law,
            method: law.allocation.as_ref().map(|a| a.method),
            national: law.allocation.as_ref().is_some_and(|a| a.level == Level::National),
            seats,
            exempt: exempt_of(law.threshold.as_ref()),
            comp_exempt: exempt_of(law.compensation.as_ref().and_then(|c| c.threshold.as_ref())),
            parties: election.parties.len(),
        }))
    }

    /// Seats per party (`totals`) and whether each took part somewhere (`took_part`),
    /// for an election of the compiled shape.
    pub fn seats(&self, e: &Election, seed: u64, s: &mut Scratch, totals: &mut [u32], took_part: &mut [bool]) {
        self.seats_and_threshold(e, seed, s, totals, took_part, None);
    }

    /// [`Kernel::seats`], and in `passed` whether each party passed the law's threshold
    /// as [`crate::analysis::projection::passed_threshold`] measures it: the compensation
    /// tier's when it has one, else the list tier's in at least one contest (all `false`
    /// when the law has no threshold).
    pub fn seats_and_threshold(&self, e: &Election, seed: u64, s: &mut Scratch, totals: &mut [u32], took_part: &mut [bool], mut passed: Option<&mut [bool]>) {
        totals.iter_mut().for_each(|t| *t = 0);
        took_part.iter_mut().for_each(|t| *t = false);
        if let Some(b) = passed.as_deref_mut() {
            b.iter_mut().for_each(|t| *t = false);
        }
        let mut ties = match s.ties.take() {
            Some(mut t) => {
                t.reset(&self.law.ties.chain, seed);
                t
            }
            None => TieBreaker::new(self.law.ties.chain.clone(), seed),
        };
        s.national.clear();
        s.national.resize(self.parties, 0);
        for c in &e.constituencies {
            for &(p, v) in &c.votes {
                s.national[p] += v;
            }
        }
        let needs_pool = self.national || self.law.threshold.as_ref().is_some_and(|t| t.any_of.iter().any(|c| c.level() == Level::National));
        // National bases, as the count's pooled constituency has them.
        let (nat_valid, nat_other) = if needs_pool {
            let valid: u64 = e.constituencies.iter().map(|c| c.valid_votes()).sum();
            let other: u64 = e.constituencies.iter().map(|c| c.other_votes_total()).sum();
            (valid, other)
        } else {
            (0, 0)
        };
        let nat_ballots: Option<u64> = e.constituencies.iter().map(|c| c.ballots_cast).sum();
        if self.method.is_none() {
            // No list tier.
        } else if self.national {
            s.pooled.clear();
            // The parties standing somewhere, in party order (a reused buffer).
            let mut standing = std::mem::take(&mut s.passed);
            standing.clear();
            standing.resize(self.parties, false);
            for c in &e.constituencies {
                for &(p, _) in &c.votes {
                    standing[p] = true;
                }
            }
            for p in 0..self.parties {
                if standing[p] {
                    s.pooled.push((p, s.national[p]));
                }
            }
            s.passed = standing;
            let pooled = std::mem::take(&mut s.pooled);
            let (valid, other, ballots) = if let [only] = &e.constituencies[..] {
                (only.valid_votes(), only.other_votes_total(), only.ballots_cast)
            } else {
                (nat_valid, nat_other, nat_ballots)
            };
            self.contest(&pooled, valid, other, ballots, self.seats[0], (nat_valid, nat_other, nat_ballots), &e.members, s, &mut ties, totals, took_part, passed.as_deref_mut());
            s.pooled = pooled;
        } else {
            for (k, c) in e.constituencies.iter().enumerate() {
                self.contest(&c.votes, c.valid_votes(), c.other_votes_total(), c.ballots_cast, self.seats[k], (nat_valid, nat_other, nat_ballots), &e.members, s, &mut ties, totals, took_part, passed.as_deref_mut());
            }
        }
        if let Some(comp) = &self.law.compensation {
            s.lower.clear();
            match comp.lower_tier {
                LowerTier::Constituencies => s.lower.extend_from_slice(totals),
                LowerTier::Electorates => {
                    s.lower.resize(self.parties, 0);
                    for c in &e.constituencies {
                        for &(p, w) in &c.electorate_seats {
                            s.lower[p] += w;
                        }
                    }
                }
            }
            s.all.clear();
            s.all.extend(s.national.iter().copied().enumerate());
            let mut qualifying = std::mem::take(&mut s.passed);
            let all = std::mem::take(&mut s.all);
            // Bases of the pooled nation (a single constituency is its own nation).
            let nat = if let [only] = &e.constituencies[..] { (only.valid_votes(), only.other_votes_total(), only.ballots_cast) } else { (nat_valid_all(e), nat_other_all(e), nat_ballots) };
            match &comp.threshold {
                Some(t) => qualify(t, &all, nat, nat, &s.national, comp.total_seats, Some(&s.lower), &self.comp_exempt, &e.members, &mut qualifying),
                None => {
                    qualifying.clear();
                    qualifying.extend(s.national.iter().map(|&v| v > 0));
                }
            }
            distribute_seats(comp, &s.national, &s.lower, &qualifying, &mut ties, &mut s.rounds, totals);
            if comp.threshold.is_some() {
                for (p, &q) in qualifying.iter().enumerate() {
                    took_part[p] |= q;
                }
                if let Some(b) = passed {
                    b.copy_from_slice(&qualifying);
                }
            }
            for (p, &t) in totals.iter().enumerate() {
                took_part[p] |= t > 0;
            }
            s.passed = qualifying;
            s.all = all;
        }
        s.ties = Some(ties);
    }

    #[allow(clippy::too_many_arguments)]
    fn contest(
        &self,
        votes: &[(usize, u64)],
        valid: u64,
        other: u64,
        ballots: Option<u64>,
        seats: u32,
        nat: (u64, u64, Option<u64>),
        members: &[u32],
        s: &mut Scratch,
        ties: &mut TieBreaker,
        totals: &mut [u32],
        took_part: &mut [bool],
        mut passed: Option<&mut [bool]>,
    ) {
        s.votes.clear();
        s.who.clear();
        match &self.law.threshold {
            // Every list takes part; taking part is then decided by seats (below).
            None => {
                s.votes.extend(votes.iter().map(|&(_, v)| v));
                s.who.extend(votes.iter().map(|&(p, _)| p));
            }
            Some(t) => {
                qualify(t, votes, (valid, other, ballots), nat, &s.national, seats, None, &self.exempt, members, &mut s.passed);
                for (k, &(p, v)) in votes.iter().enumerate() {
                    if s.passed[k] {
                        took_part[p] = true;
                        if let Some(b) = passed.as_deref_mut() {
                            b[p] = true;
                        }
                        s.votes.push(v);
                        s.who.push(p);
                    }
                }
            }
        }
        let mark = ties.mark();
        self.method.expect("a list tier").allocate_into(&s.votes, seats, ties, &mut s.got);
        let got = &s.got;
        // Seats only: the record of the tie is not needed, and later tiers must not see it.
        ties.forget_ties_since(mark);
        let final_tier = self.law.compensation.is_none();
        for (k, &p) in s.who.iter().enumerate() {
            totals[p] += got[k];
            // Without a threshold, taking part means winning a seat (in the final tier).
            took_part[p] |= final_tier && got[k] > 0;
        }
    }
}

fn nat_valid_all(e: &Election) -> u64 {
    e.constituencies.iter().map(|c| c.valid_votes()).sum()
}

fn nat_other_all(e: &Election) -> u64 {
    e.constituencies.iter().map(|c| c.other_votes_total()).sum()
}

/// The votes a share is taken of, from a scope's (valid, other, ballots cast), as the
/// count's `base_of` does.
fn base_count(base: Base, (valid, other, ballots): (u64, u64, Option<u64>)) -> u64 {
    match base {
        Base::ValidVotes => valid,
        Base::ValidVotesAndOther => valid + other,
        Base::BallotsCast => ballots.unwrap_or(0),
        // Not compiled: Kernel::new leaves such laws to the full count.
        Base::Registered => unreachable!("a registered-voters bar is counted in full"),
    }
}

/// Which of `votes` (party, votes in scope) meet the threshold, as the count's
/// `evaluate` decides it. `local` and `nat` are (valid, other, ballots cast) of the scope
/// and of the nation; `seats` is the scope's seats (for quotas); `won` the lower-tier
/// seats per party (for `seats_won`).
#[allow(clippy::too_many_arguments)]
fn qualify(
    t: &Threshold,
    votes: &[(usize, u64)],
    local: (u64, u64, Option<u64>),
    nat: (u64, u64, Option<u64>),
    national: &[u64],
    seats: u32,
    won: Option<&[u32]>,
    exempt: &[bool],
    members: &[u32],
    out: &mut Vec<bool>,
) {
    out.clear();
    if let ([Condition::Share { share, base, level: Level::Constituency }], [lists]) = (&t.any_of[..], &t.for_lists[..]) {
        // The usual threshold, one share of the constituency's votes: one bar for all
        // lists, compared in a tight loop (the same test as the general loop below).
        let b = base_count(*base, local);
        // The bar in votes, once per scope ([`Percent::min_part`]): then one integer
        // comparison per list.
        match share.min_part(b) {
            Some(bar) => out.extend(votes.iter().map(|&(p, v)| exempt[p] || (lists.contains(members.get(p).copied().unwrap_or(1)) && v as u128 >= bar))),
            None => out.extend(votes.iter().map(|&(p, v)| exempt[p] || (lists.contains(members.get(p).copied().unwrap_or(1)) && share.reached_by(v, b)))),
        }
    } else {
        qualify_each(t, votes, local, nat, national, seats, won, exempt, members, out);
    }
    if t.if_only_one_passes == IfOnlyOnePasses::AdmitRunnerUp && out.iter().filter(|&&x| x).count() == 1 {
        admit_runner_up(t, votes, national, out);
    }
    if let Some(a) = &t.admit_until {
        admit_until(a, votes, local, nat, national, out);
    }
}

/// [`qualify`]'s general case: each list against each condition that applies to it.
#[allow(clippy::too_many_arguments)]
fn qualify_each(
    t: &Threshold,
    votes: &[(usize, u64)],
    local: (u64, u64, Option<u64>),
    nat: (u64, u64, Option<u64>),
    national: &[u64],
    seats: u32,
    won: Option<&[u32]>,
    exempt: &[bool],
    members: &[u32],
    out: &mut Vec<bool>,
) {
    for &(p, v) in votes {
        let mut ok = exempt[p];
        for (cond, lists) in t.any_of.iter().zip(&t.for_lists) {
            if ok {
                break;
            }
            if !lists.contains(members.get(p).copied().unwrap_or(1)) {
                continue;
            }
            ok = match cond {
                Condition::Share { share, base, level } => {
                    let (measured, scope) = match level {
                        Level::Constituency => (v, local),
                        Level::National => (national[p], nat),
                    };
                    let b = base_count(*base, scope);
                    share.reached_by(measured, b)
                }
                Condition::Quotas { quotas, level } => {
                    let (measured, b) = match level {
                        Level::Constituency => (v, local.0),
                        Level::National => (national[p], nat.0),
                    };
                    let q = quotas.as_fraction();
                    // measured >= q * b / seats
                    Fraction::integer(measured as u128) >= Fraction::new(q.num * b as u128, q.den * seats.max(1) as u128)
                }
                Condition::SeatsWon { seats } => won.is_some_and(|w| w[p] >= *seats),
            };
        }
        out.push(ok);
    }
}

/// The runner-up rule: when only one list passes, the list with the most votes after it
/// takes part too.
fn admit_runner_up(t: &Threshold, votes: &[(usize, u64)], national: &[u64], out: &mut [bool]) {
    let measured = |k: usize| match t.any_of[0].level() {
        Level::Constituency => votes[k].1,
        Level::National => national[votes[k].0],
    };
    let mut best: Option<usize> = None;
    for k in 0..votes.len() {
        if out[k] || measured(k) == 0 {
            continue;
        }
        // The most votes; on equal votes the earlier list.
        if best.is_none_or(|b| cmp_products(measured(k) as u128, 1, measured(b) as u128, 1).is_gt()) {
            best = Some(k);
        }
    }
    if let Some(b) = best {
        out[b] = true;
    }
}

/// Lists admitted until those taking part have `a.share` of the votes together
/// (Lithuania's 60%), as the count's `evaluate` does.
fn admit_until(a: &crate::law::AdmitUntil, votes: &[(usize, u64)], local: (u64, u64, Option<u64>), nat: (u64, u64, Option<u64>), national: &[u64], out: &mut [bool]) {
    let (scope, measured): ((u64, u64, Option<u64>), Vec<u64>) = match a.level {
        Level::Constituency => (local, votes.iter().map(|&(_, v)| v).collect()),
        Level::National => (nat, votes.iter().map(|&(p, _)| national[p]).collect()),
    };
    let b = base_count(a.base, scope);
    // As `count::evaluate`: the next list by votes, with every list of equal votes.
    loop {
        let together: u64 = (0..votes.len()).filter(|&k| out[k]).map(|k| measured[k]).sum();
        if a.share.reached_by(together, b) {
            break;
        }
        let Some(best) = (0..votes.len()).filter(|&k| !out[k] && measured[k] > 0).map(|k| measured[k]).max() else { break };
        for k in 0..votes.len() {
            if !out[k] && measured[k] == best {
                out[k] = true;
            }
        }
    }
}
