//! Biproportional apportionment ("doppelter Pukelsheim"): seats by district and list so
//! that every district gets its magnitude and every list its share of the whole
//! territory, exactly.
//!
//! The count has three steps (Zurich, GPR §§ 101-105, and its Swiss siblings):
//!
//! 1. **Quorum** ([`Quorum`]): a list takes part if it reaches a share of the valid
//!    votes in at least one district, or a share overall.
//! 2. **Upper apportionment** (Oberzuteilung): each list's votes over the territory —
//!    raw votes, or "voter numbers" (Wählerzahlen: votes / district seats, optionally
//!    rounded to the nearest integer, half up) — share all seats by a divisor method.
//! 3. **Lower apportionment** (Unterzuteilung): find district divisors `a_i` and list
//!    divisors `b_j` such that rounding every cell's quotient `v_ij / (a_i · b_j)` by the
//!    method's signposts gives each district its seats and each list its upper seats.
//!
//! ## Algorithm of the lower apportionment
//!
//! Every seat is decided exactly: divisors and quotients are [`BigRational`]s; the only
//! float is the warm start's guess of the divisors (step 1), which decides nothing. The method's signposts are `s(k) = d(k) / u`, with `d` the divisor sequence
//! of [`Method::divisor`] and `u = 2` for the Sainte-Laguë family (standard rounding:
//! signposts ½, 1½, 2½, …) and `u = 1` otherwise; a cell with quotient `q` gets
//! `#{k : s(k) ≤ q}` seats, and a quotient exactly on a signpost may be rounded either
//! way (a tie).
//!
//! 1. *Warm start*: alternating scaling in floating point (at most
//!    [`SCALING_ROUNDS`] rounds) guesses the divisors. It is only a guess: the divisors
//!    are turned into exact decimals, every cell is rounded exactly, and a district
//!    whose seats do not add up is apportioned exactly on its own (weights `v_ij / b_j`),
//!    so the district margins hold and every cell rounds correctly.
//! 2. *Exact comparisons*: a quotient is compared with a signpost by cross-multiplying
//!    integers (`v·a.den·b.den·s.den` against `s.num·a.num·b.num`), never reduced.
//! 3. *Tie-and-transfer* (Maier, Pukelsheim, Zachariassen; Balinski & Demange), which
//!    always terminates: district margins hold, some list has too many seats. From it,
//!    search (breadth first) a path that alternately takes a seat from a cell whose
//!    quotient sits on its lower signpost and gives it to a cell of the same district
//!    whose quotient sits on its upper signpost; when it reaches a list with too few
//!    seats, transfer along it (one seat of excess less, every cell still rounds
//!    correctly). When no path exists, multiply the divisors of the labelled lists by
//!    the smallest factor `α > 1`, and divide those of the labelled districts by it,
//!    that puts a new cell on a signpost: every quotient stays correctly rounded and
//!    the labelled set grows by at least one district or list. If no factor exists,
//!    no seat matrix can meet both margins and the count stops with
//!    [`BiproportionalError::Infeasible`].
//! 4. *Readable divisors*: each divisor is replaced, one margin after the other, by the
//!    shortest decimal inside the interval in which every cell still rounds the same
//!    way (the interval's only point when it has no width, i.e. at a tie).
//! 5. *Ties*: with these divisors, build the graph with an arc district → list for
//!    each cell on its upper signpost (it could take one more seat) and list → district
//!    for each cell on its lower signpost (it could give one up). A cell whose seat can
//!    go either way is exactly a cell whose arc lies on a cycle (both ends in one
//!    strongly connected component): transferring around the cycle gives another
//!    solution with the same divisors. Such cells are flagged as BAZI does: `n+` (or
//!    n + 1) and `n-` (or n − 1). The law's tie chain then decides, district by
//!    district in order: the flagged cells of the district are the contenders for the
//!    seats the `n-` cells hold; winners that do not hold a seat take one over along a
//!    cycle through districts not yet decided.
//!
//! **Complexity.** With `R` districts, `C` lists and `E` the excess of seats after the
//! warm start (at most the number of seats), tie-and-transfer performs at most `E`
//! transfers and at most `R + C` scalings per transfer, each costing `O(R·C)` exact
//! comparisons: `O(E · (R + C) · R · C)` operations on rationals whose size stays
//! bounded because the divisors are re-chosen as short decimals after every transfer.
//! The float warm start costs `O(SCALING_ROUNDS · (R·C + steps))`; tie detection is
//! linear in `R·C` (Kosaraju), tie resolution `O(R · R·C)`. The Zurich Kantonsrat 2019
//! (18 × 9, 180 seats) needs no transfer after the warm start; its whole count takes
//! about 0.17 ms (BENCHMARKS.md).

// Matrix code: indices name districts and lists, so they stay explicit.
#![allow(clippy::needless_range_loop)]

use std::cmp::Ordering;
use std::collections::{BinaryHeap, VecDeque};
use std::fmt;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Zero};
use serde::{Deserialize, Serialize};

use crate::exact::{cmp_products, Fraction, Percent};
use crate::law::{DecimalValue, PercentValue};
use crate::method::Method;
use crate::tie::{TieBreaker, TieRule, TieStage};

/// Rounds of alternating scaling tried before tie-and-transfer takes over.
pub const SCALING_ROUNDS: usize = 30;

// ---------------------------------------------------------------------------------
// The law section `[biproportional]`.
// ---------------------------------------------------------------------------------

/// The configuration of a biproportional count (`[biproportional]` in a law file).
#[derive(Clone, Debug, Deserialize)]
#[serde(try_from = "RawBiproportional")]
pub struct Biproportional {
    /// The divisor method of the upper apportionment (Zurich: Sainte-Laguë).
    pub upper_method: Method,
    /// The divisor method of the lower apportionment (Zurich: Sainte-Laguë).
    pub lower_method: Method,
    /// What the upper apportionment counts per list.
    pub upper_votes: UpperVotes,
    pub quorum: Option<Quorum>,
    pub article: Option<String>,
}

/// What a list's upper-apportionment figure is made of.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum UpperVotes {
    /// The votes themselves, summed over the districts.
    #[default]
    Votes,
    /// Voter numbers: votes / district seats, exact, summed (voters with as many votes
    /// as the district has seats count once).
    VoterNumbers,
    /// Voter numbers rounded to the nearest integer (half up) in every district, then
    /// summed (Zurich: Wählerzahlen).
    RoundedVoterNumbers,
}

impl UpperVotes {
    pub fn describe(&self) -> &'static str {
        match self {
            UpperVotes::Votes => "votes",
            UpperVotes::VoterNumbers => "voter numbers (votes / district seats, exact)",
            UpperVotes::RoundedVoterNumbers => "voter numbers (votes / district seats, rounded to the nearest integer)",
        }
    }
}

