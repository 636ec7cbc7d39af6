//! A strict, streaming XML scanner: one pass over the bytes that checks the document is
//! well-formed (XML 1.0 and Namespaces in XML, without DTDs) and hands each element's
//! start, end and text to a [`Sink`], which keeps only what it needs. No tree is built.
//!
//! Why not roxmltree here: it builds a node for every element and attribute, which is most
//! of the cost of reading the Bundeswahlleiterin's result file (issue 17: a 26 MB file in
//! 30 ms). The scanner accepts and refuses exactly what roxmltree (the reference in the
//! tests) does, so a file that one reader takes and the other refuses cannot exist: the
//! differential test in `bundeswahlleiter_xml` and the fuzz target `results_xml` hold it
//! to that. Its errors carry the byte offset; the line and column are computed from it
//! only when an error is reported.
//!
//! A large document is scanned in parts on all cores ([`scan`]): each part after the
//! first starts at a child of the root element found by a needle (`<Gebietsergebnis`),
//! assuming it is a start tag at depth 1. A part's result is used only if the part before
//! it stopped exactly there in exactly that state; otherwise the part before simply
//! scans on to the end, so the result is always the sequential one.

use std::borrow::Cow;

use memchr::memmem;

/// A well-formedness error at a byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct XmlError {
    pub offset: usize,
    pub message: String,
}

type Result<T> = std::result::Result<T, XmlError>;

fn fail<T>(offset: usize, message: impl Into<String>) -> Result<T> {
    Err(XmlError { offset, message: message.into() })
}

/// One attribute of a start tag, as written.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Attr<'a> {
    pub qname: &'a str,
    pub raw: AttValue<'a>,
}

/// An attribute value as written, checked by the scanner (kept small: a sink stores
/// many; the value is worked out when it is used).
#[derive(Clone, Copy, Debug)]
pub(crate) struct AttValue<'a>(&'a str);

impl<'a> AttValue<'a> {
    /// The value as XML defines it (XML 1.0 § 3.3.3): references expanded, each tab,
    /// line feed and carriage return (a CR LF pair counting as one) read as a space.
    pub fn value(self) -> Cow<'a, str> {
        let raw = self.0;
        if !raw.bytes().any(|x| matches!(x, b'&' | b'\t' | b'\n' | b'\r')) {
            return Cow::Borrowed(raw);
        }
        let b = raw.as_bytes();
        let mut out = String::with_capacity(b.len());
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'&' => {
                    // Checked by the scanner already.
                    let (c, next) = reference(b, i).unwrap_or(('\u{FFFD}', b.len()));
                    out.push(c);
                    i = next;
                }
                b'\r' if b.get(i + 1) == Some(&b'\n') => i += 1,
                b'\t' | b'\n' | b'\r' => {
                    out.push(' ');
                    i += 1;
                }
                _ => {
                    let start = i;
                    while i < b.len() && !matches!(b[i], b'&' | b'\t' | b'\n' | b'\r') {
                        i += 1;
                    }
                    out.push_str(&raw[start..i]);
                }
            }
        }
        Cow::Owned(out)
    }
}

/// The value of the unprefixed attribute `name`, if the tag has it.
#[inline(always)]
pub(crate) fn attribute<'a>(attrs: &[Attr<'a>], name: &str) -> Option<AttValue<'a>> {
    attrs.iter().find(|a| same(a.qname.as_bytes(), name.as_bytes())).map(|a| a.raw)
}

/// Byte equality of two short strings without a call to `memcmp`: names are a few
/// bytes long and compared very often.
#[inline(always)]
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// A piece of character data: text between tags (references to expand) or a CDATA section.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Text<'a> {
    raw: &'a str,
    references: bool,
    rewrite: bool,
}

