//! Properties of every apportionment method in `Method::NAMES`, and of the exact
//! arithmetic in `exact.rs` against num-bigint.
//!
//! Bugs this suite found (since fixed) keep their minimal inputs in `mod regressions`
//! at the end.

use std::cmp::Ordering;

use mandat_core::exact::{cmp_products, wide_mul, Decimal, DecimalError, Fraction, Percent, PercentError};
use mandat_core::method::{highest_averages_weighted, quota_allocation, quota_allocation_averages, quota_allocation_capped, quota_allocation_capped_of, Leftover, Method, Quota, QuotaRounding};
use mandat_core::tie::{TieBreaker, TieRule};
use num_bigint::{BigInt, BigUint};
use num_rational::BigRational;
use num_traits::{One, ToPrimitive, Zero};
use proptest::prelude::*;

// ---------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------

/// Every method users can name, modified Sainte-Laguë with first divisors 1.4 and 1.2.
fn all_methods() -> Vec<Method> {
    let mut out = Vec::new();
    for name in Method::NAMES {
        if *name == "modified-sainte-lague" {
            for fd in ["1.4", "1.2"] {
                out.push(Method::from_name(name, Some(fd.parse().unwrap())).unwrap());
            }
        } else {
            out.push(Method::from_name(name, None).unwrap());
        }
    }
    assert_eq!(out.len(), Method::NAMES.len() + 1);
    out
}

fn chain() -> TieBreaker {
    TieBreaker::new(vec![TieRule::MoreVotes, TieRule::ListOrder], 0)
}

fn run(m: &Method, votes: &[u64], seats: u32) -> (Vec<u32>, TieBreaker) {
    let mut tb = chain();
    let a = m.allocate(votes, seats, &mut tb);
    (a, tb)
}

fn positive(votes: &[u64]) -> usize {
    votes.iter().filter(|&&v| v > 0).count()
}


/// Droop quota, as the law defines it: floor(V / (S + 1)) + 1.
fn droop_quota(total: u64, seats: u32) -> u128 {
    total as u128 / (seats as u128 + 1) + 1
}

/// Whether the Droop quota is at most the Hare quota V / S (true whenever V >= S(S+1)).
fn droop_below_hare(total: u64, seats: u32) -> bool {
    droop_quota(total, seats) * seats as u128 <= total as u128
}

/// 1 to 40 parties with up to 10^9 votes (a few with none), at least one with votes.
fn votes() -> impl Strategy<Value = Vec<u64>> {
    prop::collection::vec(prop_oneof![1 => Just(0u64), 12 => 1..=1_000_000_000u64], 1..=40)
        .prop_filter("some party has votes", |v| positive(v) > 0)
}

/// Small vote counts: ties, tiny electorates and exact multiples are common.
fn small_votes() -> impl Strategy<Value = Vec<u64>> {
    prop::collection::vec(0..=30u64, 1..=8).prop_filter("some party has votes", |v| positive(v) > 0)
}

fn any_votes() -> impl Strategy<Value = Vec<u64>> {
    prop_oneof![3 => votes(), 1 => small_votes()]
}