/// Who takes part: a list meeting any of the conditions.
#[derive(Clone, Debug, Deserialize)]
#[serde(try_from = "RawQuorum")]
pub struct Quorum {
    /// A share of the valid votes of at least one district.
    pub in_any_district: Option<Percent>,
    /// A share of all lists' upper-apportionment figures together.
    pub overall: Option<Percent>,
    pub article: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuorum {
    #[serde(default)]
    in_any_district: Option<PercentValue>,
    #[serde(default)]
    overall: Option<PercentValue>,
    #[serde(default)]
    article: Option<String>,
}

impl TryFrom<RawQuorum> for Quorum {
    type Error = String;
    fn try_from(r: RawQuorum) -> Result<Self, String> {
        if r.in_any_district.is_none() && r.overall.is_none() {
            return Err("a quorum needs `in_any_district` (e.g. \"5%\") or `overall` (e.g. \"3%\")".into());
        }
        Ok(Quorum { in_any_district: r.in_any_district.map(|p| p.0), overall: r.overall.map(|p| p.0), article: r.article })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBiproportional {
    upper_method: String,
    #[serde(default)]
    upper_first_divisor: Option<DecimalValue>,
    lower_method: String,
    #[serde(default)]
    lower_first_divisor: Option<DecimalValue>,
    #[serde(default)]
    upper_votes: UpperVotes,
    #[serde(default)]
    quorum: Option<Quorum>,
    #[serde(default)]
    article: Option<String>,
}

/// The divisor methods the biproportional count accepts: rational divisors, the first
/// one above zero (so a cell without votes never gets a seat).
pub const METHODS: &[&str] = &["dhondt", "sainte-lague", "modified-sainte-lague", "imperiali", "danish"];

fn method_for(name: &str, first: Option<DecimalValue>, key: &str) -> Result<Method, String> {
    let m = Method::from_name(name, first.map(|d| d.0)).map_err(|e| format!("{key}: {e}"))?;
    if !METHODS.contains(&m.name()) {
        return Err(format!("{key}: a biproportional count needs a divisor method with rational divisors and a first divisor above 0: one of {}", METHODS.join(", ")));
    }
    Ok(m)
}

impl TryFrom<RawBiproportional> for Biproportional {
    type Error = String;
    fn try_from(r: RawBiproportional) -> Result<Self, String> {
        Ok(Biproportional {
            upper_method: method_for(&r.upper_method, r.upper_first_divisor, "upper_method")?,
            lower_method: method_for(&r.lower_method, r.lower_first_divisor, "lower_method")?,
            upper_votes: r.upper_votes,
            quorum: r.quorum,
            article: r.article,
        })
    }
}

// ---------------------------------------------------------------------------------
// Errors and the report.
// ---------------------------------------------------------------------------------

/// Why a biproportional count cannot be made.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BiproportionalError {
    #[error("no list takes part in the biproportional apportionment (none meets the quorum)")]
    NoListTakesPart,
    #[error("district {0:?} has seats but no votes for any list that takes part")]
    DistrictWithoutVotes(String),
    #[error("no seat matrix gives every district its seats and every list its upper-apportionment seats using only cells with votes ({0})")]
    Infeasible(String),
    #[error("the district {0:?} of the law is missing from the results")]
    MissingDistrict(String),
    #[error("the law fixes {law} seats but the districts' seats add up to {sum}")]
    SeatsMismatch { law: u32, sum: u64 },
    #[error("the voter numbers are too large to apportion exactly ({0})")]
    TooLarge(String),
    #[error("the votes ({rows} districts) and the seats ({seats} districts) do not match")]
    Shape { rows: usize, seats: usize },
    #[error("the district seats ({districts}) and the list seats ({lists}) do not add up to the same number")]
    Margins { districts: u64, lists: u64 },
}

/// An exact rational number of any size, written as its exact value and a rounded
/// decimal (`{"exact": "1675", "decimal": "1675.0000"}`) like [`Fraction`].
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Exact(pub BigRational);

impl Exact {
    pub fn from_u128(n: u128) -> Exact {
        Exact(BigRational::from_integer(BigInt::from(n)))
    }

    /// The value with `digits` decimals, rounded half up (for reports only).
    pub fn decimal(&self, digits: u32) -> String {
        decimal_string(&self.0, digits)
    }

    pub fn is_integer(&self) -> bool {
        self.0.is_integer()
    }

    /// The value as an exact decimal when it has at most `max_digits` decimals.
    pub fn exact_decimal(&self, max_digits: u32) -> Option<String> {
        (0..=max_digits)
            .find(|&d| (&self.0 * BigRational::from_integer(BigInt::from(10u32).pow(d))).is_integer())
            .map(|d| self.decimal(d))
    }

    /// A share of 1 as an exact percentage (`None` if it is negative, above 1, or too
    /// large a fraction for [`Percent`]).
    pub fn as_percent(&self) -> Option<Percent> {
        use num_traits::ToPrimitive;
        Percent::from_ratio(self.0.numer().to_u128()?, self.0.denom().to_u128()?)
    }

    /// The value × 100 with `digits` decimals (a share as a percentage).
    pub fn percent(&self, digits: u32) -> String {
        decimal_string(&(&self.0 * r_int(100)), digits)
    }
}

impl fmt::Display for Exact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_integer() {
            write!(f, "{}", self.0.numer())
        } else {
            write!(f, "{}/{}", self.0.numer(), self.0.denom())
        }
    }
}

impl Serialize for Exact {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Exact", 2)?;
        st.serialize_field("exact", &self.to_string())?;
        st.serialize_field("decimal", &self.decimal(4))?;
        st.end()
    }
}

fn decimal_string(x: &BigRational, digits: u32) -> String {
    let scale = BigInt::from(10u32).pow(digits);
    let half = BigRational::new(BigInt::one(), BigInt::from(2));
    let n = (x * BigRational::from_integer(scale.clone()) + half).floor().to_integer();
    let neg = n < BigInt::zero();
    let s = if neg { (-n).to_string() } else { n.to_string() };
    let d = digits as usize;
    let body = if d == 0 {
        s
    } else {
        let s = format!("{s:0>width$}", width = d + 1);
        let (i, f) = s.split_at(s.len() - d);
        format!("{i}.{f}")
    };
    if neg {
        format!("-{body}")
    } else {
        body
    }
}

/// The whole count: quorum, upper and lower apportionment, every figure of each.
#[derive(Clone, Debug, Serialize)]
pub struct BiproportionalReport {
    /// District seats (in the order of the results' districts).
    pub district_seats: Vec<u32>,
    pub quorum: Option<QuorumReport>,
    pub upper: UpperReport,
    pub lower: LowerReport,
    pub article: Option<String>,
}

/// How the quorum was applied, per list (indices into the election's parties).
#[derive(Clone, Debug, Serialize)]
pub struct QuorumReport {
    pub in_any_district: Option<Percent>,
    pub overall: Option<Percent>,
    /// Per list: its best share of a district's valid votes, and that district.
    pub best_share: Vec<Exact>,
    pub best_district: Vec<Option<usize>>,
    /// Per list: its share of all upper-apportionment figures.
    pub overall_share: Vec<Exact>,
    pub passed: Vec<bool>,
    pub article: Option<String>,
}

/// The upper apportionment (Oberzuteilung) among the lists that take part.
#[derive(Clone, Debug, Serialize)]
pub struct UpperReport {
    pub method: String,
    pub votes_kind: UpperVotes,
    /// Indices into the election's parties of the lists that take part.
    pub lists: Vec<usize>,
    /// `[district][k]`: the figure of list `lists[k]` in the district (voter number).
    pub cells: Vec<Vec<Exact>>,
    /// Per list: the sum over districts.
    pub totals: Vec<Exact>,
    pub seats: Vec<u32>,
    /// A divisor (Wahlschlüssel) that gives these seats: the shortest decimal in
    /// [`divisor_min`, `divisor_max`].
    pub divisor: Exact,
    pub divisor_min: Exact,
    pub divisor_max: Option<Exact>,
    /// Per list: total / divisor, which the method rounds to the seats.
    pub quotients: Vec<Exact>,
    /// Ties of the upper apportionment (contenders and winners index `lists`).
    pub ties: Vec<crate::tie::Tie>,
}

/// The lower apportionment (Unterzuteilung).
#[derive(Clone, Debug, Serialize)]
pub struct LowerReport {
    pub method: String,
    /// Indices into the election's parties of the lists that get seats (the columns).
    pub lists: Vec<usize>,
    /// Seats per list (the upper apportionment), per column.
    pub list_seats: Vec<u32>,
    pub district_divisors: Vec<Exact>,
    pub list_divisors: Vec<Exact>,
    /// `[district][k]`.
    pub cells: Vec<Vec<Cell>>,
    pub ties: Vec<LowerTie>,
    /// Rounds of alternating scaling used as a warm start.
    pub scaling_rounds: u32,
    /// Seats transferred and divisor updates made by tie-and-transfer.
    pub transfers: u32,
    pub divisor_updates: u32,
}

impl LowerReport {
    /// Seats of column `k` in district `i`.
    pub fn seats(&self, i: usize, k: usize) -> u32 {
        self.cells[i][k].seats
    }
}

/// One cell of the lower apportionment.
#[derive(Clone, Debug, Serialize)]
pub struct Cell {
    pub votes: u64,
    /// votes / (district divisor × list divisor).
    pub quotient: Exact,
    pub seats: u32,
    /// Set when the cell's seat could go either way (BAZI's `n+` / `n-`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tie: Option<TieFlag>,
}

/// A cell whose seat could go either way, as BAZI writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TieFlag {
    /// `n+`: the quotient is on the upper signpost; another solution gives n + 1.
    Plus,
    /// `n-`: the quotient is on the lower signpost; another solution gives n − 1.
    Minus,
}