impl<'a> Text<'a> {
    /// The characters (XML 1.0 § 2.11 and § 4.6): references expanded in text, and every
    /// CR LF pair or lone CR read as a line feed.
    pub fn value(&self) -> Cow<'a, str> {
        if !self.rewrite {
            return Cow::Borrowed(self.raw);
        }
        let b = self.raw.as_bytes();
        let mut out = String::with_capacity(b.len());
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'&' if self.references => {
                    let (c, next) = reference(b, i).unwrap_or(('\u{FFFD}', b.len()));
                    out.push(c);
                    i = next;
                }
                b'\r' => {
                    out.push('\n');
                    i += if b.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
                }
                _ => {
                    let start = i;
                    while i < b.len() && b[i] != b'\r' && !(self.references && b[i] == b'&') {
                        i += 1;
                    }
                    out.push_str(&self.raw[start..i]);
                }
            }
        }
        Cow::Owned(out)
    }
}

/// What the scanner reports, in document order. `depth` is the element's depth (the root
/// element is 0).
pub(crate) trait Sink<'a> {
    fn start(&mut self, depth: usize, local: &'a str, offset: usize, attrs: &[Attr<'a>]);
    fn end(&mut self, depth: usize);
    /// Character data directly inside the innermost open element.
    fn text(&mut self, text: Text<'a>);
    /// A comment or processing instruction inside the root element.
    fn other(&mut self);
}

const XML_URI: &str = "http://www.w3.org/XML/1998/namespace";
const XMLNS_URI: &str = "http://www.w3.org/2000/xmlns/";

// Byte classes of names and spaces, one table lookup per byte.
const NAME_START: u8 = 1; // ASCII NameStartChar (XML 1.0 § 2.3)
const NAME: u8 = 2; // ASCII NameChar
const SPACE: u8 = 4; // S: space, tab, LF, CR

const fn classes() -> [u8; 256] {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        let mut k = 0;
        if c.is_ascii_alphabetic() || c == b'_' || c == b':' {
            k |= NAME_START | NAME;
        }
        if c.is_ascii_digit() || c == b'-' || c == b'.' {
            k |= NAME;
        }
        if matches!(c, b' ' | b'\t' | b'\n' | b'\r') {
            k |= SPACE;
        }
        t[b] = k;
        b += 1;
    }
    t
}

static CLASS: [u8; 256] = classes();

#[inline]
fn is(b: u8, class: u8) -> bool {
    CLASS[b as usize] & class != 0
}

fn is_name_start_char(c: char) -> bool {
    if (c as u32) < 0x80 {
        return is(c as u8, NAME_START);
    }
    matches!(c as u32,
        0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0x2FF | 0x370..=0x37D | 0x37F..=0x1FFF | 0x200C..=0x200D
        | 0x2070..=0x218F | 0x2C00..=0x2FEF | 0x3001..=0xD7FF | 0xF900..=0xFDCF | 0xFDF0..=0xFFFD | 0x10000..=0xEFFFF)
}

fn is_name_char(c: char) -> bool {
    if (c as u32) < 0x80 {
        return is(c as u8, NAME);
    }
    is_name_start_char(c) || matches!(c as u32, 0xB7 | 0x300..=0x36F | 0x203F..=0x2040)
}

fn is_xml_char(c: char) -> bool {
    match c as u32 {
        0..=0x1F => matches!(c, '\t' | '\n' | '\r'),
        0xFFFE | 0xFFFF => false,
        _ => true,
    }
}

