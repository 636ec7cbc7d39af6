//! The Federal Returning Officer's (Bundeswahlleiterin) open-data result file of a
//! Bundestag election, `gesamtergebnis_*.xml`:
//!
//! ```text
//! <Gesamtergebnis>
//!   <Gebietsergebnis Gebietsart="BUND" Gebietsnummer="99">        the federal totals
//!   <Gebietsergebnis Gebietsart="LAND" Gebietsnummer="1" ...>      16 Länder
//!     <GebietText>Schleswig-Holstein</GebietText>
//!     <Gruppenergebnis Gruppe="400" Gruppenart="ALLGEMEIN" Name="Gültige">
//!       <Stimmergebnis Stimmart="DIREKT" Anzahl="..."/>            first votes
//!       <Stimmergebnis Stimmart="LISTE" Anzahl="..."/>             second votes
//!     <Gruppenergebnis Gruppe="1" Gruppenart="PARTEI" Name="CDU"> ... </Gruppenergebnis>
//!   <Gebietsergebnis Gebietsart="WAHLKREIS" Gebietsnummer="1" UegGebietsnummer="1">
//!     <Direktergebnis><Gewinner Gruppe="1" Wahlergebnisart="ENDGUELTIG"/></Direktergebnis>
//!     <Gruppenergebnis ... Direktkandidat="Surname, Given"> ...
//! ```
//!
//! It becomes an [`Election`] whose constituencies are the Länder (second votes per
//! party, valid second votes, voters) and whose `winners` are the 299 Wahlkreis winners
//! (name, Land, party, first votes, valid first votes); each Land's `electorate_seats`
//! count its winners. The winner is the candidate with the most first votes; the file's
//! `Gewinner` is checked against that (and decides a tie, which the law settles by lot).
//! The federal block is used to check the Länder add up. Anything that is not this
//! schema is an [`InputError`] naming the line, the element and what was expected.
//!
//! Read in one streaming pass (`xml_scan`, on all cores for a large file): the scanner
//! checks the whole file is well-formed XML and keeps only the elements above, with
//! their byte offsets; the checks below then run on that, in file order, and name the
//! line and column of the element at fault (computed from the offset only then). The
//! reader on roxmltree's tree that this replaced (issue 17: a 26 MB file in 30 ms) is
//! kept in `reference` for the tests and fuzzing, which hold both to the same results.

#![allow(clippy::result_large_err)] // InputError is the crate-wide error type, as in results.rs

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use mandat_core::election::{ConstituencyVotes, ConstituencyWinner, Election};

use crate::error::InputError;
use crate::xml_scan::{self, attribute, AttValue, Attr, Sink, Text};

#[cfg(any(test, fuzzing))]
#[doc(hidden)]
pub mod reference;
#[cfg(test)]
mod tests;

/// Whether a file looks like this format (for `parse_results`' dispatch).
pub fn looks_like(path: &str, text: &str) -> bool {
    path.to_ascii_lowercase().ends_with(".xml") || text.trim_start_matches('\u{feff}').trim_start().starts_with('<')
}

/// What the scan keeps of the file: the elements the reader needs, with their byte
/// offsets and attribute values as written (checked afterwards, in file order, so the
/// first fault in the file is the one reported).
#[derive(Default)]
struct Raw<'a> {
    /// The root element: offset and local name.
    root: Option<(usize, &'a str)>,
    areas: Vec<RawArea<'a>>,
    groups: Vec<RawGroup<'a>>,
    votes: Vec<RawVote<'a>>,
    direkt: Vec<RawDirekt<'a>>,
    winners: Vec<RawWinner<'a>>,
    // Where the scan is: inside a <Gebietsergebnis> (the last area), a <Gruppenergebnis>
    // or <Direktergebnis> of it (the last one), the area's first <GebietText>.
    in_area: bool,
    in_group: bool,
    in_direkt: bool,
    name: NameText,
}

type Value<'a> = Option<AttValue<'a>>;

/// `<Gebietsergebnis Gebietsart Gebietsnummer UegGebietsnummer>`.
struct RawArea<'a> {
    at: usize,
    kind: Value<'a>,
    number: Value<'a>,
    parent: Value<'a>,
    /// The first `<GebietText>`: its offset and its text (the element's first child, if
    /// that is character data, as roxmltree's `Node::text`).
    name: Option<(usize, Option<Cow<'a, str>>)>,
    groups: Range<usize>,
    direkt: Range<usize>,
}

