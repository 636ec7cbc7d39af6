//! A small JSON writer: objects and arrays written straight into one byte buffer, in the
//! bytes `serde_json` writes for the same values, without building a
//! `serde_json::Value` tree first (issue 17: building that tree was two thirds of a
//! `POST /api/count`). Leaves (strings, numbers, the core's `Serialize` types such as
//! [`Fraction`](mandat_core::exact::Fraction)) go through `serde_json` itself, so they are
//! written exactly as before; [`pretty`] re-indents the compact text as
//! `serde_json::to_string_pretty` would, for the command line.

use serde::Serialize;

/// A JSON text being written: compact, as `serde_json::to_string` writes it.
#[derive(Debug, Default)]
pub struct JsonOut {
    buf: Vec<u8>,
    /// The open object or array has a member already (the next one needs a comma).
    has_item: bool,
    /// A key was just written: the next value is its value (no comma).
    after_key: bool,
}

impl JsonOut {
    pub fn with_capacity(bytes: usize) -> Self {
        JsonOut { buf: Vec::with_capacity(bytes), has_item: false, after_key: false }
    }

    fn before_value(&mut self) {
        if self.after_key {
            self.after_key = false;
        } else if self.has_item {
            self.buf.push(b',');
        }
    }

    /// A member's key; its value is the next thing written.
    pub fn key(&mut self, k: &str) -> &mut Self {
        if self.has_item {
            self.buf.push(b',');
        }
        self.leaf(k);
        self.buf.push(b':');
        self.after_key = true;
        self
    }

    fn leaf<T: Serialize + ?Sized>(&mut self, v: &T) {
        // Writing to a Vec cannot fail, and serde_json refuses only maps with keys that
        // are not strings, which no type written here has.
        let r = serde_json::to_writer(&mut self.buf, v);
        debug_assert!(r.is_ok(), "{r:?}");
    }

    /// A value: a string, a number, or any `Serialize` type, as serde_json writes it.
    pub fn value<T: Serialize + ?Sized>(&mut self, v: &T) -> &mut Self {
        self.before_value();
        self.leaf(v);
        self.has_item = true;
        self
    }

    /// `"k": v`.
    pub fn field<T: Serialize + ?Sized>(&mut self, k: &str, v: &T) -> &mut Self {
        self.key(k).value(v)
    }

    /// An object whose members `f` writes.
    pub fn object(&mut self, f: impl FnOnce(&mut Self)) -> &mut Self {
        self.before_value();
        self.buf.push(b'{');
        self.has_item = false;
        f(self);
        self.buf.push(b'}');
        self.has_item = true;
        self
    }

    /// An array whose elements `f` writes.
    pub fn array(&mut self, f: impl FnOnce(&mut Self)) -> &mut Self {
        self.before_value();
        self.buf.push(b'[');
        self.has_item = false;
        f(self);
        self.buf.push(b']');
        self.has_item = true;
        self
    }

    /// `"k": {...}`.
    pub fn field_object(&mut self, k: &str, f: impl FnOnce(&mut Self)) -> &mut Self {
        self.key(k).object(f)
    }

    /// `"k": [...]`.
    pub fn field_array(&mut self, k: &str, f: impl FnOnce(&mut Self)) -> &mut Self {
        self.key(k).array(f)
    }

    /// An array with one element per item, each written by `f`.
    pub fn each<I: IntoIterator>(&mut self, items: I, mut f: impl FnMut(&mut Self, I::Item)) -> &mut Self {
        self.array(|w| {
            for x in items {
                f(w, x);
            }
        })
    }

    /// `"k": [...]`, one element per item.
    pub fn field_each<I: IntoIterator>(&mut self, k: &str, items: I, f: impl FnMut(&mut Self, I::Item)) -> &mut Self {
        self.key(k).each(items, f)
    }

    /// `"k": {name: figure, ...}`: a figure per party (or region), in the given order.
    pub fn field_map<'a, T: Serialize + 'a>(&mut self, k: &str, pairs: impl IntoIterator<Item = (&'a str, T)>) -> &mut Self {
        self.key(k).map(pairs)
    }

    /// `{name: figure, ...}`.
    pub fn map<'a, T: Serialize + 'a>(&mut self, pairs: impl IntoIterator<Item = (&'a str, T)>) -> &mut Self {
        self.object(|w| {
            for (name, x) in pairs {
                w.field(name, &x);
            }
        })
    }

    /// The text written so far.
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.buf
    }

    pub fn into_string(self) -> String {
        // Only serde_json's output and `&str` keys went in: always UTF-8.
        String::from_utf8(self.buf).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }
}

/// Writes one JSON value with `f` and returns its compact text.
pub fn to_string(capacity: usize, f: impl FnOnce(&mut JsonOut)) -> String {
    let mut w = JsonOut::with_capacity(capacity);
    f(&mut w);
    w.into_string()
}

/// The compact JSON `text` (as serde_json or [`JsonOut`] writes it, no whitespace outside
/// strings) indented as `serde_json::to_string_pretty` indents it: two spaces, `": "`
/// after keys, `[]` and `{}` for empty arrays and objects.
pub fn pretty(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len() + b.len() / 2);
    let mut depth = 0usize;
    let newline = |out: &mut Vec<u8>, depth: usize| {
        out.push(b'\n');
        out.resize(out.len() + 2 * depth, b' ');
    };
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b'"' => {
                // Copy the string with its escapes as they are.
                let start = i;
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i = (i + 1).min(b.len());
                out.extend_from_slice(&b[start..i]);
                continue;
            }
            b'{' | b'[' => {
                let close = if c == b'{' { b'}' } else { b']' };
                if b.get(i + 1) == Some(&close) {
                    out.extend_from_slice(&[c, close]);
                    i += 2;
                    continue;
                }
                out.push(c);
                depth += 1;
                newline(&mut out, depth);
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            b',' => {
                out.push(b',');
                newline(&mut out, depth);
            }
            b':' => out.extend_from_slice(b": "),
            _ => out.push(c),
        }
        i += 1;
    }
    // Only ASCII punctuation and whitespace were added to UTF-8 text.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn writes_what_serde_json_writes() {
        let s = to_string(0, |w| {
            w.object(|w| {
                w.field("a", &1u32).field("b \"q\"", "x\ny").field_array("c", |w| {
                    w.value(&1.5f64).object(|_| {}).array(|_| {}).value(&None::<u8>);
                });
                w.field_map("d", [("p", 1u32), ("q", 2)]);
                w.field_each("e", 0..3u8, |w, k| {
                    w.object(|w| {
                        w.field("k", &k);
                    });
                });
                w.field_object("f", |_| {});
            });
        });
        let v = json!({"a": 1, "b \"q\"": "x\ny", "c": [1.5, {}, [], null], "d": {"p": 1, "q": 2},
            "e": [{"k": 0}, {"k": 1}, {"k": 2}], "f": {}});
        assert_eq!(s, serde_json::to_string(&v).unwrap());
        assert_eq!(pretty(&s), serde_json::to_string_pretty(&v).unwrap());
    }

    #[test]
    fn pretty_leaves_strings_alone() {
        let v = json!({"a{": ["]:,\\\"", {"x": [[], [1, {"y": "é,\u{1}"}]]}], "": {}});
        let s = serde_json::to_string(&v).unwrap();
        assert_eq!(pretty(&s), serde_json::to_string_pretty(&v).unwrap());
    }
}
