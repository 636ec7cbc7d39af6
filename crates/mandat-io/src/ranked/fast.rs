//! The fast readers of BLT and rankings CSV (issue 17): one streaming pass over the ballot
//! lines, on every core, straight into a table of the distinct rankings.
//!
//! - **No per-ballot allocation.** A ballot line is parsed into a reused buffer of `u32`
//!   words (its ranking), hashed as it is read, and looked up in an open-addressing table
//!   whose keys live in one flat arena: a ranking already seen only adds its weight.
//! - **Short BLT lines by their bytes.** A line such as `1 4 8 3 0` is not even parsed
//!   where it stands: its bytes, as one word, are counted in a table of lines ([`Lines`]),
//!   and each distinct line is parsed once, at the end of the block where it first
//!   appears; its weight times its count reaches its ranking when the worker ends (a
//!   ranking packed in one word: at the merge, in one table for all workers).
//! - **Both cores.** The ballot lines are cut into blocks at line boundaries; each worker
//!   thread takes the next block from a queue and keeps its own table. At the end the
//!   tables are merged, and the distinct rankings are put in the order of their first
//!   appearance in the file (each entry remembers its first byte offset), which is the
//!   order of [`BallotBox::add`] in the plain readers. A rankings CSV's candidates are
//!   numbered by their first appearance the same way.
//! - **Flat memory.** A file is read block by block into a few recycled buffers; what
//!   stays is the table of distinct rankings.
//! - **The same answer as the plain readers, errors included.** The fast path takes only
//!   the forms it knows (for BLT: ballot lines of whole numbers, `=`, `-`, a `(id)`,
//!   comments and blank lines; for CSV: unquoted ASCII-separated rows). At the first line it
//!   does not take — an error, or a rare form such as quoted CSV cells or a BLT exported
//!   with a comma on every line — it stops and the whole input goes to the plain reader
//!   ([`super::blt::parse_blt_plain`], [`super::rankings_csv::parse_rankings_csv_plain`]),
//!   whose result or error (file, line, field, source line) is returned. So every error
//!   is the plain reader's, by construction; tests/ranked_fast.rs checks the results.

use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Mutex;

use mandat_core::ranked::{Ballot, BallotBox, Cand, Rank};

use super::blt::{alt_name, blt_names, parse_blt_plain, Blt};
use super::rankings_csv::{parse_rankings_csv_plain, preamble};
use crate::error::InputError;
use crate::files::{max_input, read_ballots_text, InputKind};

/// Bytes per block of ballot lines handed to a worker. A file is read into a few recycled
/// buffers of this size (five with two workers), each a block's worth of pages faulted in
/// (issue 17: 256 KiB rather than 512 is 325 fewer faults for the buffers of a 10 MB file;
/// the process's page faults fell by 50 at the median, up to 400, the ballot box taking
/// some of the pages left).
const BLOCK: usize = 256 << 10;
/// Below this many bytes of ballots, one thread parses them (threads cost more than they save).
const PARALLEL_FROM: usize = 2 << 20;
/// From this many distinct rankings, their ranks are allocated on two threads.
const DECODE_ON_TWO_THREADS: usize = 4096;
/// A rank holding several marks: this bit set, the number of marks in the low bits,
/// the marks after it.
const MULTI: u32 = 1 << 31;

// ---------------------------------------------------------------------------------------
// The table of distinct rankings.

