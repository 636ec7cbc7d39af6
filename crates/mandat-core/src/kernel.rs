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
///
/// The shape is what stays the same from one simulated election to the next: who stands
/// in which constituency, the seats, the other votes (blank, ...), the ballots cast, the
/// electorate seats and the lists' members. A simulation then gives only its list votes,
/// flat ([`Kernel::seats_flat`]): nothing is rebuilt per simulation.
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
    /// The flat layout of [`Kernel::seats_flat`]: per list, constituency after
    /// constituency (each in the order of its `votes`), the list's party.
    party: Vec<usize>,
    /// Per constituency: where its lists start in `party`; then the end of `party`.
    start: Vec<usize>,
    /// Per constituency: its other votes and ballots cast (fixed).
    fixed: Vec<(u64, Option<u64>)>,
    /// The nation's other votes and ballots cast.
    nat_fixed: (u64, Option<u64>),
    /// The parties standing somewhere, in party order: the lists of a national contest.
    standing: Vec<usize>,
    /// Every party in order: the lists of the compensation tier.
    everyone: Vec<usize>,
    /// Per party: seats won in single-member electorates (a lower tier of electorates).
    electorate: Vec<u32>,
    /// Per party: members of the list (a joint list's bar), as in [`Election::members`].
    members: Vec<u32>,
    /// The list tier's threshold when it is the usual one, compiled (see [`Bar`]).
    bar: Option<Bar>,
}

/// The usual list-tier threshold, one share of the constituency's votes (Belgium's 5%
/// per constituency, Electoral Code art. 165bis), with neither the runner-up rule nor
/// lists admitted until a share: what [`qualify`] decides with its general loop,
/// compiled once per law so that a contest tests each list by one comparison.
#[derive(Clone, Debug)]
struct Bar {
    /// The share, as a fraction (converted once).
    share: Fraction,
    base: Base,
    /// Per list of the flat layout ([`Kernel::layout`]): 0 when the list is exempt (it
    /// passes whatever its votes), 1 when the bar applies to its kind of list, 2 when no
    /// condition applies to it (it never passes): the index of its bar in
    /// [`Bar::limits`]. A contest reads its lists' gates as one slice.
    lists: Vec<u8>,
}

impl Bar {
    fn new(t: &Threshold, exempt: &[bool], members: &[u32], party: &[usize]) -> Option<Bar> {
        let ([Condition::Share { share, base, level: Level::Constituency }], [lists]) = (&t.any_of[..], &t.for_lists[..]) else { return None };
        if t.if_only_one_passes == IfOnlyOnePasses::AdmitRunnerUp || t.admit_until.is_some() {
            return None;
        }
        let gate = |p: usize| if exempt[p] { 0 } else if lists.contains(members.get(p).copied().unwrap_or(1)) { 1 } else { 2 };
        Some(Bar { share: share.as_fraction(), base: *base, lists: party.iter().map(|&p| gate(p)).collect() })
    }

    /// The votes a list of each gate needs in a scope of (valid, other, ballots cast)
    /// `local`: 0, the share's bar ([`Percent::min_part`]), and more than any count.
    /// `None` when the bar passes a u128 (then [`qualify`] decides). Four entries, so
    /// that a gate masked to two bits indexes them without a bounds check.
    fn limits(&self, local: (u64, u64, Option<u64>)) -> Option<[u128; 4]> {
        self.share.min_part(base_count(self.base, local)).map(|bar| [0, bar, u128::MAX, u128::MAX])
    }
}

/// Reusable buffers, one per thread.
#[derive(Clone, Debug, Default)]
pub struct Scratch {
    /// The lists of a contest taking part, when some list is below the threshold.
    votes: Vec<u64>,
    who: Vec<usize>,
    passed: Vec<bool>,
    national: Vec<u64>,
    /// National votes of the standing parties (a national contest).
    pooled: Vec<u64>,
    lower: Vec<u32>,
    /// Seats of the last contest.
    got: Vec<u32>,
    /// The tie breaker, reset for each count; boxed, as it holds a lot generator's
    /// buffer, which a move out and back per count would copy.
    ties: Option<Box<TieBreaker>>,
    /// The compensation tier's rounds.
    rounds: Rounds,
    /// An [`Election`]'s votes and valid votes in the flat layout
    /// ([`Kernel::seats_and_threshold`]).
    flat: Vec<u64>,
    valid: Vec<u64>,
    /// Per contest, the correction of the highest-averages guess learnt from the
    /// previous counts on this thread ([`crate::method::highest_averages_hinted_into`]).
    hints: Vec<f64>,
}

