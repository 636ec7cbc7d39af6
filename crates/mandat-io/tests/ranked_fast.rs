//! The fast ranked readers (issue 17) against the plain ones: the same ballot box, seats,
//! title and warnings, or the same error (file, line, field, message), on random inputs,
//! in memory and from a file, small (one thread) and large (several).

use mandat_io::ranked::{parse_blt, parse_blt_plain, parse_rankings_csv, parse_rankings_csv_plain, read_blt, read_rankings_csv};
use proptest::prelude::*;

fn same_blt(text: &str) {
    let a = parse_blt_plain(text, "x.blt");
    let b = parse_blt(text, "x.blt");
    match (&a, &b) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a.ballots.ballots, b.ballots.ballots);
            assert_eq!(a.ballots.candidates, b.ballots.candidates);
            assert_eq!(a.ballots.withdrawn, b.ballots.withdrawn);
            assert_eq!((a.seats, &a.title, &a.warnings), (b.seats, &b.title, &b.warnings));
        }
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
        _ => panic!("plain {:?} fast {:?}", a.is_ok(), b.is_ok()),
    }
}

fn same_csv(text: &str) {
    let a = parse_rankings_csv_plain(text, "x.csv");
    let b = parse_rankings_csv(text, "x.csv");
    match (&a, &b) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a.ballots, b.ballots);
            assert_eq!(a.candidates, b.candidates);
            assert_eq!(a.withdrawn, b.withdrawn);
        }
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
        _ => panic!("plain {:?} fast {:?}", a.is_ok(), b.is_ok()),
    }
}

/// A BLT file of `lines` ballot lines from `seed`, with an optional bad line.
fn blt(nc: u32, lines: &[(u64, Vec<u32>, bool)], bad: Option<(usize, &str)>) -> String {
    let mut s = format!("# made\n{nc} 1\n");
    for (i, (w, prefs, tie)) in lines.iter().enumerate() {
        if let Some((k, b)) = bad {
            if k == i {
                s.push_str(b);
                s.push('\n');
            }
        }
        s.push_str(&w.to_string());
        for (j, p) in prefs.iter().enumerate() {
            s.push(if *tie && j == 1 { '=' } else { ' ' });
            s.push_str(&p.to_string());
        }
        s.push_str(" 0\n");
        if i % 97 == 5 {
            s.push_str("\n# ALTERNATIVE NAME 1: Zed\n");
        }
    }
    s.push_str("0\n");
    for k in 0..nc {
        s.push_str(&format!("\"C{}\"\n", k % 3));
    }
    s.push_str("\"T\"\nextra\n");
    s
}

fn csv(names: &[&str], rows: &[(u64, Vec<usize>, bool)], bad: Option<(usize, &str)>, declared: bool) -> String {
    let mut s = String::new();
    if declared {
        s.push_str(&format!("# candidates: {}\n", names.join(", ")));
    }
    s.push_str("weight,rank1,rank2,rank3,rank4\n");
    for (i, (w, prefs, gap)) in rows.iter().enumerate() {
        if let Some((k, b)) = bad {
            if k == i {
                s.push_str(b);
                s.push('\n');
            }
        }
        s.push_str(&w.to_string());
        for (j, p) in prefs.iter().enumerate() {
            s.push(',');
            if *gap && j == 1 {
                s.push(',');
            }
            s.push_str(names[*p % names.len()]);
        }
        s.push_str(if i % 3 == 0 { "\r\n" } else { "\n" });
    }
    s
}

const BAD_BLT: &[&str] = &["1 9 0", "1 1 2", "x 1 0", "1 1 0 2", "0 1 0", "(id) 2 1 0", "1 - 2 0", "1 1=\u{e9} 0", "\"A\"", "18446744073709551615 1 0", "-1 2 0"];
const BAD_CSV: &[&str] = &["x,A", "1,\"A,B\",C", "1,A=,B", "1,Q", "0,A", ",,", "1,A\rB", "18446744073709551615,A"];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn blt_fast_is_plain(nc in 1u32..9, lines in prop::collection::vec((0u64..4, prop::collection::vec(1u32..9, 0..5), any::<bool>()), 1..60), bad in prop::option::of((0usize..60, 0usize..11))) {
        let lines: Vec<_> = lines.into_iter().map(|(w, p, t)| (w, p.into_iter().map(|c| (c - 1) % nc + 1).collect(), t)).collect();
        same_blt(&blt(nc, &lines, bad.map(|(k, b)| (k, BAD_BLT[b]))));
    }

    #[test]
    fn csv_fast_is_plain(rows in prop::collection::vec((0u64..4, prop::collection::vec(0usize..5, 0..4), any::<bool>()), 1..60), bad in prop::option::of((0usize..60, 0usize..8)), declared in any::<bool>()) {
        same_csv(&csv(&["Ann", "Bob", "Cy=Di", "Zoë", "Ed"][..if declared { 5 } else { 4 }], &rows, bad.map(|(k, b)| (k, BAD_CSV[b])), declared));
    }
}

/// Large inputs take the parallel path (several workers, blocks merged): the same answer,
/// from text and from a file; an error deep in the file names the same line.
#[test]
fn large_inputs_in_parallel() {
    let mut lines = Vec::new();
    let mut x: u64 = 12345;
    for _ in 0..600_000 {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let n = (x >> 60) as usize % 5;
        let prefs: Vec<u32> = (0..n).map(|i| ((x >> (8 * i + 8)) % 7) as u32 + 1).collect();
        lines.push((1 + (x >> 62), prefs, (x >> 20) % 50 == 0));
    }
    let text = blt(7, &lines, None);
    assert!(text.len() > 3 << 20, "{}", text.len());
    same_blt(&text);
    let dir = std::env::temp_dir().join(format!("mandat-fast-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("big.blt");
    std::fs::write(&f, &text).unwrap();
    let a = parse_blt_plain(&text, f.to_str().unwrap()).unwrap();
    let b = read_blt(f.to_str().unwrap()).unwrap();
    assert_eq!((a.ballots.ballots, a.ballots.candidates, a.warnings), (b.ballots.ballots, b.ballots.candidates, b.warnings));
    let bad = blt(7, &lines, Some((500_000, "1 8 0")));
    std::fs::write(&f, &bad).unwrap();
    let e = read_blt(f.to_str().unwrap()).unwrap_err();
    assert_eq!(e.to_string(), parse_blt_plain(&bad, f.to_str().unwrap()).unwrap_err().to_string());
    assert_eq!(e.field.as_deref(), Some("preferences"));

    let rows: Vec<_> = lines.iter().map(|(w, p, g)| (*w, p.iter().map(|&c| c as usize).collect::<Vec<_>>(), *g)).collect();
    let names = ["A", "B", "C", "D", "E", "F", "G", "H"];
    let text = csv(&names, &rows, None, false);
    same_csv(&text);
    let f = dir.join("big.csv");
    std::fs::write(&f, &text).unwrap();
    let a = parse_rankings_csv_plain(&text, "x").unwrap();
    let b = read_rankings_csv(f.to_str().unwrap()).unwrap();
    assert_eq!((a.ballots, a.candidates), (b.ballots, b.candidates));
    let bad = csv(&names, &rows, Some((450_000, "2,A,\"B")), false);
    std::fs::write(&f, &bad).unwrap();
    let e = read_rankings_csv(f.to_str().unwrap()).unwrap_err();
    assert_eq!(e.to_string(), parse_rankings_csv_plain(&bad, f.to_str().unwrap()).unwrap_err().to_string());
    std::fs::remove_dir_all(&dir).unwrap();
}
