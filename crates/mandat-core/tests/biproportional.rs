//! Properties of the biproportional lower apportionment: both margins hold exactly,
//! every cell rounds correctly with the reported divisors, an impossible problem is
//! reported (never a panic), and adversarial inputs full of ties terminate.

#![allow(clippy::needless_range_loop)]

use mandat_core::biproportional::{lower_apportionment, BiproportionalError, LowerReport, TieFlag};
use mandat_core::method::Method;
use mandat_core::tie::{TieBreaker, TieRule};
use num_bigint::BigInt;
use num_rational::BigRational;
use proptest::prelude::*;

fn signpost(m: Method, k: u32) -> BigRational {
    let d = m.divisor(k);
    let unit = if matches!(m, Method::SainteLague) { 2u32 } else { 1 };
    BigRational::new(BigInt::from(d.num), BigInt::from(d.den) * BigInt::from(unit))
}

/// Checks a result independently of the algorithm: margins, and for every cell
/// s(x−1) ≤ v / (a·b) ≤ s(x), with a flag only on a signpost.
fn verify(votes: &[Vec<u64>], rows: &[u32], cols: &[u32], m: Method, r: &LowerReport) {
    for (i, &want) in rows.iter().enumerate() {
        assert_eq!((0..cols.len()).map(|k| r.seats(i, k)).sum::<u32>(), want, "district {i}");
    }
    for (k, &want) in cols.iter().enumerate() {
        assert_eq!((0..rows.len()).map(|i| r.seats(i, k)).sum::<u32>(), want, "list {k}");
    }
    for i in 0..rows.len() {
        for k in 0..cols.len() {
            let cell = &r.cells[i][k];
            let q = BigRational::from_integer(BigInt::from(votes[i][k])) / (&r.district_divisors[i].0 * &r.list_divisors[k].0);
            assert_eq!(q, cell.quotient.0, "reported quotient of ({i}, {k})");
            if votes[i][k] == 0 {
                assert_eq!(cell.seats, 0);
                continue;
            }
            assert!(q <= signpost(m, cell.seats), "({i}, {k}): {q} above s({})", cell.seats);
            if cell.seats > 0 {
                assert!(q >= signpost(m, cell.seats - 1), "({i}, {k}): {q} below s({})", cell.seats - 1);
            }
            match cell.tie {
                Some(TieFlag::Plus) => assert_eq!(q, signpost(m, cell.seats)),
                Some(TieFlag::Minus) => assert_eq!(q, signpost(m, cell.seats - 1)),
                None => {}
            }
        }
    }
}

/// Whether a seat matrix with these margins exists using only cells with votes
/// (max-flow by augmenting paths; the reference for `Infeasible`).
fn feasible(votes: &[Vec<u64>], rows: &[u32], cols: &[u32]) -> bool {
    let (r, c) = (rows.len(), cols.len());
    let mut x = vec![vec![0u32; c]; r];
    let mut row_left: Vec<u32> = rows.to_vec();
    let mut col_left: Vec<u32> = cols.to_vec();
    loop {
        // BFS from rows with seats left over cells with votes (forward) or seats (back).
        let mut prev_row: Vec<Option<usize>> = vec![None; c]; // column j reached from row
        let mut prev_col: Vec<Option<usize>> = vec![None; r]; // row i reached back from column
        let mut seen_r: Vec<bool> = row_left.iter().map(|&s| s > 0).collect();
        let mut queue: Vec<usize> = (0..r).filter(|&i| seen_r[i]).collect();
        let mut end = None;
        while let Some(i) = queue.pop() {
            for j in 0..c {
                if votes[i][j] == 0 || prev_row[j].is_some() {
                    continue;
                }
                prev_row[j] = Some(i);
                if col_left[j] > 0 {
                    end = Some(j);
                    break;
                }
                for i2 in 0..r {
                    if !seen_r[i2] && x[i2][j] > 0 {
                        seen_r[i2] = true;
                        prev_col[i2] = Some(j);
                        queue.push(i2);
                    }
                }
            }
            if end.is_some() {
                break;
            }
        }
        let Some(mut j) = end else { break };
        col_left[j] -= 1;
        loop {
            let i = prev_row[j].unwrap();
            x[i][j] += 1;
            match prev_col[i] {
                Some(j2) => {
                    x[i][j2] -= 1;
                    j = j2;
                }
                None => {
                    row_left[i] -= 1;
                    break;
                }
            }
        }
    }
    row_left.iter().all(|&s| s == 0) && col_left.iter().all(|&s| s == 0)
}

