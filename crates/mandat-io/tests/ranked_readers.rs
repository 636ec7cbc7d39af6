//! The ranked-ballot readers never panic: arbitrary text and mutations of valid files
//! either parse or give an `InputError` (the property-test counterpart of the fuzz
//! targets).

use mandat_io::ranked::{parse_blt, parse_rankings_csv};
use proptest::prelude::*;

const BLT: &str = "4 2\n-3\n12 1 2 0\n3 2=1 4 0\n5 4 0\n0\n\"A\"\nB (Ind)\n\"C\" \"Party\"\n\"D \"\"x\"\"\"\n\"T\"\n";
const CSV: &str = "# candidates: A, B, C\nweight,rank1,rank2\n3,A,B\n1,B=C,\n2,,C\n";

fn mutate(base: &str, cuts: &[(usize, u8)]) -> String {
    let mut b = base.as_bytes().to_vec();
    for &(i, byte) in cuts {
        if b.is_empty() {
            break;
        }
        let i = i % b.len();
        match byte % 3 {
            0 => b[i] = byte,
            1 => {
                b.remove(i);
            }
            _ => b.insert(i, byte),
        }
    }
    String::from_utf8_lossy(&b).into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn blt_reader_never_panics(cuts in prop::collection::vec((0usize..200, any::<u8>()), 0..8), noise in ".{0,80}") {
        let _ = parse_blt(&mutate(BLT, &cuts), "m.blt");
        let _ = parse_blt(&noise, "n.blt");
    }

    #[test]
    fn csv_reader_never_panics(cuts in prop::collection::vec((0usize..200, any::<u8>()), 0..8), noise in ".{0,80}") {
        let _ = parse_rankings_csv(&mutate(CSV, &cuts), "m.csv");
        let _ = parse_rankings_csv(&noise, "n.csv");
    }
}

#[test]
fn the_seed_files_parse() {
    let b = parse_blt(BLT, "s.blt").unwrap();
    assert_eq!(b.ballots.candidates, vec!["A", "B (Ind)", "C (Party)", "D \"x\""]);
    assert!(b.ballots.withdrawn[2]);
    let c = parse_rankings_csv(CSV, "s.csv").unwrap();
    assert_eq!(c.total_weight(), 6);
}
