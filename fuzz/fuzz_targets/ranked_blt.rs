//! `parse_blt` on arbitrary text; whatever parses is written back as BLT (which must read
//! again to the same ballots) and counted under Scottish STV, ERS97 and IRV, whatever
//! the weights. Neither the parse nor a count may panic or overflow.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mandat_core::ranked::{ers97, rctab, stv};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(blt) = mandat_io::ranked::parse_blt(text, "fuzz.blt") else { return };
    let again = mandat_io::ranked::parse_blt(&mandat_io::ranked::write_blt(&blt.ballots, blt.seats, &blt.title), "again.blt")
        .expect("written BLT reads back");
    assert_eq!(again.ballots.ballots, blt.ballots.ballots);
    // Any weight: a count must give a result or an error (`TooManyBallots`), never
    // overflow. (Meek iterates up to a thousand times a stage: too slow to fuzz here.)
    let _ = stv::scottish_stv(&blt.ballots, blt.seats, 0);
    let _ = ers97::ers97(&blt.ballots, blt.seats, 0);
    let _ = rctab::tabulate(&blt.ballots, &rctab::RctabRules::irv(blt.ballots.num_candidates()));
});
