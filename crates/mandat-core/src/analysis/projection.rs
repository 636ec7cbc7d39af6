//! Seat projection: many simulated elections, each counted under the full law.
//!
//! Model (docs/analysis.md, "Projection"):
//! 1. national shares drawn from the poll's uncertainty: a Dirichlet with parameters
//!    share × sample size, or a logit-normal from per-party standard errors;
//! 2. constituency votes from the base election: proportional swing (each party's
//!    votes scaled by its simulated national share over its base share) or uniform
//!    swing (its constituency share moved by the national change), then multiplied by
//!    a log-normal constituency noise of the declared size (drawn by inversion from a
//!    table, [`super::lognormal`]);
//! 3. votes rounded to whole numbers and counted exactly under the law (thresholds,
//!    tiers, alliances): the floats only model uncertainty, they never decide a seat.
//!
//! Simulation `i` draws from its own Xoshiro256++ stream, seeded from (`seed`, `i`)
//! ([`Streams`]), and results are summed as integer histograms, so the output is the
//! same for a seed whatever the number of threads. Memory does not grow with the number
//! of simulations.

use rand::{RngCore, SeedableRng};
use rand_distr::{Distribution, Gamma, StandardNormal};
use rand_xoshiro::{SplitMix64, Xoshiro256PlusPlus};
use rayon::prelude::*;
use serde::Serialize;

use crate::count::{count, count_with, CountError, Outcome};
use crate::kernel::{Kernel, Scratch};
use crate::election::Election;
use crate::law::Law;

use super::lognormal::LogNormal;

/// How the poll's uncertainty is modelled.
#[derive(Clone, Debug, PartialEq)]
pub enum Uncertainty {
    /// Dirichlet(share × sample size): a poll of that many respondents.
    SampleSize(u64),
    /// Logit-normal with these standard errors (fractions, per poll party); 0 means
    /// no uncertainty for that party.
    StandardErrors(Vec<f64>),
}

/// How national change is carried into constituencies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Swing {
    Proportional,
    Uniform,
}

/// A projection's inputs besides the law and the base election.
#[derive(Clone, Debug)]
pub struct Model {
    /// National shares per party of the election (fractions adding up to 1; parties
    /// the poll does not name have 0).
    pub shares: Vec<f64>,
    pub uncertainty: Uncertainty,
    pub swing: Swing,
    /// Standard deviation of the log-normal constituency noise (0.05 = about 5%).
    pub noise: f64,
    pub sims: u64,
    pub seed: u64,
    /// Coalitions (party indices) whose chance of a majority is wanted.
    pub coalitions: Vec<Vec<usize>>,
}

/// Why a projection cannot run.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ProjectionError {
    #[error("the number of simulations must be at least 1")]
    NoSimulations,
    #[error("the poll's shares must be non-negative and add up to 1 (100%), found {0}")]
    Shares(f64),
    #[error("{0}")]
    Count(#[from] CountError),
    #[error("the noise must be a number from 0 to 1, found {0}")]
    Noise(f64),
    /// The law counts ranked ballots ([`Law::ranked`]): a simulation moves list votes,
    /// which would leave every ballot, and so every seat, as in the base election.
    #[error("this law counts ranked ballots (single transferable vote): a projection moves the parties' votes, which leaves the ballots and so every seat as in the base election; count ballots with `mandat tabulate`, or project under a list law")]
    Ranked,
    /// Stopped by the caller through the flag of [`project_cancellable`].
    #[error("the projection was stopped before it finished")]
    Cancelled,
}

/// Per party: the distribution of seats over all simulations.
#[derive(Clone, Debug, Serialize)]
pub struct PartyProjection {
    pub mean: f64,
    pub median: u32,
    pub p5: u32,
    pub p95: u32,
    /// Share of simulations in which the party took part somewhere: passed a threshold of
    /// a tier, or won a seat (a party can take part in a constituency tier without a
    /// threshold and still miss the compensation tier's).
    pub p_takes_part: f64,
    /// Share of simulations in which the party passed the law's threshold (see
    /// [`passed_threshold`]: the compensation tier's when the law has one); `None` when
    /// the law has no threshold.
    pub p_threshold: Option<f64>,
    /// `distribution[s]` = simulations in which the party won `s` seats.
    pub distribution: Vec<u64>,
}

