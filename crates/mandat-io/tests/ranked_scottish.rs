//! All 1,100 Scottish council wards (tests/data/scottish-stv-blt, copied from the shared
//! folder; provenance in its README) parse and count under the Scottish STV rules, and
//! every stage of every count balances to the 0.00001 vote; each ward is also counted by
//! ERS97, which must fill every seat and balance too.

use std::path::PathBuf;

use mandat_core::ranked::{stv, ActionKind, Fixed};
use mandat_io::ranked::{parse_blt, write_blt};

fn wards() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/scottish-stv-blt")
}

fn blt_files(dir: &PathBuf) -> Vec<PathBuf> {
    let mut v = Vec::new();
    for d in std::fs::read_dir(dir).unwrap() {
        let d = d.unwrap().path();
        if d.is_dir() {
            for f in std::fs::read_dir(&d).unwrap() {
                let f = f.unwrap().path();
                if f.extension().is_some_and(|e| e == "blt") {
                    v.push(f);
                }
            }
        }
    }
    v.sort();
    v
}

#[test]
fn every_scottish_ward_counts_and_balances() {
    let dir = wards();
    let files = blt_files(&dir);
    assert_eq!(files.len(), 1100, "expected 1,100 wards");
    let mut warned = 0;
    for f in &files {
        let path = f.display().to_string();
        let text = std::fs::read(f).unwrap();
        let text = String::from_utf8_lossy(&text);
        let blt = parse_blt(&text, &path).unwrap_or_else(|e| panic!("{e}"));
        warned += usize::from(!blt.warnings.is_empty());
        assert!(blt.ballots.candidates.iter().all(|n| !n.is_empty() && !n.starts_with("Candidate ")), "{path}: names");
        let t = stv::scottish_stv(&blt.ballots, blt.seats, 0).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(t.elected.len(), blt.seats as usize, "{path}: seats filled");
        let quota = t.quota.unwrap();
        for r in &t.rounds {
            // Votes held + non-transferable + lost to truncation = valid papers.
            let held = r.tally.iter().fold(Fixed::zero(5), |a, &(_, v)| a + v);
            assert_eq!(held + r.inactive.exhausted_choices + r.residual_surplus, t.total_ballots, "{path}: round {} balances", r.number);
            for a in &r.actions {
                let v = r.tally.iter().find(|x| x.0 == a.candidate).map(|x| x.1).unwrap();
                match a.kind {
                    ActionKind::Elected if a.reason.is_none() => assert!(v >= quota, "{path}: elected below quota"),
                    ActionKind::SurplusTransferred => {
                        let moved = a.transfers.iter().fold(Fixed::zero(5), |s, x| s + x.1);
                        assert_eq!(moved, v - quota, "{path}: round {}: the whole surplus is accounted for", r.number);
                    }
                    ActionKind::Eliminated => {
                        let moved = a.transfers.iter().fold(Fixed::zero(5), |s, x| s + x.1);
                        assert_eq!(moved, v, "{path}: round {}: all of an excluded candidate's votes move", r.number);
                    }
                    _ => {}
                }
            }
        }
        // ERS97 counts the same ward, filling every seat; every stage balances to 0.01.
        let e = mandat_core::ranked::ers97::ers97(&blt.ballots, blt.seats, 0).unwrap_or_else(|e| panic!("{path}: ers97: {e}"));
        assert_eq!(e.elected.len(), blt.seats as usize, "{path}: ers97 seats filled");
        for r in &e.rounds {
            let held = r.tally.iter().fold(Fixed::zero(2), |a, &(_, v)| a + v);
            assert_eq!(held + r.inactive.exhausted_choices + r.residual_surplus, e.total_ballots, "{path}: ers97 stage {} balances", r.number);
        }
        // Writing the ballots as BLT and reading them back gives the same ballots.
        let again = parse_blt(&write_blt(&blt.ballots, blt.seats, &blt.title), "rewritten.blt").unwrap();
        assert_eq!(again.ballots.ballots, blt.ballots.ballots, "{path}: BLT round trip");
        assert_eq!(again.ballots.candidates, blt.ballots.candidates, "{path}: names round trip");
    }
    assert_eq!(warned, 1, "only the Perth and Kinross file with trailing commas needs a warning");
}