/// A tie of the lower apportionment, decided by the law's chain.
#[derive(Clone, Debug, Serialize)]
pub struct LowerTie {
    pub district: usize,
    /// Columns (indices into [`LowerReport::lists`]) whose cells were flagged in the
    /// district when it was decided.
    pub contenders: Vec<usize>,
    /// Seats at stake: the flagged cells that held their seat by the tie.
    pub seats: usize,
    pub winners: Vec<usize>,
    pub decided_by: TieRule,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// Winners who could not take a seat over because no cycle through undecided
    /// districts allowed it (possible only when tie cycles interlock).
    pub not_realized: Vec<usize>,
}

// ---------------------------------------------------------------------------------
// Exact helpers.
// ---------------------------------------------------------------------------------

/// A positive rational as (numerator, denominator) in u128, when both fit.
fn small(x: &BigRational) -> Option<(u128, u128)> {
    Some((u128::try_from(x.numer()).ok()?, u128::try_from(x.denom()).ok()?))
}

/// `n / d` reduced, by a u128 gcd when both fit (the common case), else by BigInt.
fn ratio(n: BigInt, d: BigInt) -> BigRational {
    if let (Ok(a), Ok(b)) = (u128::try_from(&n), u128::try_from(&d)) {
        if b != 0 {
            let g = gcd_u128(a, b);
            return BigRational::new_raw(BigInt::from(a / g), BigInt::from(b / g));
        }
    }
    BigRational::new(n, d)
}

fn gcd_u128(mut a: u128, mut b: u128) -> u128 {
    if a == 0 {
        return b.max(1);
    }
    while b != 0 {
        let t = a % b;
        a = b;
        b = t;
    }
    a
}

fn r_int(n: u128) -> BigRational {
    BigRational::from_integer(BigInt::from(n))
}

fn r_frac(f: Fraction) -> BigRational {
    BigRational::new(BigInt::from(f.num), BigInt::from(f.den))
}

/// The method's signposts: `s(k) = d(k) / u`.
#[derive(Clone, Copy, Debug)]
struct Signposts {
    method: Method,
    unit: u128,
}

impl Signposts {
    fn new(method: Method) -> Self {
        let unit = match method {
            Method::SainteLague | Method::ModifiedSainteLague { .. } => 2,
            _ => 1,
        };
        Signposts { method, unit }
    }
    fn at(&self, k: u32) -> BigRational {
        let d = self.method.divisor(k);
        BigRational::new(BigInt::from(d.num), BigInt::from(d.den * self.unit))
    }
    /// The signpost as a float, for the warm start only.
    fn at_f64(&self, k: u32) -> f64 {
        let d = self.method.divisor(k);
        d.num as f64 / (d.den as f64 * self.unit as f64)
    }
}

/// A float written with ten significant digits, read back as an exact decimal.
fn f64_to_decimal(x: f64) -> BigRational {
    if !x.is_finite() || x <= 0.0 {
        return BigRational::one();
    }
    // Ten significant digits from float arithmetic (a guess only: exactness is not needed).
    let e = x.log10().floor() as i32;
    let scale = 9 - e;
    let m = x * 10f64.powi(scale);
    if (-300..=300).contains(&scale) && m.is_finite() && (1.0..1e11).contains(&m) {
        let m = BigInt::from(m.round() as u64);
        let ten = BigInt::from(10u32);
        return if scale <= 0 {
            BigRational::from_integer(m * ten.pow((-scale) as u32))
        } else {
            ratio(m, ten.pow(scale as u32))
        };
    }
    BigRational::one()
}

/// The signposts as floats, tabulated for the warm start (a guess only).
struct FloatSignposts {
    s: Vec<f64>,
    exact: Signposts,
}

impl FloatSignposts {
    fn at(&self, k: u32) -> f64 {
        self.s.get(k as usize).copied().unwrap_or_else(|| self.exact.at_f64(k))
    }
    fn round(&self, q: f64) -> u32 {
        let mut k = (q.max(2.0) - 2.0).min(1.0e9) as u32;
        while k > 0 && self.at(k - 1) > q {
            k -= 1;
        }
        while self.at(k) <= q && k < 2_000_000_000 {
            k += 1;
        }
        k
    }
}

/// Divisor of a vector apportionment in floating point: a rounding at one divisor, then
/// seats one by one to the highest `w / s(k)` (or from the lowest), then the middle of
/// the interval of divisors that give them.
fn float_divisor(w: &[f64], seats: u32, sp: &FloatSignposts) -> f64 {
    let mut x = vec![0u32; w.len()];
    // Jump: round at the divisor total / seats; then step seat by seat.
    let total: f64 = w.iter().filter(|v| **v > 0.0).sum();
    if total > 0.0 && seats > 0 {
        let d = total / seats as f64;
        for (xj, &wj) in x.iter_mut().zip(w) {
            if wj > 0.0 {
                *xj = sp.round(wj / d).min(seats);
            }
        }
    }
    let mut sum: u64 = x.iter().map(|&k| k as u64).sum();
    while sum > seats as u64 {
        let mut worst: Option<(usize, f64)> = None;
        for (j, &wj) in w.iter().enumerate() {
            if wj > 0.0 && x[j] > 0 {
                let avg = wj / sp.at(x[j] - 1);
                if worst.is_none_or(|(_, b)| avg < b) {
                    worst = Some((j, avg));
                }
            }
        }
        match worst {
            Some((j, _)) => x[j] -= 1,
            None => break,
        }
        sum -= 1;
    }
    for _ in sum..seats as u64 {
        let mut best: Option<(usize, f64)> = None;
        for (j, &wj) in w.iter().enumerate() {
            if wj > 0.0 {
                let avg = wj / sp.at(x[j]);
                if best.is_none_or(|(_, b)| avg > b) {
                    best = Some((j, avg));
                }
            }
        }
        match best {
            Some((j, _)) => x[j] += 1,
            None => break,
        }
    }
    let mut lo: f64 = 0.0;
    let mut hi = f64::INFINITY;
    for (j, &wj) in w.iter().enumerate() {
        if wj > 0.0 {
            lo = lo.max(wj / sp.at(x[j]));
            if x[j] > 0 {
                hi = hi.min(wj / sp.at(x[j] - 1));
            }
        }
    }
    if hi.is_finite() {
        (lo + hi) / 2.0
    } else {
        lo * 2.0 + 1.0
    }
}

/// Alternating scaling in floating point, at most [`SCALING_ROUNDS`] rounds: the
/// divisors it ends with are a guess for the exact steps.
fn float_warm_start(votes: &[Vec<u64>], rows: &[u32], cols: &[u32], exact: &Signposts) -> (Vec<f64>, Vec<f64>, u32) {
    let most = rows.iter().chain(cols).copied().max().unwrap_or(0).min(1_000_000);
    let table = FloatSignposts { s: (0..=most + 1).map(|k| exact.at_f64(k)).collect(), exact: *exact };
    let sp = &table;
    let (r, c) = (rows.len(), cols.len());
    let mut b: Vec<f64> = (0..c)
        .map(|j| {
            let tot: f64 = votes.iter().map(|row| row[j] as f64).sum();
            if cols[j] == 0 || tot == 0.0 { 1.0 } else { tot / cols[j] as f64 }
        })
        .collect();
    let mut a = vec![1.0f64; r];
    let row_step = |a: &mut Vec<f64>, b: &[f64]| {
        for i in 0..r {
            let w: Vec<f64> = (0..c).map(|j| votes[i][j] as f64 / b[j]).collect();
            a[i] = float_divisor(&w, rows[i], sp);
        }
    };
    row_step(&mut a, &b);
    let mut rounds = 0;
    while rounds < SCALING_ROUNDS as u32 {
        let ok = (0..c).all(|j| {
            let s: u64 = (0..r).map(|i| if votes[i][j] == 0 { 0 } else { sp.round(votes[i][j] as f64 / (a[i] * b[j])) as u64 }).sum();
            s == cols[j] as u64
        });
        if ok {
            break;
        }
        rounds += 1;
        for j in 0..c {
            let w: Vec<f64> = (0..r).map(|i| votes[i][j] as f64 / a[i]).collect();
            b[j] = float_divisor(&w, cols[j], sp);
        }
        row_step(&mut a, &b);
    }
    (a, b, rounds)
}

