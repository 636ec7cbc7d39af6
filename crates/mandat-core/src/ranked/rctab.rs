//! Instant-runoff and its multi-winner forms with RCTab's options.
//!
//! The procedure is the one RCTab (the Ranked Choice Voting Resource Center's certified
//! tabulator) follows, option for option, so that its published test suite can serve as
//! the oracle: each round every ballot counts for its highest-ranked continuing candidate;
//! ballots become inactive by overvote, skipped ranks, repeated candidates or exhausted
//! choices as the options say; a candidate reaching the threshold wins; otherwise the
//! weakest is eliminated (or a batch of them). Multi-winner modes transfer surpluses by
//! fractions rounded down to `decimals` places, as RCTab's BigDecimal arithmetic does.

use super::ballot::{BallotBox, Cand, OVERVOTE};
use super::fixed::Fixed;
use super::javarand::{java_hashmap_order, JavaRandom};
use super::record::{Action, ActionKind, Inactive, RankedError, RankedTie, Round, Tabulation, Target, TieFor};

/// What to do with a rank marked for several candidates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OvervoteRule {
    AlwaysSkipToNextRank,
    ExhaustImmediately,
    ExhaustIfMultipleContinuing,
}

/// How winners are chosen (RCTab `winnerElectionMode`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WinnerMode {
    SingleWinnerMajority,
    MultiWinnerAllowOnlyOneWinnerPerRound,
    MultiWinnerAllowMultipleWinnersPerRound,
    /// Eliminate until as many candidates remain as seats.
    BottomsUp,
    /// Eliminate until every remaining candidate has more than this share of the votes.
    BottomsUpUsingPercentageThreshold(Fixed),
    /// Sequential IRV: one single-winner count per seat, earlier winners excluded.
    MultiPassIrv,
}

/// How ties are broken (RCTab `tiebreakMode`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TiebreakMode {
    Random,
    PreviousRoundCountsThenRandom,
    /// Earliest in the candidate order wins, latest loses.
    UseCandidateOrder,
    /// A permutation drawn with the seed, then as `UseCandidateOrder`.
    GeneratePermutation,
    /// RCTab's "stop counting and ask": the operator decides. A count needing it stops
    /// with an error naming the tie (a count without ties runs as usual).
    StopCountingAndAsk,
}

/// The rule options of an RCTab configuration, with candidate indices.
#[derive(Clone, Debug)]
pub struct RctabRules {
    pub seats: u32,
    pub mode: WinnerMode,
    pub overvote: OvervoteRule,
    /// `None`: unlimited.
    pub max_skipped_ranks: Option<u32>,
    pub max_rankings: u32,
    pub exhaust_on_duplicate: bool,
    /// Bottoms-up with a percentage threshold: eliminate everyone below it at once.
    pub cutoff_elimination: bool,
    pub batch_elimination: bool,
    pub continue_until_two: bool,
    pub minimum_vote_threshold: Fixed,
    pub first_round_determines_threshold: bool,
    pub hare_quota: bool,
    pub non_integer_threshold: bool,
    pub decimals: u8,
    pub stop_after_round: Option<u32>,
    pub tiebreak: TiebreakMode,
    pub seed: i64,
    /// Candidate order for permutation tie-breaks (config order).
    pub permutation: Vec<Cand>,
    /// The "Undeclared Write-ins" pseudo-candidate, dropped first and never elected.
    pub undeclared_write_in: Option<Cand>,
}