/// The result of a projection.
#[derive(Clone, Debug, Serialize)]
pub struct Projection {
    pub sims: u64,
    pub seed: u64,
    pub parties: Vec<PartyProjection>,
    /// Per coalition: the share of simulations with a majority of the seats.
    pub p_majority: Vec<f64>,
}

/// Integer tallies of a batch of simulations; batches add up in any order.
#[derive(Clone, Debug, Default)]
struct Tally {
    seats: Vec<Vec<u64>>,
    took: Vec<u64>,
    passed: Vec<u64>,
    majority: Vec<u64>,
}

impl Tally {
    fn new(parties: usize, coalitions: usize) -> Tally {
        Tally { seats: vec![Vec::new(); parties], took: vec![0; parties], passed: vec![0; parties], majority: vec![0; coalitions] }
    }

    fn add(&mut self, total: &[u32], took_part: &[bool], passed: &[bool], coalitions: &[Vec<usize>]) {
        for (p, &s) in total.iter().enumerate() {
            let h = &mut self.seats[p];
            if h.len() <= s as usize {
                h.resize(s as usize + 1, 0);
            }
            h[s as usize] += 1;
        }
        for (p, &t) in took_part.iter().enumerate() {
            self.took[p] += t as u64;
        }
        for (p, &t) in passed.iter().enumerate() {
            self.passed[p] += t as u64;
        }
        let house: u32 = total.iter().sum();
        for (k, c) in coalitions.iter().enumerate() {
            let s: u32 = c.iter().map(|&p| total[p]).sum();
            self.majority[k] += (2 * s > house) as u64;
        }
    }

    fn merge(mut self, other: Tally) -> Tally {
        for (a, b) in self.seats.iter_mut().zip(other.seats) {
            if a.len() < b.len() {
                a.resize(b.len(), 0);
            }
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
        for (a, b) in self.took.iter_mut().zip(other.took) {
            *a += b;
        }
        for (a, b) in self.passed.iter_mut().zip(other.passed) {
            *a += b;
        }
        for (a, b) in self.majority.iter_mut().zip(other.majority) {
            *a += b;
        }
        self
    }
}

/// Whether each party took part somewhere: passed a threshold of the list tier or the
/// compensation tier (or won a seat, when the law has no threshold).
pub fn took_part(o: &Outcome) -> Vec<bool> {
    let mut out: Vec<bool> = o.total.iter().map(|&s| s > 0).collect();
    for c in &o.contests {
        if let Some(t) = &c.threshold {
            for (k, &p) in c.parties.iter().enumerate() {
                out[p] |= t.passed[k];
            }
        }
    }
    if let Some(t) = o.compensation.as_ref().and_then(|r| r.threshold.as_ref()) {
        for (p, &ok) in t.passed.iter().enumerate() {
            out[p] |= ok;
        }
    }
    out
}

/// Which threshold [`passed_threshold`] measures: `"compensation"` (the compensation
/// tier's, e.g. Norway's 4% for leveling seats), `"list"` (the list tier's), or `None`
/// when the law has none.
pub fn threshold_tier(law: &Law) -> Option<&'static str> {
    if law.compensation.as_ref().is_some_and(|c| c.threshold.is_some()) {
        Some("compensation")
    } else if law.threshold.is_some() {
        Some("list")
    } else {
        None
    }
}

/// Whether each party passed the law's threshold (exemptions count as passing): the
/// compensation tier's when the law has one, else the list tier's in at least one
/// contest; all `false` when the law has none (see [`threshold_tier`]).
pub fn passed_threshold(o: &Outcome) -> Vec<bool> {
    let mut out = vec![false; o.total.len()];
    if let Some(t) = o.compensation.as_ref().and_then(|r| r.threshold.as_ref()) {
        out.copy_from_slice(&t.passed);
        return out;
    }
    for c in &o.contests {
        if let Some(t) = &c.threshold {
            for (k, &p) in c.parties.iter().enumerate() {
                out[p] |= t.passed[k];
            }
        }
    }
    out
}

/// Simulates `model.sims` elections and counts each under `law`. `progress` is called
/// with the number of simulations done so far (from any thread).
pub fn project(law: &Law, base: &Election, model: &Model, progress: &(dyn Fn(u64) + Sync)) -> Result<Projection, ProjectionError> {
    project_cancellable(law, base, model, progress, &std::sync::atomic::AtomicBool::new(false))
}

