//! tallystick 0.4.3's IRV on a BLT file, end to end (read, parse, count), for
//! BENCHMARKS.md. Usage: `tallystick-irv FILE.blt`. Prints the winner's number (1-based,
//! as in the BLT file) and the ballots read.
//!
//! The parse is deliberately simple and quick (the file read whole, lines split on
//! bytes, no allocation per ballot beyond tallystick's own `add_ref` work), so that the
//! figure measures tallystick's count rather than a slow reader.

use tallystick::irv::DefaultTally;
use tallystick::Transfer;

fn main() {
    let path = std::env::args().nth(1).expect("usage: tallystick-irv FILE.blt");
    let text = std::fs::read(&path).expect("readable file");
    let mut lines = text.split(|&b| b == b'\n');
    let header = lines.next().expect("a header line");
    let candidates: u32 = std::str::from_utf8(header).unwrap().split_whitespace().next().unwrap().parse().unwrap();
    let mut tally = DefaultTally::<u32>::with_candidates(Transfer::Meek, (1..=candidates).collect());
    let mut ranking: Vec<u32> = Vec::with_capacity(16);
    let mut ballots = 0u64;
    for line in lines {
        // "weight c1 c2 ... 0"; a line "0" ends the ballots.
        let mut fields = line.split(|&b| b == b' ').filter(|f| !f.is_empty()).map(|f| f.iter().fold(0u64, |n, &d| n * 10 + (d - b'0') as u64));
        let Some(weight) = fields.next() else { continue };
        if weight == 0 {
            break;
        }
        ranking.clear();
        ranking.extend(fields.take_while(|&c| c != 0).map(|c| c as u32));
        for _ in 0..weight {
            tally.add_ref(&ranking);
        }
        ballots += weight;
    }
    let winners = tally.tally_winners().into_unranked();
    println!("winner {:?} after {} ballots", winners, ballots);
}
