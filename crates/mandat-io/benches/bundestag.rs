//! Bundestag 2025 benchmarks (issues 3 and 17): the full count from parsed data, and
//! reading the official result file and a synthetic 26 MB one.
//!
//! Run with `CARGO_TARGET_DIR=/work/target-bench cargo bench -p mandat-io --bench bundestag`.
//! Targets: the full count (upper apportionment of 630 seats, lower apportionment to the
//! 16 Land lists, coverage of the 299 Wahlkreis winners) under 1 ms; parsing
//! `tests/data/de-bundestag-2025/gesamtergebnis_02.xml` (3.4 MB) under 100 ms (issue 3); a
//! 26 MB file of the same schema read and counted in 30 ms (issue 17). Figures in
//! BENCHMARKS.md, section "Bundestag (issue 3)".
//!
//! The 26 MB file is SYNTHETIC (the official one of that size is not in the repository):
//! `scripts/make-big-bundestag-xml.py` repeats the official file's Wahlkreis blocks under
//! new numbers and names, 2,434 Wahlkreise in all. The bench reads it from
//! `target/synthetic/gesamtergebnis_synthetic_26mb.xml` (or `$MANDAT_SYNTHETIC_XML`),
//! running the script first if it is missing.
//!
//! - `count_full`: `mandat_core::count::count` on the parsed `Election` with the parsed
//!   preset law (both built outside the timed region); the `Outcome` is dropped outside
//!   it too.
//! - `parse_xml`: `mandat_io::parse_results` on the file's text, already in memory (the
//!   read from disk is not timed): the streaming scan (on all cores), building the
//!   `Election`, and every check of the reader.
//! - `parse_xml_one_core`: the same in a one-thread rayon pool (the scan in one part).
//! - `count_upper_only`: the same count without `[compensation.lower_apportionment]`.
//! - `parse_xml_tree_only`: roxmltree's `Document::parse` alone: the first step of the
//!   reader that the streaming one replaced, for comparison.
//! - `synthetic_26mb_parse`, `synthetic_26mb_parse_one_core`, `synthetic_26mb_count`,
//!   `synthetic_26mb_parse_and_count`: the synthetic file read (all cores, one core),
//!   counted, and both (issue 17's figure).
//! - `count_and_explain`: the count plus the `--explain` text, for scale.

use divan::black_box;
use mandat_core::election::Election;
use mandat_core::law::Law;

const XML: &str = include_str!("../../../tests/data/de-bundestag-2025/gesamtergebnis_02.xml");
const PATH: &str = "tests/data/de-bundestag-2025/gesamtergebnis_02.xml";

/// The synthetic 26 MB file (see the module documentation).
fn synthetic() -> &'static str {
    static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEXT.get_or_init(|| {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
        let path = std::env::var("MANDAT_SYNTHETIC_XML").unwrap_or_else(|_| format!("{root}/target/synthetic/gesamtergebnis_synthetic_26mb.xml"));
        if !std::path::Path::new(&path).exists() {
            let status = std::process::Command::new("python3")
                .arg(format!("{root}/scripts/make-big-bundestag-xml.py"))
                .args(["--out", &path])
                .status()
                .expect("python3 runs scripts/make-big-bundestag-xml.py, which makes the synthetic file");
            assert!(status.success(), "scripts/make-big-bundestag-xml.py failed");
        }
        std::fs::read_to_string(&path).unwrap()
    })
}

fn one_core() -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap()
}

fn law() -> Law {
    mandat_io::preset("de-bundestag-2025").unwrap().unwrap()
}

fn election() -> Election {
    mandat_io::parse_results(XML, PATH).unwrap()
}

#[divan::bench(sample_count = 500, sample_size = 4)]
fn count_full(bencher: divan::Bencher) {
    let (law, e) = (law(), election());
    bencher.bench_local(|| mandat_core::count::count(black_box(&law), black_box(&e), 0).unwrap());
}

#[divan::bench(sample_count = 100, sample_size = 1)]
fn parse_xml() -> Election {
    mandat_io::parse_results(black_box(XML), PATH).unwrap()
}

#[divan::bench(sample_count = 100, sample_size = 1)]
fn parse_xml_one_core(bencher: divan::Bencher) {
    let pool = one_core();
    bencher.bench_local(|| pool.install(|| mandat_io::parse_results(black_box(XML), PATH).unwrap()));
}

#[divan::bench(sample_count = 30, sample_size = 1)]
fn synthetic_26mb_parse(bencher: divan::Bencher) {
    let text = synthetic();
    bencher.bench_local(|| mandat_io::parse_results(black_box(text), "synthetic.xml").unwrap());
}

#[divan::bench(sample_count = 30, sample_size = 1)]
fn synthetic_26mb_parse_one_core(bencher: divan::Bencher) {
    let (text, pool) = (synthetic(), one_core());
    bencher.bench_local(|| pool.install(|| mandat_io::parse_results(black_box(text), "synthetic.xml").unwrap()));
}

#[divan::bench(sample_count = 30, sample_size = 1)]
fn synthetic_26mb_count(bencher: divan::Bencher) {
    let (law, e) = (law(), mandat_io::parse_results(synthetic(), "synthetic.xml").unwrap());
    bencher.bench_local(|| mandat_core::count::count(black_box(&law), black_box(&e), 0).unwrap());
}

/// Issue 17's figure: the file's text (in memory) read and counted.
#[divan::bench(sample_count = 30, sample_size = 1)]
fn synthetic_26mb_parse_and_count(bencher: divan::Bencher) {
    let (law, text) = (law(), synthetic());
    bencher.bench_local(|| {
        let e = mandat_io::parse_results(black_box(text), "synthetic.xml").unwrap();
        mandat_core::count::count(&law, &e, 0).unwrap()
    });
}

/// The same count without the lower apportionment and coverage (upper apportionment and
/// threshold only), to show their share.
#[divan::bench(sample_count = 500, sample_size = 4)]
fn count_upper_only(bencher: divan::Bencher) {
    let (mut law, e) = (law(), election());
    law.compensation.as_mut().unwrap().lower_apportionment = None;
    bencher.bench_local(|| mandat_core::count::count(black_box(&law), black_box(&e), 0).unwrap());
}

/// roxmltree's parse alone (well-formedness, the tree): the first step of the reader the
/// streaming one replaced.
#[divan::bench(sample_count = 100, sample_size = 1)]
fn parse_xml_tree_only() -> usize {
    roxmltree::Document::parse(black_box(XML)).unwrap().descendants().count()
}

#[divan::bench(sample_count = 100, sample_size = 1)]
fn count_and_explain(bencher: divan::Bencher) {
    let (law, e) = (law(), election());
    bencher.bench_local(|| {
        let out = mandat_core::count::count(black_box(&law), black_box(&e), 0).unwrap();
        mandat_io::report::explain(&law, &out)
    });
}

fn main() {
    // The benchmarked count must be the official result.
    let out = mandat_core::count::count(&law(), &election(), 0).unwrap();
    assert_eq!(out.house_size(), 630);
    assert_eq!(out.regional.as_ref().unwrap().unseated().count(), 23);
    // The synthetic file reads and counts: 2,434 winners for the same 630 seats.
    let big = mandat_io::parse_results(synthetic(), "synthetic.xml").unwrap();
    assert_eq!(big.winners.len(), 2434);
    assert_eq!(mandat_core::count::count(&law(), &big, 0).unwrap().house_size(), 630);
    divan::main();
}