/// [`project`] that stops with [`ProjectionError::Cancelled`] soon after `cancel` is set
/// (it is read before each batch of 1,024 simulations): a server's time limit, a client
/// that went away. The result, when it finishes, is the same as [`project`]'s.
pub fn project_cancellable(
    law: &Law,
    base: &Election,
    model: &Model,
    progress: &(dyn Fn(u64) + Sync),
    cancel: &std::sync::atomic::AtomicBool,
) -> Result<Projection, ProjectionError> {
    if model.sims == 0 {
        return Err(ProjectionError::NoSimulations);
    }
    let sum: f64 = model.shares.iter().sum();
    if model.shares.iter().any(|&s| !(0.0..=1.0).contains(&s)) || (sum - 1.0).abs() > 0.005 {
        return Err(ProjectionError::Shares(sum));
    }
    if !(0.0..=1.0).contains(&model.noise) {
        return Err(ProjectionError::Noise(model.noise));
    }
    if law.ranked.is_some() {
        return Err(ProjectionError::Ranked);
    }
    count(law, base, model.seed)?; // the base itself must count
    let n = base.parties.len();
    let base_votes = base.national_votes();
    let base_total: u64 = base_votes.iter().sum();
    let base_shares: Vec<f64> = base_votes.iter().map(|&v| v as f64 / base_total.max(1) as f64).collect();
    let plan = Plan::new(base, base_shares, model);
    let dirichlet: Option<Vec<Option<Gamma<f64>>>> = match &model.uncertainty {
        Uncertainty::SampleSize(size) => Some(
            model.shares.iter().map(|&s| (s > 0.0).then(|| Gamma::new(s * *size as f64, 1.0).ok()).flatten()).collect(),
        ),
        Uncertainty::StandardErrors(_) => None,
    };
    const BATCH: u64 = 1024;
    let batches = model.sims.div_ceil(BATCH);
    let done = std::sync::atomic::AtomicU64::new(0);
    let kernel = Kernel::new(law, base)?;
    let streams = Streams::new(model.seed);
    // The kernel reads the simulated votes in the plan's order.
    debug_assert!(kernel.as_ref().is_none_or(|k| k.layout().0 == &plan.party[..]));
    let tally = (0..batches)
        .into_par_iter()
        .map(|b| -> Result<Tally, ProjectionError> {
            if cancel.load(std::sync::atomic::Ordering::Relaxed) {
                return Err(ProjectionError::Cancelled);
            }
            let mut tally = Tally::new(n, model.coalitions.len());
            // The full count's input, only for laws the kernel leaves to it.
            let mut election = kernel.is_none().then(|| base.clone());
            let mut shares = vec![0.0f64; n];
            let mut work = Work::new(&plan);
            let (mut scratch, mut total, mut took, mut passed) = (Scratch::default(), vec![0u32; n], vec![false; n], vec![false; n]);
            for i in b * BATCH..((b + 1) * BATCH).min(model.sims) {
                let mut rng = streams.of(i);
                draw_shares(model, dirichlet.as_deref(), &mut rng, &mut shares);
                simulate(&plan, &shares, &mut rng, &mut work);
                match (&kernel, election.as_mut()) {
                    (Some(k), _) => k.seats_flat(&work.votes, &work.valid, model.seed, &mut scratch, &mut total, &mut took, Some(&mut passed)),
                    (None, Some(election)) => {
                        work.write(election);
                        let o = count_with(law, election, model.seed, false)?;
                        total.copy_from_slice(&o.total);
                        took.copy_from_slice(&took_part(&o));
                        passed.copy_from_slice(&passed_threshold(&o));
                    }
                    (None, None) => unreachable!("an election is made when there is no kernel"),
                }
                tally.add(&total, &took, &passed, &model.coalitions);
            }
            let d = done.fetch_add(((b + 1) * BATCH).min(model.sims) - b * BATCH, std::sync::atomic::Ordering::Relaxed);
            progress(d + BATCH.min(model.sims - b * BATCH));
            Ok(tally)
        })
        .try_reduce(|| Tally::new(n, model.coalitions.len()), |a, b| Ok(a.merge(b)))?;
    let sims = model.sims;
    let has_threshold = threshold_tier(law).is_some();
    let parties = (0..n)
        .map(|p| {
            let h = &tally.seats[p];
            let mean = h.iter().enumerate().map(|(s, &c)| s as f64 * c as f64).sum::<f64>() / sims as f64;
            PartyProjection {
                mean,
                median: quantile(h, sims, 1, 2),
                p5: quantile(h, sims, 5, 100),
                p95: quantile(h, sims, 95, 100),
                p_takes_part: tally.took[p] as f64 / sims as f64,
                p_threshold: has_threshold.then(|| tally.passed[p] as f64 / sims as f64),
                distribution: h.clone(),
            }
        })
        .collect();
    Ok(Projection { sims, seed: model.seed, parties, p_majority: tally.majority.iter().map(|&m| m as f64 / sims as f64).collect() })
}