/// A short decimal strictly between `lo` and `hi` (or above `lo` when `hi` is `None`),
/// the closest to the middle among those with the fewest digits; `lo` itself when the
/// interval is a single point.
pub fn short_decimal_between(lo: &BigRational, hi: Option<&BigRational>) -> BigRational {
    let ten = BigRational::from_integer(BigInt::from(10));
    match hi {
        Some(h) if h <= lo => lo.clone(),
        None => {
            // The smallest multiple of the leading power of ten strictly above lo.
            let n = lo.floor() + BigRational::one();
            let mut p = BigRational::one();
            while &p * &ten <= n {
                p = &p * &ten;
            }
            ((lo / &p).floor() + BigRational::one()) * p
        }
        Some(h) => {
            if let (Some((ln, ld)), Some((hn, hd))) = (small(lo), small(h)) {
                if let Some(x) = short_decimal_small(ln, ld, hn, hd) {
                    return x;
                }
            }
            short_decimal_big(lo, h)
        }
    }
}

/// [`short_decimal_between`] with big integers, for `lo < hi`.
fn short_decimal_big(lo: &BigRational, h: &BigRational) -> BigRational {
    // Integer arithmetic only: lo = ln/ld, hi = hn/hd, step = sn/sd = 10^e.
    let (ln, ld, hn, hd) = (lo.numer(), lo.denom(), h.numer(), h.denom());
    let one = BigInt::one();
    let digits = (hn / hd).to_string().len() as i32;
    for e in (-60..=digits).rev() {
        let (sn, sd) = if e >= 0 { (BigInt::from(10u32).pow(e as u32), one.clone()) } else { (one.clone(), BigInt::from(10u32).pow((-e) as u32)) };
        // Multiples n·step strictly inside: floor(lo/step) + 1 ..= ceil(hi/step) − 1.
        let n_lo = (ln * &sd) / (ld * &sn) + &one;
        let den_h = hd * &sn;
        let n_hi = (hn * &sd + &den_h - &one) / &den_h - &one;
        if n_lo <= n_hi {
            // The multiple nearest the middle: round((lo + hi) / (2·step)).
            let den_m = ld * hd * &sn * BigInt::from(2);
            let n_mid = ((ln * hd + hn * ld) * &sd * BigInt::from(2) + &den_m) / (&den_m * BigInt::from(2));
            let n = n_mid.clamp(n_lo, n_hi);
            return ratio(n * sn, sd);
        }
    }
    (lo + h) / r_int(2)
}

/// [`short_decimal_between`] for `ln/ld < hn/hd` in u128; `None` if a product would
/// overflow (the caller then redoes it with big integers).
fn short_decimal_small(ln: u128, ld: u128, hn: u128, hd: u128) -> Option<BigRational> {
    let digits = (hn / hd).checked_ilog10().map_or(1, |d| d as i32 + 1);
    for e in (-30..=digits).rev() {
        let (sn, sd) = if e >= 0 { (10u128.checked_pow(e as u32)?, 1) } else { (1, 10u128.checked_pow((-e) as u32)?) };
        let n_lo = ln.checked_mul(sd)? / ld.checked_mul(sn)?.max(1) + 1;
        let den_h = hd.checked_mul(sn)?;
        let n_hi = ((hn.checked_mul(sd)?.checked_add(den_h - 1)?) / den_h).checked_sub(1)?;
        if n_lo <= n_hi {
            let den_m = ld.checked_mul(hd)?.checked_mul(sn)?.checked_mul(2)?;
            let num_m = ln.checked_mul(hd)?.checked_add(hn.checked_mul(ld)?)?.checked_mul(sd)?.checked_mul(2)?.checked_add(den_m)?;
            let n = (num_m / den_m.checked_mul(2)?).clamp(n_lo, n_hi);
            return Some(ratio(BigInt::from(n.checked_mul(sn)?), BigInt::from(sd)));
        }
    }
    None
}

/// Apportions `seats` among `weights` by the signposts (seat by seat, highest average
/// first, the earlier index on equal averages). Returns the seats and the interval of
/// divisors that give them: `[max w/s(x), min w/s(x−1)]` (`None`: unbounded).
fn apportion_vector(weights: &[BigRational], seats: u32, sp: &Signposts) -> (Vec<u32>, BigRational, Option<BigRational>) {
    let n = weights.len();
    let mut x = vec![0u32; n];
    #[derive(PartialEq, Eq)]
    struct Item(BigRational, std::cmp::Reverse<usize>);
    impl PartialOrd for Item {
        fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
            Some(self.cmp(o))
        }
    }
    impl Ord for Item {
        fn cmp(&self, o: &Self) -> Ordering {
            self.0.cmp(&o.0).then(self.1.cmp(&o.1))
        }
    }
    let mut heap: BinaryHeap<Item> =
        (0..n).filter(|&j| !weights[j].is_zero()).map(|j| Item(&weights[j] / sp.at(0), std::cmp::Reverse(j))).collect();
    for _ in 0..seats {
        let Some(Item(_, std::cmp::Reverse(j))) = heap.pop() else { break };
        x[j] += 1;
        heap.push(Item(&weights[j] / sp.at(x[j]), std::cmp::Reverse(j)));
    }
    let (lo, hi) = interval(weights, &x, sp);
    (x, lo, hi)
}

/// Divisors `D` for which weights `w` round to `x`: `[max w/s(x), min_{x>0} w/s(x−1)]`.
fn interval(weights: &[BigRational], x: &[u32], sp: &Signposts) -> (BigRational, Option<BigRational>) {
    let mut lo = BigRational::zero();
    let mut hi: Option<BigRational> = None;
    for (w, &k) in weights.iter().zip(x) {
        if w.is_zero() {
            continue;
        }
        let l = w / sp.at(k);
        if l > lo {
            lo = l;
        }
        if k > 0 {
            let h = w / sp.at(k - 1);
            if hi.as_ref().is_none_or(|c| &h < c) {
                hi = Some(h);
            }
        }
    }
    (lo, hi)
}

// ---------------------------------------------------------------------------------
// The lower apportionment.
// ---------------------------------------------------------------------------------

struct State {
    v: Vec<Vec<BigRational>>,
    raw: Vec<Vec<u64>>,
    x: Vec<Vec<u32>>,
    a: Vec<BigRational>,
    b: Vec<BigRational>,
    sp: Signposts,
}

