//! `parse_rankings_csv` on arbitrary text; whatever parses is written back (and must read
//! again to the same ballots) and counted by IRV, plurality, two-round and the
//! supplementary vote. Neither the parse nor a count may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mandat_core::ranked::{rctab, simple};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(bb) = mandat_io::ranked::parse_rankings_csv(text, "fuzz.csv") else { return };
    let again = mandat_io::ranked::parse_rankings_csv(&mandat_io::ranked::write_rankings_csv(&bb), "again.csv")
        .expect("written CSV reads back");
    assert_eq!(again.ballots, bb.ballots);
    let _ = rctab::tabulate(&bb, &rctab::RctabRules::irv(bb.num_candidates()));
    let o = simple::DirectOptions::default();
    let _ = simple::plurality(&bb, 1, &o);
    let _ = simple::two_round(&bb, &o, None);
    let _ = simple::supplementary(&bb, &o);
});
