//! The Bundeswahlleiterin's XML result file (`gesamtergebnis_*.xml`): the streaming
//! reader against the roxmltree reader it replaced (issue 17), which mandat-io compiles
//! for fuzzing (`--cfg fuzzing`) as `bundeswahlleiter_xml::reference`. On any text both
//! give the same `Election` and the same official coverage, or both refuse it; when the
//! text is well-formed XML, with the same error (message, line, column, element). What
//! parses is counted under the German law. Nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mandat_core::law::Law;
use mandat_io::bundeswahlleiter_xml::{official_coverage, parse, reference};
use mandat_io::InputError;
use std::fmt::Debug;
use std::sync::OnceLock;

fn law() -> &'static Law {
    static LAW: OnceLock<Law> = OnceLock::new();
    LAW.get_or_init(|| mandat_io::preset("de-bundestag-2025").expect("preset exists").expect("preset parses"))
}

fn same<T: PartialEq + Debug>(ours: Result<T, InputError>, theirs: Result<T, InputError>) -> Option<T> {
    let not_well_formed = |e: &InputError| e.message.starts_with("not well-formed XML");
    match (ours, theirs) {
        (Ok(a), Ok(b)) if a == b => Some(a),
        (Err(a), Err(b)) if a == b || (not_well_formed(&a) && not_well_formed(&b)) => None,
        (a, b) => panic!("the readers disagree:\nstreaming {a:?}\nreference {b:?}"),
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    same(official_coverage(text, "fuzz.xml"), reference::official_coverage(text, "fuzz.xml"));
    if let Some(election) = same(parse(text, "fuzz.xml"), reference::parse(text, "fuzz.xml")) {
        let _ = mandat_core::count::count(law(), &election, 0);
    }
});