/// `<Gruppenergebnis Gruppe Gruppenart Name Direktkandidat>`.
struct RawGroup<'a> {
    at: usize,
    number: Value<'a>,
    kind: Value<'a>,
    name: Value<'a>,
    candidate: Value<'a>,
    votes: Range<usize>,
}

/// `<Stimmergebnis Stimmart Anzahl>`.
struct RawVote<'a> {
    at: usize,
    kind: Value<'a>,
    count: Value<'a>,
}

/// `<Direktergebnis Zweitstimmendeckung>`.
struct RawDirekt<'a> {
    at: usize,
    coverage: Value<'a>,
    winners: Range<usize>,
}

/// `<Gewinner Gruppe Wahlergebnisart>`.
struct RawWinner<'a> {
    at: usize,
    group: Value<'a>,
    result: Value<'a>,
}

#[derive(Default, Clone, Copy, PartialEq, Eq)]
enum NameText {
    #[default]
    Off,
    /// Just inside the first `<GebietText>`.
    Await,
    /// Reading its first text (text and CDATA pieces join into one).
    Reading,
}

impl Raw<'_> {
    /// Room for what a part of `bytes` bytes of the official file holds (a Wahlkreis is
    /// about 10 KB: 25 groups, 40 votes, a Direktergebnis with 5 children), so that the
    /// vectors are not copied as they grow.
    fn for_bytes(bytes: usize) -> Self {
        let areas = bytes / 8000 + 1;
        Raw {
            areas: Vec::with_capacity(areas),
            groups: Vec::with_capacity(areas * 30),
            votes: Vec::with_capacity(areas * 45),
            direkt: Vec::with_capacity(areas),
            winners: Vec::with_capacity(areas * 6),
            ..Default::default()
        }
    }
}

impl<'a> Sink<'a> for Raw<'a> {
    fn start(&mut self, depth: usize, local: &'a str, at: usize, attrs: &[Attr<'a>]) {
        self.name = NameText::Off;
        match depth {
            0 => self.root = Some((at, local)),
            1 => {
                self.in_area = local == "Gebietsergebnis";
                if self.in_area {
                    let (g, d) = (self.groups.len(), self.direkt.len());
                    self.areas.push(RawArea {
                        at,
                        kind: attribute(attrs, "Gebietsart"),
                        number: attribute(attrs, "Gebietsnummer"),
                        parent: attribute(attrs, "UegGebietsnummer"),
                        name: None,
                        groups: g..g,
                        direkt: d..d,
                    });
                }
            }
            2 if self.in_area => {
                let area = self.areas.last_mut().expect("in an area");
                (self.in_group, self.in_direkt) = (false, false);
                match local {
                    "GebietText" if area.name.is_none() => {
                        area.name = Some((at, None));
                        self.name = NameText::Await;
                    }
                    "Gruppenergebnis" => {
                        let v = self.votes.len();
                        self.groups.push(RawGroup {
                            at,
                            number: attribute(attrs, "Gruppe"),
                            kind: attribute(attrs, "Gruppenart"),
                            name: attribute(attrs, "Name"),
                            candidate: attribute(attrs, "Direktkandidat"),
                            votes: v..v,
                        });
                        area.groups.end = self.groups.len();
                        self.in_group = true;
                    }
                    "Direktergebnis" => {
                        let w = self.winners.len();
                        self.direkt.push(RawDirekt { at, coverage: attribute(attrs, "Zweitstimmendeckung"), winners: w..w });
                        area.direkt.end = self.direkt.len();
                        self.in_direkt = true;
                    }
                    _ => {}
                }
            }
            3 if self.in_group && local == "Stimmergebnis" => {
                self.votes.push(RawVote { at, kind: attribute(attrs, "Stimmart"), count: attribute(attrs, "Anzahl") });
                self.groups.last_mut().expect("in a group").votes.end = self.votes.len();
            }
            3 if self.in_direkt && local == "Gewinner" => {
                self.winners.push(RawWinner { at, group: attribute(attrs, "Gruppe"), result: attribute(attrs, "Wahlergebnisart") });
                self.direkt.last_mut().expect("in a Direktergebnis").winners.end = self.winners.len();
            }
            _ => {}
        }
    }

    fn end(&mut self, depth: usize) {
        self.name = NameText::Off;
        match depth {
            1 => self.in_area = false,
            2 => (self.in_group, self.in_direkt) = (false, false),
            _ => {}
        }
    }

    fn text(&mut self, text: Text<'a>) {
        let Some((_, name)) = self.areas.last_mut().and_then(|a| a.name.as_mut()) else { return };
        match self.name {
            NameText::Off => {}
            NameText::Await => {
                *name = Some(text.value());
                self.name = NameText::Reading;
            }
            NameText::Reading => name.get_or_insert_with(Default::default).to_mut().push_str(&text.value()),
        }
    }

    fn other(&mut self) {
        self.name = NameText::Off;
    }
}