fn problem(zero_share: u32) -> impl Strategy<Value = (Vec<Vec<u64>>, Vec<u32>, Vec<u32>)> {
    (1usize..6, 1usize..6).prop_flat_map(move |(r, c)| {
        (
            proptest::collection::vec(proptest::collection::vec((0u32..100, 1u64..20_000), c), r),
            proptest::collection::vec(1u32..9, r),
            proptest::collection::vec(0u32..100, c),
        )
            .prop_map(move |(cells, rows, weights)| {
                let votes: Vec<Vec<u64>> =
                    cells.iter().map(|row| row.iter().map(|&(z, v)| if z < zero_share { 0 } else { v }).collect()).collect();
                // List seats: the district seats shared by Sainte-Laguë on column weights
                // (any split with the right total is a valid problem).
                let total: u32 = rows.iter().sum();
                let w: Vec<u64> = weights.iter().map(|&x| x as u64 + 1).collect();
                let cols = Method::SainteLague.allocate(&w, total, &mut TieBreaker::new(vec![TieRule::ListOrder], 0));
                (votes, rows, cols)
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// With votes in every cell a solution always exists, and it meets both margins
    /// exactly with correctly rounded quotients.
    #[test]
    fn margins_hold_exactly((votes, rows, cols) in problem(0), dhondt in any::<bool>()) {
        let m = if dhondt { Method::DHondt } else { Method::SainteLague };
        let mut tb = TieBreaker::new(vec![TieRule::MoreVotes, TieRule::Lot], 7);
        let r = lower_apportionment(&votes, &rows, &cols, m, &mut tb).unwrap();
        verify(&votes, &rows, &cols, m, &r);
    }

    /// With empty cells, the count either meets both margins or says the problem is
    /// infeasible, and it says so exactly when no seat matrix exists.
    #[test]
    fn infeasible_exactly_when_no_matrix_exists((votes, rows, cols) in problem(40)) {
        let mut tb = TieBreaker::new(vec![TieRule::MoreVotes, TieRule::Lot], 7);
        match lower_apportionment(&votes, &rows, &cols, Method::SainteLague, &mut tb) {
            Ok(r) => verify(&votes, &rows, &cols, Method::SainteLague, &r),
            Err(BiproportionalError::Infeasible(_)) | Err(BiproportionalError::DistrictWithoutVotes(_)) => {
                prop_assert!(!feasible(&votes, &rows, &cols), "reported infeasible, but a matrix exists");
            }
            Err(e) => prop_assert!(false, "unexpected error {e}"),
        }
    }

    /// Small vote counts make exact ties frequent: every count terminates, every tie
    /// is flagged on a signpost and decided.
    #[test]
    fn ties_everywhere_terminate(votes in proptest::collection::vec(proptest::collection::vec(1u64..4, 4), 4), s in 1u32..4) {
        let rows = vec![s; 4];
        let cols = vec![s; 4];
        let mut tb = TieBreaker::new(vec![TieRule::MoreVotes, TieRule::Lot], 3);
        let r = lower_apportionment(&votes, &rows, &cols, Method::SainteLague, &mut tb).unwrap();
        verify(&votes, &rows, &cols, Method::SainteLague, &r);
    }
}

/// A matrix of equal votes: every cell is tied; the chain decides, the count ends.
#[test]
fn all_equal_votes_terminate_with_ties_decided() {
    let n = 12;
    let votes = vec![vec![1000u64; n]; n];
    let rows = vec![7u32; n];
    let cols = vec![7u32; n];
    let mut tb = TieBreaker::new(vec![TieRule::MoreVotes, TieRule::Lot], 11);
    let r = lower_apportionment(&votes, &rows, &cols, Method::SainteLague, &mut tb).unwrap();
    verify(&votes, &rows, &cols, Method::SainteLague, &r);
    assert!(!r.ties.is_empty());
    assert!(r.ties.iter().all(|t| t.decided_by == TieRule::Lot && t.seed == Some(11)));
    // The same seed gives the same matrix.
    let r2 = lower_apportionment(&votes, &rows, &cols, Method::SainteLague, &mut TieBreaker::new(vec![TieRule::MoreVotes, TieRule::Lot], 11)).unwrap();
    let seats = |r: &LowerReport| (0..n).map(|i| (0..n).map(|k| r.seats(i, k)).collect::<Vec<_>>()).collect::<Vec<_>>();
    assert_eq!(seats(&r), seats(&r2));
}

/// Rows that strongly prefer different lists than the margins allow (a "twisted"
/// matrix) force many transfers and divisor updates.
#[test]
fn twisted_margins_need_transfers_and_still_terminate() {
    let n = 8;
    let votes: Vec<Vec<u64>> = (0..n).map(|i| (0..n).map(|j| if i == j { 1_000_000 } else { 1 + ((i * 7 + j * 3) % 5) as u64 }).collect()).collect();
    let rows = vec![10u32; n];
    let mut cols = vec![2u32; n];
    cols[0] = 10 * n as u32 - 2 * (n as u32 - 1);
    let mut tb = TieBreaker::new(vec![TieRule::MoreVotes, TieRule::Lot], 0);
    let r = lower_apportionment(&votes, &rows, &cols, Method::SainteLague, &mut tb).unwrap();
    verify(&votes, &rows, &cols, Method::SainteLague, &r);
    eprintln!("twisted {n}: {} rounds, {} transfers, {} divisor updates", r.scaling_rounds, r.transfers, r.divisor_updates);
}

/// The same twist, larger: 25 × 25 with 40 seats per district.
#[test]
fn a_large_twisted_matrix_terminates() {
    let n = 25;
    let votes: Vec<Vec<u64>> = (0..n).map(|i| (0..n).map(|j| if i == j { 1_000_000 } else { 1 + ((i * 7 + j * 3) % 5) as u64 }).collect()).collect();
    let rows = vec![40u32; n];
    let mut cols = vec![3u32; n];
    cols[0] = 40 * n as u32 - 3 * (n as u32 - 1);
    let start = std::time::Instant::now();
    let r = lower_apportionment(&votes, &rows, &cols, Method::SainteLague, &mut TieBreaker::new(vec![TieRule::Lot], 0)).unwrap();
    verify(&votes, &rows, &cols, Method::SainteLague, &r);
    eprintln!("twisted {n}: {:?}, {} rounds, {} transfers, {} divisor updates", start.elapsed(), r.scaling_rounds, r.transfers, r.divisor_updates);
}

/// Bad shapes are errors, not panics.
#[test]
fn bad_shapes_are_errors() {
    let mut tb = TieBreaker::new(vec![], 0);
    assert!(matches!(lower_apportionment(&[vec![1, 2]], &[1, 1], &[1, 1], Method::SainteLague, &mut tb), Err(BiproportionalError::Shape { .. })));
    assert!(matches!(lower_apportionment(&[vec![1, 2]], &[3], &[1, 1], Method::SainteLague, &mut tb), Err(BiproportionalError::Margins { .. })));
    assert!(matches!(lower_apportionment(&[vec![1]], &[1], &[1, 0], Method::SainteLague, &mut tb), Err(BiproportionalError::Infeasible(_))));
    assert!(matches!(lower_apportionment(&[vec![0, 0]], &[1], &[1, 0], Method::SainteLague, &mut tb), Err(BiproportionalError::DistrictWithoutVotes(_))));
}

/// The reference used above is itself right on small cases (one needs a back edge).
#[test]
fn the_feasibility_reference_is_right() {
    assert!(feasible(&[vec![1, 0], vec![0, 1]], &[1, 1], &[1, 1]));
    assert!(!feasible(&[vec![1, 0], vec![1, 0]], &[1, 1], &[1, 1]));
    assert!(feasible(&[vec![1, 1], vec![1, 0]], &[1, 1], &[1, 1]));
    assert!(feasible(&[vec![5, 1], vec![5, 0]], &[2, 1], &[2, 1]));
    assert!(!feasible(&[vec![5, 1], vec![5, 0]], &[1, 2], &[1, 2]));
}

/// A larger problem than any real parliament's (40 districts × 15 lists, 1,200 seats,
/// skewed votes): it completes and meets both margins.
#[test]
fn a_large_skewed_matrix_completes() {
    let (r, c) = (40usize, 15usize);
    let mut seed = 12345u64;
    let mut next = || {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        seed >> 33
    };
    let votes: Vec<Vec<u64>> = (0..r).map(|i| (0..c).map(|j| (next() % 100_000) * (1 + ((i + j) % 7) as u64) + 1).collect()).collect();
    let rows: Vec<u32> = (0..r).map(|i| 10 + (i as u32 * 7) % 41).collect();
    let total: u32 = rows.iter().sum();
    let weights: Vec<u64> = (0..c).map(|j| 1 + (j as u64 * 37) % 11).collect();
    let cols = Method::SainteLague.allocate(&weights, total, &mut TieBreaker::new(vec![TieRule::ListOrder], 0));
    let start = std::time::Instant::now();
    let rep = lower_apportionment(&votes, &rows, &cols, Method::SainteLague, &mut TieBreaker::new(vec![TieRule::Lot], 1)).unwrap();
    verify(&votes, &rows, &cols, Method::SainteLague, &rep);
    eprintln!("{} seats: {:?}, {} scaling rounds, {} transfers, {} divisor updates", total, start.elapsed(), rep.scaling_rounds, rep.transfers, rep.divisor_updates);
}

/// Tie-and-transfer itself is exercised: over small tie-heavy matrices, some need
/// transfers and divisor updates after the warm start, and all end correctly.
#[test]
fn tie_and_transfer_is_exercised() {
    let (mut transfers, mut updates) = (0, 0);
    for s in 0..200u64 {
        let votes: Vec<Vec<u64>> = (0..4).map(|i| (0..4).map(|j| 1 + (s * 31 + i * 7 + j * 13) % 3).collect()).collect();
        let rows = vec![1 + (s % 3) as u32; 4];
        let cols = rows.clone();
        let r = lower_apportionment(&votes, &rows, &cols, Method::SainteLague, &mut TieBreaker::new(vec![TieRule::Lot], s)).unwrap();
        verify(&votes, &rows, &cols, Method::SainteLague, &r);
        transfers += r.transfers;
        updates += r.divisor_updates;
    }
    eprintln!("transfers {transfers}, divisor updates {updates}");
    assert!(transfers > 0 && updates > 0, "transfers {transfers}, updates {updates}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    /// The whole count (quorum, upper, lower) on random elections: the upper seats add
    /// up to the house, the lower apportionment meets both margins, lists out of the
    /// quorum get nothing.
    #[test]
    fn whole_count_meets_both_margins(
        votes in proptest::collection::vec(proptest::collection::vec(0u64..50_000, 6), 1..7),
        seats in proptest::collection::vec(1u32..12, 7),
        kind in 0u8..3,
    ) {
        use mandat_core::biproportional::{run, Biproportional, Quorum, UpperVotes};
        let r = votes.len();
        let seats = &seats[..r];
        let valid: Vec<u64> = votes.iter().map(|row| row.iter().sum()).collect();
        let config = Biproportional {
            upper_method: Method::SainteLague,
            lower_method: Method::SainteLague,
            upper_votes: [UpperVotes::Votes, UpperVotes::VoterNumbers, UpperVotes::RoundedVoterNumbers][kind as usize],
            quorum: Some(Quorum { in_any_district: Some("5%".parse().unwrap()), overall: None, article: None }),
            article: None,
        };
        let mut tb = TieBreaker::new(vec![TieRule::MoreVotes, TieRule::Lot], 5);
        // Some districts may have votes only for lists the quorum removed, or an upper
        // result no matrix can meet: an error (not checked here), never a panic.
        if let Ok(rep) = run(&config, seats, &votes, &valid, &mut tb) {
            let total: u32 = seats.iter().sum();
            prop_assert_eq!(rep.upper.seats.iter().sum::<u32>(), total);
            let l = &rep.lower;
            for (i, &s) in seats.iter().enumerate() {
                prop_assert_eq!((0..l.lists.len()).map(|k| l.seats(i, k)).sum::<u32>(), s);
            }
            for (k, &p) in l.lists.iter().enumerate() {
                let up = rep.upper.lists.iter().position(|&q| q == p).unwrap();
                prop_assert_eq!((0..r).map(|i| l.seats(i, k)).sum::<u32>(), rep.upper.seats[up]);
                prop_assert!(rep.quorum.as_ref().unwrap().passed[p]);
            }
        }
    }
}
