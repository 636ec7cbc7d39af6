//! The reader of `gesamtergebnis_*.xml` as it was before issue 17, on roxmltree's tree:
//! kept unchanged as the reference for the streaming reader in the parent module. The
//! differential test (`super::tests`) and the fuzz target `results_xml` check that both
//! readers give the same `Election`, or both refuse the file. Built for tests and fuzzing
//! only.

#![allow(clippy::result_large_err)] // InputError is the crate-wide error type, as in results.rs

use std::collections::HashMap;

use mandat_core::election::{ConstituencyVotes, ConstituencyWinner, Election};
use roxmltree::{Document, Node};

use crate::error::InputError;

struct Ctx<'a> {
    doc: &'a Document<'a>,
    text: &'a str,
    path: &'a str,
}

impl Ctx<'_> {
    fn err(&self, node: Node, msg: impl Into<String>) -> InputError {
        let pos = self.doc.text_pos_at(node.range().start);
        let what = if node.is_element() { format!("<{}>", node.tag_name().name()) } else { "text".into() };
        InputError::new(self.path, msg).line(pos.row as usize).column(pos.col as usize).field(what).with_source(self.text)
    }

    fn attr<'n>(&self, node: Node<'n, '_>, name: &str) -> Result<&'n str, InputError> {
        node.attribute(name).ok_or_else(|| self.err(node, format!("expected the attribute {name}=\"...\"")))
    }

    fn number(&self, node: Node, name: &str) -> Result<u32, InputError> {
        let v = self.attr(node, name)?;
        v.trim().parse().map_err(|_| self.err(node, format!("{name}: expected a whole number, found {v:?}")))
    }

    /// `Anzahl` of a `<Stimmergebnis>`: a whole number, or `n/a` (no list or candidate).
    fn count(&self, node: Node) -> Result<Option<u64>, InputError> {
        let v = self.attr(node, "Anzahl")?;
        if v == "n/a" {
            return Ok(None);
        }
        v.parse().map(Some).map_err(|_| self.err(node, format!("Anzahl: expected a whole number of votes or \"n/a\", found {v:?}")))
    }
}

fn elements<'a, 'i>(node: Node<'a, 'i>, tag: &'static str) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children().filter(move |c| c.is_element() && c.tag_name().name() == tag)
}

/// One `<Gruppenergebnis>`: its group number, kind, name, candidate and votes.
struct Group<'a> {
    node: Node<'a, 'a>,
    number: u32,
    kind: &'a str,
    name: &'a str,
    candidate: Option<&'a str>,
    first: Option<u64>,
    second: Option<u64>,
    other: Option<u64>,
}

/// One `<Gebietsergebnis>` read into its parts.
struct Area<'a> {
    node: Node<'a, 'a>,
    kind: &'a str,
    number: u32,
    parent: Option<u32>,
    name: String,
    groups: Vec<Group<'a>>,
}

impl<'a> Area<'a> {
    fn general(&self, ctx: &Ctx, number: u32, what: &str, which: fn(&Group) -> Option<u64>) -> Result<u64, InputError> {
        self.groups
            .iter()
            .find(|g| g.kind == "ALLGEMEIN" && g.number == number)
            .and_then(|g| which(g))
            .ok_or_else(|| ctx.err(self.node, format!("{:?}: expected a <Gruppenergebnis Gruppe=\"{number}\" Gruppenart=\"ALLGEMEIN\"> with the {what}", self.name)))
    }
}