/// Scans the file (see the module documentation): what each part of it kept, in order.
fn scan<'a>(text: &'a str, path: &str) -> Result<Vec<Raw<'a>>, InputError> {
    xml_scan::scan(text, b"<Gebietsergebnis", Raw::for_bytes).map_err(|e| {
        let (line, column) = position(text, e.offset);
        InputError::new(path, format!("not well-formed XML: {}", e.message)).line(line).column(column).with_source(text)
    })
}

/// 1-based line and column (in characters) of a byte offset, as roxmltree gave them.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let (line, _) = crate::error::line_col(text, offset);
    let before = &text[..offset.min(text.len())];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, text.get(line_start..offset).map_or(1, |s| s.chars().count() + 1))
}

struct Ctx<'a> {
    text: &'a str,
    path: &'a str,
}

impl Ctx<'_> {
    fn err(&self, at: usize, element: &str, msg: impl Into<String>) -> InputError {
        let (line, column) = position(self.text, at);
        InputError::new(self.path, msg).line(line).column(column).field(format!("<{element}>")).with_source(self.text)
    }

    fn attr<'v>(&self, v: Value<'v>, at: usize, element: &str, name: &str) -> Result<Cow<'v, str>, InputError> {
        v.map(AttValue::value).ok_or_else(|| self.err(at, element, format!("expected the attribute {name}=\"...\"")))
    }

    fn number(&self, v: Value, at: usize, element: &str, name: &str) -> Result<u32, InputError> {
        let v = self.attr(v, at, element, name)?;
        v.trim().parse().map_err(|_| self.err(at, element, format!("{name}: expected a whole number, found {v:?}")))
    }

    /// `Anzahl` of a `<Stimmergebnis>`: a whole number, or `n/a` (no list or candidate).
    fn count(&self, vote: &RawVote) -> Result<Option<u64>, InputError> {
        let v = self.attr(vote.count, vote.at, "Stimmergebnis", "Anzahl")?;
        if v == "n/a" {
            return Ok(None);
        }
        v.parse()
            .map(Some)
            .map_err(|_| self.err(vote.at, "Stimmergebnis", format!("Anzahl: expected a whole number of votes or \"n/a\", found {v:?}")))
    }
}

/// One `<Gruppenergebnis>`: its group number, kind, name, candidate and votes.
struct Group<'a> {
    at: usize,
    number: u32,
    kind: Cow<'a, str>,
    name: Cow<'a, str>,
    candidate: Option<Cow<'a, str>>,
    first: Option<u64>,
    second: Option<u64>,
    other: Option<u64>,
}

/// One `<Gebietsergebnis>` read into its parts.
struct Area<'a> {
    /// The part of the file it was scanned in, and what the scan kept of it.
    part: &'a Raw<'a>,
    raw: &'a RawArea<'a>,
    kind: Cow<'a, str>,
    number: u32,
    parent: Option<u32>,
    name: String,
    groups: Vec<Group<'a>>,
}

impl Area<'_> {
    fn err(&self, ctx: &Ctx, msg: impl Into<String>) -> InputError {
        ctx.err(self.raw.at, "Gebietsergebnis", msg)
    }

    fn general(&self, ctx: &Ctx, number: u32, what: &str, which: fn(&Group) -> Option<u64>) -> Result<u64, InputError> {
        self.groups
            .iter()
            .find(|g| g.kind == "ALLGEMEIN" && g.number == number)
            .and_then(|g| which(g))
            .ok_or_else(|| self.err(ctx, format!("{:?}: expected a <Gruppenergebnis Gruppe=\"{number}\" Gruppenart=\"ALLGEMEIN\"> with the {what}", self.name)))
    }
}

