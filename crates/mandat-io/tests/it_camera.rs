//! Italy's Camera dei deputati 2022, national distribution of the 245 proportional seats
//! (DPR 361/1957 art. 83(1), Law 165/2017), counted from the national figures in
//! tests/data/it-camera-2022/national.json. The national total of valid votes was not
//! found in a stored source, so the case is counted at both ends of the range of totals
//! that the published shares (two decimals) allow; the official seats must come out at
//! both (see the file's `notes`).

use std::path::PathBuf;

use mandat_core::count::count;
use mandat_io::case::{compare, parse_case};

fn case() -> mandat_io::case::Case {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/it-camera-2022/national.json");
    parse_case(&std::fs::read_to_string(&path).unwrap(), path.to_str().unwrap()).unwrap_or_else(|e| panic!("{e}"))
}

/// The totals `votes / share` allows for a share published rounded to two decimals
/// (`hundredths` of a percent): (lowest, highest), both inclusive.
fn range(votes: u64, hundredths: u64) -> (u64, u64) {
    // share in [h - 0.5, h + 0.5) hundredths of a percent: total in (v / (h + 0.5), v / (h - 0.5)]
    let lo = votes * 20_000 / (2 * hundredths + 1) + 1;
    let hi = votes * 20_000 / (2 * hundredths - 1);
    (lo, hi)
}

#[test]
fn the_2022_seats_come_out_at_every_total_the_published_shares_allow() {
    let c = case();
    let law = mandat_io::preset("it-camera").unwrap().unwrap();
    // FdI 25.99%, centre-right 43.79%, M5S 15.43%, Azione-Italia Viva 7.79%, +Europa 2.83%.
    let bounds = [range(7_300_628, 2599), range(12_299_648, 4379), range(4_333_748, 1543), range(2_186_658, 779), range(793_925, 283)];
    let lo = bounds.iter().map(|b| b.0).max().unwrap();
    let hi = bounds.iter().map(|b| b.1).min().unwrap();
    assert_eq!((lo, hi), (28_084_740, 28_088_092));
    for total in [lo, hi] {
        let mut e = c.election.clone();
        e.constituencies[0].total_valid_votes = Some(total);
        let outcome = count(&law, &e, 0).unwrap_or_else(|err| panic!("{total}: {err}"));
        let diff = compare(&c, &outcome);
        assert!(diff.is_empty(), "total {total}: {diff:?}");
        let bar = outcome.contests[0].alliance_bar.as_ref().unwrap();
        assert!(bar.alliances.iter().all(|a| a.pooled), "both coalitions pass 10%");
    }
}

/// Without the total, the listed lists alone would be the base and +Europa (2.83% of
/// the valid votes) would pass 3%: the total matters, and the test above supplies it.
#[test]
fn the_listed_lists_alone_are_not_the_base() {
    let c = case();
    let law = mandat_io::preset("it-camera").unwrap().unwrap();
    let outcome = count(&law, &c.election, 0).unwrap();
    assert!(!compare(&c, &outcome).is_empty());
}