/// The character at `i` (a char boundary of valid UTF-8).
fn char_at(b: &[u8], i: usize) -> char {
    let x = b[i] as u32;
    let more = |k: usize| (b.get(i + k).copied().unwrap_or(0x80) & 0x3F) as u32;
    let c = match x {
        0..=0x7F => x,
        0xC0..=0xDF => (x & 0x1F) << 6 | more(1),
        0xE0..=0xEF => (x & 0x0F) << 12 | more(1) << 6 | more(2),
        _ => (x & 0x07) << 18 | more(1) << 12 | more(2) << 6 | more(3),
    };
    char::from_u32(c).unwrap_or('\u{FFFD}')
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The bytes of `v` equal to `c`, as high bits; the lowest one set is exact (SWAR).
#[inline(always)]
fn bytes_eq(v: u64, c: u8) -> u64 {
    let x = v ^ (ONES * c as u64);
    x.wrapping_sub(ONES) & !x & HIGH
}

/// The first byte from `from` that is one of `stops`, a control character (below 0x20,
/// so tab, line feed and carriage return too) or 0xEF (the lead byte of U+FFFE and
/// U+FFFF), or the end: eight bytes at a time, as names and values are short and a
/// loop that ends every few bytes mispredicts its exit. The caller looks at the byte.
#[inline(always)]
fn find_stop(b: &[u8], from: usize, stops: [u8; 3]) -> usize {
    let mut i = from;
    while let Some(word) = b.get(i..i + 8) {
        let v = u64::from_le_bytes(word.try_into().expect("eight bytes"));
        let below_space = v.wrapping_sub(ONES * 0x20) & !v & HIGH;
        let m = bytes_eq(v, stops[0]) | bytes_eq(v, stops[1]) | bytes_eq(v, stops[2]) | bytes_eq(v, 0xEF) | below_space;
        if m != 0 {
            return i + (m.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < b.len() && !(stops.contains(&b[i]) || b[i] < 0x20 || b[i] == 0xEF) {
        i += 1;
    }
    i
}

/// A character or entity reference at `i` (`&...;`, XML 1.0 § 4.1): the character and the
/// offset after the `;`. Only the five predefined entities exist without a DTD.
fn reference(b: &[u8], i: usize) -> Option<(char, usize)> {
    let mut j = i + 1;
    let c = if b.get(j) == Some(&b'#') {
        j += 1;
        let hex = b.get(j) == Some(&b'x');
        if hex {
            j += 1;
        }
        let start = j;
        while j < b.len() && if hex { b[j].is_ascii_hexdigit() } else { b[j].is_ascii_digit() } {
            j += 1;
        }
        let digits = std::str::from_utf8(&b[start..j]).ok()?;
        let n = u32::from_str_radix(digits, if hex { 16 } else { 10 }).ok()?;
        let c = char::from_u32(n).unwrap_or('\u{FFFD}');
        if !is_xml_char(c) {
            return None;
        }
        c
    } else {
        let start = j;
        if j >= b.len() || !is_name_start_char(char_at(b, j)) {
            return None;
        }
        while j < b.len() && is_name_char(char_at(b, j)) {
            j += char_at(b, j).len_utf8();
        }
        match &b[start..j] {
            b"quot" => '"',
            b"amp" => '&',
            b"apos" => '\'',
            b"lt" => '<',
            b"gt" => '>',
            _ => return None,
        }
    };
    (b.get(j) == Some(&b';')).then_some((c, j + 1))
}

/// How a scan of a part ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// At the part's end, with only the root element open: the next part carries on.
    Stopped,
    /// The root element was closed.
    Finished,
}

#[derive(Clone)]
struct Open<'a> {
    qname: &'a str,
    /// Namespace declarations in scope before this element's own.
    namespaces: usize,
}

struct Scanner<'a, S> {
    text: &'a str,
    b: &'a [u8],
    pos: usize,
    open: Vec<Open<'a>>,
    /// Declared prefixes in scope, innermost last.
    namespaces: Vec<(&'a str, Cow<'a, str>)>,
    attrs: Vec<Attr<'a>>,
    /// The names (qualified name, prefix, local part) of the last start tag at each depth:
    /// the next tag there usually repeats them, and bytes equal to a checked name followed
    /// by a byte that cannot continue it are that name, without checking it again.
    names: Vec<Vec<Name<'a>>>,
    sink: S,
}

type Name<'a> = (&'a str, &'a str, &'a str);