fn read_area<'a>(ctx: &Ctx, raw: &'a Raw<'a>, a: &'a RawArea<'a>) -> Result<Area<'a>, InputError> {
    const AREA: &str = "Gebietsergebnis";
    let kind = ctx.attr(a.kind, a.at, AREA, "Gebietsart")?;
    let number = ctx.number(a.number, a.at, AREA, "Gebietsnummer")?;
    let parent = match a.parent {
        Some(_) => Some(ctx.number(a.parent, a.at, AREA, "UegGebietsnummer")?),
        None => None,
    };
    let (name_at, name) = a.name.as_ref().ok_or_else(|| ctx.err(a.at, AREA, "expected a <GebietText> with the area's name"))?;
    let name = name.as_deref().unwrap_or("").trim().to_string();
    if name.is_empty() {
        return Err(ctx.err(*name_at, "GebietText", "the area's name is empty"));
    }
    let mut groups = Vec::with_capacity(a.groups.len());
    for g in &raw.groups[a.groups.clone()] {
        const GROUP: &str = "Gruppenergebnis";
        let mut group = Group {
            at: g.at,
            number: ctx.number(g.number, g.at, GROUP, "Gruppe")?,
            kind: ctx.attr(g.kind, g.at, GROUP, "Gruppenart")?,
            name: trimmed(ctx.attr(g.name, g.at, GROUP, "Name")?),
            candidate: g.candidate.map(AttValue::value),
            first: None,
            second: None,
            other: None,
        };
        if group.name.is_empty() {
            return Err(ctx.err(g.at, GROUP, "Name: a group's name is empty"));
        }
        for s in &raw.votes[g.votes.clone()] {
            let n = ctx.count(s)?;
            let slot = match ctx.attr(s.kind, s.at, "Stimmergebnis", "Stimmart")?.as_ref() {
                "DIREKT" => &mut group.first,
                "LISTE" => &mut group.second,
                "KEINE" => &mut group.other,
                other => return Err(ctx.err(s.at, "Stimmergebnis", format!("Stimmart: expected DIREKT, LISTE or KEINE, found {other:?}"))),
            };
            if slot.is_some() {
                return Err(ctx.err(s.at, "Stimmergebnis", "a second <Stimmergebnis> of the same Stimmart in this group"));
            }
            *slot = n;
        }
        groups.push(group);
    }
    Ok(Area { part: raw, raw: a, kind, number, parent, name, groups })
}

/// `s` without its leading and trailing white space.
fn trimmed(s: Cow<str>) -> Cow<str> {
    match s {
        Cow::Borrowed(b) => Cow::Borrowed(b.trim()),
        Cow::Owned(o) => Cow::Owned(o.trim().to_string()),
    }
}

/// The groups of an area that are party lists with second votes.
fn lists(a: &Area) -> Vec<usize> {
    (0..a.groups.len()).filter(|&i| a.groups[i].kind == "PARTEI" && a.groups[i].second.is_some_and(|v| v > 0)).collect()
}

/// The root element, checked, and every `<Gebietsergebnis>` read (on all cores: the
/// error reported is still the first in the file).
fn root_areas<'a>(ctx: &Ctx, parts: &'a [Raw<'a>]) -> Result<(usize, Vec<Area<'a>>), InputError> {
    use rayon::prelude::*;
    // A well-formed document has a root element, seen by the first part.
    let (root_at, root) = parts.first().and_then(|p| p.root).unwrap_or((0, ""));
    if root != "Gesamtergebnis" {
        return Err(ctx.err(root_at, root, format!("expected the Bundeswahlleiterin's result file with the root element <Gesamtergebnis>, found <{root}>")));
    }
    let raw: Vec<(&Raw, &RawArea)> = parts.iter().flat_map(|p| p.areas.iter().map(move |a| (p, a))).collect();
    let areas = raw.par_iter().with_min_len(64).map(|&(p, a)| read_area(ctx, p, a)).collect::<Vec<_>>().into_iter().collect::<Result<Vec<_>, _>>()?;
    if areas.is_empty() {
        return Err(ctx.err(root_at, root, "expected <Gebietsergebnis> elements (federal, Land and Wahlkreis results), found none"));
    }
    Ok((root_at, areas))
}

