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

/// A BLT file of `lines` ballot lines (weight, preferences, whether the first two are an
/// `=` tie), with an optional bad line.
fn blt(nc: u32, lines: &[(u64, Vec<u32>, bool)], bad: Option<(usize, &str)>) -> String {
    blt_styled(nc, lines, bad, &Style::default())
}

/// How [`blt_styled`] writes a file: line ends, withdrawn candidates, and spacing (so that
/// ballot lines are both short — counted by their bytes — and long, and the same ranking
/// comes in several spellings).
#[derive(Default, Debug)]
struct Style {
    crlf: bool,
    withdrawn: Vec<u32>,
    /// Per ballot line (cycled): 0 one space, 1 two spaces after the weight, 2 a tab,
    /// 3 trailing spaces, 4 a skipped rank (`-`) before the last preference, 5 spaces
    /// before the closing `0` (past 15 bytes: a long line).
    spacing: Vec<u8>,
    /// No comment lines among the ballots: blocks of digits, spaces and line ends only,
    /// whose short lines are not checked byte by byte (issue 17).
    quiet: bool,
}

fn blt_styled(nc: u32, lines: &[(u64, Vec<u32>, bool)], bad: Option<(usize, &str)>, st: &Style) -> String {
    let nl = if st.crlf { "\r\n" } else { "\n" };
    let mut s = format!("# made{nl}{nc} 1{nl}");
    if !st.withdrawn.is_empty() {
        let w: Vec<String> = st.withdrawn.iter().map(|c| format!("-{}", (c - 1) % nc + 1)).collect();
        s.push_str(&w.join(" "));
        s.push_str(nl);
    }
    for (i, (w, prefs, tie)) in lines.iter().enumerate() {
        if let Some((k, b)) = bad {
            if k == i {
                s.push_str(b);
                s.push_str(nl);
            }
        }
        let style = if st.spacing.is_empty() { 0 } else { st.spacing[i % st.spacing.len()] };
        s.push_str(&w.to_string());
        for (j, p) in prefs.iter().enumerate() {
            let sep = if *tie && j == 1 {
                "="
            } else if j == 0 && style == 1 {
                "  "
            } else if j == 0 && style == 2 {
                "\t"
            } else if j + 1 == prefs.len() && j > 0 && style == 4 {
                " - "
            } else {
                " "
            };
            s.push_str(sep);
            s.push_str(&p.to_string());
        }
        s.push_str(match style {
            3 => " 0   ",
            5 => "             0",
            _ => " 0",
        });
        s.push_str(nl);
        if i % 97 == 5 && !st.quiet {
            s.push_str(&format!("{nl}# ALTERNATIVE NAME 1: Zed{nl}"));
        }
    }
    s.push_str(&format!("0{nl}"));
    for k in 0..nc {
        s.push_str(&format!("\"C{}\"{nl}", k % 3));
    }
    s.push_str(&format!("\"T\"{nl}extra{nl}"));
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

const BAD_BLT: &[&str] = &[
    "1 9 0",
    "1 1 2",
    "x 1 0",
    "1 1 0 2",
    "0 1 0",
    "(id) 2 1 0",
    "1 - 2 0",
    "1 1=\u{e9} 0",
    "\"A\"",
    "18446744073709551615 1 0",
    "-1 2 0",
    // Short lines (counted by their bytes, parsed at the end of their block).
    "1 1 0 0",
    "2 1 x 0",
    "1 1\u{0}0",
    "1 12 0",
    "9 1 0 #",
    "1 1 00",
    // A CR inside a short line (in a block of digits, spaces and line ends: keyed, then
    // given back to the line parser).
    "1\r2 0",
    "2 1 0\r\r",
    // The largest weight: with more of the same line the sum passes u64::MAX.
    "18446744073709551615 1 2 0",
];
const BAD_CSV: &[&str] = &["x,A", "1,\"A,B\",C", "1,A=,B", "1,Q", "0,A", ",,", "1,A\rB", "18446744073709551615,A"];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn blt_fast_is_plain(nc in 1u32..9, lines in prop::collection::vec((0u64..4, prop::collection::vec(1u32..9, 0..5), any::<bool>()), 1..60), bad in prop::option::of((0usize..60, 0usize..BAD_BLT.len()))) {
        let lines: Vec<_> = lines.into_iter().map(|(w, p, t)| (w, p.into_iter().map(|c| (c - 1) % nc + 1).collect(), t)).collect();
        same_blt(&blt(nc, &lines, bad.map(|(k, b)| (k, BAD_BLT[b]))));
    }

    /// Weights up to 12, `=` ties, skipped ranks, withdrawn candidates, comments, CRLF,
    /// and spacings that make one ranking several different lines, some short and some
    /// long; repeated lines (drawn from a few) as in a real file.
    #[test]
    fn blt_styles_fast_is_plain(
        nc in 1u32..14,
        pool in prop::collection::vec((1u64..13, prop::collection::vec(1u32..14, 0..6), any::<bool>()), 1..8),
        picks in prop::collection::vec(0usize..8, 1..80),
        crlf in any::<bool>(),
        withdrawn in prop::collection::vec(1u32..14, 0..3),
        spacing in prop::collection::vec(0u8..6, 0..4),
        bad in prop::option::of((0usize..80, 0usize..BAD_BLT.len())),
    ) {
        let lines: Vec<_> = picks.iter().map(|&k| {
            let (w, p, t) = &pool[k % pool.len()];
            (*w, p.iter().map(|c| (c - 1) % nc + 1).collect(), *t)
        }).collect();
        let style = Style { crlf, withdrawn, spacing, quiet: false };
        same_blt(&blt_styled(nc, &lines, bad.map(|(k, b)| (k, BAD_BLT[b])), &style));
    }

    /// Rankings packed in one word (issue 17) and rankings that are not: up to 400
    /// candidates (1 to 9 bits each) and rankings longer than a word holds at that width,
    /// ties, repeated (the same ranking from the packed table and from lines of several
    /// spellings).
    #[test]
    fn blt_wide_fast_is_plain(
        nc in 1u32..400,
        pool in prop::collection::vec((1u64..4, prop::collection::vec(1u32..400, 0..70), any::<bool>()), 1..8),
        picks in prop::collection::vec(0usize..8, 1..60),
        spacing in prop::collection::vec(0u8..6, 0..4),
    ) {
        let lines: Vec<_> = picks.iter().map(|&k| {
            let (w, p, t) = &pool[k % pool.len()];
            (*w, p.iter().map(|c| (c - 1) % nc + 1).collect(), *t)
        }).collect();
        same_blt(&blt_styled(nc, &lines, None, &Style { spacing, ..Style::default() }));
    }

    #[test]
    fn csv_fast_is_plain(rows in prop::collection::vec((0u64..4, prop::collection::vec(0usize..5, 0..4), any::<bool>()), 1..60), bad in prop::option::of((0usize..60, 0usize..8)), declared in any::<bool>()) {
        same_csv(&csv(&["Ann", "Bob", "Cy=Di", "Zoë", "Ed"][..if declared { 5 } else { 4 }], &rows, bad.map(|(k, b)| (k, BAD_CSV[b])), declared));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3))]

    /// The parallel path (issue 17: each worker counts its short lines, the merge counts
    /// their rankings in one table) on a few rankings written many ways, so that every
    /// worker meets each of them: as short lines of several weights and spellings, as long
    /// lines, with CRLF, comments and blank lines, the empty ranking (not packed) among
    /// them; and a bad line anywhere, in the first worker's blocks or a later one's.
    #[test]
    fn spellings_in_parallel_fast_is_plain(
        nc in 1u32..14,
        pool in prop::collection::vec((1u64..13, prop::collection::vec(1u32..14, 0..6), any::<bool>()), 1..10),
        seed in any::<u64>(),
        crlf in any::<bool>(),
        spacing in prop::collection::vec(0u8..6, 1..7),
        bad in prop::option::of((0usize..1000, 0usize..BAD_BLT.len())),
    ) {
        let mut x = seed;
        // Lines until past 2 MiB (at least four bytes a line, two a preference).
        let mut bytes = 0;
        let mut lines = Vec::new();
        while bytes < 2_300_000 {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let (w, p, t) = &pool[(x >> 33) as usize % pool.len()];
            bytes += 4 + 2 * p.len();
            lines.push((*w, p.iter().map(|c| (c - 1) % nc + 1).collect::<Vec<u32>>(), *t));
        }
        let dir = std::env::temp_dir().join(format!("mandat-fast-sp-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        // With comments among the ballots, and without (blocks of digits, spaces and line
        // ends only, whose short lines are not checked byte by byte).
        for quiet in [false, true] {
            let style = Style { crlf, spacing: spacing.clone(), quiet, ..Style::default() };
            // The bad line at a place in thousandths of the file.
            let text = blt_styled(nc, &lines, bad.map(|(k, b)| (k * lines.len() / 1000, BAD_BLT[b])), &style);
            prop_assert!(text.len() > 2 << 20, "{}", text.len());
            same_blt(&text);
            // (A NUL byte makes the file no text file: the reader's own error, before any
            // parsing.)
            if text.contains('\0') {
                continue;
            }
            let f = dir.join("sp.blt");
            std::fs::write(&f, &text).unwrap();
            let path = f.to_str().unwrap();
            match (parse_blt_plain(&text, path), read_blt(path)) {
                (Ok(a), Ok(b)) => prop_assert_eq!((a.ballots.ballots, a.ballots.candidates, a.warnings), (b.ballots.ballots, b.ballots.candidates, b.warnings)),
                (Err(a), Err(b)) => prop_assert_eq!(a.to_string(), b.to_string()),
                (a, b) => prop_assert!(false, "plain {:?} fast {:?}", a.is_ok(), b.is_ok()),
            }
        }
        std::fs::remove_dir_all(&dir).unwrap();
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
        lines.push((1 + (x >> 62), prefs, (x >> 20).is_multiple_of(50)));
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
    // A tail line that looks like a short ballot line, read by a worker past the end.
    same_blt(&text.replace("\"T\"\nextra\n", "\"T\"\n12 3 0\n"));
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

/// The parallel path with rankings both packed and not (20 candidates: twelve ranks fit a
/// word), the same ranking met by both workers.
#[test]
fn packed_and_unpacked_rankings_in_parallel() {
    let mut lines = Vec::new();
    let mut x: u64 = 777;
    for _ in 0..250_000 {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let n = (x >> 59) as usize % 16;
        let prefs: Vec<u32> = (0..n).map(|i| ((x >> (i % 14 + 8)) % 20) as u32 + 1).collect();
        lines.push((1 + (x >> 63), prefs, (x >> 30).is_multiple_of(64)));
    }
    let text = blt(20, &lines, None);
    assert!(text.len() > 3 << 20, "{}", text.len());
    same_blt(&text);
    let p = parse_blt(&text, "x.blt").unwrap();
    assert!(p.ballots.ballots.iter().any(|b| b.ranks.len() > 12) && p.ballots.ballots.iter().any(|b| b.ranks.len() == 12));
}

/// The header of a file is looked for in its first 64 KiB, then in its first MiB: a file
/// whose header or withdrawn line comes after a long run of comments reads the same.
#[test]
fn a_header_after_long_comments_reads_the_same() {
    let dir = std::env::temp_dir().join(format!("mandat-fast-head-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("head.blt");
    let lines: Vec<_> = (0..20_000u32).map(|i| (1 + u64::from(i % 3), vec![i % 5 + 1, (i / 5) % 5 + 1], false)).collect();
    let body = blt_styled(5, &lines, None, &Style { withdrawn: vec![4], ..Style::default() });
    for comments in [0usize, 700, 2_000, 20_000] {
        let text = format!("{}{body}", "# a comment line of a preamble, some fifty bytes\n".repeat(comments));
        std::fs::write(&f, &text).unwrap();
        let a = parse_blt_plain(&text, f.to_str().unwrap()).unwrap();
        let b = read_blt(f.to_str().unwrap()).unwrap();
        assert_eq!((&a.ballots.ballots, &a.ballots.withdrawn, &a.title), (&b.ballots.ballots, &b.ballots.withdrawn, &b.title), "{comments}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Short lines are counted by their bytes and their weights added when a worker ends: a
/// sum past `u64::MAX` there, a bad short line met again later, or one line in many
/// spellings still give the plain reader's answer.
#[test]
fn short_lines_sum_and_fail_as_the_plain_reader() {
    let big = "18446744073709551615";
    same_blt(&format!("2 1\n{big} 1 0\n1 1 0\n1 1 0\n0\n\"A\"\n\"B\"\n\"T\"\n"));
    same_blt(&format!("2 1\n1 1 0\n{big} 1 0\n0\n\"A\"\n\"B\"\n\"T\"\n"));
    same_blt("2 1\n1 3 0\n1 2 0\n1 3 0\n0\n\"A\"\n\"B\"\n\"T\"\n");
    same_blt("2 1\n1 2 0\r\n1  2 0\n1 2 0 \n1\t2 0\n2 2 0\n1 2=1 0\n1 1 - 2 0\n0\n\"A\"\n\"B\"\n\"T\"\n");
    let p = parse_blt("2 1\n1 2 0\r\n1  2 0\n1 2 0 \n2 2 0\n1 1 0\n0\n\"A\"\n\"B\"\n\"T\"\n", "x.blt").unwrap();
    assert_eq!(p.ballots.ballots.iter().map(|b| b.weight).collect::<Vec<_>>(), vec![5, 1]);
}