/// The smallest seat count s with at least num/den of the simulations at or below s.
fn quantile(h: &[u64], sims: u64, num: u64, den: u64) -> u32 {
    let mut acc = 0u64;
    for (s, &c) in h.iter().enumerate() {
        acc += c;
        if acc * den >= sims * num {
            return s as u32;
        }
    }
    h.len().saturating_sub(1) as u32
}

/// The random streams of a seed: simulation `i`'s is a Xoshiro256++ generator whose 256-bit state is
/// four SplitMix64 outputs, two from `seed` and two from `i` (mixed with the seed's), the
/// seeding its authors recommend. Distinct (seed, i) give distinct states (SplitMix64's
/// mixing is a bijection), never the all-zero one, and a simulation draws a few hundred
/// numbers from a period of 2^256 - 1: the streams do not meet. Seeding costs four
/// mixes, where a ChaCha stream cost a block function per simulation, and each draw is
/// a few shifts and additions. The seed's half of the state is mixed once per projection.
struct Streams {
    w0: u64,
    w1: u64,
}

impl Streams {
    fn new(seed: u64) -> Streams {
        let mut s = SplitMix64::seed_from_u64(seed);
        let (w0, w1) = (s.next_u64(), s.next_u64());
        Streams { w0, w1 }
    }

    /// The stream of simulation `i` of the seed.
    fn of(&self, i: u64) -> Xoshiro256PlusPlus {
        let mut t = SplitMix64::seed_from_u64(i ^ self.w1);
        let (w2, w3) = (t.next_u64(), t.next_u64());
        let mut state = [0u8; 32];
        for (k, w) in [self.w0, self.w1, w2, w3].into_iter().enumerate() {
            state[8 * k..8 * k + 8].copy_from_slice(&w.to_le_bytes());
        }
        Xoshiro256PlusPlus::from_seed(state)
    }
}

/// The stream of simulation `i` of `seed`.
#[cfg(test)]
fn stream(seed: u64, i: u64) -> Xoshiro256PlusPlus {
    Streams::new(seed).of(i)
}

fn draw_shares(model: &Model, dirichlet: Option<&[Option<Gamma<f64>>]>, rng: &mut Xoshiro256PlusPlus, out: &mut [f64]) {
    match (&model.uncertainty, dirichlet) {
        (Uncertainty::SampleSize(_), Some(g)) => {
            for (o, d) in out.iter_mut().zip(g) {
                *o = d.as_ref().map_or(0.0, |d| d.sample(rng));
            }
            let sum: f64 = out.iter().sum();
            if sum > 0.0 {
                out.iter_mut().for_each(|x| *x /= sum);
            }
        }
        (Uncertainty::StandardErrors(se), _) => {
            let mut any = false;
            for (p, o) in out.iter_mut().enumerate() {
                let (s, e) = (model.shares[p], se.get(p).copied().unwrap_or(0.0));
                *o = if e > 0.0 && s > 0.0 && s < 1.0 {
                    any = true;
                    let z: f64 = StandardNormal.sample(rng);
                    let logit = (s / (1.0 - s)).ln() + z * e / (s * (1.0 - s));
                    1.0 / (1.0 + (-logit).exp())
                } else {
                    s
                };
            }
            if any {
                let sum: f64 = out.iter().sum();
                out.iter_mut().for_each(|x| *x /= sum);
            }
        }
        _ => out.copy_from_slice(&model.shares),
    }
}