impl State {
    fn rows(&self) -> usize {
        self.v.len()
    }
    fn cols(&self) -> usize {
        self.b.len()
    }
    fn q(&self, i: usize, j: usize) -> BigRational {
        let (a, b) = (&self.a[i], &self.b[j]);
        ratio(BigInt::from(self.raw[i][j]) * a.denom() * b.denom(), a.numer() * b.numer())
    }
    /// Compares the cell's quotient `v / (a·b)` with the signpost `s(k)` by
    /// cross-multiplying integers (no reduced rational is built).
    fn cmp_q(&self, i: usize, j: usize, k: u32) -> Ordering {
        let (a, b) = (&self.a[i], &self.b[j]);
        let d = self.sp.method.divisor(k);
        // Fast path: everything in u128, compared as 256-bit products.
        if let (Some((an, ad)), Some((bn, bd))) = (small(a), small(b)) {
            let v = self.raw[i][j] as u128;
            if let (Some(l1), Some(l2), Some(r1)) =
                (v.checked_mul(ad), bd.checked_mul(d.den).and_then(|x| x.checked_mul(self.sp.unit)), d.num.checked_mul(an))
            {
                return cmp_products(l1, l2, r1, bn);
            }
        }
        let lhs = BigInt::from(self.raw[i][j]) * a.denom() * b.denom() * BigInt::from(d.den * self.sp.unit);
        let rhs = BigInt::from(d.num) * a.numer() * b.numer();
        lhs.cmp(&rhs)
    }
    /// The cell's seats with the current divisors, exactly: `#{k : s(k) ≤ q}`.
    fn rounded(&self, i: usize, j: usize) -> u32 {
        if self.raw[i][j] == 0 {
            return 0;
        }
        let guess = self.raw[i][j] as f64 / (ratio_f64(&self.a[i]) * ratio_f64(&self.b[j]));
        let mut k = if guess.is_finite() { (guess.max(2.0) - 2.0).min(1.0e9) as u32 } else { 0 };
        while k > 0 && self.cmp_q(i, j, k - 1) == Ordering::Less {
            k -= 1;
        }
        while self.cmp_q(i, j, k) != Ordering::Less {
            k += 1;
        }
        k
    }
    /// The cell could take one more seat: its quotient is on its upper signpost.
    fn can_gain(&self, i: usize, j: usize) -> bool {
        self.raw[i][j] > 0 && self.cmp_q(i, j, self.x[i][j]) == Ordering::Equal
    }
    /// The cell could give up a seat: its quotient is on its lower signpost.
    fn can_lose(&self, i: usize, j: usize) -> bool {
        self.x[i][j] > 0 && self.cmp_q(i, j, self.x[i][j] - 1) == Ordering::Equal
    }
    /// The interval of divisors of district `i` (`other` = list divisors) or list `j`
    /// (`other` = district divisors) keeping every cell's rounding; candidates are
    /// compared unreduced, only the two ends become rationals.
    fn margin_interval(&self, votes: &[u64], x: &[u32], other: &[BigRational]) -> (BigRational, Option<BigRational>) {
        // w = v / o = (v·o.den) / o.num; w / s(k) = (v·o.den·d.den·u) / (o.num·d.num).
        let cand = |t: usize, k: u32| -> (BigInt, BigInt) {
            let d = self.sp.method.divisor(k);
            let o = &other[t];
            (BigInt::from(votes[t]) * o.denom() * BigInt::from(d.den * self.sp.unit), o.numer() * BigInt::from(d.num))
        };
        if let Some(r) = self.margin_interval_small(votes, x, other) {
            return r;
        }
        let less = |p: &(BigInt, BigInt), q: &(BigInt, BigInt)| &p.0 * &q.1 < &q.0 * &p.1;
        let mut lo: Option<(BigInt, BigInt)> = None;
        let mut hi: Option<(BigInt, BigInt)> = None;
        for t in 0..votes.len() {
            if votes[t] == 0 {
                continue;
            }
            let l = cand(t, x[t]);
            if lo.as_ref().is_none_or(|c| less(c, &l)) {
                lo = Some(l);
            }
            if x[t] > 0 {
                let h = cand(t, x[t] - 1);
                if hi.as_ref().is_none_or(|c| less(&h, c)) {
                    hi = Some(h);
                }
            }
        }
        let mk = |p: (BigInt, BigInt)| ratio(p.0, p.1);
        (lo.map_or_else(BigRational::zero, mk), hi.map(mk))
    }
    fn row_weights(&self, i: usize) -> Vec<BigRational> {
        (0..self.cols()).map(|j| &self.v[i][j] / &self.b[j]).collect()
    }
    fn col_sums(&self) -> Vec<u64> {
        let mut s = vec![0u64; self.cols()];
        for row in &self.x {
            for (j, &k) in row.iter().enumerate() {
                s[j] += k as u64;
            }
        }
        s
    }
    /// Re-chooses every divisor, districts then lists, as the shortest decimal that
    /// keeps every cell's rounding.
    /// [`State::margin_interval`] in u128 when every number fits (the common case).
    #[allow(clippy::type_complexity)]
    fn margin_interval_small(&self, votes: &[u64], x: &[u32], other: &[BigRational]) -> Option<(BigRational, Option<BigRational>)> {
        let mut lo: Option<(u128, u128)> = None;
        let mut hi: Option<(u128, u128)> = None;
        for t in 0..votes.len() {
            if votes[t] == 0 {
                continue;
            }
            let (on, od) = small(&other[t])?;
            let cand = |k: u32| -> Option<(u128, u128)> {
                let d = self.sp.method.divisor(k);
                let n = (votes[t] as u128).checked_mul(od)?.checked_mul(d.den)?.checked_mul(self.sp.unit)?;
                Some((n, on.checked_mul(d.num)?))
            };
            let less = |p: &(u128, u128), q: &(u128, u128)| cmp_products(p.0, q.1, q.0, p.1) == Ordering::Less;
            let l = cand(x[t])?;
            if lo.as_ref().is_none_or(|c| less(c, &l)) {
                lo = Some(l);
            }
            if x[t] > 0 {
                let h = cand(x[t] - 1)?;
                if hi.as_ref().is_none_or(|c| less(&h, c)) {
                    hi = Some(h);
                }
            }
        }
        let mk = |p: (u128, u128)| ratio(BigInt::from(p.0), BigInt::from(p.1));
        Some((lo.map_or_else(BigRational::zero, mk), hi.map(mk)))
    }

    fn tidy_divisors(&mut self) {
        for i in 0..self.rows() {
            let (lo, hi) = self.margin_interval(&self.raw[i], &self.x[i], &self.b);
            self.a[i] = short_decimal_between(&lo, hi.as_ref());
        }
        for j in 0..self.cols() {
            let col: Vec<u32> = self.x.iter().map(|r| r[j]).collect();
            let votes: Vec<u64> = self.raw.iter().map(|r| r[j]).collect();
            let (lo, hi) = self.margin_interval(&votes, &col, &self.a);
            self.b[j] = short_decimal_between(&lo, hi.as_ref());
        }
    }
}

/// A rational as a float, for starting points of exact searches only.
fn ratio_f64(x: &BigRational) -> f64 {
    use num_traits::ToPrimitive;
    x.numer().to_f64().unwrap_or(f64::NAN) / x.denom().to_f64().unwrap_or(f64::NAN)
}

/// The biproportional lower apportionment of `votes[district][list]` with the given
/// margins. Ties are flagged and decided by `ties` (the law's chain).
///
/// ```
/// use mandat_core::biproportional::lower_apportionment;
/// use mandat_core::method::Method;
/// use mandat_core::tie::TieBreaker;
/// let votes = vec![vec![600, 300, 100], vec![200, 500, 300]];
/// let r = lower_apportionment(&votes, &[5, 5], &[4, 4, 2], Method::SainteLague, &mut TieBreaker::new(vec![], 0)).unwrap();
/// let rows: Vec<u32> = (0..2).map(|i| (0..3).map(|k| r.seats(i, k)).sum()).collect();
/// assert_eq!(rows, vec![5, 5]);
/// assert_eq!((0..2).map(|i| r.seats(i, 2)).sum::<u32>(), 2);
/// ```
pub fn lower_apportionment(
    votes: &[Vec<u64>],
    district_seats: &[u32],
    list_seats: &[u32],
    method: Method,
    ties: &mut TieBreaker,
) -> Result<LowerReport, BiproportionalError> {
    let (r, c) = (votes.len(), list_seats.len());
    if district_seats.len() != r {
        return Err(BiproportionalError::Shape { rows: r, seats: district_seats.len() });
    }
    if let Some(i) = votes.iter().position(|row| row.len() != c) {
        return Err(BiproportionalError::Infeasible(format!("district {} has {} lists, expected {c}", i + 1, votes[i].len())));
    }
    let sum_r: u64 = district_seats.iter().map(|&s| s as u64).sum();
    let sum_c: u64 = list_seats.iter().map(|&s| s as u64).sum();
    if sum_r != sum_c {
        return Err(BiproportionalError::Margins { districts: sum_r, lists: sum_c });
    }
    for i in 0..r {
        if district_seats[i] > 0 && votes[i].iter().all(|&v| v == 0) {
            return Err(BiproportionalError::DistrictWithoutVotes(format!("district {}", i + 1)));
        }
    }
    for j in 0..c {
        if list_seats[j] > 0 && votes.iter().all(|row| row[j] == 0) {
            return Err(BiproportionalError::Infeasible(format!("list {} has seats but no votes", j + 1)));
        }
    }
    let sp = Signposts::new(method);
    let v: Vec<Vec<BigRational>> = votes.iter().map(|row| row.iter().map(|&x| r_int(x as u128)).collect()).collect();
    // 1-2. Warm start: alternating scaling in floating point. It is only a guess of
    // the divisors; the exact row step below and tie-and-transfer decide every seat.
    let (fa, fb, rounds) = float_warm_start(votes, district_seats, list_seats, &sp);
    let mut st = State {
        v,
        raw: votes.to_vec(),
        x: vec![vec![0; c]; r],
        a: fa.iter().map(|&f| f64_to_decimal(f)).collect(),
        b: fb.iter().map(|&f| f64_to_decimal(f)).collect(),
        sp,
    };
    // Exact row step: every cell rounded exactly with the guessed divisors; a district
    // whose seats do not add up is apportioned exactly on its own.
    for i in 0..r {
        let row: Vec<u32> = (0..c).map(|j| st.rounded(i, j)).collect();
        if row.iter().map(|&k| k as u64).sum::<u64>() == district_seats[i] as u64 {
            st.x[i] = row;
        } else {
            let (x, lo, hi) = apportion_vector(&st.row_weights(i), district_seats[i], &st.sp);
            st.x[i] = x;
            st.a[i] = short_decimal_between(&lo, hi.as_ref());
        }
    }
    // 3. Tie-and-transfer.
    let excess: u64 = st.col_sums().iter().zip(list_seats).map(|(&s, &t)| s.saturating_sub(t as u64)).sum();
    let guard = (excess + 1) * (r as u64 + c as u64 + 2);
    let (mut transfers, mut updates) = (0u32, 0u32);
    loop {
        let sums = st.col_sums();
        let Some(over) = (0..c).find(|&j| sums[j] > list_seats[j] as u64) else { break };
        loop {
            if (transfers as u64 + updates as u64) > guard {
                return Err(BiproportionalError::Infeasible("tie-and-transfer exceeded its bound".into()));
            }
            match search_path(&st, over, &sums, list_seats) {
                Ok(path) => {
                    for (i, j, d) in path {
                        st.x[i][j] = (st.x[i][j] as i64 + d) as u32;
                    }
                    transfers += 1;
                    break;
                }
                Err((lr, lc)) => {
                    let alpha = scaling_factor(&st, &lr, &lc).ok_or_else(|| {
                        let names: Vec<String> = (0..c).filter(|&j| lc[j]).map(|j| format!("list {}", j + 1)).collect();
                        BiproportionalError::Infeasible(format!("{} cannot place their seats", names.join(", ")))
                    })?;
                    for j in 0..c {
                        if lc[j] {
                            st.b[j] = &st.b[j] * &alpha;
                        }
                    }
                    for i in 0..r {
                        if lr[i] {
                            st.a[i] = &st.a[i] / &alpha;
                        }
                    }
                    updates += 1;
                }
            }
        }
        st.tidy_divisors();
    }
    // 4. Readable divisors.
    st.tidy_divisors();
    st.tidy_divisors();
    // 5. Ties.
    let lower_ties = resolve_ties(&mut st, ties);
    let flags = flag_ties(&st, &vec![false; r]);
    let cells = (0..r)
        .map(|i| {
            (0..c)
                .map(|j| Cell { votes: votes[i][j], quotient: Exact(st.q(i, j)), seats: st.x[i][j], tie: flags[i][j] })
                .collect()
        })
        .collect();
    Ok(LowerReport {
        method: method.to_string(),
        lists: (0..c).collect(),
        list_seats: list_seats.to_vec(),
        district_divisors: st.a.iter().cloned().map(Exact).collect(),
        list_divisors: st.b.iter().cloned().map(Exact).collect(),
        cells,
        ties: lower_ties,
        scaling_rounds: rounds,
        transfers,
        divisor_updates: updates,
    })
}

