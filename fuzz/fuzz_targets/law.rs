//! `parse_law` on arbitrary TOML text; a law that parses counts a small fixed election:
//! once with the election's own 3 seats, and once without them so that the law's
//! `seats` / `constituencies` decide. Neither the parse nor the count may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mandat_core::election::Election;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(law) = mandat_io::parse_law(text, "fuzz.toml") {
        let fixed = Election::single("c", &[("A", 100), ("B", 50)], Some(3));
        let _ = mandat_core::count::count(&law, &fixed, 0);
        let from_law = Election::single("c", &[("A", 100), ("B", 50)], None);
        let _ = mandat_core::count::count(&law, &from_law, 0);
    }
});
