//! `parse_votes` on arbitrary text, as JSON (`{"A": 123}`) and as CSV (`party,votes`);
//! whatever parses is counted under `Law::example()` (national D'Hondt). That law fixes
//! no seats, so the election is also counted with the seats `mandat apportion` would
//! give it (the law's `seats`), otherwise the count would always stop at
//! `NoNationalSeats` and the allocation would never run.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mandat_core::law::{Law, Seats};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let example = Law::example();
    let mut with_seats = Law::example();
    // A number of seats from the input's length, 1..=200: small, but varied.
    with_seats.seats = Some(Seats(1 + (data.len() % 200) as u32));
    for path in ["fuzz.json", "fuzz.csv"] {
        if let Ok(election) = mandat_io::parse_votes(text, path) {
            let _ = mandat_core::count::count(&example, &election, 0);
            let _ = mandat_core::count::count(&with_seats, &election, 0);
        }
    }
});