/// What every simulation of a projection shares, computed once: the base votes as
/// floats, list by list in the order of the draws, and the noise's table.
struct Plan {
    /// Per list and constituency, in the kernel's flat layout ([`Kernel::layout`]:
    /// constituency after constituency, each in the order of its `votes`): the party, its
    /// base votes and its base share of the constituency.
    party: Vec<usize>,
    votes: Vec<f64>,
    local: Vec<f64>,
    /// Per constituency: where its lists start in `party`, its total of listed votes in
    /// the base, and the valid votes of lists outside `votes` (kept as in the base).
    totals: Vec<(usize, f64, u64)>,
    /// National base shares per party.
    base_shares: Vec<f64>,
    /// `None` when σ = 0: no noise, and no random number drawn for it.
    noise: Option<LogNormal>,
    swing: Swing,
}

impl Plan {
    fn new(base: &Election, base_shares: Vec<f64>, model: &Model) -> Plan {
        let (mut party, mut votes, mut local, mut totals) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for c in &base.constituencies {
            let total: u64 = c.votes.iter().map(|&(_, v)| v).sum();
            totals.push((party.len(), total as f64, c.total_valid_votes.unwrap_or(total).saturating_sub(total)));
            for &(p, v) in &c.votes {
                party.push(p);
                votes.push(v as f64);
                local.push(if total > 0 { v as f64 / total as f64 } else { 0.0 });
            }
        }
        let noise = (model.noise > 0.0).then(|| LogNormal::new(model.noise));
        Plan { party, votes, local, totals, base_shares, noise, swing: model.swing }
    }
}

/// Buffers of one thread's simulations, and the simulated election they hold.
struct Work {
    /// Per party: the scale of its votes (proportional swing) or its national change
    /// (uniform swing).
    factor: Vec<f64>,
    /// Per list and constituency, in the order of [`Plan::votes`]: its noise factor,
    /// then its simulated votes before rounding.
    noise: Vec<f64>,
    /// The simulated votes, in the same order (the kernel's flat layout).
    votes: Vec<u64>,
    /// Per constituency: the simulated valid votes (its lists' and those outside them).
    valid: Vec<u64>,
}

impl Work {
    fn new(plan: &Plan) -> Work {
        Work { factor: vec![0.0; plan.base_shares.len()], noise: vec![1.0; plan.votes.len()], votes: vec![0; plan.votes.len()], valid: vec![0; plan.totals.len()] }
    }

    /// Writes the simulated votes over `out`, an election of the base's shape (for the
    /// full count, when the kernel does not cover the law).
    fn write(&self, out: &mut Election) {
        let mut votes = self.votes.iter();
        for (c, &valid) in out.constituencies.iter_mut().zip(&self.valid) {
            for (slot, &v) in c.votes.iter_mut().zip(&mut votes) {
                slot.1 = v;
            }
            if let Some(t) = c.total_valid_votes.as_mut() {
                *t = valid;
            }
        }
    }
}

/// The votes of one simulated election, into `work.votes` (flat) and each
/// constituency's valid votes into `work.valid`. The constituency noise's mean-one
/// correction exp(−σ²/2) is in the noise table, so a list's votes cost one random
/// number, a table look-up, a cubic and a product. Three short passes without calls:
/// the noise is drawn, then multiplied by each list's swung votes (which read the
/// party's factor, a gather), then rounded in one straight loop over all lists, which
/// vectorises. Each constituency's votes are summed here, once.
#[inline(never)]
fn simulate(plan: &Plan, shares: &[f64], rng: &mut Xoshiro256PlusPlus, work: &mut Work) {
    let Work { factor, noise, votes, valid } = work;
    for (f, (&s, &b)) in factor.iter_mut().zip(shares.iter().zip(&plan.base_shares)) {
        *f = match plan.swing {
            Swing::Proportional if b > 0.0 => s / b,
            Swing::Proportional => 0.0,
            Swing::Uniform => s - b,
        };
    }
    match &plan.noise {
        Some(table) => table.fill(rng, noise),
        // No noise: a factor of 1 (the buffer holds the last simulation's votes).
        None => noise.fill(1.0),
    }
    // The noise times the swung votes: g × (v × f), which is (v × f) × g bit for bit (a
    // float product is commutative), so a seed's votes do not depend on the passes.
    match plan.swing {
        Swing::Proportional => {
            for ((g, &v), &p) in noise.iter_mut().zip(&plan.votes).zip(&plan.party) {
                *g *= v * factor[p];
            }
        }
        Swing::Uniform => {
            for (k, &(from, total, _)) in plan.totals.iter().enumerate() {
                let to = plan.totals.get(k + 1).map_or(plan.party.len(), |t| t.0);
                for ((g, &l), &p) in noise[from..to].iter_mut().zip(&plan.local[from..to]).zip(&plan.party[from..to]) {
                    *g *= (l + factor[p]).max(0.0) * total;
                }
            }
        }
    }
    for (slot, &x) in votes.iter_mut().zip(noise.iter()) {
        *slot = round_votes(x);
    }
    for (k, &(from, _, others)) in plan.totals.iter().enumerate() {
        let to = plan.totals.get(k + 1).map_or(plan.party.len(), |t| t.0);
        let out = &votes[from..to];
        // Lists outside `votes` keep their base votes. A list's votes are at most 10^15
        // (`round_votes`), so fewer than 2^14 lists cannot wrap a u64 (2^14 × 10^15 <
        // 2^64): the sum then needs no overflow check, and vectorises.
        let listed = if out.len() < 1 << 14 { out.iter().fold(0u64, |s, &v| s.wrapping_add(v)) } else { out.iter().sum() };
        valid[k] = listed + others;
    }
}