impl<'a, S: Sink<'a>> Scanner<'a, S> {
    fn at(&self, i: usize) -> Option<u8> {
        self.b.get(i).copied()
    }

    fn starts_with(&self, s: &[u8]) -> bool {
        self.b[self.pos.min(self.b.len())..].starts_with(s)
    }

    #[inline(always)]
    fn skip_spaces(&mut self) -> bool {
        let start = self.pos;
        while self.pos < self.b.len() && is(self.b[self.pos], SPACE) {
            self.pos += 1;
        }
        self.pos > start
    }

    /// The byte `x` at the current position, then past it.
    #[inline(always)]
    fn expect_byte(&mut self, x: u8) -> Result<()> {
        if self.at(self.pos) != Some(x) {
            return fail(self.pos, format!("expected {:?}, found {}", x as char, self.found()));
        }
        self.pos += 1;
        Ok(())
    }

    fn expect(&mut self, s: &'static str) -> Result<()> {
        if !self.starts_with(s.as_bytes()) {
            return fail(self.pos, format!("expected {s:?}, found {}", self.found()));
        }
        self.pos += s.len();
        Ok(())
    }

    /// What is at the current position, for a message.
    fn found(&self) -> String {
        match self.text.get(self.pos..).and_then(|s| s.chars().next()) {
            Some(c) => format!("{c:?}"),
            None => "the end of the file".into(),
        }
    }

    /// A character that is not an XML character (§ 2.2) at `i`, if there is one.
    fn check_char(&self, i: usize) -> Result<()> {
        let c = char_at(self.b, i);
        if is_xml_char(c) {
            Ok(())
        } else {
            fail(i, format!("the character {c:?} is not allowed in XML"))
        }
    }

    /// Every character of `start..end` is an XML character.
    fn check_chars(&self, start: usize, end: usize) -> Result<()> {
        for (k, &x) in self.b[start..end].iter().enumerate() {
            if (x < 0x20 && !is(x, SPACE)) || x == 0xEF {
                self.check_char(start + k)?;
            }
        }
        Ok(())
    }

    /// A Name (§ 2.3) at the current position.
    fn name(&mut self) -> Result<&'a str> {
        let start = self.pos;
        while self.pos < self.b.len() {
            let x = self.b[self.pos];
            if x < 0x80 {
                if !is(x, NAME) || (self.pos == start && !is(x, NAME_START)) {
                    break;
                }
                self.pos += 1;
            } else {
                let c = char_at(self.b, self.pos);
                if !(if self.pos == start { is_name_start_char(c) } else { is_name_char(c) }) {
                    break;
                }
                self.pos += c.len_utf8();
            }
        }
        if self.pos == start {
            return fail(start, format!("expected a name, found {}", self.found()));
        }
        Ok(&self.text[start..self.pos])
    }

    /// A qualified name (Namespaces in XML § 4): at most one colon, both parts names.
    /// Returns the name, its prefix and its local part. As roxmltree reads it, an empty
    /// prefix (`:a`) is no prefix: the name is `a`.
    #[inline(always)]
    fn qname(&mut self) -> Result<(&'a str, &'a str, &'a str)> {
        let (b, start) = (self.b, self.pos);
        let mut colon = None;
        let mut i = start;
        while let Some(&x) = b.get(i) {
            if is(x, NAME) {
                if x == b':' {
                    if colon.is_some() {
                        return fail(start, "a name with two colons");
                    }
                    colon = Some(i);
                }
                i += 1;
            } else if x >= 0x80 && is_name_char(char_at(b, i)) {
                i += char_at(b, i).len_utf8();
            } else {
                break;
            }
        }
        self.pos = i;
        let starts_well = |i: usize| match b.get(i) {
            _ if i >= self.pos => false,
            Some(&x) if x < 0x80 => is(x, NAME_START) && x != b':',
            _ => is_name_start_char(char_at(b, i)),
        };
        let local = colon.map_or(start, |c| c + 1);
        if !starts_well(local) || (colon.is_some_and(|c| c > start) && !starts_well(start)) {
            let name = &self.text[start..self.pos];
            return fail(start, if name.is_empty() { format!("expected a name, found {}", self.found()) } else { format!("{name:?} is not a valid name") });
        }
        let prefix = &self.text[start..colon.unwrap_or(start)];
        let name = if prefix.is_empty() { &self.text[local..self.pos] } else { &self.text[start..self.pos] };
        Ok((name, prefix, &self.text[local..self.pos]))
    }

    /// `Attribute ::= Name Eq AttValue` (§ 3.1), after the name.
    fn attribute_value(&mut self) -> Result<&'a str> {
        self.skip_spaces();
        self.expect_byte(b'=')?;
        self.skip_spaces();
        let quote = match self.at(self.pos) {
            Some(q @ (b'"' | b'\'')) => q,
            _ => return fail(self.pos, format!("expected a quoted attribute value, found {}", self.found())),
        };
        self.pos += 1;
        let start = self.pos;
        loop {
            self.pos = find_stop(self.b, self.pos, [quote, b'<', b'&']);
            match self.at(self.pos) {
                None => return fail(start - 1, "an attribute value that is never closed"),
                Some(q) if q == quote => break,
                Some(b'\t' | b'\n' | b'\r') => self.pos += 1,
                Some(b'<') => return fail(self.pos, "'<' inside an attribute value"),
                Some(b'&') => self.pos = self.reference()?,
                Some(_) => {
                    self.check_char(self.pos)?;
                    self.pos += 1;
                }
            }
        }
        let raw = &self.text[start..self.pos];
        self.pos += 1;
        Ok(raw)
    }

    fn reference(&self) -> Result<usize> {
        match reference(self.b, self.pos) {
            Some((_, next)) => Ok(next),
            None => fail(self.pos, "a malformed or unknown reference: expected &#N;, &#xN;, &amp;, &lt;, &gt;, &quot; or &apos;"),
        }
    }

    fn lookup(&self, prefix: &str) -> Option<&Cow<'a, str>> {
        self.namespaces.iter().rev().find(|(p, _)| *p == prefix).map(|(_, uri)| uri)
    }

    /// A qualified name, the same as `seen` if the text repeats it (see `names`).
    #[inline(always)]
    fn qname_like(&mut self, seen: Option<&Name<'a>>) -> Result<Name<'a>> {
        if let Some(&name) = seen {
            let end = self.pos + name.0.len();
            if self.b.get(self.pos..end).is_some_and(|here| same(here, name.0.as_bytes())) && self.b.get(end).is_some_and(|&x| x < 0x80 && !is(x, NAME)) {
                self.pos = end;
                return Ok(name);
            }
        }
        self.qname()
    }

    /// A start tag (`<` at the current position). Returns whether the element is open.
    fn start_tag(&mut self) -> Result<bool> {
        let at = self.pos;
        self.pos += 1;
        let depth = self.open.len();
        if self.names.len() <= depth {
            self.names.resize_with(depth + 1, Vec::new);
        }
        let mut names = std::mem::take(&mut self.names[depth]);
        let element = self.qname_like(names.first())?;
        let (qname, prefix, local) = element;
        match names.first_mut() {
            Some(first) => *first = element,
            None => names.push(element),
        }
        if prefix == "xmlns" {
            return fail(at + 1, "an element name cannot have the prefix xmlns");
        }
        self.attrs.clear();
        let mut special = false; // a prefixed attribute or a namespace declaration
        let mut seen: u64 = 0; // a one-word filter of the names so far
        let open = loop {
            let spaced = self.skip_spaces();
            match self.at(self.pos) {
                None => return fail(at, format!("the tag <{qname}> is never closed")),
                Some(b'/') => {
                    self.pos += 1;
                    self.expect_byte(b'>')?;
                    break false;
                }
                Some(b'>') => {
                    self.pos += 1;
                    break true;
                }
                Some(_) => {
                    if !spaced {
                        return fail(self.pos, format!("expected a space, '>' or '/>', found {}", self.found()));
                    }
                    let name_at = self.pos;
                    let (name, prefix, _) = self.qname_like(names.get(self.attrs.len() + 1))?;
                    if let Some(slot) = names.get_mut(self.attrs.len() + 1) {
                        *slot = (name, prefix, "");
                    } else {
                        names.push((name, prefix, ""));
                    }
                    let raw = AttValue(self.attribute_value()?);
                    if !prefix.is_empty() || name == "xmlns" {
                        // Namespace declarations and prefixed names: checked below.
                        special = true;
                    } else {
                        let nb = name.as_bytes();
                        let bit = 1u64 << ((nb.len() * 7 + nb[0] as usize * 3 + nb[nb.len() - 1] as usize) & 63);
                        if seen & bit != 0 && self.attrs.iter().any(|a| same(a.qname.as_bytes(), nb)) {
                            return fail(name_at, format!("the attribute {name} appears twice"));
                        }
                        seen |= bit;
                    }
                    self.attrs.push(Attr { qname: name, raw });
                }
            }
        };
        names.truncate(self.attrs.len() + 1);
        self.names[depth] = names;
        let outer = self.namespaces.len();
        if special {
            self.namespaces_of_tag(at)?;
        }
        if !prefix.is_empty() && self.lookup(prefix).is_none() {
            return fail(at + 1, format!("the prefix {prefix} is not declared"));
        }
        self.sink.start(depth, local, at, &self.attrs);
        if open {
            self.open.push(Open { qname, namespaces: outer });
        } else {
            self.namespaces.truncate(outer);
            self.sink.end(depth);
        }
        Ok(open)
    }

    /// The namespace declarations of a tag (Namespaces in XML § 3) and the uniqueness of
    /// its attributes by expanded name (§ 6.3).
    #[cold]
    fn namespaces_of_tag(&mut self, at: usize) -> Result<()> {
        let outer = self.namespaces.len();
        for a in &self.attrs {
            let value = a.raw.value();
            if let Some(prefix) = a.qname.strip_prefix("xmlns:") {
                if value == XMLNS_URI || (prefix == "xml") != (value == XML_URI) {
                    return fail(at, format!("{}: the namespaces xml and xmlns are bound to their own names only", a.qname));
                }
                if self.namespaces[outer..].iter().any(|(p, _)| *p == prefix) {
                    return fail(at, format!("the namespace prefix {prefix} is declared twice"));
                }
                if prefix != "xml" {
                    self.namespaces.push((prefix, value));
                }
            } else if a.qname == "xmlns" && (value == XML_URI || value == XMLNS_URI) {
                return fail(at, "the default namespace cannot be the xml or xmlns namespace");
            }
        }
        let mut expanded: Vec<(&str, &str)> = Vec::new();
        for a in &self.attrs {
            if a.qname == "xmlns" || a.qname.starts_with("xmlns:") {
                continue;
            }
            let name = match a.qname.split_once(':') {
                None => ("", a.qname),
                Some(("xml", local)) => (XML_URI, local),
                Some((prefix, local)) => match self.namespaces.iter().rev().find(|(p, _)| *p == prefix) {
                    Some((_, uri)) => (uri.as_ref(), local),
                    None => return fail(at, format!("the prefix {prefix} is not declared")),
                },
            };
            if expanded.contains(&name) {
                return fail(at, format!("the attribute {} appears twice", name.1));
            }
            expanded.push(name);
        }
        Ok(())
    }

    fn end_tag(&mut self) -> Result<()> {
        let at = self.pos;
        self.pos += 2;
        let (qname, _, _) = self.qname()?;
        self.skip_spaces();
        self.expect_byte(b'>')?;
        let open = self.open.pop().expect("content is scanned with an open element");
        if open.qname != qname {
            return fail(at, format!("expected </{}>, found </{qname}>", open.qname));
        }
        self.namespaces.truncate(open.namespaces);
        self.sink.end(self.open.len());
        Ok(())
    }

    /// `<!--` ... `-->` (§ 2.5).
    fn comment(&mut self) -> Result<()> {
        let at = self.pos;
        let body = at + 4;
        let Some(k) = memmem::find(&self.b[body..], b"-->") else {
            return fail(at, "a comment that is never closed (-->)");
        };
        let inner = &self.b[body..body + k];
        self.check_chars(body, body + k)?;
        if memmem::find(inner, b"--").is_some() || inner.last() == Some(&b'-') {
            return fail(at, "'--' inside a comment");
        }
        self.pos = body + k + 3;
        Ok(())
    }

    /// `<?target ...?>` (§ 2.6); `<?xml ` only as the declaration, first in the file.
    fn processing_instruction(&mut self) -> Result<()> {
        let at = self.pos;
        if self.starts_with(b"<?xml ") {
            return fail(at, "an XML declaration (<?xml ...?>) that is not at the start of the file");
        }
        self.pos += 2;
        self.name()?;
        self.skip_spaces();
        let Some(k) = memmem::find(&self.b[self.pos..], b"?>") else {
            return fail(at, "a processing instruction that is never closed (?>)");
        };
        self.check_chars(self.pos, self.pos + k)?;
        self.pos += k + 2;
        Ok(())
    }

    /// Comments, processing instructions and spaces (§ 2.8 Misc).
    fn misc(&mut self) -> Result<()> {
        loop {
            self.skip_spaces();
            if self.starts_with(b"<!--") {
                self.comment()?;
            } else if self.starts_with(b"<?") {
                self.processing_instruction()?;
            } else {
                return Ok(());
            }
        }
    }

    /// The XML declaration, if any (§ 2.8), read as roxmltree does: `version`, then
    /// optionally `encoding` and `standalone`, values not checked further.
    fn declaration(&mut self) -> Result<()> {
        if self.starts_with(b"\xEF\xBB\xBF") {
            self.pos += 3;
        }
        if !self.starts_with(b"<?xml ") {
            return Ok(());
        }
        self.pos += 5;
        let spaces = |s: &mut Self| -> Result<()> {
            if !s.skip_spaces() && !s.starts_with(b"?>") && s.pos < s.b.len() {
                return fail(s.pos, format!("expected a space in the XML declaration, found {}", s.found()));
            }
            Ok(())
        };
        spaces(self)?;
        if !self.starts_with(b"version") {
            return fail(self.pos, format!("expected version=\"1.0\" in the XML declaration, found {}", self.found()));
        }
        for (k, name) in [b"version" as &[u8], b"encoding", b"standalone"].into_iter().enumerate() {
            if k == 0 || self.starts_with(name) {
                self.qname()?;
                self.declaration_value()?;
                if k < 2 {
                    spaces(self)?;
                }
            }
        }
        self.skip_spaces();
        self.expect("?>")
    }

    /// A pseudo-attribute's value in the declaration: up to the quote, no '<'.
    fn declaration_value(&mut self) -> Result<()> {
        self.skip_spaces();
        self.expect_byte(b'=')?;
        self.skip_spaces();
        let quote = match self.at(self.pos) {
            Some(q @ (b'"' | b'\'')) => q,
            _ => return fail(self.pos, format!("expected a quote, found {}", self.found())),
        };
        self.pos += 1;
        let start = self.pos;
        while self.pos < self.b.len() && self.b[self.pos] != quote && self.b[self.pos] != b'<' {
            self.pos += 1;
        }
        self.check_chars(start, self.pos)?;
        if self.at(self.pos) != Some(quote) {
            return fail(self.pos, format!("expected the closing quote, found {}", self.found()));
        }
        self.pos += 1;
        Ok(())
    }

    /// Everything before the root element's content: declaration, misc, the root's start
    /// tag. Returns whether the root element is open (not `<root/>`).
    fn prolog(&mut self) -> Result<bool> {
        self.declaration()?;
        self.misc()?;
        self.skip_spaces();
        if self.starts_with(b"<!DOCTYPE") {
            return fail(self.pos, "a document type declaration (<!DOCTYPE ...>): DTDs are not accepted");
        }
        if self.at(self.pos) != Some(b'<') {
            return fail(self.pos, if self.pos >= self.b.len() { "no root element".to_string() } else { format!("expected the root element, found {}", self.found()) });
        }
        self.start_tag()
    }

    /// After the root element: only misc to the end.
    fn epilogue(&mut self) -> Result<()> {
        self.misc()?;
        if self.pos < self.b.len() {
            return fail(self.pos, format!("expected nothing after the root element, found {}", self.found()));
        }
        Ok(())
    }

    /// The content of the open elements, up to the root's end tag, or up to `stop` if the
    /// scan reaches it as a `<` with only the root element open.
    fn content(&mut self, stop: Option<usize>) -> Result<Outcome> {
        while !self.open.is_empty() {
            // Character data up to the next '<'.
            let start = self.pos;
            let (mut references, mut rewrite, mut gt) = (false, false, false);
            loop {
                self.pos = find_stop(self.b, self.pos, [b'<', b'&', b'>']);
                match self.at(self.pos) {
                    None => {
                        let last = self.open.last().map_or("", |o| o.qname);
                        return fail(self.b.len(), format!("the file ends inside <{last}>"));
                    }
                    Some(b'<') => break,
                    Some(b'&') => {
                        self.pos = self.reference()?;
                        (references, rewrite) = (true, true);
                    }
                    Some(b'>') => {
                        gt = true;
                        self.pos += 1;
                    }
                    Some(b'\r') => {
                        rewrite = true;
                        self.pos += 1;
                    }
                    Some(b'\t' | b'\n') => self.pos += 1,
                    Some(_) => {
                        self.check_char(self.pos)?;
                        self.pos += 1;
                    }
                }
            }
            if self.pos > start {
                if gt {
                    if let Some(k) = memmem::find(&self.b[start..self.pos], b"]]>") {
                        return fail(start + k, "']]>' in character data");
                    }
                }
                self.sink.text(Text { raw: &self.text[start..self.pos], references, rewrite });
            }
            if stop == Some(self.pos) && self.open.len() == 1 {
                return Ok(Outcome::Stopped);
            }
            match self.at(self.pos + 1) {
                Some(b'/') => self.end_tag()?,
                Some(b'?') => {
                    self.processing_instruction()?;
                    self.sink.other();
                }
                Some(b'!') if self.starts_with(b"<!--") => {
                    self.comment()?;
                    self.sink.other();
                }
                Some(b'!') if self.starts_with(b"<![CDATA[") => {
                    let body = self.pos + 9;
                    let Some(k) = memmem::find(&self.b[body..], b"]]>") else {
                        return fail(self.pos, "a CDATA section that is never closed (]]>)");
                    };
                    self.check_chars(body, body + k)?;
                    let raw = &self.text[body..body + k];
                    self.sink.text(Text { raw, references: false, rewrite: raw.contains('\r') });
                    self.pos = body + k + 3;
                }
                Some(b'!') => return fail(self.pos, "expected a comment (<!--) or CDATA section (<![CDATA[) after '<!'"),
                _ => {
                    self.start_tag()?;
                }
            }
        }
        Ok(Outcome::Finished)
    }
}

