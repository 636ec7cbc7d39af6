//! Monte Carlo projection at Belgian size: 11 constituencies, 150 seats, 12 lists,
//! D'Hondt with a 5% constituency threshold (issue 7's benchmark).
//!
//! `cargo bench -p mandat-io --bench projection`

use mandat_core::analysis::projection::{project, Model, Swing, Uncertainty};
use mandat_core::election::{ConstituencyVotes, Election};
use rand::{Rng, SeedableRng};

const LAW: &str = r#"
id = "belgian-size"
name = "11 constituencies, 150 seats, D'Hondt, 5% per constituency"
citation = "benchmark"
[allocation]
method = "dhondt"
level = "constituency"
[threshold]
share = "5%"
level = "constituency"
"#;

/// Seats of the 11 Belgian constituencies (2024) and 12 lists with votes drawn once.
pub fn belgian_size() -> Election {
    let seats = [24u32, 12, 20, 15, 16, 16, 5, 17, 15, 4, 6];
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(2024);
    let weights: Vec<f64> = (0..12).map(|i| 1.0 / (1.0 + i as f64 * 0.6)).collect();
    Election {
        parties: (0..12).map(|i| format!("L{i}")).collect(),
        constituencies: seats
            .iter()
            .enumerate()
            .map(|(c, &s)| ConstituencyVotes {
                name: format!("C{c}"),
                seats: Some(s),
                votes: (0..12).map(|p| (p, (s as f64 * 30_000.0 * weights[p] * rng.gen_range(0.5..1.5)) as u64)).collect(),
                ..Default::default()
            })
            .collect(),
        alliances: vec![],
        winners: vec![],
    }
}

fn main() {
    divan::main();
}

#[divan::bench(args = [10_000u64])]
fn belgian_size_projection(bencher: divan::Bencher, sims: u64) {
    let law = mandat_io::parse_law(LAW, "bench.toml").unwrap();
    let e = belgian_size();
    let v = e.national_votes();
    let t: u64 = v.iter().sum();
    let model = Model {
        shares: v.iter().map(|&x| x as f64 / t as f64).collect(),
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