/// `x.round().clamp(0.0, 1e15) as u64` (halves away from zero; NaN gives 0), with no
/// conversion instruction: for 0 ≤ y < 2^52, y + 2^52 is rounded by the hardware to the
/// integer nearest y (ties to even), which is the low bits of its representation; the
/// difference y − r is exact (Sterbenz), so a half rounded down to even is seen and
/// moved up. Every step is plain arithmetic on floats and integers, so the compiler
/// vectorises a loop of them.
#[inline]
fn round_votes(x: f64) -> u64 {
    const TWO_52: f64 = 4_503_599_627_370_496.0;
    #[allow(clippy::manual_clamp)] // clamp would keep a NaN; f64::max drops it: NaN gives 0
    let y = x.max(0.0).min(1e15);
    let shifted = y + TWO_52;
    let r = shifted - TWO_52;
    shifted.to_bits().wrapping_sub(TWO_52.to_bits()).wrapping_add((y - r == 0.5) as u64)
}

#[cfg(test)]
mod tests {
    use super::{draw_shares, round_votes, simulate, stream, Model, Plan, Swing, Uncertainty, Work};
    use crate::election::{ConstituencyVotes, Election};
    use proptest::prelude::*;
    use rand::RngCore;

    /// The constituency noise is log-normal with mean 1 and log-sd σ: over 40,000
    /// simulated elections (each from its own stream), the mean factor is 1 and the log
    /// of the factor has mean −σ²/2 and standard deviation σ, within about 5 standard
    /// errors; the proportional swing scales by the share ratio.
    #[test]
    fn the_noise_is_log_normal_with_mean_one() {
        let base = Election {
            parties: vec!["A".into(), "B".into()],
            constituencies: vec![ConstituencyVotes { name: "C".into(), seats: Some(1), votes: vec![(0, 1_000_000), (1, 3_000_000)], ..Default::default() }],
            ..Default::default()
        };
        let sigma = 0.2;
        let model = Model { shares: vec![0.5, 0.5], uncertainty: Uncertainty::StandardErrors(vec![0.0, 0.0]), swing: Swing::Proportional, noise: sigma, sims: 1, seed: 9, coalitions: vec![] };
        let shares = [0.5, 0.5];
        let plan = Plan::new(&base, vec![0.25, 0.75], &model);
        let (mut out, mut work) = (base.clone(), Work::new(&plan));
        let n = 40_000;
        let (mut sum, mut sum_log, mut sum_log2) = ([0.0f64; 2], [0.0f64; 2], [0.0f64; 2]);
        for i in 0..n {
            simulate(&plan, &shares, &mut stream(9, i), &mut work);
            work.write(&mut out);
            // Expected votes: A doubles (1,000,000 × 0.5 / 0.25), B falls by a third.
            for (k, expected) in [2_000_000.0, 2_000_000.0].into_iter().enumerate() {
                let f = out.constituencies[0].votes[k].1 as f64 / expected;
                sum[k] += f;
                sum_log[k] += f.ln();
                sum_log2[k] += f.ln() * f.ln();
            }
        }
        let se_mean = ((sigma * sigma).exp() - 1.0).sqrt() / (n as f64).sqrt();
        let se_log = sigma / (n as f64).sqrt();
        for k in 0..2 {
            let (mean, mean_log) = (sum[k] / n as f64, sum_log[k] / n as f64);
            let sd_log = (sum_log2[k] / n as f64 - mean_log * mean_log).sqrt();
            assert!((mean - 1.0).abs() < 5.0 * se_mean, "mean factor {mean}");
            assert!((mean_log + sigma * sigma / 2.0).abs() < 5.0 * se_log, "mean log {mean_log}");
            assert!((sd_log - sigma).abs() < 5.0 * se_log, "sd of the log {sd_log}");
        }
    }

