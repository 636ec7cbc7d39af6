//! Monte Carlo projection at Belgian size: 11 constituencies, 150 seats, 12 lists,
//! D'Hondt with a 5% constituency threshold (issue 7's benchmark).
//!
//! `cargo bench -p mandat-io --bench projection`

use mandat_core::analysis::projection::{project, Model, Swing, Uncertainty};
use mandat_core::election::Election;

const LAW: &str = include_str!("../../../benches-data/belgian-size.toml");

/// The Belgian-size base election, shared with the votelib peer
/// (benches-data/belgian-size.json, written by scripts/peers/make_belgian_size.py).
pub fn belgian_size() -> Election {
    mandat_io::parse_results(include_str!("../../../benches-data/belgian-size.json"), "belgian-size.json").unwrap()
}

fn main() {
    divan::main();
}

#[divan::bench(args = [10_000u64])]
fn belgian_size_projection(bencher: divan::Bencher, sims: u64) {
    let law = mandat_io::parse_law(LAW, "bench.toml").unwrap();
    let e = belgian_size();
    let model = Model {
        shares: mandat_io::poll::base_shares(&e),
        uncertainty: Uncertainty::SampleSize(1000),
        swing: Swing::Proportional,
        noise: 0.05,
        sims,
        seed: 1,
        coalitions: vec![vec![0, 1, 2]],
    };
    bencher.bench(|| project(&law, &e, &model, &|_| {}).unwrap());
}

/// 100,000 Norwegian Storting elections under the full law (leveling seats), base 2021.
#[divan::bench(args = [2_000u64])]
fn norway_projection(bencher: divan::Bencher, sims: u64) {
    let law = mandat_io::preset("no-storting").unwrap().unwrap();
    let case = mandat_io::case::parse_case(include_str!("../../../tests/cases/no-storting-2021.json"), "no.json").unwrap();
    let e = case.election;
    let model = Model {
        shares: mandat_io::poll::base_shares(&e),
        uncertainty: Uncertainty::SampleSize(1000),
        swing: Swing::Proportional,
        noise: 0.05,
        sims,
        seed: 1,
        coalitions: vec![],
    };
    bencher.bench(|| project(&law, &e, &model, &|_| {}).unwrap());
}
