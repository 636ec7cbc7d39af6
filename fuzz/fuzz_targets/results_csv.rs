//! `parse_results` on arbitrary text read as CSV (`constituency,party,votes`); whatever
//! parses is counted under two preset laws (constituency-level D'Hondt with a threshold,
//! and national Hare with the admit-runner-up rule). Neither the parse nor the count may
//! panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mandat_core::law::Law;
use std::sync::OnceLock;

fn laws() -> &'static [Law; 2] {
    static LAWS: OnceLock<[Law; 2]> = OnceLock::new();
    LAWS.get_or_init(|| {
        let get = |id: &str| mandat_io::preset(id).expect("preset exists").expect("preset parses");
        [get("be-chamber"), get("kz-mazhilis-2021")]
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(election) = mandat_io::parse_results(text, "fuzz.csv") {
        for law in laws() {
            let _ = mandat_core::count::count(law, &election, 0);
        }
    }
});