    /// The poll's Dirichlet(share × n): over 40,000 draws with n = 1,000, each share's
    /// mean is the poll's and its variance s(1 − s)/(n + 1), within 5 standard errors; a
    /// party with no share gets none, and the shares add up to 1.
    #[test]
    fn the_poll_draws_have_the_dirichlet_moments() {
        use rand_distr::Gamma;
        let (shares, size) = (vec![0.5, 0.3, 0.2, 0.0], 1000u64);
        let model = Model { shares: shares.clone(), uncertainty: Uncertainty::SampleSize(size), swing: Swing::Proportional, noise: 0.0, sims: 1, seed: 5, coalitions: vec![] };
        let gammas: Vec<Option<Gamma<f64>>> = shares.iter().map(|&s| (s > 0.0).then(|| Gamma::new(s * size as f64, 1.0).unwrap())).collect();
        let n = 40_000;
        let (mut sum, mut sum2, mut out) = (vec![0.0f64; 4], vec![0.0f64; 4], vec![0.0; 4]);
        for i in 0..n {
            draw_shares(&model, Some(&gammas), &mut stream(5, i), &mut out);
            assert!((out.iter().sum::<f64>() - 1.0).abs() < 1e-12 && out[3] == 0.0, "{out:?}");
            for p in 0..4 {
                sum[p] += out[p];
                sum2[p] += out[p] * out[p];
            }
        }
        let nf = n as f64;
        for p in 0..3 {
            let s = shares[p];
            let var = s * (1.0 - s) / (size as f64 + 1.0);
            let mean = sum[p] / nf;
            let sample_var = sum2[p] / nf - mean * mean;
            assert!((mean - s).abs() < 5.0 * (var / nf).sqrt(), "party {p}: mean {mean}");
            // The sample variance of a near-normal variable has standard error var·√(2/n).
            assert!((sample_var - var).abs() < 5.0 * var * (2.0 / nf).sqrt(), "party {p}: variance {sample_var}, want {var}");
        }
    }

    /// Each (seed, simulation) has its own stream: no two of 10,000 streams of two seeds
    /// start with the same number, and a stream is the same each time it is made.
    #[test]
    fn streams_are_distinct_and_reproducible() {
        let mut first = std::collections::HashSet::new();
        for seed in [0u64, 1] {
            for i in 0..5_000u64 {
                assert!(first.insert(stream(seed, i).next_u64()), "seed {seed}, simulation {i}");
                assert_eq!(stream(seed, i).next_u64(), stream(seed, i).next_u64());
            }
        }
    }

    fn reference(x: f64) -> u64 {
        x.round().clamp(0.0, 1e15) as u64
    }

    #[test]
    fn rounds_halves_up_and_clamps_like_f64_round() {
        for x in [0.0, -0.0, 0.49999999999999994, 0.5, 1.5, 2.5, 2.4999999999999996, -0.7, -3.5, 1e15 - 0.5, 1e15 + 0.4, 1e300, f64::INFINITY, f64::NEG_INFINITY, f64::NAN, 4503599627370495.5] {
            assert_eq!(round_votes(x), reference(x), "{x}");
        }
        assert_eq!(round_votes(2.5), 3);
        assert_eq!(round_votes(0.49999999999999994), 0);
        assert_eq!(round_votes(f64::NAN), 0);
    }

    proptest! {
        #[test]
        fn round_votes_is_f64_round(x in -1e3f64..2e15, bits in any::<u64>()) {
            prop_assert_eq!(round_votes(x), reference(x));
            let y = f64::from_bits(bits);
            prop_assert_eq!(round_votes(y), reference(y));
            // Halves exactly.
            let h = (x.abs() as u64) as f64 + 0.5;
            prop_assert_eq!(round_votes(h), reference(h));
        }
    }
}