fn read_area<'a>(ctx: &Ctx, node: Node<'a, 'a>) -> Result<Area<'a>, InputError> {
    let kind = ctx.attr(node, "Gebietsart")?;
    let number = ctx.number(node, "Gebietsnummer")?;
    let parent = match node.attribute("UegGebietsnummer") {
        Some(_) => Some(ctx.number(node, "UegGebietsnummer")?),
        None => None,
    };
    let name_node = elements(node, "GebietText").next().ok_or_else(|| ctx.err(node, "expected a <GebietText> with the area's name"))?;
    let name = name_node.text().unwrap_or("").trim().to_string();
    if name.is_empty() {
        return Err(ctx.err(name_node, "the area's name is empty"));
    }
    let mut groups = Vec::new();
    for g in elements(node, "Gruppenergebnis") {
        let mut group = Group {
            node: g,
            number: ctx.number(g, "Gruppe")?,
            kind: ctx.attr(g, "Gruppenart")?,
            name: ctx.attr(g, "Name")?.trim(),
            candidate: g.attribute("Direktkandidat"),
            first: None,
            second: None,
            other: None,
        };
        if group.name.is_empty() {
            return Err(ctx.err(g, "Name: a group's name is empty"));
        }
        for s in elements(g, "Stimmergebnis") {
            let n = ctx.count(s)?;
            let slot = match ctx.attr(s, "Stimmart")? {
                "DIREKT" => &mut group.first,
                "LISTE" => &mut group.second,
                "KEINE" => &mut group.other,
                other => return Err(ctx.err(s, format!("Stimmart: expected DIREKT, LISTE or KEINE, found {other:?}"))),
            };
            if slot.is_some() {
                return Err(ctx.err(s, "a second <Stimmergebnis> of the same Stimmart in this group"));
            }
            *slot = n;
        }
        groups.push(group);
    }
    Ok(Area { node, kind, number, parent, name, groups })
}

/// The groups of an area that are party lists with second votes.
fn lists(a: &Area) -> Vec<usize> {
    (0..a.groups.len()).filter(|&i| a.groups[i].kind == "PARTEI" && a.groups[i].second.is_some_and(|v| v > 0)).collect()
}

fn parse_doc<'a>(text: &'a str, path: &str) -> Result<Document<'a>, InputError> {
    let doc = Document::parse(text).map_err(|e| {
        let pos = e.pos();
        InputError::new(path, format!("not well-formed XML: {e}")).line(pos.row as usize).column(pos.col as usize).with_source(text)
    })?;
    Ok(doc)
}

fn root_areas<'a>(ctx: &Ctx<'a>, doc: &'a Document<'a>) -> Result<Vec<Area<'a>>, InputError> {
    let root = doc.root_element();
    if root.tag_name().name() != "Gesamtergebnis" {
        return Err(ctx.err(
            root,
            format!("expected the Bundeswahlleiterin's result file with the root element <Gesamtergebnis>, found <{}>", root.tag_name().name()),
        ));
    }
    let areas = elements(root, "Gebietsergebnis").map(|n| read_area(ctx, n)).collect::<Result<Vec<_>, _>>()?;
    if areas.is_empty() {
        return Err(ctx.err(root, "expected <Gebietsergebnis> elements (federal, Land and Wahlkreis results), found none"));
    }
    Ok(areas)
}

