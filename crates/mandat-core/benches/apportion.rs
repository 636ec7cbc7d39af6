//! Apportionment benchmarks (issue 2), on exactly the inputs of the peer script
//! shared/peers/votelib_apportion.py so that the two can be set side by side.
//!
//! Run with `CARGO_TARGET_DIR=/work/target-bench cargo bench -p mandat-core --bench apportion`,
//! or `scripts/bench-apportion.sh` to time votelib in the same run; the figures are in
//! BENCHMARKS.md. Targets from the issue: D'Hondt 150 seats / 20 parties under 1 µs,
//! Huntington-Hill 435 seats / 50 states under 5 µs.
//!
//! Every method is measured two ways:
//! - `with_tiebreaker`: a real allocation, which needs a tie breaker, so the
//!   `TieBreaker` (law chain more-votes, lot; seed 0) is built and dropped inside the
//!   timed closure. This is the figure BENCHMARKS.md compares with the targets.
//! - `tiebreaker_reused`: the tie breaker is built outside the timed closure (by
//!   divan's input generator), so only `Method::allocate` is timed. None of these
//!   inputs has a tie (checked in `main`), so the tie breaker is never written to.
//!
//! In both, divan drops the returned seat vector outside the timed region.

use divan::black_box;
use mandat_core::method::{Method, Quota};
use mandat_core::tie::{TieBreaker, TieRule};

/// 20 parties P0..P19 with votes drawn in Python exactly as the peer script does:
/// `rng = random.Random(1); [rng.randint(1000, 2_000_000) for i in range(20)]`
/// (Python 3.11; `random.Random` with an integer seed is stable across versions).
const PARTIES_20: [u64; 20] = [
    282_782, 1_194_707, 1_778_197, 1_683_471, 1_602_751, 133_344, 535_918, 248_293, 1_040_002, 1_596_853,
    943_651, 991_370, 1_367_489, 797_110, 1_655_072, 441_307, 197_837, 1_024_109, 60_448, 1_874_421,
];

/// The 50 US states in alphabetical order (as in the case file): 2020 apportionment
/// population and the House seats actually apportioned (Huntington-Hill, 435 seats).
/// Copied from shared/cases/us-house-2020.json (`constituencies[0].votes` and
/// `.expected_seats`; sources listed there: Census Bureau 2020 apportionment table A).
const US_STATES_2020: [(&str, u64, u32); 50] = [
    ("Alabama", 5_030_053, 7),
    ("Alaska", 736_081, 1),
    ("Arizona", 7_158_923, 9),
    ("Arkansas", 3_013_756, 4),
    ("California", 39_576_757, 52),
    ("Colorado", 5_782_171, 8),
    ("Connecticut", 3_608_298, 5),
    ("Delaware", 990_837, 1),
    ("Florida", 21_570_527, 28),
    ("Georgia", 10_725_274, 14),
    ("Hawaii", 1_460_137, 2),
    ("Idaho", 1_841_377, 2),
    ("Illinois", 12_822_739, 17),
    ("Indiana", 6_790_280, 9),
    ("Iowa", 3_192_406, 4),
    ("Kansas", 2_940_865, 4),
    ("Kentucky", 4_509_342, 6),
    ("Louisiana", 4_661_468, 6),
    ("Maine", 1_363_582, 2),
    ("Maryland", 6_185_278, 8),
    ("Massachusetts", 7_033_469, 9),
    ("Michigan", 10_084_442, 13),
    ("Minnesota", 5_709_752, 8),
    ("Mississippi", 2_963_914, 4),
    ("Missouri", 6_160_281, 8),
    ("Montana", 1_085_407, 2),
    ("Nebraska", 1_963_333, 3),
    ("Nevada", 3_108_462, 4),
    ("New Hampshire", 1_379_089, 2),
    ("New Jersey", 9_294_493, 12),
    ("New Mexico", 2_120_220, 3),
    ("New York", 20_215_751, 26),
    ("North Carolina", 10_453_948, 14),
    ("North Dakota", 779_702, 1),
    ("Ohio", 11_808_848, 15),
    ("Oklahoma", 3_963_516, 5),
    ("Oregon", 4_241_500, 6),
    ("Pennsylvania", 13_011_844, 17),
    ("Rhode Island", 1_098_163, 2),
    ("South Carolina", 5_124_712, 7),
    ("South Dakota", 887_770, 1),
    ("Tennessee", 6_916_897, 9),
    ("Texas", 29_183_290, 38),
    ("Utah", 3_275_252, 4),
    ("Vermont", 643_503, 1),
    ("Virginia", 8_654_542, 11),
    ("Washington", 7_715_946, 10),
    ("West Virginia", 1_795_045, 2),
    ("Wisconsin", 5_897_473, 8),
    ("Wyoming", 577_719, 1),
];