impl RctabRules {
    /// Single-winner IRV with RCTab's defaults.
    pub fn irv(num_candidates: usize) -> Self {
        RctabRules {
            seats: 1,
            mode: WinnerMode::SingleWinnerMajority,
            overvote: OvervoteRule::ExhaustImmediately,
            max_skipped_ranks: None,
            max_rankings: u32::MAX,
            exhaust_on_duplicate: false,
            cutoff_elimination: false,
            batch_elimination: false,
            continue_until_two: false,
            minimum_vote_threshold: Fixed::zero(0),
            first_round_determines_threshold: false,
            hare_quota: false,
            non_integer_threshold: false,
            decimals: 4,
            stop_after_round: None,
            tiebreak: TiebreakMode::PreviousRoundCountsThenRandom,
            seed: 0,
            permutation: (0..num_candidates as Cand).collect(),
            undeclared_write_in: None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Status {
    Active,
    Undervote,
    Overvote,
    Skipped,
    Repeated,
    Exhausted,
    /// In the extra round after the last seat is filled, the surplus of the last winners
    /// is not transferred: RCTab reports it as "final round surplus".
    FinalSurplus,
}

#[derive(Clone, Debug)]
struct BallotState {
    recipient: Option<Cand>,
    inactive: Option<Status>,
    /// Value of one ballot of the group.
    value: Fixed,
    /// Value kept by each winner this ballot helped elect.
    kept: Vec<(Cand, Fixed)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CandStatus {
    Continuing,
    Winner,
    Eliminated,
    Excluded,
}

struct Counter<'a> {
    bb: &'a BallotBox,
    r: &'a RctabRules,
    scale: u8,
    status: Vec<CandStatus>,
    won_in: Vec<u32>,
    eliminated_in: Vec<u32>,
    states: Vec<BallotState>,
    rounds: Vec<Round>,
    /// Tallies per round (None: not in that round's tally).
    tallies: Vec<Vec<Option<Fixed>>>,
    /// transfers[round] from candidate → target → value.
    transfers: Vec<Vec<(Cand, Target, Fixed)>>,
    ties: Vec<RankedTie>,
    rng: JavaRandom,
    permutation: Vec<Cand>,
    num_winners: usize,
    num_eliminated: usize,
}

/// Counts one contest under RCTab's rules. For [`WinnerMode::MultiPassIrv`] use
/// [`tabulate_sequential`].
pub fn tabulate(bb: &BallotBox, r: &RctabRules) -> Result<Tabulation, RankedError> {
    let n = bb.num_candidates();
    if n == 0 {
        return Err(RankedError::NoCandidates);
    }
    if r.seats == 0 {
        return Err(RankedError::NoSeats);
    }
    // Nothing to count: every tally would be 0 and the lot would elect.
    if bb.ballots.iter().all(|b| b.weight == 0 || b.ranks.is_empty()) {
        return Err(RankedError::NoVotes);
    }
    let scale = r.decimals;
    // Values are units of 10^-scale vote; products of two values go through
    // `Fixed::mul_down`/`div_down`, which widen where i128 would not hold them.
    super::check_total(bb, "this RCTab count", scale as u32 + 1)?;
    let mut rng = JavaRandom::new(r.seed);
    let mut permutation = r.permutation.clone();
    if r.tiebreak == TiebreakMode::GeneratePermutation {
        // RCTab sorts the names, then shuffles them with the seeded generator.
        permutation.sort_by(|&a, &b| bb.candidates[a as usize].cmp(&bb.candidates[b as usize]));
        rng.shuffle(&mut permutation);
    }
    let status = (0..n).map(|c| if bb.withdrawn[c] { CandStatus::Excluded } else { CandStatus::Continuing }).collect();
    let states = bb
        .ballots
        .iter()
        .map(|_| BallotState { recipient: None, inactive: None, value: Fixed::one(scale), kept: Vec::new() })
        .collect();
    let mut c = Counter {
        bb,
        r,
        scale,
        status,
        won_in: vec![0; n],
        eliminated_in: vec![0; n],
        states,
        rounds: Vec::new(),
        tallies: vec![Vec::new()],
        transfers: vec![Vec::new()],
        ties: Vec::new(),
        rng,
        permutation,
        num_winners: 0,
        num_eliminated: 0,
    };
    c.run()?;
    Ok(c.finish())
}

/// Sequential IRV (RCTab `multiPassIrv`): one single-winner count per seat, each
/// excluding the winners of the counts before it. Returns one tabulation per pass.
pub fn tabulate_sequential(bb: &BallotBox, r: &RctabRules) -> Result<Vec<Tabulation>, RankedError> {
    let mut single = r.clone();
    single.seats = 1;
    single.mode = WinnerMode::SingleWinnerMajority;
    let mut bb = bb.clone();
    let mut out = Vec::new();
    for _ in 0..r.seats {
        if bb.withdrawn.iter().all(|&w| w) {
            break;
        }
        let t = tabulate(&bb, &single)?;
        for &w in &t.elected {
            bb.withdrawn[w as usize] = true;
        }
        out.push(t);
    }
    Ok(out)
}

impl Counter<'_> {
    fn continuing(&self, c: Cand) -> bool {
        if c == OVERVOTE {
            return false;
        }
        match self.status[c as usize] {
            CandStatus::Continuing => true,
            CandStatus::Winner => self.r.continue_until_two,
            _ => false,
        }
    }

    fn num_candidates(&self) -> usize {
        self.bb.num_candidates() - self.bb.withdrawn.iter().filter(|&&w| w).count()
    }

    fn multi(&self) -> bool {
        self.r.seats > 1
    }

    fn round(&self) -> u32 {
        self.rounds.len() as u32
    }

    fn should_continue(&self) -> bool {
        let round = self.round();
        let anyone_left = self.status.contains(&CandStatus::Continuing);
        // More seats than candidates: once nobody is left to elect, stop.
        let cannot_fill = round > 0 && !anyone_left && self.num_winners < self.r.seats as usize;
        if self.r.stop_after_round.is_some_and(|s| round >= s) || (cannot_fill && !self.r.continue_until_two) {
            false
        } else if self.r.continue_until_two {
            self.num_eliminated + self.num_winners + 1 < self.num_candidates()
                || (round > 0 && self.eliminated_in.contains(&round))
        } else if matches!(self.r.mode, WinnerMode::BottomsUpUsingPercentageThreshold(_)) {
            self.num_winners == 0
        } else {
            self.num_winners < self.r.seats as usize
                || (self.multi() && round > 0 && self.won_in.contains(&round) && self.r.mode != WinnerMode::BottomsUp)
        }
    }

    fn run(&mut self) -> Result<(), RankedError> {
        while self.should_continue() {
            let round = self.round() + 1;
            let (tally, inactive, active) = self.count_round(round);
            let residual = self.rounds.last().map_or(Fixed::zero(self.scale), |r| r.residual_surplus);
            // Single winner: recomputed each round until a winner is found (continue until
            // two remain keeps the last threshold), unless the first round fixes it.
            let recompute = if self.multi() {
                round == 1
            } else {
                (!self.r.first_round_determines_threshold || round == 1) && self.num_winners == 0
            };
            let threshold = if recompute {
                self.threshold(active)
            } else {
                self.rounds.last().and_then(|r| r.threshold).unwrap_or(Fixed::zero(self.scale))
            };
            self.tallies.push(tally.clone());
            self.rounds.push(Round {
                number: round,
                tally: Vec::new(),
                threshold: Some(threshold),
                inactive,
                actions: Vec::new(),
                residual_surplus: residual,
            });
            let winners = self.identify_winners(round, &tally, threshold)?;
            let mut actions = Vec::new();
            if !winners.is_empty() {
                for &w in &winners {
                    self.status[w as usize] = CandStatus::Winner;
                    self.won_in[w as usize] = round;
                    self.num_winners += 1;
                    let mut fraction = None;
                    if self.multi() && self.r.mode != WinnerMode::BottomsUp {
                        let votes = tally[w as usize].expect("winner is in the tally");
                        let extra = votes - threshold;
                        // RCTab: surplus fraction = extra / votes, rounded down.
                        let f = if extra.signum() == 1 { extra.div_down(votes) } else { Fixed::zero(self.scale) };
                        fraction = Some(f);
                        for s in self.states.iter_mut() {
                            if s.inactive.is_none() && s.recipient == Some(w) {
                                let moving = s.value.mul_down(f);
                                s.kept.push((w, s.value - moving));
                                s.value = moving;
                            }
                        }
                    }
                    actions.push(Action { kind: ActionKind::Elected, candidate: w, surplus_fraction: fraction, transfers: Vec::new(), reason: None });
                }
            } else if self.num_winners < self.r.seats as usize
                || (self.r.continue_until_two && self.num_eliminated + 2 < self.num_candidates())
                || matches!(self.r.mode, WinnerMode::BottomsUpUsingPercentageThreshold(_))
            {
                let (losers, reason) = self.eliminate(round, &tally)?;
                for &l in &losers {
                    self.status[l as usize] = CandStatus::Eliminated;
                    self.eliminated_in[l as usize] = round;
                    self.num_eliminated += 1;
                    actions.push(Action { kind: ActionKind::Eliminated, candidate: l, surplus_fraction: None, transfers: Vec::new(), reason: reason.clone() });
                }
            }
            let last = self.rounds.last_mut().expect("pushed above");
            last.actions = actions;
            if self.multi() {
                self.update_winner_tallies(round, threshold);
            }
        }
        Ok(())
    }

    /// RCTab: floor(votes / (seats + 1)) + one unit, at 0 or `decimals` places; Hare:
    /// votes / seats rounded up. Never below the minimum vote threshold.
    fn threshold(&self, active: Fixed) -> Fixed {
        let t = if let WinnerMode::BottomsUpUsingPercentageThreshold(p) = &self.r.mode {
            active.mul_down(*p)
        } else {
            let places = if self.r.non_integer_threshold { self.r.decimals.min(self.scale) } else { 0 };
            let seats = self.r.seats as i128;
            if self.r.hare_quota {
                // ceiling(votes / seats) at `places` decimals (BigDecimal RoundingMode.UP).
                let d = super::fixed::pow10(self.scale - places) * seats;
                Fixed { raw: (active.raw + d - 1).div_euclid(d), scale: places }.rescale(self.scale)
            } else {
                // floor(votes / (seats + 1)) at `places` decimals, plus one unit: "more than".
                let q = active.rescale(places).div_int_down(seats as u64 + 1);
                (q + Fixed::unit(places)).rescale(self.scale)
            }
        };
        let min = self.r.minimum_vote_threshold.rescale(self.scale);
        if min.signum() == 1 && min > t {
            min
        } else {
            t
        }
    }

    #[allow(clippy::too_many_arguments)] // one round's record, field by field
    fn record(
        &mut self,
        g: usize,
        round: u32,
        selected: Option<Cand>,
        status: Status,
        tally: &mut [Option<Fixed>],
        inactive: &mut Inactive,
        moves: &mut Vec<(Cand, Target, Fixed)>,
    ) {
        let w = self.bb.ballots[g].weight;
        let s = &mut self.states[g];
        let value = s.value.times(w);
        if s.value.signum() == 1 {
            if let Some(from) = s.recipient {
                let to = selected.map_or(Target::Exhausted, Target::Candidate);
                moves.push((from, to, value));
            }
        }
        s.recipient = selected;
        if selected.is_none() {
            s.inactive = Some(status);
        }
        add_inactive(inactive, status, value);
        if let Some(c) = selected {
            let t = tally[c as usize].get_or_insert(Fixed::zero(self.scale));
            *t += value;
        }
        let _ = round;
    }

    fn overvote_exhausts(&self, marks: &[Cand]) -> Option<bool> {
        // Some(true): exhaust; Some(false): skip to next rank; None: not an overvote.
        if marks.contains(&OVERVOTE) {
            return Some(self.r.overvote == OvervoteRule::ExhaustImmediately);
        }
        if marks.len() <= 1 {
            return None;
        }
        match self.r.overvote {
            OvervoteRule::ExhaustImmediately => Some(true),
            OvervoteRule::AlwaysSkipToNextRank => Some(false),
            OvervoteRule::ExhaustIfMultipleContinuing => {
                (marks.iter().filter(|&&c| self.continuing(c)).count() >= 2).then_some(true)
            }
        }
    }

    /// Assigns every ballot for this round; returns the tally (continuing candidates),
    /// the inactive ballots by reason and the active total.
    fn count_round(&mut self, round: u32) -> (Vec<Option<Fixed>>, Inactive, Fixed) {
        let n = self.bb.num_candidates();
        let zero = Fixed::zero(self.scale);
        let mut tally: Vec<Option<Fixed>> = (0..n as Cand).map(|c| self.continuing(c).then_some(zero)).collect();
        let mut inactive = Inactive::zero(self.scale);
        let mut moves = Vec::new();
        let max_skip = self.r.max_skipped_ranks;
        let extra_round = self.multi() && self.num_winners >= self.r.seats as usize;
        for g in 0..self.bb.ballots.len() {
            let w = self.bb.ballots[g].weight;
            let st = &self.states[g];
            if let Some(reason) = st.inactive {
                add_inactive(&mut inactive, reason, st.value.times(w));
                continue;
            }
            if let Some(rc) = st.recipient {
                if self.continuing(rc) {
                    let v = st.value.times(w);
                    *tally[rc as usize].get_or_insert(zero) += v;
                    continue;
                }
            }
            if extra_round && st.recipient.is_some() {
                self.record(g, round, None, Status::FinalSurplus, &mut tally, &mut inactive, &mut moves);
                continue;
            }
            let ballot = &self.bb.ballots[g];
            if ballot.ranks.is_empty() {
                self.record(g, round, None, Status::Undervote, &mut tally, &mut inactive, &mut moves);
                continue;
            }
            let max_rank = ballot.max_rank();
            let mut last_rank = 0u32;
            let mut seen: Vec<Cand> = Vec::new();
            let mut selected = None;
            for rank in &ballot.ranks {
                if let Some(m) = max_skip {
                    if rank.number - last_rank > m + 1 {
                        self.record(g, round, None, Status::Skipped, &mut tally, &mut inactive, &mut moves);
                        break;
                    }
                }
                last_rank = rank.number;
                if self.r.exhaust_on_duplicate {
                    let mut dup = false;
                    for &c in &rank.marks {
                        if seen.contains(&c) {
                            dup = true;
                            break;
                        }
                        seen.push(c);
                    }
                    if dup {
                        self.record(g, round, None, Status::Repeated, &mut tally, &mut inactive, &mut moves);
                        break;
                    }
                }
                match self.overvote_exhausts(&rank.marks) {
                    Some(true) => {
                        self.record(g, round, None, Status::Overvote, &mut tally, &mut inactive, &mut moves);
                        break;
                    }
                    Some(false) => {
                        if rank.number == max_rank {
                            self.record(g, round, None, Status::Exhausted, &mut tally, &mut inactive, &mut moves);
                        }
                        continue;
                    }
                    None => {}
                }
                if let Some(&c) = rank.marks.iter().find(|&&c| self.continuing(c)) {
                    selected = Some(c);
                    self.record(g, round, Some(c), Status::Active, &mut tally, &mut inactive, &mut moves);
                    break;
                }
                if rank.number == max_rank {
                    // RCTab 2.0.0 (the version of the test suite) counts these as
                    // exhausted choices whatever ranks were left blank at the end.
                    self.record(g, round, None, Status::Exhausted, &mut tally, &mut inactive, &mut moves);
                }
            }
            let _ = selected;
        }
        let active = tally.iter().flatten().fold(zero, |a, &b| a + b);
        while self.transfers.len() <= round as usize {
            self.transfers.push(Vec::new());
        }
        self.transfers[round as usize].extend(moves);
        (tally, inactive, active)
    }

    /// Candidates of this round's tally grouped by votes, lowest first; within a group in
    /// the order RCTab iterates them (a Java HashMap of names).
    fn groups(&self, tally: &[Option<Fixed>]) -> Vec<(Fixed, Vec<Cand>)> {
        let cands: Vec<Cand> = (0..tally.len() as Cand).filter(|&c| tally[c as usize].is_some()).collect();
        let names: Vec<&str> = cands.iter().map(|&c| self.bb.candidates[c as usize].as_str()).collect();
        let order: Vec<Cand> = java_hashmap_order(&names).into_iter().map(|i| cands[i]).collect();
        let mut groups: Vec<(Fixed, Vec<Cand>)> = Vec::new();
        for c in order {
            let v = tally[c as usize].expect("filtered");
            match groups.iter_mut().find(|(g, _)| *g == v) {
                Some((_, list)) => list.push(c),
                None => groups.push((v, vec![c])),
            }
        }
        groups.sort_by_key(|a| a.0);
        groups
    }

    fn identify_winners(&mut self, round: u32, tally: &[Option<Fixed>], threshold: Fixed) -> Result<Vec<Cand>, RankedError> {
        if let Some(u) = self.r.undeclared_write_in {
            if tally[u as usize].is_some_and(|v| v.signum() != 0) {
                return Ok(Vec::new());
            }
        }
        let groups = self.groups(tally);
        let in_tally: Vec<Cand> = (0..tally.len() as Cand).filter(|&c| tally[c as usize].is_some()).collect();
        let mut winners: Vec<Cand> = Vec::new();
        if let WinnerMode::BottomsUpUsingPercentageThreshold(_) = self.r.mode {
            if in_tally.iter().all(|&c| tally[c as usize].expect("in tally") > threshold) {
                winners = in_tally;
            }
            return Ok(winners);
        }
        let unfilled = self.r.seats as usize - self.num_winners.min(self.r.seats as usize);
        if unfilled > 0 {
            // As many continuing candidates as seats left (or fewer): all of them win.
            if in_tally.len() <= unfilled {
                winners = in_tally.clone();
            } else if self.r.first_round_determines_threshold && in_tally.len() == self.r.seats as usize + 1 {
                winners = groups.last().map(|g| g.1.clone()).unwrap_or_default();
            } else if self.r.mode != WinnerMode::BottomsUp {
                for (v, cs) in &groups {
                    if *v >= threshold {
                        winners.extend(cs.iter().copied().filter(|&c| Some(c) != self.r.undeclared_write_in));
                    }
                }
            }
        }
        let tb_multi = winners.len() > 1
            && (self.r.mode == WinnerMode::MultiWinnerAllowOnlyOneWinnerPerRound || self.r.first_round_determines_threshold);
        let min = self.r.minimum_vote_threshold.rescale(self.scale);
        let tb_none = self.r.seats == 1
            && winners.is_empty()
            && in_tally.len() == 2
            && unfilled == 1
            && groups.iter().all(|(v, _)| *v >= min);
        if tb_multi || tb_none {
            if let Some((_, top)) = groups.last() {
                winners = top.clone();
                if winners.len() > 1 {
                    let w = self.tiebreak(round, &winners, true)?;
                    winners = vec![w];
                }
            }
        }
        winners.sort_unstable();
        Ok(winners)
    }

    fn eliminate(&mut self, round: u32, tally: &[Option<Fixed>]) -> Result<(Vec<Cand>, Option<String>), RankedError> {
        if let Some(u) = self.r.undeclared_write_in {
            if tally[u as usize].is_some_and(|v| v.signum() == 1) {
                return Ok((vec![u], Some("undeclared write-ins are dropped first".into())));
            }
        }
        let groups = self.groups(tally);
        let min = self.r.minimum_vote_threshold.rescale(self.scale);
        if min.signum() == 1 && groups.first().is_some_and(|g| g.0 < min) {
            let below: Vec<Cand> = groups.iter().filter(|g| g.0 < min).flat_map(|g| g.1.clone()).collect();
            let declared = self.num_candidates() - usize::from(self.r.undeclared_write_in.is_some());
            if below.len() == declared {
                return Err(RankedError::Rule("every declared candidate is below the minimum vote threshold".into()));
            }
            return Ok((below, Some(format!("below the minimum vote threshold of {}", min.plain()))));
        }
        if self.r.cutoff_elimination && matches!(self.r.mode, WinnerMode::BottomsUpUsingPercentageThreshold(_)) {
            let th = self.rounds.last().and_then(|r| r.threshold).unwrap_or(Fixed::zero(self.scale));
            let below: Vec<Cand> = groups.iter().filter(|g| g.0 < th).flat_map(|g| g.1.clone()).collect();
            if !below.is_empty() && below.len() < groups.iter().map(|g| g.1.len()).sum::<usize>() {
                return Ok((below, Some(format!("below the cutoff of {}", th.plain()))));
            }
        }
        if self.r.batch_elimination {
            let batch = self.batch(&groups);
            if batch.len() > 1 {
                return Ok((batch, Some("batch elimination: together they have fewer votes than the next candidate".into())));
            }
        }
        let (_, last) = groups.first().ok_or(RankedError::Rule("no candidate left to eliminate".into()))?;
        if last.len() > 1 {
            let l = self.tiebreak(round, &last.clone(), false)?;
            Ok((vec![l], None))
        } else {
            Ok((vec![last[0]], None))
        }
    }

    fn batch(&self, groups: &[(Fixed, Vec<Cand>)]) -> Vec<Cand> {
        let mut running = Fixed::zero(self.scale);
        let mut seen: Vec<Cand> = Vec::new();
        let mut elim: Vec<Cand> = Vec::new();
        let mut previous: Vec<Cand> = Vec::new();
        for (v, cs) in groups {
            let mut new = elim.clone();
            if running < *v {
                for &c in &seen {
                    if !new.contains(&c) {
                        new.push(c);
                    }
                }
            }
            running += v.times(cs.len() as u64);
            seen.extend(cs);
            if new.len() > elim.len() {
                previous = std::mem::replace(&mut elim, new);
            }
        }
        if self.r.continue_until_two && elim.len() + self.num_eliminated == self.num_candidates() - 1 {
            elim = previous;
        }
        elim
    }

    fn tiebreak(&mut self, round: u32, tied: &[Cand], winner: bool) -> Result<Cand, RankedError> {
        let (chosen, how) = match self.r.tiebreak {
            TiebreakMode::StopCountingAndAsk => {
                let names: Vec<&str> = tied.iter().map(|&c| self.bb.candidates[c as usize].as_str()).collect();
                return Err(RankedError::Rule(format!(
                    "round {round}: {} are tied {}; the configuration asks the operator to decide (stopCountingAndAsk): choose a tie-break rule that decides",
                    names.join(", "),
                    if winner { "for the win" } else { "for elimination" }
                )));
            }
            TiebreakMode::UseCandidateOrder | TiebreakMode::GeneratePermutation => {
                let pick = |c: &&Cand| tied.contains(c);
                let c = if winner { self.permutation.iter().find(pick) } else { self.permutation.iter().rev().find(pick) };
                let c = *c.unwrap_or(&tied[0]);
                (c, format!("{} in the tie-breaking order", if winner { "earliest" } else { "latest" }))
            }
            TiebreakMode::Random => {
                // RCTab 2.0.0 draws among the tied candidates sorted by name.
                let sorted = self.by_name(tied);
                let i = self.rng.index(sorted.len());
                (sorted[i], format!("random draw (java.util.Random, seed {})", self.r.seed))
            }
            TiebreakMode::PreviousRoundCountsThenRandom => {
                let mut contention: Vec<Cand> = tied.to_vec();
                let mut found = None;
                for r in (1..round).rev() {
                    let t = &self.tallies[r as usize];
                    let vals: Vec<Fixed> = contention.iter().map(|&c| t[c as usize].unwrap_or(Fixed::zero(self.scale))).collect();
                    let target = if winner { *vals.iter().max().expect("tied") } else { *vals.iter().min().expect("tied") };
                    let at: Vec<Cand> = contention.iter().zip(&vals).filter(|(_, &v)| v == target).map(|(&c, _)| c).collect();
                    if at.len() == 1 {
                        found = Some((at[0], format!("{} votes in round {r} ({})", if winner { "most" } else { "fewest" }, target.plain())));
                        break;
                    }
                    // Keep RCTab's order (HashMap of names) for a random draw after.
                    let names: Vec<&str> = at.iter().map(|&c| self.bb.candidates[c as usize].as_str()).collect();
                    contention = java_hashmap_order(&names).into_iter().map(|i| at[i]).collect();
                }
                match found {
                    Some(f) => f,
                    None => {
                        // RCTab draws here in the order of a Java HashSet of the names.
                        let names: Vec<&str> = contention.iter().map(|&c| self.bb.candidates[c as usize].as_str()).collect();
                        let contention: Vec<Cand> = java_hashmap_order(&names).into_iter().map(|i| contention[i]).collect();
                        let i = self.rng.index(contention.len());
                        (contention[i], format!("equal in every earlier round; random draw (seed {})", self.r.seed))
                    }
                }
            }
        };
        let mut contenders = tied.to_vec();
        contenders.sort_unstable();
        self.ties.push(RankedTie {
            round,
            choosing: if winner { TieFor::Winner } else { TieFor::Loser },
            contenders,
            chosen,
            decided_by: how,
        });
        Ok(chosen)
    }

    fn by_name(&self, c: &[Cand]) -> Vec<Cand> {
        let mut v = c.to_vec();
        v.sort_by(|&a, &b| self.bb.candidates[a as usize].cmp(&self.bb.candidates[b as usize]));
        v
    }

    /// Multi-winner: earlier winners keep exactly the threshold; what rounding left above
    /// it is the residual surplus (RCTab `updateWinnerTallies`).
    fn update_winner_tallies(&mut self, round: u32, threshold: Fixed) {
        let r = round as usize;
        let n = self.bb.num_candidates();
        for w in 0..n {
            if self.status[w] != CandStatus::Winner || self.won_in[w] == round {
                continue;
            }
            let value = if self.won_in[w] + 1 == round {
                let mut sum = Fixed::zero(self.scale);
                for (g, s) in self.states.iter().enumerate() {
                    for &(c, v) in &s.kept {
                        if c as usize == w {
                            sum += v.times(self.bb.ballots[g].weight);
                        }
                    }
                }
                let residual = sum - threshold;
                if residual.signum() == 1 {
                    self.rounds[r - 1].residual_surplus += residual;
                    self.transfers[r].push((w as Cand, Target::ResidualSurplus, residual));
                    threshold
                } else {
                    sum
                }
            } else {
                self.tallies[r - 1][w].unwrap_or(Fixed::zero(self.scale))
            };
            self.tallies[r][w] = Some(value);
        }
    }

    fn finish(mut self) -> Tabulation {
        let n = self.bb.num_candidates();
        let last = self.rounds.len();
        for i in 0..last {
            let round = i + 1;
            let tally = &self.tallies[round];
            self.rounds[i].tally = (0..n).filter_map(|c| tally[c].map(|v| (c as Cand, v))).collect();
            let moves = self.transfers.get(round + 1).cloned().unwrap_or_default();
            for a in self.rounds[i].actions.iter_mut() {
                let mut t: Vec<(Target, Fixed)> = Vec::new();
                for &(from, to, v) in &moves {
                    if from == a.candidate {
                        match t.iter_mut().find(|(x, _)| *x == to) {
                            Some((_, s)) => *s += v,
                            None => t.push((to, v)),
                        }
                    }
                }
                t.sort_by_key(|(x, _)| *x);
                a.transfers = t;
            }
        }
        let mut elected: Vec<Cand> = (0..n as Cand).filter(|&c| self.status[c as usize] == CandStatus::Winner).collect();
        elected.sort_by_key(|&c| (self.won_in[c as usize], c));
        let total = self.rounds.first().map_or(Fixed::zero(self.scale), |r| {
            r.tally.iter().fold(Fixed::zero(self.scale), |a, &(_, v)| a + v) + r.inactive.total()
        });
        let mut notes = Vec::new();
        for (c, &w) in self.bb.withdrawn.iter().enumerate() {
            if w {
                notes.push(format!("{} is excluded from the count", self.bb.candidates[c]));
            }
        }
        let rule = match self.r.mode {
            WinnerMode::SingleWinnerMajority => "irv",
            WinnerMode::MultiWinnerAllowOnlyOneWinnerPerRound => "rctab-multi-one-per-round",
            WinnerMode::MultiWinnerAllowMultipleWinnersPerRound => "rctab-multi-fractional",
            WinnerMode::BottomsUp => "rctab-bottoms-up",
            WinnerMode::BottomsUpUsingPercentageThreshold(_) => "rctab-bottoms-up-threshold",
            WinnerMode::MultiPassIrv => "rctab-sequential",
        };
        Tabulation {
            rule: rule.into(),
            candidates: self.bb.candidates.clone(),
            seats: self.r.seats,
            scale: self.scale,
            total_ballots: total,
            rounds: self.rounds,
            elected,
            ties: self.ties,
            quota: None,
            notes,
        }
    }
}

fn add_inactive(inactive: &mut Inactive, status: Status, value: Fixed) {
    match status {
        Status::Active => {}
        Status::Undervote => inactive.undervotes += value,
        Status::Overvote => inactive.overvotes += value,
        Status::Skipped => inactive.skipped_rankings += value,
        Status::Repeated => inactive.repeated_rankings += value,
        Status::Exhausted => inactive.exhausted_choices += value,
        Status::FinalSurplus => inactive.final_round_surplus += value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ranked::ballot::{Marks, Rank};

    fn bb(names: &[&str], ballots: &[(&[Cand], u64)]) -> BallotBox {
        let mut b = BallotBox::new(names.iter().map(|s| s.to_string()).collect());
        for (order, w) in ballots {
            b.add_order(order, *w);
        }
        b
    }

    #[test]
    fn irv_eliminates_the_weakest_until_a_majority() {
        // A 8, B 7, C 5 → C out, its ballots to B → B 12 wins.
        let b = bb(&["A", "B", "C"], &[(&[0], 8), (&[1], 7), (&[2, 1], 5)]);
        let t = tabulate(&b, &RctabRules::irv(3)).unwrap();
        assert_eq!(t.winners_by_name(), vec!["B"]);
        assert_eq!(t.rounds.len(), 2);
        assert_eq!(t.rounds[0].threshold.unwrap().plain(), "11");
        assert_eq!(t.rounds[0].actions[0].transfers, vec![(Target::Candidate(1), Fixed::from_int(5, 4))]);
    }

    #[test]
    fn overvote_exhausts_or_skips() {
        let mut b = BallotBox::new(vec!["A".into(), "B".into(), "C".into()]);
        b.add(vec![Rank { number: 1, marks: Marks::from_slice(&[0, 1]) }, Rank::one(2, 2)], 3);
        b.add_order(&[0], 4);
        b.add_order(&[1], 2);
        let mut r = RctabRules::irv(3);
        let t = tabulate(&b, &r).unwrap();
        assert_eq!(t.rounds[0].inactive.overvotes.plain(), "3");
        r.overvote = OvervoteRule::AlwaysSkipToNextRank;
        let t = tabulate(&b, &r).unwrap();
        assert_eq!(t.rounds[0].tally[2].1.plain(), "3");
    }
}
