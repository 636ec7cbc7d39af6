//! Bundestag 2025 benchmarks (issue 3): the full count from parsed data, and parsing the
//! official result file.
//!
//! Run with `CARGO_TARGET_DIR=/work/target-bench cargo bench -p mandat-io --bench bundestag`.
//! Targets from the issue: the full count (upper apportionment of 630 seats, lower
//! apportionment to the 16 Land lists, coverage of the 299 Wahlkreis winners) under
//! 1 ms; parsing `tests/data/de-bundestag-2025/gesamtergebnis_02.xml` (3.4 MB) under
//! 100 ms. Figures in BENCHMARKS.md, section "Bundestag (issue 3)".
//!
//! - `count_full`: `mandat_core::count::count` on the parsed `Election` with the parsed
//!   preset law (both built outside the timed region); the `Outcome` is dropped outside
//!   it too.
//! - `parse_xml`: `mandat_io::parse_results` on the file's text, already in memory (the
//!   read from disk is not timed): roxmltree's parse, building the `Election`, and every
//!   check of the reader.
//! - `count_upper_only`: the same count without `[compensation.lower_apportionment]`.
//! - `parse_xml_tree_only`: roxmltree's `Document::parse` alone, for the split.
//! - `count_and_explain`: the count plus the `--explain` text, for scale.

use divan::black_box;
use mandat_core::election::Election;
use mandat_core::law::Law;

const XML: &str = include_str!("../../../tests/data/de-bundestag-2025/gesamtergebnis_02.xml");
const PATH: &str = "tests/data/de-bundestag-2025/gesamtergebnis_02.xml";

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

/// The same count without the lower apportionment and coverage (upper apportionment and
/// threshold only), to show their share.
#[divan::bench(sample_count = 500, sample_size = 4)]
fn count_upper_only(bencher: divan::Bencher) {
    let (mut law, e) = (law(), election());
    law.compensation.as_mut().unwrap().lower_apportionment = None;
    bencher.bench_local(|| mandat_core::count::count(black_box(&law), black_box(&e), 0).unwrap());
}

/// roxmltree's parse alone (well-formedness, the tree), to show the reader's own share.
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
    divan::main();
}