/// Reads the result file into an [`Election`] (see the module documentation).
pub fn parse(text: &str, path: &str) -> Result<Election, InputError> {
    let doc = parse_doc(text, path)?;
    let ctx = Ctx { doc: &doc, text, path };
    let areas = root_areas(&ctx, &doc)?;
    for a in &areas {
        if !matches!(a.kind, "BUND" | "LAND" | "WAHLKREIS") {
            return Err(ctx.err(a.node, format!("Gebietsart: expected BUND, LAND or WAHLKREIS, found {:?}", a.kind)));
        }
    }
    let bund: Vec<&Area> = areas.iter().filter(|a| a.kind == "BUND").collect();
    if bund.len() > 1 {
        return Err(ctx.err(bund[1].node, "a second federal (BUND) result"));
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
        if let Some(&other) = names.get(g.name) {
            return Err(ctx.err(g.node, format!("two groups ({other} and {}) are both named {:?}", g.number, g.name)));
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
            return Err(ctx.err(a.node, format!("Land number {} appears twice", a.number)));
        }
        let mut votes = Vec::new();
        for i in lists(a) {
            let p = intern(&a.groups[i], &mut e)?;
            votes.push((p, a.groups[i].second.unwrap_or(0)));
        }
        let valid = a.general(&ctx, 400, "valid votes (Gültige, LISTE)", |g| g.second)?;
        let sum: u64 = votes.iter().map(|&(_, v)| v).sum();
        if sum > valid {
            return Err(ctx.err(a.node, format!("{:?}: the parties' second votes add up to {sum}, more than the {valid} valid second votes", a.name)));
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
        return Err(ctx.err(doc.root_element(), "expected Land results (<Gebietsergebnis Gebietsart=\"LAND\">), found none"));
    }

    // The Wahlkreise and their winners.
    for a in areas.iter().filter(|a| a.kind == "WAHLKREIS") {
        let land_no = a.parent.ok_or_else(|| ctx.err(a.node, format!("{:?}: expected UegGebietsnummer, the number of its Land", a.name)))?;
        let region = *land_of.get(&land_no).ok_or_else(|| ctx.err(a.node, format!("{:?}: its Land {land_no} has no Land result in the file", a.name)))?;
        let valid = a.general(&ctx, 400, "valid first votes (Gültige, DIREKT)", |g| g.first)?;
        let candidates: Vec<&Group> = a.groups.iter().filter(|g| matches!(g.kind, "PARTEI" | "EINZELKANDIDAT") && g.first.is_some()).collect();
        let sum: u64 = candidates.iter().map(|g| g.first.unwrap_or(0)).sum();
        if sum > valid {
            return Err(ctx.err(a.node, format!("{:?}: the candidates' first votes add up to {sum}, more than the {valid} valid first votes", a.name)));
        }
        let most = candidates.iter().map(|g| g.first.unwrap_or(0)).max().unwrap_or(0);
        if most == 0 {
            return Err(ctx.err(a.node, format!("{:?}: no candidate has first votes", a.name)));
        }
        let top: Vec<&&Group> = candidates.iter().filter(|g| g.first == Some(most)).collect();
        let declared = elements(a.node, "Direktergebnis")
            .flat_map(|d| elements(d, "Gewinner"))
            .find(|g| g.attribute("Wahlergebnisart") == Some("ENDGUELTIG"));
        let winner: &Group = match declared {
            Some(gnode) => {
                let no = ctx.number(gnode, "Gruppe")?;
                let g = candidates.iter().find(|g| g.number == no).ok_or_else(|| ctx.err(gnode, format!("the winner's Gruppe {no} has no first votes in {:?}", a.name)))?;
                if g.first != Some(most) {
                    return Err(ctx.err(gnode, format!("{:?}: the file names {} the winner with {} first votes, but {} has {most}", a.name, g.name, g.first.unwrap_or(0), top[0].name)));
                }
                g
            }
            None if top.len() == 1 => top[0],
            None => {
                return Err(ctx.err(a.node, format!("{:?}: {} candidates tie with {most} first votes and the file names no winner (<Gewinner Wahlergebnisart=\"ENDGUELTIG\">)", a.name, top.len())))
            }
        };
        let party = intern(winner, &mut e)?;
        e.winners.push(ConstituencyWinner {
            name: a.name.clone(),
            number: Some(a.number),
            candidate: winner.candidate.map(str::to_string),
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
                return Err(ctx.err(b.groups[i].node, format!("{}: the Länder's second votes add up to {}, but the federal result gives {want}", e.parties[p], national[p])));
            }
        }
        let valid = b.general(&ctx, 400, "valid votes (Gültige, LISTE)", |g| g.second)?;
        let sum: u64 = e.constituencies.iter().map(|c| c.valid_votes()).sum();
        if sum != valid {
            return Err(ctx.err(b.node, format!("the Länder's valid second votes add up to {sum}, but the federal result gives {valid}")));
        }
    }
    crate::results::validate(&e, path)?;
    Ok(e)
}

/// The official verdict on each Wahlkreis winner (`Zweitstimmendeckung="true|false"` on
/// `<Direktergebnis>`), as (Wahlkreis name, covered), in file order: what a count must
/// reproduce, not an input of it.
pub fn official_coverage(text: &str, path: &str) -> Result<Vec<(String, bool)>, InputError> {
    let doc = parse_doc(text, path)?;
    let ctx = Ctx { doc: &doc, text, path };
    let mut out = Vec::new();
    for a in root_areas(&ctx, &doc)?.iter().filter(|a| a.kind == "WAHLKREIS") {
        for d in elements(a.node, "Direktergebnis") {
            match d.attribute("Zweitstimmendeckung") {
                Some("true") => out.push((a.name.clone(), true)),
                Some("false") => out.push((a.name.clone(), false)),
                Some(other) => return Err(ctx.err(d, format!("Zweitstimmendeckung: expected true or false, found {other:?}"))),
                None => {}
            }
        }
    }
    Ok(out)
}