// ---------------------------------------------------------------------------------
// Methods
// ---------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Leftover seats by votes (Georgia): the seats add up, every list keeps its integer
    /// part, and a list never gets more leftover seats than a list with more votes.
    #[test]
    fn leftover_seats_by_votes_follow_the_votes(votes in any_votes(), seats in 1..=500u32, droop in any::<bool>()) {
        let q = if droop { Quota::Droop } else { Quota::Hare };
        let r = quota_allocation(q, QuotaRounding::Exact, true, Leftover::MostVotes, &votes, seats, &mut chain());
        prop_assert_eq!(r.seats.iter().map(|&s| s as u64).sum::<u64>(), seats as u64);
        let held: u32 = r.integer_seats.iter().sum();
        if held <= seats {
            for i in 0..votes.len() {
                prop_assert!(r.seats[i] >= r.integer_seats[i]);
                for j in 0..votes.len() {
                    if votes[i] > votes[j] {
                        prop_assert!(r.seats[i] - r.integer_seats[i] >= r.seats[j] - r.integer_seats[j]);
                    }
                }
            }
        }
        // The integer parts are those of largest remainders: only the leftover seats differ.
        let lr = quota_allocation(q, QuotaRounding::Exact, true, Leftover::LargestRemainders, &votes, seats, &mut chain());
        prop_assert_eq!(&r.integer_seats, &lr.integer_seats);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Leftover seats by highest averages among the lists with a share of the quota
    /// (Brazil, Código Eleitoral art. 107-109): the seats add up, every list keeps its
    /// integer part, a list below the share wins no leftover seat while some list reaches
    /// it, and with the exact Hare quota of all the votes the result is D'Hondt among
    /// the lists that reach the share, for a share of at most one quota (every list with
    /// an integer part takes part; the integer parts never exceed the D'Hondt
    /// seats, so continuing the averages from them ends where D'Hondt does).
    #[test]
    fn leftover_seats_by_averages_among_lists_with_a_share_of_the_quota(votes in any_votes(), seats in 1..=300u32, tenths in 1..=10u32) {
        let m = Fraction::new(tenths as u128, 10);
        let r = quota_allocation_averages(Quota::Hare, QuotaRounding::Exact, m, &votes, None, seats, &mut chain());
        prop_assert_eq!(r.seats.iter().map(|&s| s as u64).sum::<u64>(), seats as u64);
        let total: u128 = votes.iter().map(|&v| v as u128).sum();
        prop_assume!(total > 0);
        // votes ≥ m × total / seats
        let eligible: Vec<bool> = votes.iter().map(|&v| v > 0 && Fraction::integer(v as u128 * seats as u128) >= Fraction::new(m.num * total, m.den)).collect();
        prop_assert_eq!(&r.leftover_eligible, &eligible);
        for i in 0..votes.len() {
            prop_assert!(r.seats[i] >= r.integer_seats[i]);
            if eligible.iter().any(|&e| e) && !eligible[i] {
                prop_assert_eq!(r.seats[i], r.integer_seats[i]);
            }
        }
        if eligible.iter().any(|&e| e) {
            let kept: Vec<u64> = votes.iter().zip(&eligible).map(|(&v, &e)| if e { v } else { 0 }).collect();
            // Equal averages at D'Hondt's cut may be decided otherwise: skip them.
            let mut q: Vec<Fraction> = kept.iter().filter(|&&v| v > 0).flat_map(|&v| (1..=seats as u128 + 1).map(move |d| Fraction::new(v as u128, d))).collect();
            q.sort_by(|a, b| b.cmp(a));
            let s = seats as usize;
            prop_assume!(q.len() <= s || q[s - 1] != q[s]);
            let d = Method::from_name("dhondt", None).unwrap().allocate(&kept, seats, &mut chain());
            prop_assert_eq!(&r.seats, &d);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Capped remainder seats (South Africa, Schedule 1A item 6): the seats add up, every
    /// list keeps its integer part, at most `cap` seats go by remainders, a list without
    /// a seat before the averages gets none from them, and a cap of at least the seats
    /// left is plain largest remainders.
    #[test]
    fn capped_remainder_seats(votes in any_votes(), seats in 1..=400u32, cap in 0..=8u32, droop in any::<bool>()) {
        let q = if droop { Quota::Droop } else { Quota::Hare };
        let r = quota_allocation_capped(q, QuotaRounding::Exact, cap, &votes, seats, &mut chain());
        prop_assert_eq!(r.seats.iter().map(|&s| s as u64).sum::<u64>(), seats as u64);
        // A quota base equal to the listed votes is the plain rule; a larger base (lists
        // not given, South Africa's 'votes cast nationally') still fills every seat.
        let sum: u128 = votes.iter().map(|&v| v as u128).sum();
        let same = quota_allocation_capped_of(q, QuotaRounding::Exact, cap, &votes, Some(sum), seats, &mut chain());
        prop_assert_eq!(&same.seats, &r.seats);
        let wider = quota_allocation_capped_of(q, QuotaRounding::Exact, cap, &votes, Some(sum + sum / 3 + 1), seats, &mut chain());
        prop_assert_eq!(wider.seats.iter().map(|&s| s as u64).sum::<u64>(), seats as u64);
        let held: u32 = r.integer_seats.iter().sum();
        let lr = quota_allocation(q, QuotaRounding::Exact, true, Leftover::LargestRemainders, &votes, seats, &mut chain());
        if held <= seats {
            for i in 0..votes.len() {
                prop_assert!(r.seats[i] >= r.integer_seats[i]);
            }
            let left = seats - held;
            if !r.average_seats.is_empty() {
                prop_assert!(r.remainder_seats.len() as u32 == cap.min(left));
                let before: Vec<u32> = (0..votes.len()).map(|i| r.seats[i] - r.average_seats.iter().filter(|&&j| j == i).count() as u32).collect();
                for &j in &r.average_seats {
                    prop_assert!(before[j] > 0);
                }
            }
            if cap >= left {
                prop_assert_eq!(&r.seats, &lr.seats);
                prop_assert!(r.average_seats.is_empty());
            }
        } else {
            prop_assert_eq!(&r.seats, &lr.seats);
        }
    }

    /// Multiplied averages (Serbia's 35% for minority lists): with every factor 1 the
    /// allocation is the method's own; raising one list's factor never costs it a seat;
    /// the seats add up.
    #[test]
    fn weighted_averages(votes in any_votes(), seats in 1..=300u32, which in 0..12usize, pct in 100..=300u128) {
        for m in all_methods().into_iter().filter(|m| m.is_divisor() && !m.squared_averages()) {
            let ones = vec![Fraction::integer(1); votes.len()];
            let (plain, _) = highest_averages_weighted(&m, &votes, &ones, seats, &mut chain());
            let (reference, _) = run(&m, &votes, seats);
            prop_assert_eq!(&plain, &reference, "{}", m.name());
            let i = which % votes.len();
            let mut w = ones.clone();
            w[i] = Fraction::new(pct, 100);
            let (more, order) = highest_averages_weighted(&m, &votes, &w, seats, &mut chain());
            prop_assert_eq!(more.iter().map(|&s| s as u64).sum::<u64>(), seats as u64);
            prop_assert_eq!(order.len() as u32, seats);
            if votes.iter().any(|&v| v > 0) {
                prop_assert!(more[i] >= plain[i], "{}: factor {pct}% took a seat from list {i}", m.name());
            }
        }
    }
}

#[test]
fn every_name_builds_its_method() {
    let ms = all_methods();
    for (m, name) in ms.iter().zip(Method::NAMES.iter().flat_map(|n| {
        let k = if *n == "modified-sainte-lague" { 2 } else { 1 };
        std::iter::repeat_n(*n, k)
    })) {
        assert_eq!(m.name(), name);
    }
    assert_eq!(ms.iter().filter(|m| m.is_divisor()).count(), 9);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn seats_add_up_to_the_house(votes in any_votes(), seats in 0..=500u32) {
        for m in all_methods() {
            let (a, _) = run(&m, &votes, seats);
            prop_assert_eq!(a.len(), votes.len());
            prop_assert_eq!(a.iter().map(|&x| x as u64).sum::<u64>(), seats as u64, "{}: {:?} for {:?}", m, a, votes);
        }
    }

    /// S + 1 seats never give a party fewer seats than S (divisor methods), and exactly
    /// one party gains.
    #[test]
    fn divisor_methods_are_house_monotone(votes in any_votes(), seats in 1..=499u32) {
        for m in all_methods().into_iter().filter(|m| m.is_divisor()) {
            let (a, t1) = run(&m, &votes, seats);
            let (b, t2) = run(&m, &votes, seats + 1);
            if !t1.ties().is_empty() || !t2.ties().is_empty() {
                continue;
            }
            for i in 0..votes.len() {
                prop_assert!(b[i] >= a[i], "{}: party {} has {} seats of {} but {} of {} ({:?})", m, i, a[i], seats, b[i], seats + 1, votes);
            }
            prop_assert_eq!((0..votes.len()).filter(|&i| b[i] == a[i] + 1).count(), 1);
        }
    }

    /// Hare: floor(vS/V) <= s <= ceil(vS/V), ties or not.
    #[test]
    fn hare_satisfies_quota(votes in any_votes(), seats in 1..=500u32) {
        let m = Method::from_name("hare", None).unwrap();
        let (a, _) = run(&m, &votes, seats);
        let total: u128 = votes.iter().map(|&v| v as u128).sum();
        for (i, &v) in votes.iter().enumerate() {
            let exact = v as u128 * seats as u128;
            let (lo, hi) = (exact / total, exact.div_ceil(total));
            prop_assert!(lo <= a[i] as u128 && a[i] as u128 <= hi, "party {}: {} seats, quota [{}, {}], {:?} S={}", i, a[i], lo, hi, votes, seats);
        }
    }

    /// Droop does NOT satisfy the Hare quota in general (see
    /// `droop_can_exceed_the_upper_hare_quota`). What holds:
    /// - always: s >= floor(v(S+1) / (V+S+1)), as floor(v/q) >= that and no seat is ever
    ///   taken back (integer parts never exceed S);
    /// - when the Droop quota is at most the Hare quota (q·S <= V, true for V >= S(S+1)):
    ///   the lower Hare quota floor(vS/V) <= s, and s <= ceil(v(S+1)/V) <= ceil(vS/V) + 1.
    #[test]
    fn droop_satisfies_the_weaker_quota_property(votes in any_votes(), seats in 1..=500u32) {
        let m = Method::from_name("droop", None).unwrap();
        let (a, _) = run(&m, &votes, seats);
        let total: u64 = votes.iter().sum();
        let (t, s) = (total as u128, seats as u128);
        let regime = droop_below_hare(total, seats);
        for (i, &v) in votes.iter().enumerate() {
            let (v, got) = (v as u128, a[i] as u128);
            prop_assert!(got >= v * (s + 1) / (t + s + 1), "party {}: {} seats, {:?} S={}", i, got, votes, seats);
            if regime {
                let lo = v * s / t;
                let hi = (v * (s + 1)).div_ceil(t);
                prop_assert!(lo <= got && got <= hi, "party {}: {} seats, bounds [{}, {}], {:?} S={}", i, got, lo, hi, votes, seats);
                prop_assert!(got <= (v * s).div_ceil(t) + 1);
            }
        }
    }

    /// Multiplying every vote count by k changes nothing (Droop excepted: its quota
    /// floor(V/(S+1)) + 1 does not scale, see `droop_is_not_scale_invariant`).
    #[test]
    fn scaling_the_votes_changes_nothing(votes in any_votes(), seats in 1..=500u32, k in 2..=1000u64) {
        let scaled: Vec<u64> = votes.iter().map(|&v| v * k).collect();
        for m in all_methods() {
            if m.name() == "droop" {
                continue;
            }
            let (a, t1) = run(&m, &votes, seats);
            let (b, t2) = run(&m, &scaled, seats);
            prop_assert_eq!(&a, &b, "{}: {:?} x {}", m, votes, k);
            // The same ties, decided the same way (more votes compares the same).
            let key = |t: &TieBreaker| t.ties().iter().map(|x| (x.contenders.clone(), x.seats, x.winners.clone(), x.decided_by)).collect::<Vec<_>>();
            prop_assert_eq!(key(&t1), key(&t2), "{}", m);
        }
    }

    /// Listing the parties in another order does not change anyone's seats (when no tie
    /// had to be decided, since list order is a tie rule).
    #[test]
    fn list_order_does_not_matter_without_ties(
        (votes, perm) in any_votes().prop_flat_map(|v| {
            let n = v.len();
            (Just(v), Just((0..n).collect::<Vec<usize>>()).prop_shuffle())
        }),
        seats in 1..=500u32,
    ) {
        let permuted: Vec<u64> = perm.iter().map(|&i| votes[i]).collect();
        for m in all_methods() {
            let (a, t1) = run(&m, &votes, seats);
            let (b, t2) = run(&m, &permuted, seats);
            if !t1.ties().is_empty() || !t2.ties().is_empty() {
                continue;
            }
            for (pos, &i) in perm.iter().enumerate() {
                prop_assert_eq!(b[pos], a[i], "{}: party {} moved to {} ({:?})", m, i, pos, votes);
            }
        }
    }

    /// A party with no votes gets no seat under any divisor method (the first divisor 0
    /// of Adams, Huntington-Hill and Dean only favours parties with votes), nor under
    /// largest remainders (Droop: when its quota is at most the Hare quota; see
    /// `regressions::droop_gives_seats_to_a_party_without_votes` otherwise). The chain is
    /// list order alone, so a tie at 0 would hand a seat to a listed-first party without votes.
    #[test]
    fn no_votes_no_seat(
        votes in prop::collection::vec(prop_oneof![1 => Just(0u64), 1 => 1..=1_000_000u64, 1 => 1..=20u64], 2..=30)
            .prop_filter("some party has votes", |v| positive(v) > 0),
        seats in 1..=300u32,
    ) {
        for m in all_methods() {
            let mut tb = TieBreaker::new(vec![TieRule::ListOrder], 0);
            let a = m.allocate(&votes, seats, &mut tb);
            for (i, &v) in votes.iter().enumerate() {
                if v == 0 {
                    prop_assert_eq!(a[i], 0, "{}: party {} has no votes but {} seats ({:?}, S={})", m, i, a[i], votes, seats);
                }
            }
        }
    }
}

/// The worked example behind the weaker Droop property: V = 85001, S = 17, Droop quota
/// 4723; integer parts 15, 0, 1, one seat left, largest remainder 3781 (party 0). Party 0
/// ends with 16 seats although its Hare share is 74626·17/85001 = 14.93 (upper quota 15);
/// ceil(v(S+1)/V) = ceil(15.80) = 16 is reached.
#[test]
fn droop_can_exceed_the_upper_hare_quota() {
    let m = Method::from_name("droop", None).unwrap();
    let (a, t) = run(&m, &[74_626, 2_480, 7_895], 17);
    assert!(t.ties().is_empty());
    assert_eq!(a, vec![16, 0, 1]);
    assert!(droop_below_hare(85_001, 17));
}

/// [2, 7] for 3 seats: quota 3, integer parts 0 and 2, remainders 2 and 1: [1, 2].
/// Times 309: [618, 2163], quota 696, integer parts 0 and 3: [0, 3].
#[test]
fn droop_is_not_scale_invariant() {
    let m = Method::from_name("droop", None).unwrap();
    assert_eq!(run(&m, &[2, 7], 3).0, vec![1, 2]);
    assert_eq!(run(&m, &[618, 2_163], 3).0, vec![0, 3]);
    // Hagenbach-Bischoff, the same quota without the "+ 1", does scale.
    let hb = Method::from_name("hagenbach-bischoff", None).unwrap();
    assert_eq!(run(&hb, &[2, 7], 3).0, run(&hb, &[618, 2_163], 3).0);
}

// ---------------------------------------------------------------------------------
// exact.rs against num-bigint
// ---------------------------------------------------------------------------------

/// u128 values of every size: small (fast path), around 2^64, around 2^128, powers of 2.
fn wide() -> impl Strategy<Value = u128> {
    prop_oneof![
        any::<u128>(),
        any::<u64>().prop_map(u128::from),
        (0..=127u32, any::<u128>()).prop_map(|(bits, x)| x >> bits),
        (0..=127u32, -3i32..=3).prop_map(|(p, d)| (1u128 << p).wrapping_add(d as u128)),
        (0..=1000u128).prop_map(|d| u128::MAX - d),
        0..=3u128,
    ]
}

fn bu(x: u128) -> BigUint {
    BigUint::from(x)
}

/// The value of a fraction, `None` for +infinity (den 0 and num > 0).
fn value(f: &Fraction) -> Option<BigRational> {
    if f.num == 0 {
        Some(BigRational::zero())
    } else if f.den == 0 {
        None
    } else {
        Some(BigRational::new(BigInt::from(f.num), BigInt::from(f.den)))
    }
}

fn reference_cmp(a: &Fraction, b: &Fraction) -> Ordering {
    match (value(a), value(b)) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some(x), Some(y)) => x.cmp(&y),
    }
}