type Path = Vec<(usize, usize, i64)>;

/// Breadth-first search from an over-represented list for a transfer path to an
/// under-represented one; on failure, the labelled districts and lists.
fn search_path(st: &State, over: usize, sums: &[u64], target: &[u32]) -> Result<Path, (Vec<bool>, Vec<bool>)> {
    let (r, c) = (st.rows(), st.cols());
    let mut lr = vec![false; r];
    let mut lc = vec![false; c];
    let mut from_col = vec![usize::MAX; r]; // row i reached from column from_col[i]
    let mut from_row = vec![usize::MAX; c]; // column j reached from row from_row[j]
    let mut queue = VecDeque::new();
    lc[over] = true;
    queue.push_back(over);
    while let Some(j) = queue.pop_front() {
        for i in 0..r {
            if lr[i] || !st.can_lose(i, j) {
                continue;
            }
            lr[i] = true;
            from_col[i] = j;
            for j2 in 0..c {
                if lc[j2] || !st.can_gain(i, j2) {
                    continue;
                }
                lc[j2] = true;
                from_row[j2] = i;
                if sums[j2] < target[j2] as u64 {
                    let mut path = Vec::new();
                    let mut col = j2;
                    while col != over {
                        let row = from_row[col];
                        path.push((row, col, 1));
                        let prev = from_col[row];
                        path.push((row, prev, -1));
                        col = prev;
                    }
                    return Ok(path);
                }
                queue.push_back(j2);
            }
        }
    }
    Err((lr, lc))
}

/// The smallest factor > 1 by which the labelled lists' divisors can grow (and the
/// labelled districts' shrink) before a cell reaches a signpost.
fn scaling_factor(st: &State, lr: &[bool], lc: &[bool]) -> Option<BigRational> {
    let mut best: Option<BigRational> = None;
    let mut consider = |f: BigRational| {
        if best.as_ref().is_none_or(|b| &f < b) {
            best = Some(f);
        }
    };
    for i in 0..st.rows() {
        for j in 0..st.cols() {
            if st.raw[i][j] == 0 {
                continue;
            }
            if lr[i] && !lc[j] {
                // The quotient grows by α up to its upper signpost.
                consider(st.sp.at(st.x[i][j]) / st.q(i, j));
            } else if !lr[i] && lc[j] && st.x[i][j] > 0 {
                // The quotient shrinks by α down to its lower signpost.
                consider(st.q(i, j) / st.sp.at(st.x[i][j] - 1));
            }
        }
    }
    best
}

/// Cells whose seat can go either way, ignoring districts in `skip`: tie arcs inside a
/// strongly connected component of the tie graph.
fn flag_ties(st: &State, skip: &[bool]) -> Vec<Vec<Option<TieFlag>>> {
    let (r, c) = (st.rows(), st.cols());
    let n = r + c;
    // Arcs: + cell (i, j): i → r + j; − cell: r + j → i.
    let mut kind = vec![vec![None; c]; r];
    let mut adj: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut radj: Vec<Vec<usize>> = vec![Vec::new(); n];
    for i in 0..r {
        if skip[i] {
            continue;
        }
        for j in 0..c {
            if st.can_gain(i, j) {
                kind[i][j] = Some(TieFlag::Plus);
                adj[i].push(r + j);
                radj[r + j].push(i);
            } else if st.can_lose(i, j) {
                kind[i][j] = Some(TieFlag::Minus);
                adj[r + j].push(i);
                radj[i].push(r + j);
            }
        }
    }
    let comp = kosaraju(&adj, &radj);
    let mut out = vec![vec![None; c]; r];
    for i in 0..r {
        for j in 0..c {
            if kind[i][j].is_some() && comp[i] == comp[r + j] {
                out[i][j] = kind[i][j];
            }
        }
    }
    out
}

/// Strongly connected components (iterative Kosaraju): a component id per node.
fn kosaraju(adj: &[Vec<usize>], radj: &[Vec<usize>]) -> Vec<usize> {
    let n = adj.len();
    let mut seen = vec![false; n];
    let mut order = Vec::with_capacity(n);
    for s in 0..n {
        if seen[s] {
            continue;
        }
        seen[s] = true;
        let mut stack = vec![(s, 0usize)];
        while let Some(&mut (u, ref mut k)) = stack.last_mut() {
            if *k < adj[u].len() {
                let w = adj[u][*k];
                *k += 1;
                if !seen[w] {
                    seen[w] = true;
                    stack.push((w, 0));
                }
            } else {
                order.push(u);
                stack.pop();
            }
        }
    }
    let mut comp = vec![usize::MAX; n];
    let mut id = 0;
    for &s in order.iter().rev() {
        if comp[s] != usize::MAX {
            continue;
        }
        let mut stack = vec![s];
        comp[s] = id;
        while let Some(u) = stack.pop() {
            for &w in &radj[u] {
                if comp[w] == usize::MAX {
                    comp[w] = id;
                    stack.push(w);
                }
            }
        }
        id += 1;
    }
    comp
}

