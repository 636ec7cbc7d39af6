//! Whole counts from parsed data: the Norwegian Storting (19 counties, leveling seats
//! and their placement), issue 3's target of under 100 microseconds; and the Belgian
//! Chamber's four Flemish constituencies; the Swedish Riksdag (29 constituencies,
//! adjustment seats); and the JSON of a Spanish count (issue 17).
//!
//! `cargo bench -p mandat-io --bench count`

use mandat_core::count::count;

fn main() {
    divan::main();
}

#[divan::bench]
fn norway_storting_2021(bencher: divan::Bencher) {
    let law = mandat_io::preset("no-storting").unwrap().unwrap();
    let case = mandat_io::case::parse_case(include_str!("../../../tests/cases/no-storting-2021.json"), "no.json").unwrap();
    assert_eq!(count(&law, &case.election, 0).unwrap().house_size(), 169);
    bencher.bench(|| count(divan::black_box(&law), divan::black_box(&case.election), 0).unwrap());
}

#[divan::bench]
fn belgium_flanders_2024(bencher: divan::Bencher) {
    let law = mandat_io::preset("be-chamber").unwrap().unwrap();
    let case = mandat_io::case::parse_case(include_str!("../../../tests/cases/be-chamber-2024-flanders.json"), "be.json").unwrap();
    bencher.bench(|| count(divan::black_box(&law), divan::black_box(&case.election), 0).unwrap());
}

/// Sweden 2022: 29 constituencies with every party on the ballot (about 100 lists),
/// the national distribution and the placement of the 39 adjustment seats.
#[divan::bench]
fn sweden_riksdag_2022(bencher: divan::Bencher) {
    let law = mandat_io::preset("se-riksdag").unwrap().unwrap();
    let case = mandat_io::case::parse_case(include_str!("../../../tests/cases/se-riksdag-2022.json"), "se.json").unwrap();
    assert_eq!(count(&law, &case.election, 0).unwrap().house_size(), 349);
    bencher.bench(|| count(divan::black_box(&law), divan::black_box(&case.election), 0).unwrap());
}

/// The JSON of a count alone (issue 17: most of a `POST /api/count`): Spain's Madrid and
/// Barcelona, 69 seats by D'Hondt, each winning average as an exact fraction and a
/// decimal, written by the streaming writer.
#[divan::bench]
fn spain_congreso_json(bencher: divan::Bencher) {
    let law = mandat_io::preset("es-congreso").unwrap().unwrap();
    let case = mandat_io::case::parse_case(include_str!("../../../tests/cases/es-congreso-2023-madrid-barcelona.json"), "es.json").unwrap();
    let outcome = count(&law, &case.election, 0).unwrap();
    bencher.bench(|| mandat_io::report::outcome_json_text(divan::black_box(&law), divan::black_box(&outcome)).len());
}