impl<'a> Kernel<'a> {
    /// Compiles `law` for elections shaped like `election`; `None` if the law uses a
    /// mechanism the kernel does not cover.
    pub fn new(law: &'a Law, election: &Election) -> Result<Option<Kernel<'a>>, CountError> {
        // Every section of the law, by name: a section added to `Law` does not compile
        // here until it is either covered or left to the full count (a law compiled
        // without its section would be counted wrong, silently).
        let Law {
            id: _,
            name: _,
            citation: _,
            country: _,
            effective: _,
            notes: _,
            // Seats and constituencies come from the full count's probe below.
            seats: _,
            constituencies: _,
            results_seats: _,
            apportionment: _,
            allocation,
            threshold,
            compensation,
            ties: _,
            // Who is elected, not how many: no seat totals depend on them.
            candidates: _,
            list_rules: _,
            quotas: _,
            // Not a list tier and a compensation tier: left to the full count.
            biproportional,
            single_member,
            bonus,
            preferential,
            ranked,
            additional_seats,
        } = law;
        if biproportional.is_some() || single_member.is_some() || bonus.is_some() || preferential.is_some() || ranked.is_some() || additional_seats.is_some() {
            return Ok(None);
        }
        // Returned seats (Sweden) can leave a party over its share when it holds them only
        // in small constituencies: rare, but the totals then need the full count. A house
        // that levels up (Germany 2013-2020) needs the regions' seats of the full count.
        let returns = compensation.as_ref().is_some_and(|c| matches!(c.overhang, crate::compensation::Overhang::Return | crate::compensation::Overhang::LevelUp));
        // Pooled remainders, rounded quotas and leftover seats by votes are rare and need
        // the full count too. So do capped remainder seats (South Africa) and averages
        // multiplied for exempt lists (Serbia).
        let quota_rules = threshold.as_ref().is_some_and(|t| t.exempt_factor.is_some())
            || allocation.as_ref().is_some_and(|a| a.pooled_remainders.is_some() || a.quota_base != crate::law::QuotaBase::ListsTakingPart || a.quota_rounding != crate::method::QuotaRounding::Exact || a.leftover != crate::method::Leftover::LargestRemainders || a.max_remainder_seats.is_some());
        // List capacities (lists with too few candidates) are rare and need the full count too.
        let capacities = election.constituencies.iter().any(|c| !c.capacity.is_empty());
        // A list tier that continues from single-member seats (additional member system)
        // is counted in full too.
        let continued = allocation.as_ref().is_some_and(|a| a.continue_from.is_some());
        if allocation.as_ref().is_some_and(|a| a.pool_alliances) || returns || quota_rules || capacities || continued {
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
        // Seats won, and shares counted over every constituency (Romania's 20% in four),
        // are rare: the full count has them.
        if law.threshold.as_ref().is_some_and(|t| t.any_of.iter().any(|c| matches!(c, Condition::SeatsWon { .. } | Condition::ShareIn { .. }))) {
            return Ok(None);
        }
        // The seats come from the full count, once, so that every rule about where
        // seats come from stays in one place.
        let probe = count_with(law, election, 0, false)?;
        let seats = probe.contests.iter().map(|c| c.seats).collect();
        let n = election.parties.len();
        let exempt_of = |t: Option<&Threshold>| -> Vec<bool> {
            election.parties.iter().enumerate().map(|(i, p)| t.is_some_and(|t| t.exempt.contains(p) || (t.exempt_declared && election.exempt.contains(&i)))).collect()
        };
        let (mut party, mut start) = (Vec::new(), vec![0]);
        for c in &election.constituencies {
            party.extend(c.votes.iter().map(|&(p, _)| p));
            start.push(party.len());
        }
        let fixed: Vec<(u64, Option<u64>)> = election.constituencies.iter().map(|c| (c.other_votes_total(), c.ballots_cast)).collect();
        // The pooled nation's bases, as the count's pooled constituency has them.
        let nat_fixed = (fixed.iter().map(|f| f.0).sum(), fixed.iter().map(|f| f.1).sum());
        let mut stands = vec![false; n];
        party.iter().for_each(|&p| stands[p] = true);
        let mut electorate = vec![0u32; n];
        for c in &election.constituencies {
            for &(p, w) in &c.electorate_seats {
                electorate[p] += w;
            }
        }
        // Per constituency only: a national allocation with a constituency bar (which the
        // law reader refuses) is left to `qualify`.
        let national = law.allocation.as_ref().is_some_and(|a| a.level == Level::National);
        let bar = law.threshold.as_ref().filter(|_| !national).and_then(|t| Bar::new(t, &exempt_of(Some(t)), &election.members, &party));
        Ok(Some(Kernel {
            law,
            method: law.allocation.as_ref().map(|a| a.method),
            national,
            seats,
            exempt: exempt_of(law.threshold.as_ref()),
            comp_exempt: exempt_of(law.compensation.as_ref().and_then(|c| c.threshold.as_ref())),
            parties: n,
            party,
            start,
            fixed,
            nat_fixed,
            standing: (0..n).filter(|&p| stands[p]).collect(),
            everyone: (0..n).collect(),
            electorate,
            bar,
            members: election.members.clone(),
        }))
    }

    /// The flat layout of [`Kernel::seats_flat`]: per list, constituency after
    /// constituency, its party; and per constituency where its lists start (then the end).
    pub fn layout(&self) -> (&[usize], &[usize]) {
        (&self.party, &self.start)
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
    ///
    /// `e` must have the compiled election's shape: the same lists in each constituency
    /// (in the same order), other votes, ballots cast, electorate seats and members; only
    /// the list votes and the valid votes may differ. Anything else is a caller's error
    /// and panics.
    pub fn seats_and_threshold(&self, e: &Election, seed: u64, s: &mut Scratch, totals: &mut [u32], took_part: &mut [bool], passed: Option<&mut [bool]>) {
        assert!(self.fits(e), "Kernel::seats_and_threshold: an election of another shape than the compiled one");
        let (mut votes, mut valid) = (std::mem::take(&mut s.flat), std::mem::take(&mut s.valid));
        votes.clear();
        valid.clear();
        for c in &e.constituencies {
            votes.extend(c.votes.iter().map(|&(_, v)| v));
            valid.push(c.valid_votes());
        }
        self.seats_flat(&votes, &valid, seed, s, totals, took_part, passed);
        (s.flat, s.valid) = (votes, valid);
    }

    /// Whether `e` has the compiled election's shape (see [`Kernel::seats_and_threshold`]).
    fn fits(&self, e: &Election) -> bool {
        let mut electorate = vec![0u32; self.parties];
        for c in &e.constituencies {
            for &(p, w) in &c.electorate_seats {
                electorate[p] += w;
            }
        }
        e.parties.len() == self.parties
            && e.constituencies.len() + 1 == self.start.len()
            && e.members == self.members
            && electorate == self.electorate
            && e.constituencies.iter().enumerate().all(|(k, c)| {
                c.votes.iter().map(|&(p, _)| p).eq(self.party[self.start[k]..self.start[k + 1]].iter().copied()) && (c.other_votes_total(), c.ballots_cast) == self.fixed[k]
            })
    }

    /// [`Kernel::seats_and_threshold`] for an election given flat, as a projection makes
    /// it: `votes` holds each list's votes in the layout of [`Kernel::layout`]
    /// (constituency after constituency, each in the order of the compiled election's
    /// `votes`), and `valid` each constituency's valid votes (its lists' votes and those of
    /// lists outside `votes`, as [`crate::election::ConstituencyVotes::valid_votes`]).
    /// Everything else is the compiled election's. Each figure is summed once.
    #[allow(clippy::too_many_arguments)]
    pub fn seats_flat(&self, votes: &[u64], valid: &[u64], seed: u64, s: &mut Scratch, totals: &mut [u32], took_part: &mut [bool], mut passed: Option<&mut [bool]>) {
        assert!(votes.len() == self.party.len() && valid.len() + 1 == self.start.len(), "Kernel::seats_flat: votes of another shape than the compiled one");
        totals.fill(0);
        took_part.fill(false);
        let mut ties = match s.ties.take() {
            Some(mut t) => {
                t.reset(&self.law.ties.chain, seed);
                t
            }
            None => Box::new(TieBreaker::new(self.law.ties.chain.clone(), seed)),
        };
        // The parties' national votes, read by a national contest, the compensation tier
        // and a threshold left to `qualify` (national conditions); a compiled constituency
        // bar alone (Belgium) never reads them.
        if self.national || self.law.compensation.is_some() || (self.law.threshold.is_some() && self.bar.is_none()) {
            s.national.clear();
            s.national.resize(self.parties, 0);
            for (&p, &v) in self.party.iter().zip(votes) {
                s.national[p] += v;
            }
        }
        // National bases, as the count's pooled constituency has them (a single
        // constituency is its own nation).
        let nat = (valid.iter().sum::<u64>(), self.nat_fixed.0, self.nat_fixed.1);
        if s.hints.len() != self.seats.len() {
            s.hints.clear();
            s.hints.resize(self.seats.len(), 1.0);
        }
        if self.method.is_none() {
            // No list tier.
        } else if self.national {
            let mut pooled = std::mem::take(&mut s.pooled);
            pooled.clear();
            pooled.extend(self.standing.iter().map(|&p| s.national[p]));
            self.contest(0, &pooled, &self.standing, nat, self.seats[0], nat, s, &mut ties, totals, took_part);
            s.pooled = pooled;
        } else {
            for (k, w) in self.start.windows(2).enumerate() {
                let (other, ballots) = self.fixed[k];
                self.contest(k, &votes[w[0]..w[1]], &self.party[w[0]..w[1]], (valid[k], other, ballots), self.seats[k], nat, s, &mut ties, totals, took_part);
            }
        }
        // With a list-tier threshold, the lists that took part so far are exactly those
        // that passed it (the contests mark nothing else): one copy here instead of a
        // second mark per list in each contest.
        if let Some(b) = passed.as_deref_mut() {
            match self.law.threshold {
                Some(_) => b.copy_from_slice(took_part),
                None => b.fill(false),
            }
        }
        if let Some(comp) = &self.law.compensation {
            s.lower.clear();
            match comp.lower_tier {
                LowerTier::Constituencies => s.lower.extend_from_slice(totals),
                LowerTier::Electorates => s.lower.extend_from_slice(&self.electorate),
            }
            let mut qualifying = std::mem::take(&mut s.passed);
            match &comp.threshold {
                Some(t) => qualify(t, &self.everyone, &s.national, nat, nat, &s.national, comp.total_seats, Some(&s.lower), &self.comp_exempt, &self.members, &mut qualifying),
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
        }
        s.ties = Some(ties);
    }

    /// One contest (the `k`-th): `votes` of the lists `who` (parties), with the scope's
    /// (valid, other, ballots cast) in `local`.
    #[allow(clippy::too_many_arguments)]
    fn contest(
        &self,
        k: usize,
        votes: &[u64],
        who: &[usize],
        local: (u64, u64, Option<u64>),
        seats: u32,
        nat: (u64, u64, Option<u64>),
        s: &mut Scratch,
        ties: &mut TieBreaker,
        totals: &mut [u32],
        took_part: &mut [bool],
    ) {
        let limits = self.bar.as_ref().and_then(|b| b.limits(local));
        // How many lists take part, when not all: they are then the first in `s.votes`, `s.who`.
        let taking: Option<usize> = match (&self.law.threshold, &self.bar, limits) {
            // Every list takes part; taking part is then decided by seats (below).
            (None, _, _) => None,
            // The usual bar: the lists taking part are copied as they are tested (a
            // write to the next free slot, kept only when the list passes).
            (Some(_), Some(bar), Some(limits)) => {
                let gates = &bar.lists[self.start[k]..self.start[k + 1]];
                // Buffers as long as the largest contest, never shortened.
                if s.votes.len() < who.len() {
                    s.votes.resize(who.len(), 0);
                    s.who.resize(who.len(), 0);
                }
                // The buffers as slices held in registers: written through `s`, they are
                // reloaded after every store (it might have moved them).
                let (to_votes, to_who) = (&mut s.votes[..], &mut s.who[..]);
                let mut next = 0;
                for ((&p, &v), &g) in who.iter().zip(votes).zip(gates) {
                    let ok = v as u128 >= limits[usize::from(g & 3)];
                    to_votes[next] = v;
                    to_who[next] = p;
                    next += usize::from(ok);
                }
                Some(next)
            }
            (Some(t), _, _) => {
                qualify(t, who, votes, local, nat, &s.national, seats, None, &self.exempt, &self.members, &mut s.passed);
                // Copied only when some list is below the threshold.
                (!s.passed.iter().all(|&ok| ok)).then(|| {
                    s.votes.clear();
                    s.who.clear();
                    for ((&v, &p), _) in votes.iter().zip(who).zip(&s.passed).filter(|&(_, &ok)| ok) {
                        s.votes.push(v);
                        s.who.push(p);
                    }
                    s.votes.len()
                })
            }
        };
        let (votes, who) = match taking {
            None => (votes, who),
            Some(n) => (&s.votes[..n], &s.who[..n]),
        };
        let mark = ties.mark();
        let mut hint = s.hints[k];
        self.method.as_ref().expect("a list tier").allocate_hinted(votes, seats, ties, &mut s.got, &mut hint);
        s.hints[k] = hint;
        // Seats only: the record of the tie is not needed, and later tiers must not see it.
        ties.forget_ties_since(mark);
        // Taking part: with a threshold, every list here passed it; without one, winning
        // a seat in the final tier (a compensation tier decides it later: nothing to mark).
        let passed = self.law.threshold.is_some();
        if passed || self.law.compensation.is_none() {
            for (&p, &g) in who.iter().zip(&s.got) {
                totals[p] += g;
                took_part[p] |= passed | (g > 0);
            }
        } else {
            for (&p, &g) in who.iter().zip(&s.got) {
                totals[p] += g;
            }
        }
    }
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

/// Which of the lists `who` (parties) with `votes` (in scope) meet the threshold, as the count's
/// `evaluate` decides it. `local` and `nat` are (valid, other, ballots cast) of the scope
/// and of the nation; `seats` is the scope's seats (for quotas); `won` the lower-tier
/// seats per party (for `seats_won`).
#[allow(clippy::too_many_arguments)]
fn qualify(
    t: &Threshold,
    who: &[usize],
    votes: &[u64],
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
    qualify_each(t, who, votes, local, nat, national, seats, won, exempt, members, out);
    if t.if_only_one_passes == IfOnlyOnePasses::AdmitRunnerUp && out.iter().filter(|&&x| x).count() == 1 {
        admit_runner_up(t, who, votes, national, out);
    }
    if let Some(a) = &t.admit_until {
        admit_until(a, who, votes, local, nat, national, out);
    }
}

/// [`qualify`]'s first step: each list against each condition that applies to it (the
/// usual single bar is compiled into a [`Bar`] instead).
#[allow(clippy::too_many_arguments)]
fn qualify_each(
    t: &Threshold,
    who: &[usize],
    votes: &[u64],
    local: (u64, u64, Option<u64>),
    nat: (u64, u64, Option<u64>),
    national: &[u64],
    seats: u32,
    won: Option<&[u32]>,
    exempt: &[bool],
    members: &[u32],
    out: &mut Vec<bool>,
) {
    for (&p, &v) in who.iter().zip(votes) {
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
                // Never compiled: `Kernel::new` leaves such laws to the full count.
                Condition::ShareIn { .. } => false,
            };
        }
        out.push(ok);
    }
}

/// The runner-up rule: when only one list passes, the list with the most votes after it
/// takes part too.
fn admit_runner_up(t: &Threshold, who: &[usize], votes: &[u64], national: &[u64], out: &mut [bool]) {
    let measured = |k: usize| match t.any_of[0].level() {
        Level::Constituency => votes[k],
        Level::National => national[who[k]],
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
fn admit_until(a: &crate::law::AdmitUntil, who: &[usize], votes: &[u64], local: (u64, u64, Option<u64>), nat: (u64, u64, Option<u64>), national: &[u64], out: &mut [bool]) {
    let (scope, measured): ((u64, u64, Option<u64>), Vec<u64>) = match a.level {
        Level::Constituency => (local, votes.to_vec()),
        Level::National => (nat, who.iter().map(|&p| national[p]).collect()),
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