/// Decides the ties district by district with the law's chain (see the module doc).
fn resolve_ties(st: &mut State, ties: &mut TieBreaker) -> Vec<LowerTie> {
    let (r, c) = (st.rows(), st.cols());
    let mut decided = vec![false; r];
    let mut out = Vec::new();
    loop {
        let flags = flag_ties(st, &decided);
        let Some(i) = (0..r).find(|&i| !decided[i] && flags[i].iter().any(Option::is_some)) else { break };
        let holders: Vec<usize> = (0..c).filter(|&j| flags[i][j] == Some(TieFlag::Minus)).collect();
        let contenders: Vec<usize> = (0..c).filter(|&j| flags[i][j].is_some()).collect();
        let stage = TieStage::Average { average: Fraction::ZERO };
        let winners = ties.decide(&contenders, holders.len(), &st.raw[i], stage);
        let record = ties.take_ties().pop();
        decided[i] = true;
        let mut losing: Vec<usize> = holders.iter().copied().filter(|h| !winners.contains(h)).collect();
        let mut not_realized = Vec::new();
        for &w in winners.iter().filter(|w| !holders.contains(w)) {
            match transfer_cycle(st, i, w, &losing, &decided) {
                Some((h, path)) => {
                    st.x[i][w] += 1;
                    st.x[i][h] -= 1;
                    for (ii, jj, d) in path {
                        st.x[ii][jj] = (st.x[ii][jj] as i64 + d) as u32;
                    }
                    losing.retain(|&x| x != h);
                }
                None => not_realized.push(w),
            }
        }
        let (decided_by, seed) = record.map_or((TieRule::Lot, None), |t| (t.decided_by, t.seed));
        out.push(LowerTie { district: i, contenders, seats: holders.len(), winners, decided_by, seed, not_realized });
    }
    out
}

/// A path that lets cell (i, w) take a seat from one of the cells (i, h), h in
/// `losing`: from list w through districts other than i and not decided, to list h.
fn transfer_cycle(st: &State, i: usize, w: usize, losing: &[usize], decided: &[bool]) -> Option<(usize, Path)> {
    let (r, c) = (st.rows(), st.cols());
    let mut seen_c = vec![false; c];
    let mut seen_r = vec![false; r];
    let mut from_col = vec![usize::MAX; r];
    let mut from_row = vec![usize::MAX; c];
    let mut queue = VecDeque::new();
    seen_c[w] = true;
    queue.push_back(w);
    while let Some(j) = queue.pop_front() {
        for i2 in 0..r {
            if i2 == i || decided[i2] || seen_r[i2] || !st.can_lose(i2, j) {
                continue;
            }
            seen_r[i2] = true;
            from_col[i2] = j;
            for j2 in 0..c {
                if seen_c[j2] || !st.can_gain(i2, j2) {
                    continue;
                }
                seen_c[j2] = true;
                from_row[j2] = i2;
                if losing.contains(&j2) {
                    let mut path = Vec::new();
                    let mut col = j2;
                    while col != w {
                        let row = from_row[col];
                        path.push((row, col, 1));
                        let prev = from_col[row];
                        path.push((row, prev, -1));
                        col = prev;
                    }
                    return Some((j2, path));
                }
                queue.push_back(j2);
            }
        }
    }
    None
}

// ---------------------------------------------------------------------------------
// Quorum and upper apportionment.
// ---------------------------------------------------------------------------------

/// The whole biproportional count of `votes[district][party]` (every party of the
/// election, zeros where it does not stand) with the districts' seats and valid votes
/// (the base of the district quorum).
pub fn run(
    config: &Biproportional,
    district_seats: &[u32],
    votes: &[Vec<u64>],
    valid_votes: &[u64],
    ties: &mut TieBreaker,
) -> Result<BiproportionalReport, BiproportionalError> {
    let r = votes.len();
    if district_seats.len() != r || valid_votes.len() != r {
        return Err(BiproportionalError::Shape { rows: r, seats: district_seats.len() });
    }
    let n = votes.first().map_or(0, Vec::len);
    if let Some(i) = votes.iter().position(|row| row.len() != n) {
        return Err(BiproportionalError::Infeasible(format!("district {} has {} lists, expected {n}", i + 1, votes[i].len())));
    }
    // Upper-apportionment figures per district and party.
    let figure = |i: usize, p: usize| -> BigRational {
        let v = votes[i][p] as u128;
        let s = district_seats[i].max(1) as u128;
        match config.upper_votes {
            UpperVotes::Votes => r_int(v),
            UpperVotes::VoterNumbers => ratio(BigInt::from(v), BigInt::from(s)),
            UpperVotes::RoundedVoterNumbers => r_int((2 * v + s) / (2 * s)),
        }
    };
    let all_totals: Vec<BigRational> = (0..n)
        .map(|p| match config.upper_votes {
            // Whole figures: summed as integers, one rational at the end.
            UpperVotes::Votes | UpperVotes::RoundedVoterNumbers => r_int(
                (0..r)
                    .map(|i| {
                        let (v, s) = (votes[i][p] as u128, district_seats[i].max(1) as u128);
                        if config.upper_votes == UpperVotes::Votes { v } else { (2 * v + s) / (2 * s) }
                    })
                    .sum(),
            ),
            UpperVotes::VoterNumbers => (0..r).map(|i| figure(i, p)).fold(BigRational::zero(), |a, b| a + b),
        })
        .collect();
    // 1. Quorum.
    let quorum = config.quorum.as_ref().map(|q| {
        let mut best_share = Vec::with_capacity(n);
        let mut best_district = Vec::with_capacity(n);
        let mut overall_share = Vec::with_capacity(n);
        let mut passed = Vec::with_capacity(n);
        let grand: BigRational = all_totals.iter().fold(BigRational::zero(), |a, b| a + b);
        for p in 0..n {
            // The best district share, compared by cross-multiplying integers.
            let mut best: Option<usize> = None;
            for i in 0..r {
                if valid_votes[i] == 0 {
                    continue;
                }
                let better = best.is_none_or(|b| {
                    cmp_products(votes[i][p] as u128, valid_votes[b] as u128, votes[b][p] as u128, valid_votes[i] as u128) == Ordering::Greater
                });
                if better {
                    best = Some(i);
                }
            }
            let best_value = best.map_or_else(BigRational::zero, |i| ratio(BigInt::from(votes[i][p]), BigInt::from(valid_votes[i])));
            let overall = if grand.is_zero() { BigRational::zero() } else { &all_totals[p] / &grand };
            let ok = q.in_any_district.as_ref().is_some_and(|pc| best.is_some_and(|i| pc.reached_by(votes[i][p], valid_votes[i])))
                || q.overall.as_ref().is_some_and(|pc| overall >= r_frac(pc.as_fraction()));
            let best = (best_value, best);
            passed.push(ok && !all_totals[p].is_zero());
            best_share.push(Exact(best.0));
            best_district.push(best.1);
            overall_share.push(Exact(overall));
        }
        QuorumReport {
            in_any_district: q.in_any_district,
            overall: q.overall,
            best_share,
            best_district,
            overall_share,
            passed,
            article: q.article.clone(),
        }
    });
    let lists: Vec<usize> =
        (0..n).filter(|&p| quorum.as_ref().map_or(!all_totals[p].is_zero(), |q| q.passed[p])).collect();
    if lists.is_empty() {
        return Err(BiproportionalError::NoListTakesPart);
    }
    // 2. Upper apportionment: on integers (figures scaled by a common denominator).
    let total_seats: u64 = district_seats.iter().map(|&s| s as u64).sum();
    let totals: Vec<BigRational> = lists.iter().map(|&p| all_totals[p].clone()).collect();
    let common = totals.iter().fold(BigInt::one(), |l, t| num_integer_lcm(&l, t.denom()));
    let scaled: Vec<u64> = totals
        .iter()
        .map(|t| {
            let s = (t * BigRational::from_integer(common.clone())).to_integer();
            u64::try_from(s).map_err(|_| BiproportionalError::TooLarge(format!("a list's total × {common} exceeds 2^64")))
        })
        .collect::<Result<_, _>>()?;
    let seats_u32 = u32::try_from(total_seats).map_err(|_| BiproportionalError::TooLarge("seats".into()))?;
    let seats = config.upper_method.allocate(&scaled, seats_u32, ties);
    let upper_ties = ties.take_ties();
    let usp = Signposts::new(config.upper_method);
    let (dmin, dmax) = interval(&totals, &seats, &usp);
    let divisor = short_decimal_between(&dmin, dmax.as_ref());
    let quotients = totals.iter().map(|t| Exact(t / &divisor)).collect();
    let upper = UpperReport {
        method: config.upper_method.to_string(),
        votes_kind: config.upper_votes,
        lists: lists.clone(),
        cells: (0..r).map(|i| lists.iter().map(|&p| Exact(figure(i, p))).collect()).collect(),
        totals: totals.into_iter().map(Exact).collect(),
        seats: seats.clone(),
        divisor: Exact(divisor),
        divisor_min: Exact(dmin),
        divisor_max: dmax.map(Exact),
        quotients,
        ties: upper_ties,
    };
    // 3. Lower apportionment among the lists with seats.
    let cols: Vec<usize> = (0..lists.len()).filter(|&k| seats[k] > 0).collect();
    let matrix: Vec<Vec<u64>> = votes.iter().map(|row| cols.iter().map(|&k| row[lists[k]]).collect()).collect();
    let col_seats: Vec<u32> = cols.iter().map(|&k| seats[k]).collect();
    let mut lower = lower_apportionment(&matrix, district_seats, &col_seats, config.lower_method, ties)?;
    lower.lists = cols.iter().map(|&k| lists[k]).collect();
    Ok(BiproportionalReport { district_seats: district_seats.to_vec(), quorum, upper, lower, article: config.article.clone() })
}

