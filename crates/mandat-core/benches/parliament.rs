//! Parliament benchmarks (issue 6).
//!
//! Run with `CARGO_TARGET_DIR=/work/target-parliament cargo bench -p mandat-core --bench parliament`;
//! figures in BENCHMARKS.md, section "Parliament (issue 6)". Targets from the issue:
//! exact Banzhaf and Shapley-Shubik for a 705-seat assembly of 30 groups under 10 ms;
//! all minimal winning coalitions of a 20-group assembly under 100 ms.

use divan::black_box;
use mandat_core::parliament::coalitions::{minimal_winning, Majority};
use mandat_core::parliament::committees::{example_rules, share_out, Preferences};
use mandat_core::parliament::power::power_indices;
use mandat_core::parliament::Assembly;

/// 30 groups, 705 seats (the European Parliament's size from 2020 to 2024), sizes
/// drawn in Python: `r = random.Random(6); [r.randint(1, 60) for _ in range(30)]`,
/// scaled to 705 and rounded, the difference put on the first group.
const GROUPS_30: [u64; 30] = [
    39, 27, 38, 4, 23, 35, 12, 2, 1, 7, 31, 27, 22, 35, 34, 17, 15, 36, 1, 13, 23, 37, 9, 34, 40, 19, 42, 25, 25, 32,
];

/// 20 groups, 758 seats: `r = random.Random(20); [r.randint(2, 80) for _ in range(20)]`.
const GROUPS_20: [u64; 20] = [21, 35, 14, 43, 75, 23, 5, 54, 54, 11, 15, 18, 42, 62, 76, 59, 54, 28, 27, 42];

fn main() {
    assert_eq!(GROUPS_30.iter().sum::<u64>(), 705);
    let q = Majority::Half.quota(705);
    let p = power_indices(&GROUPS_30, q).unwrap();
    let ss: num_bigint::BigUint = p.shapley_shubik_num.iter().sum();
    assert_eq!(ss, p.shapley_shubik_den, "Shapley-Shubik sums to 1");
    let found = minimal_winning(&GROUPS_20, Majority::Half.quota(758), usize::MAX);
    assert!(!found.truncated);
    eprintln!("20 groups: {} minimal winning coalitions", found.count);
    divan::main();
}

/// Both indices, exact, 705 seats, 30 groups, majority 353.
#[divan::bench]
fn power_705_seats_30_groups() -> mandat_core::parliament::power::PowerIndices {
    power_indices(black_box(&GROUPS_30), black_box(353)).unwrap()
}

/// Both indices, exact, 40 groups of 1..=40 seats (820 seats), majority 411: the
/// issue's largest case, where Shapley-Shubik numerators exceed u128.
#[divan::bench]
fn power_820_seats_40_groups() -> mandat_core::parliament::power::PowerIndices {
    let w: Vec<u64> = (1..=40).collect();
    power_indices(black_box(&w), black_box(411)).unwrap()
}

/// Every minimal winning coalition, all listed (fewest seats first), 20 groups, majority 380 of 758.
#[divan::bench]
fn minimal_winning_20_groups() -> usize {
    minimal_winning(black_box(&GROUPS_20), black_box(380), usize::MAX).coalitions.len()
}

/// The Belgian Chamber 2019 (law-notes B4): 11 committees of 17 and 11 chairs.
#[divan::bench]
fn committees_belgian_chamber_2019(bencher: divan::Bencher) {
    let a = Assembly::new(&[
        ("N-VA", 25),
        ("Ecolo-Groen", 21),
        ("PS", 20),
        ("VB", 18),
        ("MR", 14),
        ("CD&V", 12),
        ("PVDA-PTB", 12),
        ("Open Vld", 12),
        ("sp.a", 9),
        ("cdH", 5),
        ("DéFI", 2),
    ]);
    let mut rules = example_rules(11, 17);
    rules.recognition.min_seats = mandat_core::law::Seats(5);
    let prefs = Preferences::none(11);
    bencher.bench_local(|| share_out(black_box(&rules), black_box(&a), &prefs, 0).unwrap());
}