const TIE_CHAIN: [TieRule; 2] = [TieRule::MoreVotes, TieRule::Lot];
const TIE_SEED: u64 = 0;

fn tie_breaker() -> TieBreaker {
    TieBreaker::new(TIE_CHAIN.to_vec(), TIE_SEED)
}

fn state_populations() -> Vec<u64> {
    US_STATES_2020.iter().map(|&(_, p, _)| p).collect()
}

/// A full allocation: build the tie breaker, allocate, drop the tie breaker.
fn allocate_with_tiebreaker(bencher: divan::Bencher, method: Method, votes: &[u64], seats: u32) {
    bencher.bench_local(|| {
        let mut ties = tie_breaker();
        black_box(method).allocate(black_box(votes), black_box(seats), &mut ties)
    });
}

/// `Method::allocate` alone, with a tie breaker built outside the timed closure.
fn allocate_tiebreaker_reused(bencher: divan::Bencher, method: Method, votes: &[u64], seats: u32) {
    bencher
        .with_inputs(tie_breaker)
        .bench_local_refs(|ties| black_box(method).allocate(black_box(votes), black_box(seats), ties));
}

mod dhondt_150_seats_20_parties {
    use super::*;

    #[divan::bench(sample_count = 1000, sample_size = 64)]
    fn with_tiebreaker(bencher: divan::Bencher) {
        allocate_with_tiebreaker(bencher, Method::DHondt, &PARTIES_20, 150);
    }

    #[divan::bench(sample_count = 1000, sample_size = 64)]
    fn tiebreaker_reused(bencher: divan::Bencher) {
        allocate_tiebreaker_reused(bencher, Method::DHondt, &PARTIES_20, 150);
    }
}

mod huntington_hill_435_seats_50_states {
    use super::*;

    #[divan::bench(sample_count = 1000, sample_size = 64)]
    fn with_tiebreaker(bencher: divan::Bencher) {
        allocate_with_tiebreaker(bencher, Method::HuntingtonHill, &state_populations(), 435);
    }

    #[divan::bench(sample_count = 1000, sample_size = 64)]
    fn tiebreaker_reused(bencher: divan::Bencher) {
        allocate_tiebreaker_reused(bencher, Method::HuntingtonHill, &state_populations(), 435);
    }
}

mod hare_435_seats_50_states {
    use super::*;

    #[divan::bench(sample_count = 1000, sample_size = 64)]
    fn with_tiebreaker(bencher: divan::Bencher) {
        allocate_with_tiebreaker(bencher, Method::LargestRemainder(Quota::Hare), &state_populations(), 435);
    }

    #[divan::bench(sample_count = 1000, sample_size = 64)]
    fn tiebreaker_reused(bencher: divan::Bencher) {
        allocate_tiebreaker_reused(bencher, Method::LargestRemainder(Quota::Hare), &state_populations(), 435);
    }
}

mod sainte_lague_435_seats_50_states {
    use super::*;

    #[divan::bench(sample_count = 1000, sample_size = 64)]
    fn with_tiebreaker(bencher: divan::Bencher) {
        allocate_with_tiebreaker(bencher, Method::SainteLague, &state_populations(), 435);
    }

    #[divan::bench(sample_count = 1000, sample_size = 64)]
    fn tiebreaker_reused(bencher: divan::Bencher) {
        allocate_tiebreaker_reused(bencher, Method::SainteLague, &state_populations(), 435);
    }
}

/// Checks that the inputs are the intended ones and that none has a tie (so a reused
/// tie breaker is never written to), then runs the benchmarks.
fn main() {
    let states = state_populations();
    let expected: Vec<u32> = US_STATES_2020.iter().map(|&(_, _, s)| s).collect();
    let cases: [(Method, &[u64], u32); 4] = [
        (Method::DHondt, &PARTIES_20, 150),
        (Method::HuntingtonHill, &states, 435),
        (Method::LargestRemainder(Quota::Hare), &states, 435),
        (Method::SainteLague, &states, 435),
    ];
    for (method, votes, seats) in cases {
        let mut ties = tie_breaker();
        let got = method.allocate(votes, seats, &mut ties);
        assert_eq!(got.iter().sum::<u32>(), seats, "{method}: seats do not add up");
        assert!(ties.ties().is_empty(), "{method}: unexpected tie in a benchmark input");
        if method == Method::HuntingtonHill {
            assert_eq!(got, expected, "Huntington-Hill does not reproduce the 2020 House apportionment");
        }
    }
    divan::main();
}
