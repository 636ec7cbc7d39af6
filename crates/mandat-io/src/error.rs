//! Errors in input, always naming the file, the line when there is one, and the field.

use std::fmt;

/// Something wrong in a file a user gave: where it is and what was expected.
///
/// ```
/// use mandat_io::InputError;
/// let e = InputError::new("votes.csv", "votes must be a whole number, found \"1.5\"").line(3).field("votes");
/// assert_eq!(e.to_string(), "votes.csv:3: votes: votes must be a whole number, found \"1.5\"");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    pub path: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub field: Option<String>,
    pub message: String,
    /// The offending line of the file, shown under the message.
    pub source_line: Option<String>,
}

impl InputError {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        InputError { path: path.into(), line: None, column: None, field: None, message: message.into(), source_line: None }
    }

    pub fn line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    pub fn column(mut self, column: usize) -> Self {
        self.column = Some(column);
        self
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    /// Attaches the text of the offending line, taken from the file's contents.
    pub fn with_source(mut self, text: &str) -> Self {
        if let Some(l) = self.line {
            self.source_line = text.lines().nth(l.saturating_sub(1)).map(str::to_string);
        }
        self
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path)?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
            if let Some(c) = self.column {
                write!(f, ":{c}")?;
            }
        }
        write!(f, ": ")?;
        if let Some(k) = &self.field {
            write!(f, "{k}: ")?;
        }
        write!(f, "{}", self.message)?;
        if let (Some(src), Some(l)) = (&self.source_line, self.line) {
            let w = l.to_string().len();
            write!(f, "\n {l} | {src}")?;
            if let Some(c) = self.column {
                // Padded by hand: a format width past 65,535 panics, and a column can be
                // that far along a long line.
                write!(f, "\n {} | {}^", " ".repeat(w), " ".repeat(c.saturating_sub(1)))?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for InputError {}

/// 1-based line and column of a byte offset.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rfind('\n').map_or(offset, |i| offset - i - 1) + 1;
    (line, col)
}

/// A CSV reader's error as an [`InputError`] on its line.
pub(crate) fn csv_error(e: csv::Error, path: &str, text: &str) -> InputError {
    let mut err = InputError::new(path, format!("not valid CSV: {e}"));
    if let Some(p) = e.position() {
        err = err.line(p.line() as usize).with_source(text);
    }
    err
}

/// A TOML reader's error as an [`InputError`] on its line and column, naming the key.
pub(crate) fn toml_error(e: toml::de::Error, path: &str, text: &str) -> InputError {
    let mut err = InputError::new(path, e.message().trim().to_string());
    if let Some(span) = e.span() {
        let (l, c) = line_col(text, span.start);
        err = err.line(l).column(c).with_source(text);
        if let Some(key) = crate::law_file::key_at(text, span.start) {
            err = err.field(key);
        }
    }
    err
}