/// Scans `text`, in parts on all cores if it is large. `needle` marks where a part may
/// start (a child of the root element); `sink` makes each part's sink, given the part's
/// length in bytes (to size what it keeps). Returns the sinks of the parts used, in
/// document order.
pub(crate) fn scan<'a, S: Sink<'a> + Send>(text: &'a str, needle: &[u8], sink: impl Fn(usize) -> S + Sync) -> Result<Vec<S>> {
    let parts = |body: usize| if cfg!(test) { (body / 4096).min(8) } else { rayon::current_num_threads().min(body / (1 << 20)) }.max(1);
    let mut first = Scanner { text, b: text.as_bytes(), pos: 0, open: Vec::new(), namespaces: Vec::new(), attrs: Vec::with_capacity(16), names: Vec::new(), sink: sink(text.len() / parts(text.len())) };
    if !first.prolog()? {
        first.epilogue()?;
        return Ok(vec![first.sink]);
    }
    // A part per core, none under a megabyte (below that, the threads cost more than
    // they save). The unit tests cut small files into many parts, to put the joins
    // where their mutations land.
    let body = text.len() - first.pos;
    let parts = parts(body);
    let finder = memmem::Finder::new(needle);
    let mut starts = Vec::new();
    for k in 1..parts {
        let from = (first.pos + body * k / parts).max(starts.last().map_or(0, |&s| s + 1));
        match finder.find(&text.as_bytes()[from..]) {
            Some(i) => starts.push(from + i),
            None => break,
        }
    }
    let mut scanners = vec![first];
    for (k, &s) in starts.iter().enumerate() {
        let f = &scanners[0];
        let len = starts.get(k + 1).unwrap_or(&text.len()) - s;
        let next = Scanner { text, b: f.b, pos: s, open: f.open.clone(), namespaces: f.namespaces.clone(), attrs: Vec::with_capacity(16), names: Vec::new(), sink: sink(len) };
        scanners.push(next);
    }
    let stops: Vec<Option<usize>> = starts.iter().map(|&s| Some(s)).chain([None]).collect();
    use rayon::prelude::*;
    let results: Vec<(Scanner<'a, S>, Result<Outcome>)> = scanners
        .into_par_iter()
        .zip(stops)
        .map(|(mut s, stop)| {
            let r = s.content(stop);
            (s, r)
        })
        .collect();
    let mut sinks = Vec::new();
    for (mut s, r) in results {
        match r? {
            Outcome::Stopped => sinks.push(s.sink),
            Outcome::Finished => {
                s.epilogue()?;
                sinks.push(s.sink);
                break;
            }
        }
    }
    Ok(sinks)
}