fn num_integer_lcm(a: &BigInt, b: &BigInt) -> BigInt {
    let (mut x, mut y) = (a.clone(), b.clone());
    while !y.is_zero() {
        let t = &x % &y;
        x = y;
        y = t;
    }
    if x.is_zero() {
        return a.clone();
    }
    a / &x * b
}

// ---------------------------------------------------------------------------------
// The count of an election under a biproportional law.
// ---------------------------------------------------------------------------------

/// Counts `election` under a law with a `[biproportional]` section: districts are the
/// results' constituencies, with their seats from the results or else the law.
pub fn count(
    law: &crate::law::Law,
    config: &Biproportional,
    election: &crate::election::Election,
    seed: u64,
) -> Result<crate::count::Outcome, crate::count::CountError> {
    use crate::count::{AllocationReport, Contest, CountError, Outcome};
    if election.constituencies.is_empty() {
        return Err(CountError::Empty);
    }
    crate::count::match_constituencies(law, election)?;
    let mut district_seats = Vec::new();
    for c in &election.constituencies {
        let from_law = law.constituency(&c.name).map(|k| k.seats.0);
        let (declared, _, _) = crate::count::declared(law, c);
        if let Some(fixed) = from_law {
            crate::count::check_declared(law, &c.name, "seats", declared, fixed)?;
        }
        let s = match (law.results_seats, declared, from_law) {
            (crate::law::ResultsSeats::Use, Some(d), _) | (_, Some(d), None) => d,
            (_, _, Some(fixed)) => fixed,
            (_, None, None) => return Err(CountError::NoSeats(c.name.clone())),
        };
        if s == 0 {
            return Err(CountError::ZeroSeats(c.name.clone()));
        }
        district_seats.push(s);
    }
    if let Some(k) = law.constituencies.iter().find(|k| !election.constituencies.iter().any(|c| c.name == k.name)) {
        return Err(BiproportionalError::MissingDistrict(k.name.clone()).into());
    }
    let sum: u64 = district_seats.iter().map(|&s| s as u64).sum();
    if let Some(s) = law.seats {
        if s.0 as u64 != sum {
            return Err(BiproportionalError::SeatsMismatch { law: s.0, sum }.into());
        }
    }
    let n = election.parties.len();
    let votes: Vec<Vec<u64>> = election
        .constituencies
        .iter()
        .map(|c| {
            let mut row = vec![0u64; n];
            for &(p, v) in &c.votes {
                row[p] = v;
            }
            row
        })
        .collect();
    let valid: Vec<u64> = election.constituencies.iter().map(|c| c.valid_votes()).collect();
    let mut ties = TieBreaker::new(law.ties.chain.clone(), seed);
    let report = run(config, &district_seats, &votes, &valid, &mut ties)?;
    let mut total = vec![0u32; n];
    let contests = election
        .constituencies
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let parties: Vec<usize> = c.votes.iter().map(|&(p, _)| p).collect();
            let result: Vec<u32> = parties
                .iter()
                .map(|&p| report.lower.lists.iter().position(|&q| q == p).map_or(0, |k| report.lower.seats(i, k)))
                .collect();
            for (&p, &s) in parties.iter().zip(&result) {
                total[p] += s;
            }
            Contest {
                name: c.name.clone(),
                seats: district_seats[i],
                votes: c.votes.iter().map(|&(_, v)| v).collect(),
                leveling: vec![0; parties.len()],
                units: (0..parties.len()).map(|k| vec![k]).collect(),
                allocation: AllocationReport::Averages {
                    method: format!("biproportional ({})", config.lower_method),
                    squared: false,
                    seats: Vec::new(),
                },
                parties,
                result,
                threshold: None,
                splits: Vec::new(),
                ties: Vec::new(),
                capped: Vec::new(),
                continued_from: Vec::new(),
                transferred: Vec::new(),
                preferential: None,
                alliance_bar: None,
            }
        })
        .collect();
    Ok(Outcome {
        parties: election.parties.clone(),
        votes: election.national_votes(),
        apportionment: None,
        contests,
        compensation: None,
        total,
        seed,
        regional: None,
        biproportional: Some(report),
        single_member: Vec::new(),
        not_counted: Vec::new(),
        pooled: None,
        bonus: None,
        transfer: None,
        ranked: Vec::new(),
        additional: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(n: i64, d: i64) -> BigRational {
        BigRational::new(BigInt::from(n), BigInt::from(d))
    }

    #[test]
    fn short_decimals() {
        assert_eq!(short_decimal_between(&r(75870, 100), Some(&r(77393, 100))), r(770, 1));
        assert_eq!(short_decimal_between(&r(167413, 100), Some(&r(167533, 100))), r(1675, 1));
        assert_eq!(short_decimal_between(&r(1, 3), Some(&r(1, 3))), r(1, 3));
        assert_eq!(short_decimal_between(&r(1, 3), Some(&r(2, 5))), r(37, 100));
        assert_eq!(short_decimal_between(&r(1234, 1), None), r(2000, 1));
    }

    #[test]
    fn short_decimals_in_u128_equal_the_big_integer_ones() {
        let mut x = 987_654_321u64;
        for _ in 0..5000 {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let (a, b, c, d) = ((x >> 40) % 100_000 + 1, (x >> 20) % 1000 + 1, (x >> 8) % 700 + 1, x % 9 + 1);
            let lo = r(a as i64, b as i64);
            let hi = &lo + r(c as i64, (d * 1000) as i64);
            let (ln, ld) = (lo.numer().try_into().unwrap(), lo.denom().try_into().unwrap());
            let (hn, hd) = (hi.numer().try_into().unwrap(), hi.denom().try_into().unwrap());
            let s = short_decimal_small(ln, ld, hn, hd).unwrap();
            assert_eq!(s, short_decimal_big(&lo, &hi), "{lo} {hi}");
            assert!(lo < s && s < hi);
        }
    }

    #[test]
    fn decimals_round_half_up() {
        assert_eq!(decimal_string(&r(2, 3), 3), "0.667");
        assert_eq!(decimal_string(&r(5, 1), 2), "5.00");
        assert_eq!(decimal_string(&r(1, 200), 2), "0.01");
    }

    #[test]
    fn a_simple_tie_is_flagged_and_decided() {
        // Two districts, two lists, everything equal: 1 seat each way could go either way.
        let votes = vec![vec![100, 100], vec![100, 100]];
        let mut tb = TieBreaker::new(vec![TieRule::MoreVotes, TieRule::ListOrder], 0);
        let rep = lower_apportionment(&votes, &[1, 1], &[1, 1], Method::SainteLague, &mut tb).unwrap();
        assert_eq!(rep.ties.len(), 1);
        assert_eq!(rep.ties[0].decided_by, TieRule::ListOrder);
        // District 1 gives its seat to list 1 (list order), so district 2's goes to list 2.
        assert_eq!((rep.seats(0, 0), rep.seats(0, 1), rep.seats(1, 0), rep.seats(1, 1)), (1, 0, 0, 1));
        assert!(rep.cells.iter().flatten().all(|c| c.tie.is_some()));
    }

    #[test]
    fn infeasible_margins_are_an_error() {
        let votes = vec![vec![100, 0], vec![100, 0]];
        let e = lower_apportionment(&votes, &[1, 1], &[1, 1], Method::SainteLague, &mut TieBreaker::new(vec![], 0));
        assert!(matches!(e, Err(BiproportionalError::Infeasible(_))), "{e:?}");
        let votes = vec![vec![100, 0], vec![0, 100]];
        let e = lower_apportionment(&votes, &[2, 0], &[1, 1], Method::SainteLague, &mut TieBreaker::new(vec![], 0));
        assert!(matches!(e, Err(BiproportionalError::Infeasible(_))), "{e:?}");
    }
}