/// Multiply-rotate hashing (FxHash), as [`mandat_core::ranked::ballot::RankHasher`].
#[inline]
fn mix(h: u64, w: u32) -> u64 {
    (h.rotate_left(5) ^ w as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
}

#[derive(Clone, Copy)]
struct Entry {
    hash: u64,
    start: usize,
    len: u32,
    weight: u64,
    /// Byte offset of the first line with this ranking.
    first: u64,
}

/// Distinct rankings (sequences of `u32` words) with their weights.
struct Table {
    words: Vec<u32>,
    entries: Vec<Entry>,
    /// Index into `entries` (high 32 bits) and hash tag (low), or [`EMPTY`]; a power of
    /// two long.
    slots: Vec<u64>,
    shift: u32,
}

const EMPTY: u64 = u64::MAX;

/// Short keys compared in line (a call to memcmp costs more than the compare).
#[inline]
fn same(a: &[u32], b: &[u32]) -> bool {
    a.iter().zip(b).all(|(x, y)| x == y)
}

/// A weight that would pass `u64::MAX`: left to the plain reader (which starts a second group).
struct Overflow;

impl Table {
    fn new() -> Self {
        Table { words: Vec::new(), entries: Vec::new(), slots: vec![EMPTY; 1024], shift: 64 - 10 }
    }

    /// Adds `weight` to `key`'s entry (made if new); the earliest `first` is kept. Returns
    /// the entry's index.
    #[inline]
    fn add(&mut self, key: &[u32], hash: u64, weight: u64, first: u64) -> Result<usize, Overflow> {
        let mask = self.slots.len() - 1;
        let mut i = (hash >> self.shift) as usize;
        // A slot holds the entry's index and the low 32 bits of its hash: most slots that
        // do not match are passed over without reading the entry.
        let tag = hash & 0xffff_ffff;
        loop {
            let s = self.slots[i];
            if s == EMPTY {
                break;
            }
            if s & 0xffff_ffff == tag {
                let e = &mut self.entries[(s >> 32) as usize];
                if e.len as usize == key.len() && same(&self.words[e.start..e.start + key.len()], key) {
                    e.weight = e.weight.checked_add(weight).ok_or(Overflow)?;
                    e.first = e.first.min(first);
                    return Ok((s >> 32) as usize);
                }
            }
            i = (i + 1) & mask;
        }
        if self.entries.len() >= u32::MAX as usize - 1 {
            return Err(Overflow);
        }
        self.slots[i] = ((self.entries.len() as u64) << 32) | tag;
        self.entries.push(Entry { hash, start: self.words.len(), len: key.len() as u32, weight, first });
        self.words.extend_from_slice(key);
        if self.entries.len() * 2 > self.slots.len() {
            self.grow();
        }
        Ok(self.entries.len() - 1)
    }

    fn grow(&mut self) {
        let n = self.slots.len() * 2;
        self.shift -= 1;
        self.slots = vec![EMPTY; n];
        for (k, e) in self.entries.iter().enumerate() {
            let mut i = (e.hash >> self.shift) as usize;
            while self.slots[i] != EMPTY {
                i = (i + 1) & (n - 1);
            }
            self.slots[i] = ((k as u64) << 32) | (e.hash & 0xffff_ffff);
        }
    }

    fn key(&self, e: &Entry) -> &[u32] {
        &self.words[e.start..e.start + e.len as usize]
    }
}

fn hash_of(key: &[u32]) -> u64 {
    key.iter().fold(0, |h, &w| mix(h, w))
}

/// Asks the processor to bring `slots[i]` into the cache (`i` in bounds): a lookup of
/// an open-addressing table, issued a few keys ahead of it.
#[inline]
fn prefetch<T>(slots: &[T], i: usize) {
    #[cfg(target_arch = "x86_64")]
    {
        let p = slots.as_ptr().wrapping_add(i);
        // SAFETY: a prefetch is only a hint: it cannot fault and changes nothing the
        // program reads (the address is inside the table, or was before it grew).
        #[allow(unused_unsafe)]
        unsafe {
            std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p.cast())
        };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (slots, i);
}

// ---------------------------------------------------------------------------------------
// BLT rankings packed in one word.

/// How a BLT's rankings of one candidate per rank are packed in a `u64` (issue 17): each
/// candidate `c` as `c + 1` in `bits` bits (enough for the header's number of
/// candidates), the first preference in the lowest bits. Almost every ranking of a real
/// file fits (sixteen ranks of 15 candidates, eight of 255); the others — ties, longer
/// rankings, the empty ranking — stay in the [`Table`]. Whether a ranking packs depends on
/// the ranking alone, so each is in exactly one of the two tables.
#[derive(Clone, Copy)]
struct Packing {
    bits: u32,
}

impl Packing {
    fn new(nc: u64) -> Self {
        Packing { bits: 64 - nc.max(1).leading_zeros() }
    }

    /// `key` (a BLT key: candidates, or [`MULTI`] groups) packed, or `None`.
    #[inline]
    fn pack(self, key: &[u32]) -> Option<u64> {
        if key.is_empty() || key.len() > (64 / self.bits) as usize {
            return None;
        }
        let mut p = 0u64;
        for (i, &w) in key.iter().enumerate() {
            if w & MULTI != 0 {
                return None;
            }
            p |= (u64::from(w) + 1) << (self.bits * i as u32);
        }
        Some(p)
    }

    /// The ranks of a packed ranking (numbered 1, 2, ... as BLT ranks are).
    fn unpack(self, mut p: u64) -> Vec<Rank> {
        let mask = (1u64 << self.bits) - 1;
        let mut ranks = Vec::with_capacity((64 - p.leading_zeros()).div_ceil(self.bits) as usize);
        while p != 0 {
            ranks.push(Rank::one(ranks.len() as u32 + 1, ((p & mask) - 1) as u32));
            p >>= self.bits;
        }
        ranks
    }
}

/// A slot of [`Packed`]: 24 bytes.
#[derive(Clone, Copy, Default)]
struct PackedSlot {
    /// 0: an empty slot (a packed ranking is never 0).
    key: u64,
    weight: u64,
    /// Byte offset of the first line with this ranking.
    first: u64,
}

/// Packed rankings with their weights: one memory access finds a ranking, where the
/// [`Table`] reads a slot, an entry and the key's words.
struct Packed {
    slots: Vec<PackedSlot>,
    shift: u32,
    len: usize,
}

impl Packed {
    /// `n` slots: a power of two.
    fn with_slots(n: usize) -> Self {
        Packed { slots: vec![PackedSlot::default(); n], shift: 64 - n.trailing_zeros(), len: 0 }
    }

    /// [`Lines::prefetch`] for [`Packed::add`].
    #[inline]
    fn prefetch(&self, key: u64) {
        prefetch(&self.slots, (Lines::hash(key) >> self.shift) as usize);
    }

    /// Adds `weight` to `key`, keeping the earliest `first`.
    #[inline]
    fn add(&mut self, key: u64, weight: u64, first: u64) -> Result<(), Overflow> {
        let mask = self.slots.len() - 1;
        let mut i = (Lines::hash(key) >> self.shift) as usize;
        loop {
            let s = &mut self.slots[i];
            if s.key == key {
                s.weight = s.weight.checked_add(weight).ok_or(Overflow)?;
                s.first = s.first.min(first);
                return Ok(());
            }
            if s.key == 0 {
                *s = PackedSlot { key, weight, first };
                self.len += 1;
                if self.len * 4 > self.slots.len() * 3 {
                    self.grow();
                }
                return Ok(());
            }
            i = (i + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let n = self.slots.len() * 2;
        self.shift -= 1;
        let old = std::mem::replace(&mut self.slots, vec![PackedSlot::default(); n]);
        for s in old.into_iter().filter(|s| s.key != 0) {
            let mut i = (Lines::hash(s.key) >> self.shift) as usize;
            while self.slots[i].key != 0 {
                i = (i + 1) & (n - 1);
            }
            self.slots[i] = s;
        }
    }

    fn iter(&self) -> impl Iterator<Item = &PackedSlot> {
        self.slots.iter().filter(|s| s.key != 0)
    }
}

/// The ranks a key stands for. `numbered`: each rank starts with its rank number (CSV);
/// otherwise ranks are numbered 1, 2, ... (BLT). `map` renumbers the candidates.
fn decode(key: &[u32], numbered: bool, map: Option<&[Cand]>) -> Vec<Rank> {
    let m = |c: u32| map.map_or(c, |m| m[c as usize]);
    // Count the ranks first: one allocation of the right size (reading a file is
    // dominated by allocating the ranks of each distinct ranking).
    let mut count = 0;
    let mut i = 0;
    while i < key.len() {
        i += usize::from(numbered);
        let w = key[i];
        i += 1;
        if w & MULTI != 0 {
            i += (w & !MULTI) as usize;
        }
        count += 1;
    }
    let mut ranks = Vec::with_capacity(count);
    let mut i = 0;
    while i < key.len() {
        let number = if numbered {
            i += 1;
            key[i - 1]
        } else {
            ranks.len() as u32 + 1
        };
        let w = key[i];
        i += 1;
        if w & MULTI != 0 {
            let n = (w & !MULTI) as usize;
            i += n;
            ranks.push(Rank { number, marks: key[i - n..i].iter().map(|&c| m(c)).collect() });
        } else {
            ranks.push(Rank::one(number, m(w)));
        }
    }
    ranks
}

/// `key` with its candidates renumbered by `map`.
fn remap(key: &[u32], numbered: bool, map: &[Cand], out: &mut Vec<u32>) {
    out.clear();
    let mut i = 0;
    while i < key.len() {
        if numbered {
            out.push(key[i]);
            i += 1;
        }
        let w = key[i];
        i += 1;
        if w & MULTI != 0 {
            out.push(w);
            let n = (w & !MULTI) as usize;
            out.extend(key[i..i + n].iter().map(|&c| map[c as usize]));
            i += n;
        } else {
            out.push(map[w as usize]);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Blocks of lines, and what a worker makes of one.

/// What stopped a worker inside a block.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum StopKind {
    /// The BLT line `0` that ends the ballots.
    End,
    /// A line the fast path does not take (an error, or a rare form).
    Other,
}

#[derive(Clone, Copy, Debug)]
struct Stop {
    kind: StopKind,
    /// Byte offset of the line.
    offset: u64,
    /// Its index among the block's lines (0 = the block's first line).
    line: u64,
    /// Byte offset just after the line (after its `\n`).
    next: u64,
}

/// What a worker did with one block.
struct BlockResult {
    start: u64,
    /// Lines read (all of the block's lines, unless it stopped).
    lines: u64,
    /// Ballot lines taken.
    taken: u64,
    stop: Option<Stop>,
    /// BLT comments (byte offset, text after `#`, trimmed).
    comments: Vec<(u64, String)>,
}

/// A format's line parser and what it keeps between blocks.
trait Format: Sync {
    type State: Send;
    /// A worker's state, for about `bytes` bytes of lines.
    fn state(&self, bytes: usize) -> Self::State;
    /// Parses the lines of `block` (which starts at byte `start` of the input) into `table`.
    fn block(&self, block: &[u8], start: u64, st: &mut Self::State, table: &mut Table) -> BlockResult;
    /// After a worker's last block: what `st` still holds goes into `table`. `false`: a
    /// weight would pass `u64::MAX` (left to the plain reader).
    fn finish(&self, _st: &mut Self::State, _table: &mut Table) -> bool {
        true
    }
}

#[inline]
fn is_ws(b: u8) -> bool {
    // What `char::is_whitespace` holds in ASCII (str::trim, split_whitespace).
    matches!(b, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r')
}

fn trim_ws(mut t: &[u8]) -> &[u8] {
    while let [f, rest @ ..] = t {
        if is_ws(*f) {
            t = rest;
        } else {
            break;
        }
    }
    while let [rest @ .., l] = t {
        if is_ws(*l) {
            t = rest;
        } else {
            break;
        }
    }
    t
}

/// Whole number of ASCII digits (no sign), `None` if not or too large.
#[inline]
fn digits(t: &[u8]) -> Option<u64> {
    if t.is_empty() {
        return None;
    }
    let mut v: u64 = 0;
    for &b in t {
        if !b.is_ascii_digit() {
            return None;
        }
        v = v.checked_mul(10)?.checked_add((b - b'0') as u64)?;
    }
    Some(v)
}

/// Calls `f(line, offset_in_block)` for each line (without its `\n`) until it returns
/// `Some(kind)`; returns (lines read, the stop). `short(offset_in_block)` may take the
/// line first: it returns its length with the `\n`, or `None` to leave it to `f`.
fn for_lines(
    block: &[u8],
    start: u64,
    mut short: impl FnMut(usize) -> Option<usize>,
    mut f: impl FnMut(&[u8], usize) -> Option<StopKind>,
) -> (u64, Option<Stop>) {
    let mut pos = 0;
    let mut n = 0u64;
    while pos < block.len() {
        if let Some(len) = short(pos) {
            n += 1;
            pos += len;
            continue;
        }
        let end = memchr::memchr(b'\n', &block[pos..]).map_or(block.len(), |i| pos + i);
        let next = (end + 1).min(block.len());
        if let Some(kind) = f(&block[pos..end], pos) {
            return (n, Some(Stop { kind, offset: start + pos as u64, line: n, next: start + next as u64 }));
        }
        n += 1;
        pos = end + 1;
    }
    (n, None)
}

// ---------------------------------------------------------------------------------------
// Short BLT ballot lines, counted by their bytes.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;
const LOWS: u64 = 0x7f7f_7f7f_7f7f_7f7f;
const NEWLINES: u64 = 0x0a0a_0a0a_0a0a_0a0a;
const SPACES: u64 = 0x2020_2020_2020_2020;

/// The high bit of each zero byte of `x`; the lowest one is exact (bits above it may be
/// set by a borrow), which is all [`short_line`] reads of it.
#[inline]
fn zero_bytes(x: u64) -> u64 {
    x.wrapping_sub(ONES) & !x & HIGHS
}

/// The high bit of each byte of `x` that is a space or an ASCII digit, byte by byte exact
/// (no carry or borrow crosses a byte).
#[inline]
fn digits_or_spaces(x: u64) -> u64 {
    let y = x | HIGHS;
    let at_least_0 = y.wrapping_sub(0x30 * ONES);
    let past_9 = y.wrapping_sub(0x3a * ONES);
    let digit = at_least_0 & !past_9 & !x & HIGHS;
    let z = x ^ SPACES;
    let space = !(((z & LOWS).wrapping_add(LOWS)) | z) & HIGHS;
    digit | space
}

/// Eight bytes (digits and spaces, zero past the line) as eight nibbles: a space or a
/// zero byte 0, a digit d as d + 1.
#[inline]
fn nibbles(x: u64) -> u64 {
    let v = (x & (0x0f * ONES)) + ((x >> 4) & ONES);
    let t = (v | (v >> 4)) & 0x00ff_00ff_00ff_00ff;
    let t = (t | (t >> 8)) & 0x0000_ffff_0000_ffff;
    (t | (t >> 16)) & 0xffff_ffff
}

/// The line at `pos` of `block` when it is short (its `\n` among the next 16 bytes, so
/// at most 15 bytes before it), made of spaces and digits only, and starts with a digit
/// 1-9, so that it can only be a ballot line of weight 1 or more (every other form —
/// blank, comment, the end line `0`, an `(id)`, weight 0, a tab, a long line — goes
/// through the line parser): its key and its length with the `\n`. The key is one word:
/// a nibble per byte, and the number of bytes in the top nibble. Two word loads and a
/// few bit operations find the line end and make the key (no call per line).
///
/// The 16 bytes are taken as one 128-bit word, so that where the line ends (in the first
/// half or the second), whether a `\r` precedes its `\n` and how many bytes it keeps
/// decide no branch: line lengths vary from one line to the next, and a branch on them
/// was mispredicted about every other line (issue 17).
///
/// `CLEAN`: the whole block is known to hold only digits, spaces, `\n` and `\r`
/// ([`clean_block`]), so that the line's bytes need no check of their own (a fifth of the
/// work per line). A `\r` inside such a line is its own nibble (13, which no digit or
/// space makes), so the key still tells every line apart, and [`line_bytes`] gives the
/// `\r` back to the line parser.
#[inline]
fn short_line<const CLEAN: bool>(block: &[u8], pos: usize) -> Option<(u64, usize)> {
    let x = u128::from_le_bytes(block.get(pos..pos + 16)?.try_into().ok()?);
    if !(b'1'..=b'9').contains(&(x as u8)) {
        return None;
    }
    let (a, b) = (x as u64, (x >> 64) as u64);
    // The lowest bit is exact in each half, and any bit of the first half is below the
    // second's: the lowest of both is the first `\n`.
    let z = u128::from(zero_bytes(a ^ NEWLINES)) | u128::from(zero_bytes(b ^ NEWLINES)) << 64;
    if z == 0 {
        return None;
    }
    // n >= 1: the first byte is a digit.
    let n = z.trailing_zeros() as usize / 8;
    // A CRLF line is keyed without its `\r`: the line parser trims it anyway.
    let m = n - usize::from((x >> (8 * (n - 1))) as u8 == b'\r');
    let keep = (1u128 << (8 * m)) - 1;
    let highs = keep & (u128::from(HIGHS) << 64 | u128::from(HIGHS));
    if !CLEAN && (u128::from(digits_or_spaces(a)) | u128::from(digits_or_spaces(b)) << 64) & highs != highs {
        return None;
    }
    let x = x & keep;
    Some((nibbles(x as u64) | nibbles((x >> 64) as u64) << 32 | (m as u64) << 60, n + 1))
}

/// The bytes of a key made by [`short_line`].
fn line_bytes(key: u64) -> ([u8; 15], usize) {
    // By a table rather than a match: one load a byte, no branch to mispredict. 11, 12,
    // 14 and 15 are no byte's nibble.
    const BYTE: &[u8; 16] = b" 0123456789??\r??";
    let mut b = [0u8; 15];
    for (i, c) in b.iter_mut().enumerate() {
        *c = BYTE[((key >> (4 * i)) & 0xf) as usize];
    }
    (b, (key >> 60) as usize)
}

/// Whether `block` holds only digits, spaces, `\n` and `\r` (the ballot lines of a real
/// file, between its comments): then [`short_line`] need not check each line's bytes.
/// Checked in chunks with no early exit inside one, which the compiler turns into
/// instructions of 16 bytes each.
fn clean_block(block: &[u8]) -> bool {
    block.chunks(512).all(|c| c.iter().fold(0u8, |bad, &b| bad | u8::from(!((b.wrapping_sub(b'0') < 10) | (b == b' ') | (b == b'\n') | (b == b'\r')))) == 0)
}

/// The slots of a worker's [`Lines`] and [`Packed`] tables for `bytes` bytes of lines: a
/// file of a million ballots has tens of thousands of distinct lines per worker (35,000
/// in 5 MB), so the tables are sized ahead rather than doubled up to that size, each
/// doubling faulting in fresh pages and copying the old (issue 17). Bounded both ways: a
/// small input keeps small tables, a huge one grows them from 65,536 slots (1 MiB).
fn slots_for(bytes: usize) -> usize {
    (bytes / 64).next_power_of_two().clamp(1024, 1 << 16)
}

/// Short lines queued between their prefetch and their count.
const AHEAD: usize = 8;

/// A slot of [`Lines`]: 16 bytes, four to a cache line.
#[derive(Clone, Copy, Default)]
struct LineSlot {
    /// 0: an empty slot (a key's length, in its top nibble, is at least 1).
    key: u64,
    count: u32,
    /// Index into [`Lines::seen`].
    line: u32,
}

/// A distinct short line, in the order met. 24 bytes: a worker keeps tens of thousands,
/// each a few more pages to fault in (issue 17).
struct Seen {
    /// Byte offset where the line was first met.
    first: u64,
    /// Until the line is parsed (at the end of its block), the line's key (its bytes);
    /// then its ranking: packed (never 0, and bit 63 clear), or [`ENTRY`] and its index in
    /// the worker's [`Table`]; 0 if the line does not parse (its block stops there).
    ranking: u64,
    /// The line's weight once parsed; after [`Format::finish`], its weight times the times
    /// it was met (0 for a ranking of the [`Table`], whose entry has taken it).
    weight: u64,
}

/// [`Seen::ranking`]: the ranking is an entry of the worker's [`Table`], not packed.
const ENTRY: u64 = 1 << 63;

/// The distinct short ballot lines of a worker and how often each was met (issue 17). A
/// file of a million ballots has a few tens of thousands of distinct lines: each is
/// parsed once, at the end of the block where it first appears, and the others are only
/// counted, by their bytes (an open-addressing table whose slots hold the key itself: one
/// memory access per line, in a table small enough to stay in the core's cache). Lines
/// of different bytes with the same ranking (spacing, the weight, `\r`) meet again in the
/// [`Table`], where the weights are added at the end.
struct Lines {
    slots: Vec<LineSlot>,
    shift: u32,
    seen: Vec<Seen>,
    /// (line, times) met beyond what a slot's `u32` count holds: one entry each time a
    /// count fills, so almost always empty.
    carried: Vec<(u32, u64)>,
}

impl Lines {
    /// `n` slots (a power of two), and room for the lines that fill them before they grow.
    fn with_slots(n: usize) -> Self {
        Lines { slots: vec![LineSlot::default(); n], shift: 64 - n.trailing_zeros(), seen: Vec::with_capacity(n / 4 * 3 + 1), carried: Vec::new() }
    }

    /// FxHash's multiply (the slot is taken from the top bits, which depend on every bit
    /// of the key).
    #[inline]
    fn hash(key: u64) -> u64 {
        key.wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
    }

    /// Asks the processor to bring `key`'s slot into the cache: the slot is read a few
    /// lines later by [`Lines::add`], so that the lookups of several lines (random, and
    /// mostly cache misses) overlap instead of waiting for each other.
    #[inline]
    fn prefetch(&self, key: u64) {
        prefetch(&self.slots, (Self::hash(key) >> self.shift) as usize);
    }

    /// Counts one more line `key` met at byte `first`. `Err`: 2^32 distinct lines.
    ///
    /// Inlined in the block parser: only a line met before whose count has room is
    /// counted here (nineteen lines in twenty of a real file); a new line, or a full
    /// count, goes to [`Lines::add_rest`].
    #[inline(always)]
    fn add(&mut self, key: u64, first: u64) -> Result<(), Overflow> {
        let mask = self.slots.len() - 1;
        let mut i = (Self::hash(key) >> self.shift) as usize;
        loop {
            let s = &mut self.slots[i];
            if s.key == key && s.count < u32::MAX {
                s.count += 1;
                return Ok(());
            }
            if s.key == key || s.key == 0 {
                return self.add_rest(i, key, first);
            }
            i = (i + 1) & mask;
        }
    }

    /// [`Lines::add`] of a line `key` whose slot is `i`: a new line (an empty slot), or
    /// one whose count is full.
    #[inline(never)]
    fn add_rest(&mut self, i: usize, key: u64, first: u64) -> Result<(), Overflow> {
        let s = &mut self.slots[i];
        if s.key == key {
            self.carried.push((s.line, u64::from(s.count)));
            s.count = 1;
            return Ok(());
        }
        let line = u32::try_from(self.seen.len()).map_err(|_| Overflow)?;
        self.slots[i] = LineSlot { key, count: 1, line };
        self.seen.push(Seen { first, ranking: key, weight: 0 });
        if self.seen.len() * 4 > self.slots.len() * 3 {
            self.grow();
        }
        Ok(())
    }

    fn grow(&mut self) {
        let n = self.slots.len() * 2;
        self.shift -= 1;
        let old = std::mem::replace(&mut self.slots, vec![LineSlot::default(); n]);
        for s in old.into_iter().filter(|s| s.key != 0) {
            let mut i = (Self::hash(s.key) >> self.shift) as usize;
            while self.slots[i].key != 0 {
                i = (i + 1) & (n - 1);
            }
            self.slots[i] = s;
        }
    }
}

// ---------------------------------------------------------------------------------------
// BLT.

struct BltFormat {
    nc: u64,
    packing: Packing,
}

impl BltFormat {
    fn new(nc: usize) -> Self {
        BltFormat { nc: nc as u64, packing: Packing::new(nc as u64) }
    }

    /// Counts `weight` ballots of the ranking in `key` (hash `hash`) first met at byte `first`.
    #[inline]
    fn count(&self, key: &[u32], hash: u64, weight: u64, first: u64, table: &mut Table, packed: &mut Packed) -> Result<(), Overflow> {
        match self.packing.pack(key) {
            Some(p) => packed.add(p, weight, first),
            None => table.add(key, hash, weight, first).map(|_| ()),
        }
    }
}

/// A BLT worker's state: the ranking being parsed, the short lines met so far, and the
/// packed rankings of the other lines.
struct BltState {
    key: Vec<u32>,
    lines: Lines,
    packed: Packed,
}

impl Format for BltFormat {
    type State = BltState;
    fn state(&self, bytes: usize) -> BltState {
        // Only the lines longer than a short line are counted in `packed` as they are met
        // (a few in a hundred in a real file): it starts small, and grows if they are many.
        BltState { key: Vec::new(), lines: Lines::with_slots(slots_for(bytes)), packed: Packed::with_slots(1024) }
    }

    fn block(&self, block: &[u8], start: u64, st: &mut BltState, table: &mut Table) -> BlockResult {
        let mut taken = 0;
        let mut short_taken = 0;
        let mut comments = Vec::new();
        let from = st.lines.seen.len();
        let BltState { key, lines, packed } = st;
        // Short lines are counted `AHEAD` lines after their slot is prefetched, in order
        // (the first line of a key records where it was met).
        let mut ring = [(0u64, 0u64); AHEAD];
        let mut queued = 0usize;
        let mut refused: Option<u64> = None;
        let clean = clean_block(block);
        let short = |pos: usize| {
            let (k, len) = if clean { short_line::<true>(block, pos) } else { short_line::<false>(block, pos) }?;
            lines.prefetch(k);
            let (pk, pat) = std::mem::replace(&mut ring[queued % AHEAD], (k, start + pos as u64));
            queued += 1;
            if queued > AHEAD && lines.add(pk, pat).is_err() {
                refused.get_or_insert(pat);
            }
            short_taken += 1;
            Some(len)
        };
        let (n, mut stop) = for_lines(block, start, short, |line, pos| {
            let t = trim_ws(line);
            if t.is_empty() {
                return None;
            }
            if t[0] == b'#' {
                return match std::str::from_utf8(&t[1..]) {
                    Ok(c) if !c.contains('\0') => {
                        comments.push((start + pos as u64, c.trim().to_string()));
                        None
                    }
                    _ => Some(StopKind::Other),
                };
            }
            if t == b"0" {
                return Some(StopKind::End);
            }
            match self.ballot(t, key) {
                Some((weight, hash)) => {
                    if weight > 0 && self.count(key, hash, weight, start + pos as u64, table, packed).is_err() {
                        return Some(StopKind::Other);
                    }
                    taken += 1;
                    None
                }
                None => Some(StopKind::Other),
            }
        });
        for i in queued.saturating_sub(AHEAD)..queued {
            let (k, at) = ring[i % AHEAD];
            if lines.add(k, at).is_err() {
                refused.get_or_insert(at);
            }
        }
        // Each short line met for the first time in this block is parsed now, as the
        // line parser would have parsed it where it stands: one that does not parse
        // stops the block there, if nothing stopped it before. (A line the table had no
        // room for stops it too: the plain reader takes the input.)
        let mut failed = refused.filter(|&r| stop.is_none_or(|x| r < x.offset));
        for s in &mut lines.seen[from..] {
            let (bytes, len) = line_bytes(s.ranking);
            // A packed ranking is counted in the merge; a ranking of the table gets its
            // entry now.
            let parsed = self.ballot(trim_ws(&bytes[..len]), key).and_then(|(w, h)| match self.packing.pack(key) {
                Some(p) if p & ENTRY == 0 => Some((w, p)),
                // Never met: a short line has at most seven ranks, so its packed ranking
                // reaches bit 63 only with 5-digit candidates (16 bits a rank), which
                // do not fit in it. Left to the plain reader all the same.
                Some(_) => None,
                None => Some((w, ENTRY | u64::from(u32::try_from(table.add(key, h, 0, s.first).ok()?).ok()?))),
            });
            (s.weight, s.ranking) = parsed.unwrap_or((0, 0));
            if parsed.is_none() && stop.is_none_or(|x| s.first < x.offset) && failed.is_none_or(|f| s.first < f) {
                failed = Some(s.first);
            }
        }
        let mut taken = taken + short_taken;
        if let Some(at) = failed {
            // The lines before it, as the line parser would have stopped there: the ballot
            // lines among them were taken (a block read past the end of the ballots must
            // show none).
            let before = &block[..(at - start) as usize];
            let line = before.iter().filter(|&&b| b == b'\n').count() as u64;
            taken = before.split(|&b| b == b'\n').filter(|l| trim_ws(l).first().is_some_and(|&b| b != b'#')).count() as u64;
            stop = Some(Stop { kind: StopKind::Other, offset: at, line, next: at });
        }
        BlockResult { start, lines: n, taken, stop, comments }
    }

    /// Each short line's weight becomes its weight times the times it was met; a ranking
    /// of the table gets it now, a packed ranking in the merge ([`merge_packed`]),
    /// where no worker needs a table of them all (issue 17: two such tables were 3 MB of
    /// pages to fault in).
    fn finish(&self, st: &mut BltState, table: &mut Table) -> bool {
        let Lines { slots, seen, carried, .. } = &mut st.lines;
        // The times a slot's count filled (almost never any).
        carried.sort_unstable();
        for slot in slots.iter().filter(|s| s.key != 0) {
            let s = &mut seen[slot.line as usize];
            if s.ranking == 0 {
                continue; // did not parse: its block stopped there
            }
            let more = &carried[carried.partition_point(|c| c.0 < slot.line)..];
            let times = more.iter().take_while(|c| c.0 == slot.line).try_fold(u64::from(slot.count), |t, c| t.checked_add(c.1));
            let Some(x) = times.and_then(|t| s.weight.checked_mul(t)) else { return false };
            if s.ranking & ENTRY == 0 {
                s.weight = x;
            } else {
                let e = &mut table.entries[(s.ranking & !ENTRY) as usize];
                match e.weight.checked_add(x) {
                    Some(x) => e.weight = x,
                    None => return false,
                }
                s.weight = 0;
            }
        }
        // The slots are done with (the merge reads `seen`): their megabyte goes back now,
        // for the merge's table to reuse.
        *slots = Vec::new();
        true
    }
}

impl BltFormat {
    /// A ballot line `[(id)] weight prefs... 0` into `key`: (weight, hash), or `None` for
    /// a line the plain reader must judge.
    #[inline]
    fn ballot(&self, t: &[u8], key: &mut Vec<u32>) -> Option<(u64, u64)> {
        self.plain_ballot(t, key).or_else(|| self.any_ballot(t, key))
    }

    /// The common line, `weight c1 c2 ... 0` with numbers separated by spaces or tabs, in
    /// one pass over the bytes; `None` for any other line, which [`Self::any_ballot`]
    /// then reads (and judges) token by token.
    #[inline]
    fn plain_ballot(&self, t: &[u8], key: &mut Vec<u32>) -> Option<(u64, u64)> {
        key.clear();
        let mut h = 0u64;
        let mut i = 0;
        let mut weight = None;
        let mut closed = false;
        while i < t.len() {
            if matches!(t[i], b' ' | b'\t') {
                i += 1;
                continue;
            }
            if closed {
                return None;
            }
            let from = i;
            let mut v: u64 = 0;
            while i < t.len() && t[i].is_ascii_digit() {
                v = v.checked_mul(10)?.checked_add((t[i] - b'0') as u64)?;
                i += 1;
            }
            // A token that is not a plain number ("-", "3=4", "(id)"), or one that
            // ends in anything but a space or tab.
            if i == from || (i < t.len() && !matches!(t[i], b' ' | b'\t')) {
                return None;
            }
            if weight.is_none() {
                weight = Some(v);
            } else if v == 0 && i - from == 1 {
                closed = true;
            } else if v >= 1 && v <= self.nc {
                let c = (v - 1) as u32;
                key.push(c);
                h = mix(h, c);
            } else {
                return None;
            }
        }
        closed.then_some((weight?, h))
    }

    /// Any ballot line the fast reader takes (see [`Self::ballot`]).
    fn any_ballot(&self, t: &[u8], key: &mut Vec<u32>) -> Option<(u64, u64)> {
        key.clear();
        let mut h = 0u64;
        let mut toks = t.split(|&b| is_ws(b)).filter(|t| !t.is_empty());
        let mut tok = toks.next()?;
        if tok[0] == b'(' {
            if tok.iter().any(|&b| b >= 0x80 || b == 0) {
                return None;
            }
            tok = toks.next()?;
        }
        let weight = digits(tok)?;
        let mut closed = false;
        for tok in toks {
            if closed {
                return None;
            }
            if tok == b"0" {
                closed = true;
                continue;
            }
            if tok == b"-" {
                continue;
            }
            if tok.contains(&b'=') {
                let n = tok.split(|&b| b == b'=').count() as u32;
                key.push(MULTI | n);
                h = mix(h, MULTI | n);
                for part in tok.split(|&b| b == b'=') {
                    let c = self.cand(part)?;
                    key.push(c);
                    h = mix(h, c);
                }
            } else {
                let c = self.cand(tok)?;
                key.push(c);
                h = mix(h, c);
            }
        }
        closed.then_some((weight, h))
    }

    #[inline]
    fn cand(&self, t: &[u8]) -> Option<u32> {
        let k = digits(t)?;
        (k >= 1 && k <= self.nc).then(|| (k - 1) as u32)
    }
}

// ---------------------------------------------------------------------------------------
// Rankings CSV.

struct CsvFormat {
    has_weight: bool,
    /// The declared candidates (`# candidates:`), if any: then no other name is taken.
    declared: Option<Vec<String>>,
}

/// A worker's candidates: its own numbers, in the order it met them, with the byte offset
/// where each was first met.
struct CsvState {
    key: Vec<u32>,
    names: HashMap<Vec<u8>, u32>,
    firsts: Vec<(u64, Vec<u8>)>,
}

impl Format for CsvFormat {
    type State = CsvState;
    fn state(&self, _bytes: usize) -> CsvState {
        let mut s = CsvState { key: Vec::new(), names: HashMap::new(), firsts: Vec::new() };
        for (i, n) in self.declared.iter().flatten().enumerate() {
            s.names.insert(n.as_bytes().to_vec(), i as u32);
            s.firsts.push((0, n.as_bytes().to_vec()));
        }
        s
    }

    fn block(&self, block: &[u8], start: u64, st: &mut CsvState, table: &mut Table) -> BlockResult {
        let mut taken = 0;
        // Names are UTF-8 (the plain reader refuses the file otherwise).
        if std::str::from_utf8(block).is_err() {
            return BlockResult { start, lines: 0, taken: 0, stop: Some(Stop { kind: StopKind::Other, offset: start, line: 0, next: start }), comments: Vec::new() };
        }
        let (lines, stop) = for_lines(block, start, |_| None, |line, pos| {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            // Quotes (a cell may span lines), a lone CR (a record break to the csv crate)
            // and NUL: the plain reader's.
            if line.iter().any(|&b| b == b'"' || b == b'\r' || b == 0) {
                return Some(StopKind::Other);
            }
            match self.row(line, start + pos as u64, st) {
                Some(None) => None,
                Some(Some((weight, hash))) => {
                    if weight > 0 && table.add(&st.key, hash, weight, start + pos as u64).is_err() {
                        return Some(StopKind::Other);
                    }
                    taken += 1;
                    None
                }
                None => Some(StopKind::Other),
            }
        });
        BlockResult { start, lines, taken, stop, comments: Vec::new() }
    }
}

impl CsvFormat {
    /// A row into `st.key`: `Some(None)` for a blank row, `Some(Some((weight, hash)))`, or
    /// `None` for a row the plain reader must judge.
    #[inline]
    fn row(&self, line: &[u8], at: u64, st: &mut CsvState) -> Option<Option<(u64, u64)>> {
        if line.split(|&b| b == b',').all(|c| c.trim_ascii().is_empty()) {
            return Some(None);
        }
        st.key.clear();
        let mut h = 0u64;
        let mut cells = line.split(|&b| b == b',');
        let weight = if self.has_weight { digits(cells.next().unwrap_or(b"").trim_ascii())? } else { 1 };
        let base = line.as_ptr() as usize;
        for (k, cell) in cells.enumerate() {
            let cell = cell.trim_ascii();
            if cell.is_empty() {
                continue;
            }
            let number = u32::try_from(k + 1).ok().filter(|&n| n < MULTI)?;
            st.key.push(number);
            h = mix(h, number);
            let n = cell.split(|&b| b == b'=').count();
            if n > 1 {
                let w = MULTI | u32::try_from(n).ok().filter(|&n| n < MULTI)?;
                st.key.push(w);
                h = mix(h, w);
            }
            for name in cell.split(|&b| b == b'=').map(|n| n.trim_ascii()) {
                let c = match st.names.get(name) {
                    Some(&c) => c,
                    None => {
                        if self.declared.is_some() || name.is_empty() || st.firsts.len() >= (MULTI - 1) as usize {
                            return None;
                        }
                        let c = st.firsts.len() as u32;
                        st.names.insert(name.to_vec(), c);
                        st.firsts.push((at + (name.as_ptr() as usize - base) as u64, name.to_vec()));
                        c
                    }
                };
                st.key.push(c);
                h = mix(h, c);
            }
        }
        Some(Some((weight, h)))
    }
}

// ---------------------------------------------------------------------------------------
// Running the workers over an input.

/// The ballot lines: a slice of text in memory, or the rest of a file.
enum Body<'a> {
    Text(&'a [u8]),
    File { file: File, first: Vec<u8> },
}

/// What the workers found, all blocks together.
struct Run<S> {
    tables: Vec<(Table, S)>,
    blocks: Vec<BlockResult>,
}

/// Parses the ballot lines of `body` (starting at byte `offset` of the input) with `fmt`.
/// `None`: an I/O error (left to the plain reader).
fn run<F: Format>(fmt: &F, body: Body<'_>, offset: u64, size_hint: usize) -> Option<Run<F::State>> {
    let stop_at = AtomicU64::new(u64::MAX);
    let workers = if size_hint < PARALLEL_FROM { 1 } else { std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8) };
    if workers == 1 {
        let mut table = Table::new();
        let mut st = fmt.state(size_hint);
        let mut blocks = Vec::new();
        let mut sink = |b: &[u8], start: u64| {
            let r = fmt.block(b, start, &mut st, &mut table);
            let stopped = r.stop.is_some();
            blocks.push(r);
            !stopped
        };
        feed(body, offset, &mut sink)?;
        if !fmt.finish(&mut st, &mut table) {
            return None;
        }
        return Some(Run { tables: vec![(table, st)], blocks });
    }
    enum Block<'a> {
        Borrowed(&'a [u8], u64),
        Owned(Vec<u8>, u64),
    }
    let (tx, rx) = sync_channel::<Block<'_>>(workers);
    let rx = Mutex::new(rx);
    // Buffers come back here to be refilled: memory stays flat. One per worker, one per
    // block queued, one being filled: each more is a block of pages to fault in (issue 17).
    let (back_tx, back_rx): (SyncSender<Vec<u8>>, Receiver<Vec<u8>>) = sync_channel(workers * 2 + 1);
    for _ in 0..workers * 2 + 1 {
        back_tx.send(Vec::with_capacity(BLOCK + 4096)).ok()?;
    }
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                let rx = &rx;
                let stop_at = &stop_at;
                let back_tx = back_tx.clone();
                s.spawn(move || {
                    let mut table = Table::new();
                    let mut st = fmt.state(size_hint / workers);
                    let mut blocks = Vec::new();
                    loop {
                        let b = match rx.lock() {
                            Ok(r) => r.recv(),
                            Err(_) => break,
                        };
                        let Ok(b) = b else { break };
                        let (bytes, start): (&[u8], u64) = match &b {
                            Block::Borrowed(x, s) => (x, *s),
                            Block::Owned(v, s) => (v.as_slice(), *s),
                        };
                        if start <= stop_at.load(Ordering::Relaxed) {
                            let r = fmt.block(bytes, start, &mut st, &mut table);
                            if let Some(stop) = r.stop {
                                stop_at.fetch_min(stop.offset, Ordering::Relaxed);
                            }
                            blocks.push(r);
                        }
                        if let Block::Owned(v, _) = b {
                            let _ = back_tx.send(v);
                        }
                    }
                    let finished = fmt.finish(&mut st, &mut table);
                    (table, st, blocks, finished)
                })
            })
            .collect();
        let fed = match body {
            Body::Text(t) => {
                let mut pos = 0;
                while pos < t.len() && offset + (pos as u64) <= stop_at.load(Ordering::Relaxed) {
                    let mut end = (pos + BLOCK).min(t.len());
                    if end < t.len() {
                        end = t[end..].iter().position(|&b| b == b'\n').map_or(t.len(), |i| end + i + 1);
                    }
                    if tx.send(Block::Borrowed(&t[pos..end], offset + pos as u64)).is_err() {
                        break;
                    }
                    pos = end;
                }
                Some(())
            }
            Body::File { file, first } => read_blocks(file, first, offset, &stop_at, &back_rx, |v, start| tx.send(Block::Owned(v, start)).is_ok()),
        };
        drop(tx);
        let mut tables = Vec::new();
        let mut blocks = Vec::new();
        let mut finished = true;
        for h in handles {
            let (t, st, b, f) = h.join().ok()?;
            tables.push((t, st));
            blocks.extend(b);
            finished &= f;
        }
        fed?;
        finished.then_some(())?;
        blocks.sort_by_key(|b| b.start);
        Some(Run { tables, blocks })
    })
}

/// One thread: hands the blocks of `body` to `sink` until it returns false.
fn feed(body: Body<'_>, offset: u64, sink: &mut dyn FnMut(&[u8], u64) -> bool) -> Option<()> {
    match body {
        Body::Text(t) => {
            let mut pos = 0;
            while pos < t.len() {
                let mut end = (pos + BLOCK).min(t.len());
                if end < t.len() {
                    end = t[end..].iter().position(|&b| b == b'\n').map_or(t.len(), |i| end + i + 1);
                }
                if !sink(&t[pos..end], offset + pos as u64) {
                    break;
                }
                pos = end;
            }
            Some(())
        }
        Body::File { file, first } => {
            let (back_tx, back_rx) = sync_channel(2);
            back_tx.send(Vec::with_capacity(BLOCK + 4096)).ok()?;
            let never = AtomicU64::new(u64::MAX);
            read_blocks(file, first, offset, &never, &back_rx, |v, start| {
                let go = sink(&v, start);
                let _ = back_tx.send(v);
                go
            })
        }
    }
}

/// Reads `file` (after `first`, the bytes already read) in blocks that end at a line end,
/// each into a buffer from `buffers`, and hands them on; stops when `send` returns false
/// or `stop_at` is before the next block. `None` on a read error.
fn read_blocks(
    mut file: File,
    first: Vec<u8>,
    offset: u64,
    stop_at: &AtomicU64,
    buffers: &Receiver<Vec<u8>>,
    mut send: impl FnMut(Vec<u8>, u64) -> bool,
) -> Option<()> {
    let mut carry = first;
    let mut start = offset;
    let mut eof = false;
    loop {
        if start > stop_at.load(Ordering::Relaxed) {
            return Some(());
        }
        let mut buf = buffers.recv().ok()?;
        buf.clear();
        buf.extend_from_slice(&carry);
        carry.clear();
        let cut = loop {
            if !eof && buf.len() < BLOCK {
                // Into the buffer's spare capacity (`read_to_end` does not zero it first).
                let want = BLOCK.max(buf.len() + 4096) - buf.len();
                match (&mut file).take(want as u64).read_to_end(&mut buf) {
                    Ok(0) => eof = true,
                    Ok(_) => continue,
                    Err(_) => return None,
                }
            }
            if eof {
                break buf.len();
            }
            if let Some(i) = buf.iter().rposition(|&b| b == b'\n') {
                break i + 1;
            }
            // A line longer than a block: read on.
            let old = buf.len();
            buf.resize(old * 2, 0);
            match read_some(&mut file, &mut buf[old..]) {
                Ok(0) => {
                    buf.truncate(old);
                    eof = true;
                }
                Ok(n) => buf.truncate(old + n),
                Err(_) => return None,
            }
        };
        carry.extend_from_slice(&buf[cut..]);
        buf.truncate(cut);
        if buf.is_empty() && eof {
            return Some(());
        }
        let len = buf.len() as u64;
        if !send(buf, start) {
            return Some(());
        }
        start += len;
        if eof && carry.is_empty() {
            return Some(());
        }
    }
}

fn read_some(f: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    loop {
        match f.read(buf) {
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            r => return r,
        }
    }
}

/// The first stop in the input (blocks sorted), with the 1-based line number of its line,
/// counting `lines_before` lines before the first block. Blocks after the stop that took
/// a ballot line (a worker read past the end of the ballots) make it `Err`.
fn first_stop(blocks: &[BlockResult], lines_before: u64) -> Result<Option<(Stop, u64)>, ()> {
    let mut line = lines_before;
    for (i, b) in blocks.iter().enumerate() {
        if let Some(s) = b.stop {
            if blocks[i + 1..].iter().any(|b| b.taken > 0) {
                return Err(());
            }
            return Ok(Some((s, line + s.line + 1)));
        }
        line += b.lines;
    }
    Ok(None)
}

/// The distinct rankings of every worker, merged, in order of first appearance.
/// `maps[w]` renumbers worker w's candidates (CSV); `packed` holds all the packed
/// rankings (BLT, [`merge_packed`]). `None`: a weight overflowed.
fn merge(tables: Vec<Table>, numbered: bool, maps: Option<&[Vec<Cand>]>, packed: Option<(Packing, Packed)>) -> Option<Vec<Ballot>> {
    let mut tables = tables;
    let mut all = match maps {
        // The workers number the candidates alike (BLT): the largest table takes the
        // others' rankings, with the hashes they have.
        None => {
            let big = (0..tables.len()).max_by_key(|&i| tables[i].entries.len())?;
            let mut g = tables.swap_remove(big);
            for t in &tables {
                for e in &t.entries {
                    g.add(t.key(e), e.hash, e.weight, e.first).ok()?;
                }
            }
            g
        }
        Some(maps) => {
            let mut g = Table::new();
            let mut buf = Vec::new();
            for (t, map) in tables.iter().zip(maps) {
                for e in &t.entries {
                    remap(t.key(e), numbered, map, &mut buf);
                    g.add(&buf, hash_of(&buf), e.weight, e.first).ok()?;
                }
            }
            g
        }
    };
    drop(tables);
    all.slots = Vec::new();
    // In order of first appearance (no two rankings first appear on the same line): the
    // offsets sorted with their ranking's index (the table's entries, then the packed
    // rankings by their slot, not copied out), lighter to move than the rankings. Sized
    // ahead: a vector grown by copying faults in its pages twice (issue 17).
    let n = all.entries.len();
    let mut order: Vec<(u64, usize)> = Vec::with_capacity(n + packed.as_ref().map_or(0, |(_, g)| g.len));
    order.extend(all.entries.iter().enumerate().map(|(i, e)| (e.first, i)));
    if let Some((_, g)) = &packed {
        order.extend(g.slots.iter().enumerate().filter(|(_, p)| p.key != 0).map(|(i, p)| (p.first, n + i)));
    }
    // Each ranking's ranks are allocated (the ballot box's own form): on two threads when
    // there are many, each filling half of the ballots in place (not two vectors joined:
    // the copy faulted in a third, issue 17).
    let decode_into = |o: &mut dyn Iterator<Item = usize>, out: &mut [Ballot]| {
        for (i, b) in o.zip(out) {
            *b = match (i.checked_sub(n), &packed) {
                (Some(j), Some((packing, g))) => Ballot { weight: g.slots[j].weight, ranks: packing.unpack(g.slots[j].key) },
                _ => Ballot { weight: all.entries[i].weight, ranks: decode(all.key(&all.entries[i]), numbered, None) },
            };
        }
    };
    let mut ballots: Vec<Ballot> = std::iter::repeat_with(|| Ballot { weight: 0, ranks: Vec::new() }).take(order.len()).collect();
    let two = std::thread::available_parallelism().map_or(1, |n| n.get()) > 1;
    if !two || order.len() < DECODE_ON_TWO_THREADS {
        order.sort_unstable();
        decode_into(&mut merged(&order, &[]), &mut ballots);
        return Some(ballots);
    }
    // The sort was the longest step on one core after the workers (issue 17): each half
    // of the offsets is sorted on its own core, and the two sorted runs are merged as
    // they are decoded, the first half of the ballots on this thread, the second on the
    // other (where the merged order splits each run: [`split_merged`]).
    let k = order.len() / 2;
    let (x, y) = ballots.split_at_mut(k);
    let (a, b) = order.split_at_mut(k);
    let (to_later, from_here) = std::sync::mpsc::sync_channel::<&[(u64, usize)]>(1);
    let (to_here, from_later) = std::sync::mpsc::sync_channel::<&[(u64, usize)]>(1);
    std::thread::scope(|s| {
        let later = s.spawn(move || {
            b.sort_unstable();
            let b: &[(u64, usize)] = b;
            to_here.send(b).ok()?;
            let a = from_here.recv().ok()?;
            let i = split_merged(a, b, k);
            decode_into(&mut merged(&a[i..], &b[k - i..]), y);
            Some(())
        });
        a.sort_unstable();
        let a: &[(u64, usize)] = a;
        let sent = to_later.send(a).is_ok();
        // This end goes now: the other thread never waits for it, whatever happens here.
        drop(to_later);
        let here = sent.then(|| from_later.recv().ok()).flatten().map(|b| {
            let i = split_merged(a, b, k);
            decode_into(&mut merged(&a[..i], &b[..k - i]), x);
        });
        // Joined in every case (a thread of the scope left unjoined would re-raise its panic).
        let there = later.join().ok().flatten();
        here.and(there)
    })?;
    Some(ballots)
}

/// How many of the first `k` of the merged order of the sorted runs `a` and `b` come from
/// `a` (binary search for the split where every element taken is below every one left).
fn split_merged(a: &[(u64, usize)], b: &[(u64, usize)], k: usize) -> usize {
    let (mut lo, mut hi) = (k.saturating_sub(b.len()), k.min(a.len()));
    while lo < hi {
        let i = (lo + hi) / 2;
        // i from a, k - i from b: too few from a if a[i] is below the last taken of b.
        if a[i] < b[k - i - 1] {
            lo = i + 1;
        } else {
            hi = i;
        }
    }
    lo
}

/// The indices of the sorted runs `a` and `b`, merged in order of their offsets.
fn merged<'a>(mut a: &'a [(u64, usize)], mut b: &'a [(u64, usize)]) -> impl Iterator<Item = usize> + 'a {
    std::iter::from_fn(move || {
        let from_a = match (a.first(), b.first()) {
            (Some(x), Some(y)) => x < y,
            (x, _) => x.is_some(),
        };
        let run = if from_a { &mut a } else { &mut b };
        let (&(_, i), rest) = run.split_first()?;
        *run = rest;
        Some(i)
    })
}

// ---------------------------------------------------------------------------------------
// BLT: the prefix (header, withdrawn), the ballots, the tail (names, title).

/// The BLT header and withdrawn line, read as the plain reader does, from the start of
/// the input. `None`: not in the first `head` bytes, or not simple (left to the plain reader).
struct BltHead {
    nc: usize,
    seats: u32,
    withdrawn: Vec<bool>,
    alt_names: Vec<(u64, (usize, String))>,
    /// Byte offset where the ballot lines start, and the lines before it.
    body: usize,
    lines_before: u64,
}

fn blt_head(head: &[u8]) -> Option<BltHead> {
    let mut pos = 0;
    let mut line_no = 0u64;
    let mut alt_names = Vec::new();
    let mut header: Option<(usize, u32)> = None;
    loop {
        let nl = head[pos..].iter().position(|&b| b == b'\n')? + pos;
        let raw = std::str::from_utf8(&head[pos..nl]).ok()?;
        if raw.contains('\0') {
            return None;
        }
        let t = raw.trim();
        let this = pos;
        pos = nl + 1;
        line_no += 1;
        if t.is_empty() {
            continue;
        }
        if let Some(c) = t.strip_prefix('#') {
            if let Some(a) = alt_name(c.trim()) {
                alt_names.push((this as u64, a));
            }
            continue;
        }
        match header {
            None => {
                if t.ends_with(',') {
                    return None; // a spreadsheet export: the plain reader's
                }
                let h: Vec<&str> = t.split_whitespace().collect();
                if h.len() != 2 {
                    return None;
                }
                let nc: usize = h[0].parse().ok().filter(|&n| (1..=100_000).contains(&n))?;
                let seats: u32 = h[1].parse().ok().filter(|&s| s >= 1 && s as usize <= nc)?;
                header = Some((nc, seats));
            }
            Some((nc, seats)) => {
                let mut withdrawn = vec![false; nc];
                let (body, lines_before) = if t.starts_with('-') {
                    for tok in t.split_whitespace() {
                        let k: i64 = tok.parse().ok()?;
                        if k >= 0 || (-k) as usize > nc {
                            return None;
                        }
                        withdrawn[(-k - 1) as usize] = true;
                    }
                    (pos, line_no)
                } else {
                    (this, line_no - 1)
                };
                return Some(BltHead { nc, seats, withdrawn, alt_names, body, lines_before });
            }
        }
    }
}

/// The packed rankings of every worker in one table: those of its long lines (its
/// [`Packed`]) and of its short lines ([`Seen`], after [`Format::finish`]). `None`: a
/// weight overflowed.
fn merge_packed(states: Vec<BltState>) -> Option<Packed> {
    // Sized for the most any worker has: most rankings of a file are in every part of it.
    let most = states.iter().map(|s| s.packed.len + s.lines.seen.len()).max().unwrap_or(0);
    let mut g = Packed::with_slots((most * 4 / 3 + 1).next_power_of_two().max(1024));
    for st in states {
        // The short lines' slots are no longer needed: their pages go before the table's.
        let BltState { lines: Lines { seen, .. }, packed, .. } = st;
        for x in packed.iter() {
            g.add(x.key, x.weight, x.first).ok()?;
        }
        drop(packed);
        let is_packed = |s: &Seen| s.ranking != 0 && s.ranking & ENTRY == 0;
        // Slots are prefetched `AHEAD` lines before they are read, as in the block parser.
        for (i, s) in seen.iter().enumerate() {
            if let Some(t) = seen.get(i + AHEAD).filter(|t| is_packed(t)) {
                g.prefetch(t.ranking);
            }
            if is_packed(s) {
                g.add(s.ranking, s.weight, s.first).ok()?;
            }
        }
    }
    Some(g)
}

/// The names and title from the text after the ballots' end line (`tail`, whose first line
/// is line `first_line`). `None`: left to the plain reader.
fn blt_finish(path: &str, head: BltHead, run: Run<BltState>, tail: &[u8], end: (Stop, u64)) -> Option<Blt> {
    let tail = std::str::from_utf8(tail).ok()?;
    if tail.contains('\0') {
        return None;
    }
    let (_, end_line) = end;
    let mut alt: Vec<(u64, (usize, String))> = head.alt_names;
    for b in &run.blocks {
        for (off, c) in &b.comments {
            if *off < end.0.offset {
                if let Some(a) = alt_name(c) {
                    alt.push((*off, a));
                }
            }
        }
    }
    alt.sort_by_key(|a| a.0);
    let mut alt_names: Vec<(usize, String)> = alt.into_iter().map(|a| a.1).collect();
    let mut rest: Vec<(usize, &str)> = Vec::new();
    for (i, l) in tail.lines().enumerate() {
        let t = l.trim();
        if t.is_empty() {
            continue;
        }
        if let Some(c) = t.strip_prefix('#') {
            if let Some(a) = alt_name(c.trim()) {
                alt_names.push(a);
            }
            continue;
        }
        rest.push((end_line as usize + 1 + i, t));
    }
    let (tables, states): (Vec<Table>, Vec<BltState>) = run.tables.into_iter().unzip();
    let packed = merge_packed(states)?;
    let ballots = merge(tables, false, None, Some((Packing::new(head.nc as u64), packed)))?;
    if !ballots.iter().any(|b| b.weight > 0) {
        return None;
    }
    let mut warnings = Vec::new();
    let last_line = rest.last().map_or(end_line as usize, |x| x.0);
    let fail = |_: usize, _: &str, _: String| InputError::new(path, "");
    let (names, title) = blt_names(path, &rest, &alt_names, head.nc, false, last_line, &mut warnings, &fail).ok()?;
    let mut bb = BallotBox::new(names);
    bb.withdrawn = head.withdrawn;
    bb.ballots = ballots;
    Some(Blt { ballots: bb, seats: head.seats, title, warnings })
}

/// [`super::parse_blt`]: BLT text, fast, the plain reader's result or error.
pub(crate) fn parse_blt_text(text: &str, path: &str) -> Result<Blt, InputError> {
    blt_text_fast(text, path).map_or_else(|| parse_blt_plain(text, path), Ok)
}

fn blt_text_fast(text: &str, path: &str) -> Option<Blt> {
    let bytes = text.as_bytes();
    let head = blt_head(bytes)?;
    let fmt = BltFormat::new(head.nc);
    let run = run(&fmt, Body::Text(&bytes[head.body..]), head.body as u64, bytes.len() - head.body)?;
    let end = ended(&run, head.lines_before)?;
    let tail = &bytes[end.0.next as usize..];
    blt_finish(path, head, run, tail, end)
}

/// The stop of a run if it is the BLT end line and nothing was read past it wrongly.
fn ended<S>(run: &Run<S>, lines_before: u64) -> Option<(Stop, u64)> {
    match first_stop(&run.blocks, lines_before) {
        Ok(Some((s, line))) if s.kind == StopKind::End => Some((s, line)),
        _ => None,
    }
}

/// A regular file within the input limit, opened, with its first bytes (up to `n`).
fn open_with_head(path: &str, n: usize) -> Option<(File, Vec<u8>, u64)> {
    let mut f = File::open(path).ok()?;
    let meta = f.metadata().ok()?;
    if !meta.is_file() || meta.len() > max_input(InputKind::Ballots) {
        return None;
    }
    let mut head = vec![0u8; n];
    let mut got = 0;
    while got < n {
        match read_some(&mut f, &mut head[got..]) {
            Ok(0) => break,
            Ok(k) => got += k,
            Err(_) => return None,
        }
    }
    head.truncate(got);
    Some((f, head, meta.len()))
}

/// [`super::read_blt`].
pub(crate) fn read_blt_file(path: &str) -> Result<Blt, InputError> {
    if let Some(b) = blt_file_fast(path) {
        return Ok(b);
    }
    parse_blt_plain(&read_ballots_text(path)?, path)
}

fn blt_file_fast(path: &str) -> Option<Blt> {
    // The header from the first 64 KiB (a few lines in a real file; its bytes are copied
    // to the first block, issue 17); a longer preamble of comments gets a second try with
    // 1 MiB.
    let (mut file, head_bytes, len, head) = [64 << 10, 1 << 20].into_iter().find_map(|n| {
        let (file, bytes, len) = open_with_head(path, n)?;
        let head = blt_head(&bytes)?;
        Some((file, bytes, len, head))
    })?;
    let fmt = BltFormat::new(head.nc);
    let first = head_bytes[head.body..].to_vec();
    let body_len = (len as usize).saturating_sub(head.body);
    let run = run(&fmt, Body::File { file: file.try_clone().ok()?, first }, head.body as u64, body_len)?;
    let end = ended(&run, head.lines_before)?;
    // The names and title, read again from the end of the ballots.
    file.seek(SeekFrom::Start(end.0.next)).ok()?;
    let mut tail = Vec::new();
    file.read_to_end(&mut tail).ok()?;
    blt_finish(path, head, run, &tail, end)
}

// ---------------------------------------------------------------------------------------
// Rankings CSV.

/// The preamble and header line, as the plain reader reads them. `None`: left to it.
struct CsvHead {
    fmt: CsvFormat,
    body: usize,
}

fn csv_head(head: &[u8], whole: bool) -> Option<CsvHead> {
    // The first line (the preamble, if any) and the header line must be in `head`.
    if head.starts_with("\u{feff}".as_bytes()) {
        return None;
    }
    let nl = head.iter().position(|&b| b == b'\n');
    let first = match nl {
        Some(i) => std::str::from_utf8(&head[..=i]).ok()?,
        None if whole => std::str::from_utf8(head).ok()?,
        None => return None,
    };
    let pre = preamble(first).ok()?;
    let rest = &head[pre.body..];
    let hl = rest.iter().position(|&b| b == b'\n')?;
    let header = &rest[..hl];
    let header = header.strip_suffix(b"\r").unwrap_or(header);
    if header.is_empty() || header.iter().any(|&b| b == b'"' || b == b'\r' || b == 0 || b >= 0x80) {
        return None;
    }
    let cell = header.split(|&b| b == b',').next().unwrap_or(b"");
    let first_cell = String::from_utf8_lossy(cell).trim().to_ascii_lowercase();
    let has_weight = first_cell == "weight" || first_cell == "count";
    Some(CsvHead { fmt: CsvFormat { has_weight, declared: pre.declared }, body: pre.body + hl + 1 })
}

fn csv_finish(fmt: &CsvFormat, run: Run<CsvState>) -> Option<BallotBox> {
    if !matches!(first_stop(&run.blocks, 0), Ok(None)) {
        return None;
    }
    // Candidates in order of first appearance over all workers.
    let mut firsts: Vec<(u64, &[u8])> = run.tables.iter().flat_map(|(_, st)| st.firsts.iter().map(|(o, n)| (*o, n.as_slice()))).collect();
    firsts.sort_by_key(|f| f.0);
    let mut global: HashMap<&[u8], Cand> = HashMap::new();
    let mut names: Vec<String> = Vec::new();
    if let Some(d) = &fmt.declared {
        for (i, n) in d.iter().enumerate() {
            global.insert(n.as_bytes(), i as Cand);
        }
        names = d.clone();
    }
    for (_, n) in &firsts {
        if !global.contains_key(n) {
            global.insert(n, names.len() as Cand);
            names.push(std::str::from_utf8(n).ok()?.to_string());
        }
    }
    let maps: Vec<Vec<Cand>> = run.tables.iter().map(|(_, st)| st.firsts.iter().map(|(_, n)| global[n.as_slice()]).collect()).collect();
    let tables: Vec<Table> = run.tables.into_iter().map(|t| t.0).collect();
    let ballots = merge(tables, true, Some(&maps), None)?;
    if !ballots.iter().any(|b| b.weight > 0) {
        return None;
    }
    let mut bb = BallotBox::new(names);
    bb.ballots = ballots;
    Some(bb)
}

/// [`super::parse_rankings_csv`]: the rankings CSV, fast, the plain reader's result or error.
pub(crate) fn parse_csv_text(text: &str, path: &str) -> Result<BallotBox, InputError> {
    csv_text_fast(text).map_or_else(|| parse_rankings_csv_plain(text, path), Ok)
}

fn csv_text_fast(text: &str) -> Option<BallotBox> {
    let bytes = text.as_bytes();
    let head = csv_head(bytes, true)?;
    let run = run(&head.fmt, Body::Text(&bytes[head.body..]), head.body as u64, bytes.len() - head.body)?;
    csv_finish(&head.fmt, run)
}

/// [`super::read_rankings_csv`].
pub(crate) fn read_csv_file(path: &str) -> Result<BallotBox, InputError> {
    if let Some(b) = csv_file_fast(path) {
        return Ok(b);
    }
    parse_rankings_csv_plain(&read_ballots_text(path)?, path)
}

fn csv_file_fast(path: &str) -> Option<BallotBox> {
    let (file, head_bytes, len) = open_with_head(path, 1 << 20)?;
    let head = csv_head(&head_bytes, head_bytes.len() as u64 == len)?;
    let first = head_bytes[head.body..].to_vec();
    let run = run(&head.fmt, Body::File { file, first }, head.body as u64, (len as usize).saturating_sub(head.body))?;
    csv_finish(&head.fmt, run)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two sorted runs split for two threads: for every split point, the halves merged
    /// one after the other are the whole sorted order (runs of any lengths, interleaved
    /// or not).
    #[test]
    fn sorted_runs_split_and_merge_in_order() {
        let mut x: u64 = 99;
        for (la, lb) in [(0, 0), (0, 5), (5, 0), (1, 1), (7, 3), (50, 49), (64, 200)] {
            for spread in [1u64, 3, 1000] {
                let mut run = |len: usize| -> Vec<(u64, usize)> {
                    let mut v: Vec<(u64, usize)> = (0..len)
                        .map(|_| {
                            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                            (x >> 33) % (spread * 1000)
                        })
                        .map(|o| (o, 0))
                        .collect();
                    v.sort_unstable();
                    v
                };
                let (mut a, mut b) = (run(la), run(lb));
                // Offsets are distinct (no two rankings first appear on the same line);
                // the index tells them apart here.
                for (i, e) in a.iter_mut().enumerate() {
                    e.0 = e.0 * 2 + 1;
                    e.1 = i;
                }
                for (i, e) in b.iter_mut().enumerate() {
                    e.0 *= 2;
                    e.1 = la + i;
                }
                let (a, b) = (a.into_iter().collect::<std::collections::BTreeSet<_>>(), b.into_iter().collect::<std::collections::BTreeSet<_>>());
                let (a, b): (Vec<_>, Vec<_>) = (a.into_iter().collect(), b.into_iter().collect());
                let mut all: Vec<(u64, usize)> = a.iter().chain(&b).copied().collect();
                all.sort_unstable();
                let want: Vec<usize> = all.iter().map(|e| e.1).collect();
                assert_eq!(merged(&a, &b).collect::<Vec<_>>(), want);
                for k in 0..=a.len() + b.len() {
                    let i = split_merged(&a, &b, k);
                    let got: Vec<usize> = merged(&a[..i], &b[..k - i]).chain(merged(&a[i..], &b[k - i..])).collect();
                    assert_eq!(got, want, "{la} {lb} {spread} {k}");
                }
            }
        }
    }

    #[test]
    fn the_table_merges_and_keeps_the_first_offset() {
        let mut t = Table::new();
        for i in 0..5000u32 {
            let k = [i % 700, 1, 2];
            assert!(t.add(&k, hash_of(&k), 1, i as u64).is_ok());
        }
        assert_eq!(t.entries.len(), 700);
        assert!(t.entries.iter().all(|e| e.weight == 5000 / 700 + u64::from(e.first < 5000 % 700)));
        let k = [3, 1, 2];
        assert!(t.add(&k, hash_of(&k), u64::MAX, 0).is_err());
    }

    #[test]
    fn keys_decode_to_the_ranks() {
        let key = [4, 3 | MULTI, 0, 1, 2, 9, 7];
        let r = decode(&key, true, None);
        assert_eq!(r, vec![Rank { number: 4, marks: [0, 1, 2][..].into() }, Rank::one(9, 7)]);
        let mut out = Vec::new();
        remap(&key, true, &[5, 6, 7, 8, 9, 10, 11, 12], &mut out);
        assert_eq!(out, vec![4, 3 | MULTI, 5, 6, 7, 9, 12]);
        assert_eq!(decode(&[2, 0], false, None)[1], Rank::one(2, 0));
    }

    /// A ranking packs when its candidates fit the header's width: it comes back as the
    /// table's key decodes, and rankings that do not pack (ties, too long, empty) say so.
    #[test]
    fn packed_rankings() {
        for (nc, fits) in [(1u64, 64usize), (13, 16), (15, 16), (16, 12), (255, 8), (256, 7), (100_000, 3)] {
            let p = Packing::new(nc);
            let top = (nc - 1) as u32;
            let long: Vec<u32> = (0..fits as u32).map(|i| if i % 2 == 0 { top } else { i.min(top) }).collect();
            let k = p.pack(&long).unwrap();
            assert_eq!(p.unpack(k), decode(&long, false, None), "nc {nc}");
            assert!(p.pack(&[long.clone(), vec![0]].concat()).is_none(), "nc {nc}: one rank too many");
            assert!(p.pack(&[]).is_none());
            assert!(p.pack(&[0, 2 | MULTI, 0, top]).is_none());
        }
        let p = Packing::new(13);
        let mut keys = std::collections::HashSet::new();
        for key in [&[0u32][..], &[0, 0], &[1], &[0, 1], &[1, 0], &[12, 12, 12], &[0, 12]] {
            assert!(keys.insert(p.pack(key).unwrap()));
        }
        let mut t = Packed::with_slots(1024);
        // Past its first size: it grows, keeping every ranking.
        let mut g = Packed::with_slots(1024);
        for i in 1..=5000u64 {
            assert!(g.add(i, i, i).is_ok());
        }
        assert_eq!(g.slots.len(), 8192);
        assert!(g.iter().count() == 5000 && g.iter().all(|s| s.weight == s.key && s.first == s.key));
        for i in 0..5000u64 {
            assert!(t.add(i % 700 + 1, 1, i).is_ok());
        }
        assert_eq!(t.iter().count(), 700);
        assert!(t.iter().all(|s| s.weight == 5000 / 700 + u64::from(s.first < 5000 % 700) && s.first == s.key - 1));
        assert!(t.add(3, u64::MAX, 0).is_err());
    }

    /// The short-line key: the bytes come back, every byte value is judged as a byte-by-byte
    /// test would, and lines that differ in any byte (or length) differ in key.
    #[test]
    fn short_line_keys() {
        let pad = |l: &[u8]| {
            let mut b = l.to_vec();
            b.extend_from_slice(b"\n# padding to 16+");
            b
        };
        for line in [&b"1 2 0"[..], b"1 2 0 ", b"12 13 10 11 9 0", b"9", b"1 1 0 0", b"1 2 0\r"] {
            let b = pad(line);
            let (k, len) = short_line::<false>(&b, 0).unwrap();
            assert_eq!(short_line::<true>(&b, 0), Some((k, len)));
            assert_eq!(len, line.len() + 1);
            let (bytes, n) = line_bytes(k);
            assert_eq!(&bytes[..n], line.strip_suffix(b"\r").unwrap_or(line));
        }
        for line in [&b"0 1 0"[..], b"1\t2 0", b"12 13 10 11 9 0 ", b"1 2 0#", b" 1 2 0", b"(1) 1 0", b"1 \xe9 0", b"1 2 0\0"] {
            assert!(short_line::<false>(&pad(line), 0).is_none(), "{}", String::from_utf8_lossy(line));
        }
        assert!(short_line::<false>(b"1 2 0\n", 0).is_none(), "fewer than 16 bytes left: the line parser's");
        assert!(short_line::<true>(b"1 2 0\n", 0).is_none());
        // In a clean block a `\r` inside a line is kept (its own nibble) and given back.
        for line in [&b"1\r2 0"[..], b"1 2 0\r\r", b"12\r0"] {
            let (k, len) = short_line::<true>(&pad(line), 0).unwrap();
            let (bytes, n) = line_bytes(k);
            assert_eq!((&bytes[..n], len), (&line[..line.len() - usize::from(line.ends_with(b"\r"))], line.len() + 1));
        }
        for v in 0..=255u8 {
            for at in 0..8 {
                let mut w = [b'5'; 8];
                w[at] = v;
                let expect = v == b' ' || v.is_ascii_digit();
                assert_eq!(digits_or_spaces(u64::from_le_bytes(w)) & (0x80 << (8 * at)) != 0, expect, "{v} at {at}");
                assert_eq!(digits_or_spaces(u64::from_le_bytes(w)) & !(0x80 << (8 * at)), HIGHS & !(0x80 << (8 * at)));
            }
        }
        let mut keys = std::collections::HashSet::new();
        for a in [&b"1 2 0"[..], b"1 2 0 ", b"1  2 0", b"1 20", b"2 1 0", b"1 2 00", b"11 2 0", b"1 2 0 0"] {
            assert!(keys.insert(short_line::<false>(&pad(a), 0).unwrap().0));
        }
    }

    /// A clean block: every byte value, at a chunk's start, middle and end.
    #[test]
    fn clean_blocks() {
        assert!(clean_block(b"") && clean_block(b"1 2 0\r\n3 0\n"));
        for v in 0..=255u8 {
            for at in [0, 300, 511, 512, 999] {
                let mut b = b"12 3 0\n".repeat(143)[..1000].to_vec();
                b[at] = v;
                assert_eq!(clean_block(&b), v.is_ascii_digit() || b" \n\r".contains(&v), "{v} at {at}");
            }
        }
    }

    #[test]
    fn tables_sized_from_the_input() {
        assert_eq!(slots_for(0), 1024);
        assert_eq!(slots_for(2 << 20), 32768);
        assert_eq!(slots_for(5_300_000), 1 << 16);
        assert_eq!(slots_for(100 << 20), 1 << 16);
        let l = Lines::with_slots(1 << 16);
        assert!(l.shift == 48 && l.seen.capacity() > 49152);
    }

    /// A line met more times than a slot's `u32` counts: its weight is still the line's
    /// weight times all the times it was met, and overflows as that total would.
    #[test]
    fn short_line_counts_past_u32() {
        let f = BltFormat::new(5);
        let mut text = b"2 1 0\n".repeat(3);
        text.extend_from_slice(b"# padding to 16+ bytes\n");
        let mut st = f.state(text.len());
        let mut table = Table::new();
        let r = f.block(&text, 0, &mut st, &mut table);
        assert!(r.stop.is_none() && r.taken == 3);
        let slot = st.lines.slots.iter_mut().find(|s| s.key != 0 && s.line == 0).unwrap();
        let key = slot.key;
        slot.count = u32::MAX;
        assert!(st.lines.add(key, 100).is_ok());
        assert_eq!(st.lines.carried, vec![(0, u64::from(u32::MAX))]);
        assert!(f.finish(&mut st, &mut table));
        let p = f.packing.pack(&[0]).unwrap();
        assert_eq!((st.lines.seen[0].ranking, st.lines.seen[0].weight), (p, 2 * (u64::from(u32::MAX) + 1)));
        let g = merge_packed(vec![st]).unwrap();
        assert_eq!(g.iter().map(|s| (s.key, s.weight, s.first)).collect::<Vec<_>>(), vec![(p, 2 * (u64::from(u32::MAX) + 1), 0)]);
        // A weight whose total passes u64::MAX though each part fits ((2^32 + 1) times
        // 1, then times 2^32 - 1: u64::MAX): left to the plain reader.
        let mut st = f.state(0);
        let text = b"4294967297 1 0\n# padding\n";
        f.block(text, 0, &mut st, &mut table);
        let slot = st.lines.slots.iter_mut().find(|s| s.key != 0 && s.line == 0).unwrap();
        let key = slot.key;
        slot.count = u32::MAX;
        assert!(st.lines.add(key, 100).is_ok());
        assert!(!f.finish(&mut st, &mut table));
    }

    #[test]
    fn blt_lines() {
        let f = BltFormat::new(5);
        let mut k = Vec::new();
        assert!(f.ballot(b"3 1 2=3 - 5 0", &mut k).is_some());
        assert_eq!(k, vec![0, 2 | MULTI, 1, 2, 4]);
        assert!(f.ballot(b"(a7) 1 5 0", &mut k).is_some());
        for bad in [&b"1 6 0"[..], b"1 1", b"1 1 0 2", b"+1 1 0", b"1 0=1 0", b"x 1 0", b"1 1= 0", b"(i)"] {
            assert!(f.ballot(bad, &mut k).is_none(), "{}", String::from_utf8_lossy(bad));
        }
    }
}
