//! Properties of Malta's additional seats (`[additional_seats]`,
//! `mandat_core::additional_seats`, Constitution art. 52(1)) on random results of two
//! elected parties and some others: seats are only added; a majority party ends with
//! more seats than all the others together; when the proportionality step runs, the House
//! is odd and the short party's seats are the whole number just below or just above its
//! proportional figure; seats already in proportion add nothing.

use mandat_core::additional_seats::AdditionalSeats;
use proptest::prelude::*;

fn malta() -> AdditionalSeats {
    AdditionalSeats { majority: true, proportionality: true, article: None }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn two_parties_elected(
        a in 1u64..400_000,
        b in 1u64..400_000,
        others in proptest::collection::vec(0u64..20_000, 0..4),
        sa in 1u32..64,
    ) {
        let sb = 65 - sa;
        let mut votes = vec![a, b];
        votes.extend(&others);
        let mut seats = vec![sa, sb];
        seats.extend(std::iter::repeat_n(0, others.len()));
        let valid: u64 = votes.iter().sum();
        let r = malta().apply(&votes, valid, &seats);
        let total: Vec<u32> = seats.iter().zip(&r.added).map(|(s, x)| s + x).collect();
        // Only to the majority party and the other elected party (an unelected party
        // with more than half of the votes is a majority party too: proviso (i)).
        let m = r.majority_party.map(|(m, _)| m);
        prop_assert!(r.added.iter().enumerate().all(|(p, &x)| x == 0 || Some(p) == m || Some(p) == r.minority_party));
        let house: u32 = total.iter().sum();
        if let Some((m, _)) = r.majority_party {
            let rest: u32 = house - total[m];
            prop_assert!(total[m] > rest, "majority party {m}: {total:?}");
        }
        if let Some(pr) = &r.proportional {
            prop_assert_eq!(house % 2, 1, "an odd House: {:?}", total);
            let s = pr.party;
            let floor = (pr.figure_num / pr.figure_den) as u32;
            prop_assert!(total[s] == floor || total[s] == floor + 1, "{} vs figure {}/{}", total[s], pr.figure_num, pr.figure_den);
        }
        if r.majority_party.is_none() {
            prop_assert!(r.added.iter().all(|&x| x == 0));
        }
    }

    #[test]
    fn seats_in_the_votes_proportion_add_nothing(k in 1u64..50_000, sa in 33u32..64) {
        // Votes exactly proportional to seats sa : 65 - sa (sa > 32: a majority of seats).
        let sb = 65 - sa;
        let votes = [sa as u64 * k, sb as u64 * k, 1];
        let r = malta().apply(&votes, votes.iter().sum(), &[sa, sb, 0]);
        prop_assert!(r.added.iter().all(|&x| x == 0), "{:?}", r.added);
    }
}
