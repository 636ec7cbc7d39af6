//! Italy's Camera dei deputati 2022, national distribution of the 245 proportional seats
//! (DPR 361/1957 art. 83(1), Law 165/2017): the case tests/cases/it-camera-2022.json gives
//! all 23 lists, whose figures add up to the national total of valid votes (art. 83(1)(b)),
//! and the conformance test reproduces its seats. This file checks that the lists outside
//! the distribution matter: they are part of the base of the bars.

use std::path::PathBuf;

use mandat_core::count::count;
use mandat_io::case::{compare, parse_case};

fn case() -> mandat_io::case::Case {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/cases/it-camera-2022.json");
    parse_case(&std::fs::read_to_string(&path).unwrap(), path.to_str().unwrap()).unwrap_or_else(|e| panic!("{e}"))
}

/// Art. 83(1)(b): the national total of valid votes is the sum of every list's figure,
/// the small lists' too (Italexit 534,574, Unione Popolare 402,977, ...: 1,811,865 votes
/// in 12 lists). Counted without them (only the 11 lists of the two coalitions, M5S,
/// Azione-Italia Viva and SVP-PATT), +Europa's 793,925 votes would be 3.02% of the rest
/// instead of 2.83% of all, and it would take seats.
#[test]
fn the_lists_outside_the_distribution_count_in_the_base() {
    let c = case();
    let law = mandat_io::preset("it-camera").unwrap().unwrap();
    let e = &c.election;
    let total: u64 = e.constituencies[0].votes.iter().map(|&(_, v)| v).sum();
    assert_eq!(total, 28_086_553, "the Ministry's total of valid votes (tot_vot_prop)");

    let seated = |p: usize| e.alliances.iter().any(|a| a.contains(&p)) || ["MOVIMENTO 5 STELLE", "AZIONE - ITALIA VIVA - CALENDA", "SÜDTIROLER VOLKSPARTEI (SVP) - PATT"].contains(&e.parties[p].as_str());
    let mut without = e.clone();
    without.constituencies[0].votes.retain(|&(p, _)| seated(p));
    assert_eq!(without.constituencies[0].votes.len(), 11);
    let outcome = count(&law, &without, 0).unwrap();
    let diff = compare(&c, &outcome);
    assert!(diff.iter().any(|m| m.party.as_deref() == Some("+EUROPA") && m.got.is_some_and(|g| g > 0)), "{diff:?}");
}