/// Reads the result file into an [`Election`] (see the module documentation).
pub fn parse(text: &str, path: &str) -> Result<Election, InputError> {
    let parts = scan(text, path)?;
    let ctx = Ctx { text, path };
    let (root_at, areas) = root_areas(&ctx, &parts)?;
    for a in &areas {
        if !matches!(a.kind.as_ref(), "BUND" | "LAND" | "WAHLKREIS") {
            return Err(a.err(&ctx, format!("Gebietsart: expected BUND, LAND or WAHLKREIS, found {:?}", a.kind)));
        }
    }
    let bund: Vec<&Area> = areas.iter().filter(|a| a.kind == "BUND").collect();
    if bund.len() > 1 {
        return Err(bund[1].err(&ctx, "a second federal (BUND) result"));
    }

    // Parties by group number, in the order of the federal block (the ballot order of
    // the federal result), then in order of first appearance.
    let mut e = Election::default();
    let mut party_of: HashMap<u32, usize> = HashMap::new();
    let mut names: HashMap<String, u32> = HashMap::new();
    let mut intern = |g: &Group, e: &mut Election| -> Result<usize, InputError> {
        // A party is its group number; a Land list may carry a longer name (Berlin's
        // "GRÜNE/B 90"): the name of its first appearance (the federal block) is kept.
        if let Some(&p) = party_of.get(&g.number) {
            return Ok(p);
        }
        if let Some(&other) = names.get(g.name.as_ref()) {
            return Err(ctx.err(g.at, "Gruppenergebnis", format!("two groups ({other} and {}) are both named {:?}", g.number, g.name)));
        }
        names.insert(g.name.to_string(), g.number);
        e.parties.push(g.name.to_string());
        party_of.insert(g.number, e.parties.len() - 1);
        Ok(e.parties.len() - 1)
    };
    if let Some(b) = bund.first() {
        for i in lists(b) {
            intern(&b.groups[i], &mut e)?;
        }
    }

    // The Länder.
    let mut land_of: HashMap<u32, usize> = HashMap::new();
    for a in areas.iter().filter(|a| a.kind == "LAND") {
        if land_of.insert(a.number, e.constituencies.len()).is_some() {
            return Err(a.err(&ctx, format!("Land number {} appears twice", a.number)));
        }
        let mut votes = Vec::new();
        for i in lists(a) {
            let p = intern(&a.groups[i], &mut e)?;
            votes.push((p, a.groups[i].second.unwrap_or(0)));
        }
        let valid = a.general(&ctx, 400, "valid votes (Gültige, LISTE)", |g| g.second)?;
        let sum: u64 = votes.iter().map(|&(_, v)| v).sum();
        if sum > valid {
            return Err(a.err(&ctx, format!("{:?}: the parties' second votes add up to {sum}, more than the {valid} valid second votes", a.name)));
        }
        let voters = a.general(&ctx, 200, "voters (Wählende)", |g| g.other).ok();
        e.constituencies.push(ConstituencyVotes {
            name: a.name.clone(),
            votes,
            total_valid_votes: Some(valid),
            ballots_cast: voters.filter(|&w| w >= valid),
            ..Default::default()
        });
    }
    if e.constituencies.is_empty() {
        return Err(ctx.err(root_at, "Gesamtergebnis", "expected Land results (<Gebietsergebnis Gebietsart=\"LAND\">), found none"));
    }

    // The Wahlkreise and their winners.
    for a in areas.iter().filter(|a| a.kind == "WAHLKREIS") {
        let land_no = a.parent.ok_or_else(|| a.err(&ctx, format!("{:?}: expected UegGebietsnummer, the number of its Land", a.name)))?;
        let region = *land_of.get(&land_no).ok_or_else(|| a.err(&ctx, format!("{:?}: its Land {land_no} has no Land result in the file", a.name)))?;
        let valid = a.general(&ctx, 400, "valid first votes (Gültige, DIREKT)", |g| g.first)?;
        let candidates: Vec<&Group> = a.groups.iter().filter(|g| matches!(g.kind.as_ref(), "PARTEI" | "EINZELKANDIDAT") && g.first.is_some()).collect();
        let sum: u64 = candidates.iter().map(|g| g.first.unwrap_or(0)).sum();
        if sum > valid {
            return Err(a.err(&ctx, format!("{:?}: the candidates' first votes add up to {sum}, more than the {valid} valid first votes", a.name)));
        }
        let most = candidates.iter().map(|g| g.first.unwrap_or(0)).max().unwrap_or(0);
        if most == 0 {
            return Err(a.err(&ctx, format!("{:?}: no candidate has first votes", a.name)));
        }
        let top: Vec<&&Group> = candidates.iter().filter(|g| g.first == Some(most)).collect();
        let declared = a.part.direkt[a.raw.direkt.clone()]
            .iter()
            .flat_map(|d| &a.part.winners[d.winners.clone()])
            .find(|w| w.result.is_some_and(|r| r.value() == "ENDGUELTIG"));
        let winner: &Group = match declared {
            Some(w) => {
                let no = ctx.number(w.group, w.at, "Gewinner", "Gruppe")?;
                let g = candidates
                    .iter()
                    .find(|g| g.number == no)
                    .ok_or_else(|| ctx.err(w.at, "Gewinner", format!("the winner's Gruppe {no} has no first votes in {:?}", a.name)))?;
                if g.first != Some(most) {
                    return Err(ctx.err(
                        w.at,
                        "Gewinner",
                        format!("{:?}: the file names {} the winner with {} first votes, but {} has {most}", a.name, g.name, g.first.unwrap_or(0), top[0].name),
                    ));
                }
                g
            }
            None if top.len() == 1 => top[0],
            None => {
                return Err(a.err(&ctx, format!("{:?}: {} candidates tie with {most} first votes and the file names no winner (<Gewinner Wahlergebnisart=\"ENDGUELTIG\">)", a.name, top.len())))
            }
        };
        let party = intern(winner, &mut e)?;
        e.winners.push(ConstituencyWinner {
            name: a.name.clone(),
            number: Some(a.number),
            candidate: winner.candidate.as_deref().map(str::to_string),
            region,
            party,
            votes: most,
            valid_votes: valid,
        });
        let seats = &mut e.constituencies[region].electorate_seats;
        match seats.iter_mut().find(|(p, _)| *p == party) {
            Some(s) => s.1 += 1,
            None => seats.push((party, 1)),
        }
    }

    // The Länder must add up to the federal result.
    if let Some(b) = bund.first() {
        let national = e.national_votes();
        for i in lists(b) {
            let p = party_of[&b.groups[i].number];
            let want = b.groups[i].second.unwrap_or(0);
            if national[p] != want {
                return Err(ctx.err(b.groups[i].at, "Gruppenergebnis", format!("{}: the Länder's second votes add up to {}, but the federal result gives {want}", e.parties[p], national[p])));
            }
        }
        let valid = b.general(&ctx, 400, "valid votes (Gültige, LISTE)", |g| g.second)?;
        let sum: u64 = e.constituencies.iter().map(|c| c.valid_votes()).sum();
        if sum != valid {
            return Err(b.err(&ctx, format!("the Länder's valid second votes add up to {sum}, but the federal result gives {valid}")));
        }
    }
    crate::results::validate(&e, path)?;
    Ok(e)
}

/// The official verdict on each Wahlkreis winner (`Zweitstimmendeckung="true|false"` on
/// `<Direktergebnis>`), as (Wahlkreis name, covered), in file order: what a count must
/// reproduce, not an input of it.
pub fn official_coverage(text: &str, path: &str) -> Result<Vec<(String, bool)>, InputError> {
    let parts = scan(text, path)?;
    let ctx = Ctx { text, path };
    let mut out = Vec::new();
    for a in root_areas(&ctx, &parts)?.1.iter().filter(|a| a.kind == "WAHLKREIS") {
        for d in &a.part.direkt[a.raw.direkt.clone()] {
            match d.coverage.map(AttValue::value).as_deref() {
                Some("true") => out.push((a.name.clone(), true)),
                Some("false") => out.push((a.name.clone(), false)),
                Some(other) => return Err(ctx.err(d.at, "Direktergebnis", format!("Zweitstimmendeckung: expected true or false, found {other:?}"))),
                None => {}
            }
        }
    }
    Ok(out)
}
