//! Ranked-ballot benchmarks (issue 5), end to end from the files: read, parse, count.
//!
//! Inputs (see scripts/bench-ranked.sh, which makes them and runs this):
//! - `$MANDAT_BENCH_DATA/irv-1m.csv`: 1,000,000 ballots, 13 candidates, up to 5 ranks,
//!   from `shared/peers/gen_ballots.py 1000000 13 5 20261128`, one ballot per CSV row;
//! - `$MANDAT_BENCH_DATA/meek-100k.blt`: `gen_ballots.py 100000 20 5 20261128`, 5 seats;
//! - `tests/data/scottish-stv-blt`: the 1,100 Scottish wards (copied from the shared folder);
//! - `../shared/rctab-test-data/2013_minneapolis_mayor_scale`: ~1M ballots in 16 xlsx.

use std::path::PathBuf;

use divan::Bencher;
use mandat_core::ranked::meek::{meek, MeekVariant};
use mandat_core::ranked::{rctab, stv};
use mandat_io::ranked::{parse_blt, parse_rankings_csv};

fn main() {
    divan::main();
}

fn data(name: &str) -> PathBuf {
    let dir = std::env::var("MANDAT_BENCH_DATA").expect("set MANDAT_BENCH_DATA (scripts/bench-ranked.sh makes the inputs)");
    PathBuf::from(dir).join(name)
}

fn shared(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared").join(rel)
}

/// IRV, 1,000,000 ballots: read the CSV, merge identical rankings, count.
#[divan::bench(sample_count = 10)]
fn irv_1m_ballots_from_csv(b: Bencher) {
    let path = data("irv-1m.csv");
    let p = path.display().to_string();
    b.bench(|| {
        let text = mandat_io::read_text(&p).unwrap();
        let bb = parse_rankings_csv(&text, &p).unwrap();
        let t = rctab::tabulate(&bb, &rctab::RctabRules::irv(bb.num_candidates())).unwrap();
        assert_eq!(t.elected.len(), 1);
        t
    });
}

/// The 1,100 Scottish ward files (tests/data/scottish-stv-blt).
fn scottish_wards() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = Vec::new();
    let wards = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/scottish-stv-blt");
    for d in std::fs::read_dir(&wards).expect("tests/data/scottish-stv-blt") {
        let d = d.unwrap().path();
        if d.is_dir() {
            for f in std::fs::read_dir(&d).unwrap() {
                files.push(f.unwrap().path());
            }
        }
    }
    files.retain(|f| f.extension().is_some_and(|e| e == "blt"));
    assert_eq!(files.len(), 1100);
    files.sort();
    files
}

/// One ward: read its BLT file, count it; the seats filled.
fn scottish_ward(f: &std::path::Path) -> usize {
    let p = f.display().to_string();
    let text = mandat_io::read_text(&p).unwrap();
    let blt = parse_blt(&text, &p).unwrap();
    let t = stv::scottish_stv(&blt.ballots, blt.seats, 0).unwrap();
    assert_eq!(t.elected.len(), blt.seats as usize);
    t.elected.len()
}

/// Scottish STV: all 1,100 wards, each read from its BLT file and counted, one after the
/// other on one thread.
#[divan::bench(sample_count = 5)]
fn scottish_stv_all_1100_wards(b: Bencher) {
    let files = scottish_wards();
    b.bench(|| files.iter().map(|f| scottish_ward(f)).sum::<usize>());
}

/// The same 1,100 wards, independent counts spread over the machine's cores (rayon).
#[divan::bench(sample_count = 5)]
fn scottish_stv_all_1100_wards_parallel(b: Bencher) {
    use rayon::prelude::*;
    let files = scottish_wards();
    b.bench(|| files.par_iter().map(|f| scottish_ward(f)).sum::<usize>());
}

/// Meek in exact arithmetic (`meek`) and New Zealand's 9-decimal Meek (`meek-nz`):
/// 100,000 ballots, 20 candidates, 5 seats, from the BLT file.
#[divan::bench(args = ["meek", "meek-nz"], sample_count = 5)]
fn meek_100k_ballots_5_seats(b: Bencher, rule: &str) {
    let path = data("meek-100k.blt");
    let p = path.display().to_string();
    let variant = if rule == "meek" { MeekVariant::Exact } else { MeekVariant::NewZealand };
    b.bench(|| {
        let text = mandat_io::read_text(&p).unwrap();
        let blt = parse_blt(&text, &p).unwrap();
        let t = meek(&blt.ballots, 5, variant, 0).unwrap();
        assert_eq!(t.elected.len(), 5);
        t
    });
}

/// Exact Meek (`meek`) on the same 100,000 ballots for 15 seats (issue 17: <= 0.2 s),
/// from the BLT file.
#[divan::bench(sample_count = 5)]
fn meek_100k_ballots_15_seats(b: Bencher) {
    let path = data("meek-100k.blt");
    let p = path.display().to_string();
    b.bench(|| {
        let text = mandat_io::read_text(&p).unwrap();
        let blt = parse_blt(&text, &p).unwrap();
        let t = meek(&blt.ballots, 15, MeekVariant::Exact, 0).unwrap();
        assert_eq!(t.elected.len(), 15);
        t
    });
}

/// The same count without reading the file: the ballots are parsed once.
#[divan::bench(args = ["meek", "meek-nz"], sample_count = 5)]
fn meek_100k_count_only(b: Bencher, rule: &str) {
    let path = data("meek-100k.blt");
    let p = path.display().to_string();
    let blt = parse_blt(&mandat_io::read_text(&p).unwrap(), &p).unwrap();
    let variant = if rule == "meek" { MeekVariant::Exact } else { MeekVariant::NewZealand };
    b.bench(|| {
        let t = meek(&blt.ballots, 5, variant, 0).unwrap();
        assert_eq!(t.elected.len(), 5);
        t
    });
}

/// RCTab's 2013_minneapolis_mayor_scale: configuration, 16 ES&S xlsx files, count.
#[divan::bench(sample_count = 3)]
fn rctab_minneapolis_mayor_scale(b: Bencher) {
    let cfg = shared("rctab-test-data/2013_minneapolis_mayor_scale/2013_minneapolis_mayor_scale_config.json");
    let p = cfg.display().to_string();
    b.bench(|| {
        let run = mandat_io::ranked::rctab::load(&p).unwrap();
        run.tabulate().unwrap()
    });
}