/// Round half up to `digits` decimals, by big integers.
fn reference_decimal(num: u128, den: u128, digits: u32) -> String {
    let scale = BigUint::from(10u32).pow(digits);
    let scaled = (bu(num) * &scale * 2u32 + bu(den)) / (bu(den) * 2u32);
    let int = &scaled / &scale;
    let frac = &scaled % &scale;
    if digits == 0 {
        int.to_string()
    } else {
        format!("{int}.{:0>w$}", frac.to_string(), w = digits as usize)
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn wide_mul_is_the_full_product(a in wide(), b in wide()) {
        let (hi, lo) = wide_mul(a, b);
        prop_assert_eq!((bu(hi) << 128u32) + bu(lo), bu(a) * bu(b));
    }

    #[test]
    fn cmp_products_is_exact(a in wide(), b in wide(), c in wide(), d in wide()) {
        prop_assert_eq!(cmp_products(a, b, c, d), (bu(a) * bu(b)).cmp(&(bu(c) * bu(d))));
        // Equal products, reached in two ways, compare equal.
        prop_assert_eq!(cmp_products(a, b, b, a), Ordering::Equal);
    }

    #[test]
    fn fractions_order_like_rationals(a in wide(), b in wide(), c in wide(), d in wide()) {
        let (x, y) = (Fraction::new(a, b), Fraction::new(c, d));
        let expected = reference_cmp(&x, &y);
        prop_assert_eq!(x.cmp(&y), expected, "{:?} vs {:?}", x, y);
        prop_assert_eq!(y.cmp(&x), expected.reverse());
        prop_assert_eq!(x == y, expected == Ordering::Equal);
        prop_assert_eq!(x.partial_cmp(&y), Some(expected));
        // The same value written with another denominator (when it fits) is equal.
        if let (Some(n2), Some(d2)) = (a.checked_mul(3), b.checked_mul(3)) {
            prop_assert_eq!(Fraction::new(n2, d2), x);
        }
    }

    #[test]
    fn floor_ceil_and_decimal_strings(num in wide(), den in wide(), digits in 0..=6u32) {
        let f = Fraction::new(num, den);
        if den == 0 {
            prop_assert_eq!(f.floor(), None);
            prop_assert_eq!(f.ceil(), None);
            prop_assert_eq!(f.is_infinite(), num != 0);
        } else {
            let (q, r) = (bu(num) / bu(den), bu(num) % bu(den));
            prop_assert_eq!(f.floor().map(bu), Some(q.clone()));
            prop_assert_eq!(f.ceil().map(bu), Some(if r.is_zero() { q } else { q + 1u32 }));
            // Rounded decimals (skip when the rounded value would not fit u128 anyway).
            if num / den < u128::MAX / 2 {
                prop_assert_eq!(f.to_decimal_string(digits), reference_decimal(num, den, digits), "{}/{}", num, den);
            }
        }
    }

    /// A decimal written with up to 9 decimals (and extra zeros) is read exactly, prints
    /// in canonical form, and reads back to itself.
    #[test]
    fn decimals_round_trip(
        int in prop_oneof![0..=99u64, 0..=18_446_744_073u64, any::<u64>()],
        frac in "[0-9]{0,9}",
        lead in 0..=2usize,
        trail in 0..=3usize,
    ) {
        let text = if frac.is_empty() && trail == 0 {
            format!("{}{int}", "0".repeat(lead))
        } else {
            format!("{}{int}.{frac}{}", "0".repeat(lead), "0".repeat(trail))
        };
        let frac_trimmed = frac.trim_end_matches('0');
        let digits: BigUint = format!("{int}{frac_trimmed}").parse().unwrap();
        let fits = digits <= BigUint::from(u64::MAX / 1_000_000_000);
        match text.parse::<Decimal>() {
            Ok(d) => {
                prop_assert!(fits, "{} should be too large", text);
                // Exact value.
                let den = BigUint::from(10u32).pow(frac_trimmed.len() as u32);
                prop_assert_eq!(BigRational::new(BigInt::from(d.num()), BigInt::from(d.den())), BigRational::new(BigInt::from(digits.clone()), BigInt::from(den)));
                prop_assert_eq!(value(&d.as_fraction()), Some(BigRational::new(BigInt::from(d.num()), BigInt::from(d.den()))));
                // Canonical text.
                let canonical = if frac_trimmed.is_empty() { format!("{int}") } else { format!("{int}.{frac_trimmed}") };
                prop_assert_eq!(d.to_string(), canonical.clone());
                prop_assert_eq!(canonical.parse::<Decimal>(), Ok(d));
                prop_assert_eq!(d.is_zero(), digits.is_zero());
            }
            Err(e) => {
                prop_assert!(!fits, "{} rejected: {}", text, e);
                prop_assert_eq!(e, DecimalError::TooLarge(text.clone()));
            }
        }
    }

    /// Any text: parsing never panics, and whatever parses round-trips and has the value
    /// the text says.
    #[test]
    fn decimal_parsing_is_total(text in "[0-9. +e-]{0,14}") {
        if let Ok(d) = text.parse::<Decimal>() {
            let t = text.trim();
            let (i, f) = t.split_once('.').unwrap_or((t, ""));
            prop_assert!(!f.contains('.') && i.bytes().chain(f.bytes()).all(|b| b.is_ascii_digit()), "{:?} accepted", text);
            let num: BigUint = if i.is_empty() && f.is_empty() { BigUint::zero() } else { format!("{i}{f}").parse().unwrap() };
            let v = BigRational::new(BigInt::from(num), BigInt::from(BigUint::from(10u32).pow(f.len() as u32)));
            prop_assert_eq!(value(&d.as_fraction()), Some(v));
            prop_assert_eq!(d.to_string().parse::<Decimal>(), Ok(d));
        }
    }

    #[test]
    fn percents_round_trip_and_compare_exactly(
        int in 0..=120u64,
        frac in "[0-9]{0,4}",
        part in 0..=1_000_000_000u64,
        whole in 1..=1_000_000_000u64,
    ) {
        let text = if frac.is_empty() { format!("{int}%") } else { format!("{int}.{frac}%") };
        let d: Decimal = text.trim_end_matches('%').parse().unwrap();
        let share = value(&d.as_fraction()).unwrap();
        let hundred = BigRational::from_integer(BigInt::from(100));
        match text.parse::<Percent>() {
            Ok(p) => {
                prop_assert!(share <= hundred, "{} accepted", text);
                let f = value(&p.as_fraction()).unwrap();
                prop_assert_eq!(f.clone(), &share / &hundred);
                prop_assert_eq!(p.to_string().parse::<Percent>(), Ok(p));
                prop_assert_eq!(p.to_string(), format!("{d}%"));
                // part / whole >= p, exactly.
                let reached = BigRational::new(BigInt::from(part), BigInt::from(whole)) >= f;
                prop_assert_eq!(p.reached_by(part, whole), reached, "{} of {} vs {}", part, whole, p);
                // The bar is p * whole, and reaching it is the same as reaching p.
                let bar = value(&p.bar(whole)).unwrap();
                prop_assert_eq!(bar.clone(), &f * BigRational::from_integer(BigInt::from(whole)));
                prop_assert_eq!(BigRational::from_integer(BigInt::from(part)) >= bar, reached);
            }
            Err(e) => {
                prop_assert!(share > hundred, "{} rejected: {}", text, e);
                prop_assert_eq!(e, PercentError::OutOfRange(text.clone()));
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// A party's exact share: reached by its own votes, not by one vote less, and
    /// ordered like the rationals.
    #[test]
    fn percent_from_share_is_exact(part in 0..=u64::MAX, whole in 1..=u64::MAX, other in 0..=1_000_000u64) {
        let (part, whole) = (part.min(whole), whole);
        let p = Percent::from_share(part, whole).unwrap();
        let share = BigRational::new(BigInt::from(part), BigInt::from(whole));
        prop_assert_eq!(value(&p.as_fraction()), Some(share.clone()));
        prop_assert!(p.reached_by(part, whole));
        if part > 0 {
            prop_assert!(!p.reached_by(part - 1, whole));
        }
        prop_assert_eq!(p.is_zero(), part == 0);
        let q = Percent::from_share(other.min(1_000_000), 1_000_000).unwrap();
        let qv = BigRational::new(BigInt::from(other.min(1_000_000)), BigInt::from(1_000_000u64));
        prop_assert_eq!(p.cmp(&q), share.cmp(&qv));
        prop_assert_eq!(p == q, share == qv);
        // A share that is a finite decimal prints exactly and reads back.
        if let Ok(back) = q.to_string().parse::<Percent>() {
            prop_assert_eq!(back, q);
        } else {
            prop_assert!(false, "{} does not read back", q);
        }
        prop_assert!(Percent::from_share(whole, whole).is_some());
        if whole < u64::MAX {
            prop_assert!(Percent::from_share(whole + 1, whole).is_none());
        }
        prop_assert!(Percent::from_share(part, 0).is_none());
    }
}

/// Sanity of the num-bigint side of the comparisons above (so they cannot pass vacuously).
#[test]
fn reference_helpers_are_right() {
    assert_eq!(reference_decimal(5_971_719, 69, 2), "86546.65");
    assert_eq!(reference_decimal(999, 1000, 2), "1.00");
    assert_eq!(reference_cmp(&Fraction::INFINITY, &Fraction::new(u128::MAX, 1)), Ordering::Greater);
    assert_eq!(reference_cmp(&Fraction::new(0, 0), &Fraction::ZERO), Ordering::Equal);
    assert_eq!(value(&Fraction::new(6, 4)), Some(BigRational::new(BigInt::from(3), BigInt::from(2))));
    assert!(BigRational::one() > BigRational::zero());
    assert_eq!(bu(u128::MAX).to_u128(), Some(u128::MAX));
}

// ---------------------------------------------------------------------------------
// Regressions: bugs this suite found, with their minimal inputs and the behaviour the
// fix gives.
// ---------------------------------------------------------------------------------

mod regressions {
    use super::*;
    use std::sync::mpsc;
    use std::time::Duration;

    /// Imperiali quota V/(S+2) with a single party that has votes: its integer part is
    /// S + 2, the excess is 2, but only one holder can give a seat back (one each), so it
    /// keeps S + 1 seats. Minimal input: votes [1], 1 seat gives [2].
    #[test]
    fn imperiali_quota_single_party_gets_one_seat_too_many() {
        let m = Method::from_name("imperiali-quota", None).unwrap();
        assert_eq!(run(&m, &[1], 1).0, vec![1]);
        assert_eq!(run(&m, &[10, 0], 3).0, vec![3, 0]);
    }

    /// Droop when V is small next to S (quota above V/S, e.g. quota 1 when V <= S): the
    /// seats left after the integer parts can reach the number of parties; `whole rounds`
    /// then give one seat to every party, including parties without votes (the comment
    /// in `largest_remainder` says this happens only when there are no votes at all).
    /// Minimal input: votes [1, 0], 3 seats gives [2, 1]. No tie is recorded either.
    #[test]
    fn droop_gives_seats_to_a_party_without_votes() {
        let m = Method::from_name("droop", None).unwrap();
        let (a, _) = run(&m, &[1, 0], 3);
        assert_eq!(a, vec![3, 0]);
        // Also through a tie at remainder 0 decided by list order.
        let mut tb = TieBreaker::new(vec![TieRule::ListOrder], 0);
        assert_eq!(m.allocate(&[0, 1], 2, &mut tb), vec![0, 2]);
    }

    /// `from_name("modified-sainte-lague", f)` accepts any f > 0, but with f > 3 the first
    /// divisor exceeds the second (3): a party's second average beats its first, and the
    /// "step" loop of `highest_averages` moves a seat from a party to itself forever.
    /// Minimal input: f = 3.001 (or 5), votes [1], 1 seat: never returns.
    /// A fix either rejects such divisors or returns S seats.
    #[test]
    fn modified_sainte_lague_first_divisor_above_three_terminates_or_is_rejected() {
        for fd in ["3.001", "5"] {
            let Ok(m) = Method::from_name("modified-sainte-lague", Some(fd.parse().unwrap())) else {
                continue; // rejected: fine
            };
            let (tx, rx) = mpsc::channel();
            // A thread, so that the test fails instead of hanging (it leaks while spinning).
            std::thread::spawn(move || {
                let _ = tx.send(run(&m, &[1], 1).0);
            });
            let got = rx.recv_timeout(Duration::from_secs(5));
            assert_eq!(got, Ok(vec![1]), "first divisor {fd}");
        }
    }

    /// With f = 3 exactly a party's first two averages are equal, and `highest_averages`
    /// records a "tie" of the party with itself: votes [30, 10], 1 seat records contenders
    /// [0, 0]. A fix either rejects f >= 3 or records no such tie.
    #[test]
    fn modified_sainte_lague_first_divisor_three_records_no_self_tie() {
        let Ok(m) = Method::from_name("modified-sainte-lague", Some("3".parse().unwrap())) else {
            return;
        };
        let (a, t) = run(&m, &[30, 10], 1);
        assert_eq!(a, vec![1, 0]);
        for tie in t.ties() {
            let mut c = tie.contenders.clone();
            c.dedup();
            assert_eq!(c.len(), tie.contenders.len(), "a party tied with itself: {tie:?}");
        }
    }
}
