//! Biproportional benchmarks (issue 3): the whole count of the Zurich Kantonsrat 2019
//! (quorum, upper apportionment, lower apportionment of 180 seats in 18 districts × 9
//! lists, tie detection) and the lower apportionment alone.
//!
//! Run with `CARGO_TARGET_DIR=/work/target-bench cargo bench -p mandat-io --bench biproportional`;
//! the figures are in BENCHMARKS.md ("Biproportional (issue 3)"). The case and the law
//! are parsed outside the timed closures; `main` first checks that the count
//! reproduces the official result.

use divan::black_box;
use mandat_core::biproportional::lower_apportionment;
use mandat_core::count::count;
use mandat_core::method::Method;
use mandat_core::tie::{TieBreaker, TieRule};
use mandat_io::case::{compare, parse_case, Case};

const KANTONSRAT: &str = include_str!("../../../tests/cases/ch-zh-kantonsrat-2019.json");
const GEMEINDERAT: &str = include_str!("../../../tests/cases/ch-zh-gemeinderat-2018.json");

fn load(text: &str, name: &str) -> (mandat_core::law::Law, Case) {
    let case = parse_case(text, name).unwrap();
    let law = mandat_io::preset(&case.law).unwrap().unwrap();
    (law, case)
}

fn main() {
    for (text, name) in [(KANTONSRAT, "kantonsrat.json"), (GEMEINDERAT, "gemeinderat.json")] {
        let (law, case) = load(text, name);
        let out = count(&law, &case.election, 0).unwrap();
        assert!(compare(&case, &out).is_empty(), "{name} is not reproduced");
    }
    divan::main();
}

/// The whole count of the Kantonsrat 2019: `mandat_core::count::count`.
#[divan::bench]
fn kantonsrat_2019_count(bencher: divan::Bencher) {
    let (law, case) = load(KANTONSRAT, "kantonsrat.json");
    bencher.bench(|| count(black_box(&law), black_box(&case.election), 0).unwrap());
}

/// The whole count of the Gemeinderat 2018 (125 seats, 9 districts × 7 lists).
#[divan::bench]
fn gemeinderat_2018_count(bencher: divan::Bencher) {
    let (law, case) = load(GEMEINDERAT, "gemeinderat.json");
    bencher.bench(|| count(black_box(&law), black_box(&case.election), 0).unwrap());
}

/// The Kantonsrat's lower apportionment alone (18 × 9 matrix, official upper seats).
#[divan::bench]
fn kantonsrat_2019_lower_only(bencher: divan::Bencher) {
    let (law, case) = load(KANTONSRAT, "kantonsrat.json");
    let out = count(&law, &case.election, 0).unwrap();
    let b = out.biproportional.unwrap();
    let votes: Vec<Vec<u64>> = b.lower.cells.iter().map(|row| row.iter().map(|c| c.votes).collect()).collect();
    let rows = b.district_seats.clone();
    let cols = b.lower.list_seats.clone();
    bencher.bench(|| {
        let mut ties = TieBreaker::new(vec![TieRule::Lot], 0);
        lower_apportionment(black_box(&votes), black_box(&rows), black_box(&cols), Method::SainteLague, &mut ties).unwrap()
    });
}
