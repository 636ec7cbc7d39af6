//! The draws RCTab makes, reproduced so that its reports can be matched: RCTab breaks
//! random ties with `java.util.Random` seeded from the configuration, and picks among
//! the tied candidates in the iteration order of a Java `HashMap` keyed by name.
//! Integer arithmetic only (the LCG and the index `floor(u * n)` computed as
//! `(x * n) >> 53` on the 53-bit integer behind `nextDouble`).

/// `java.util.Random`: a 48-bit linear congruential generator (Java SE API docs, class
/// Random).
#[derive(Clone, Debug)]
pub struct JavaRandom {
    seed: u64,
}

const MULT: u64 = 0x5_DEEC_E66D;
const MASK: u64 = (1 << 48) - 1;

impl JavaRandom {
    pub fn new(seed: i64) -> Self {
        JavaRandom { seed: (seed as u64 ^ MULT) & MASK }
    }

    fn next(&mut self, bits: u32) -> i32 {
        self.seed = (self.seed.wrapping_mul(MULT).wrapping_add(0xB)) & MASK;
        (self.seed >> (48 - bits)) as i64 as i32
    }

    /// The 53-bit integer `x` such that `nextDouble() == x / 2^53`.
    pub fn next_double_bits(&mut self) -> u64 {
        let hi = self.next(26) as u32 as u64;
        let lo = self.next(27) as u32 as u64;
        (hi << 27) + lo
    }

    /// `floor(nextDouble() * n)`, exactly.
    pub fn index(&mut self, n: usize) -> usize {
        ((self.next_double_bits() as u128 * n as u128) >> 53) as usize
    }

    pub fn next_int(&mut self, bound: i32) -> i32 {
        if bound & -bound == bound {
            return ((bound as i64 * self.next(31) as i64) >> 31) as i32;
        }
        loop {
            let bits = self.next(31);
            let val = bits % bound;
            if bits.wrapping_sub(val).wrapping_add(bound - 1) >= 0 {
                return val;
            }
        }
    }

    /// `Collections.shuffle(list, rnd)`.
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (2..=v.len()).rev() {
            let j = self.next_int(i as i32) as usize;
            v.swap(i - 1, j);
        }
    }
}

/// `String.hashCode()` over UTF-16 code units.
pub fn java_string_hash(s: &str) -> i32 {
    s.encode_utf16().fold(0i32, |h, c| h.wrapping_mul(31).wrapping_add(c as i32))
}

/// The order in which a `java.util.HashMap` filled with these keys (in this insertion
/// order) iterates them: by bucket of the spread hash at the final table size, then by
/// insertion within a bucket. Returns indices into `keys`.
pub fn java_hashmap_order(keys: &[&str]) -> Vec<usize> {
    let mut cap = 16usize;
    while keys.len() as f64 > cap as f64 * 0.75 {
        cap *= 2;
    }
    let bucket = |s: &str| {
        let h = java_string_hash(s) as u32;
        ((h ^ (h >> 16)) as usize) & (cap - 1)
    };
    let mut idx: Vec<usize> = (0..keys.len()).collect();
    idx.sort_by_key(|&i| (bucket(keys[i]), i));
    idx
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_java_random() {
        // new Random(42).nextInt(10) sequence in Java: 0, 3, 8, 4, 0
        let mut r = JavaRandom::new(42);
        let v: Vec<i32> = (0..5).map(|_| r.next_int(10)).collect();
        assert_eq!(v, vec![0, 3, 8, 4, 0]);
        assert_eq!(java_string_hash("abc"), 96354);
        // Both checked against OpenJDK 17: `new Random(0).nextDouble()` and the key order
        // of a HashMap filled with these 13 names.
        let mut r = JavaRandom::new(0);
        assert_eq!(r.next_double_bits(), 6583972509698697); // nextDouble() = 0.730967787376657
        let keys = ["Candidate A Name", "Candidate B Name", "Candidate C Name", "Candidate D Name", "Undeclared Write-ins", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8"];
        let order: Vec<&str> = java_hashmap_order(&keys).into_iter().map(|i| keys[i]).collect();
        assert_eq!(order, ["x8", "Candidate A Name", "Undeclared Write-ins", "Candidate D Name", "Candidate C Name", "x1", "x2", "x3", "Candidate B Name", "x4", "x5", "x6", "x7"]);
    }
}
