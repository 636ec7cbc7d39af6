//! The streaming reader against the reference (the roxmltree reader it replaced): on the
//! official file, on excerpts of it, and on excerpts damaged in every way proptest finds,
//! both give the same `Election` (and the same official coverage), or both refuse the
//! file; when the file is well-formed XML, they refuse it with the same error (message,
//! line, column, element). In tests the scanner cuts a file into parts of 4 KB, so the
//! joins between parts are damaged too.

use proptest::prelude::*;

use super::{official_coverage, parse, reference};
use crate::InputError;

const PATH: &str = "gesamtergebnis_02.xml";

fn official() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/de-bundestag-2025/gesamtergebnis_02.xml");
    std::fs::read_to_string(path).unwrap()
}

/// The official file cut after its first `n` Wahlkreise, closed again: still a whole
/// result file, as the federal and Land blocks come first.
fn excerpt(text: &str, n: usize) -> String {
    let cut = text.match_indices("<Gebietsergebnis ").filter(|(i, _)| text[*i..].split('>').next().unwrap().contains("Gebietsart=\"WAHLKREIS\"")).nth(n).unwrap().0;
    format!("{}</Gesamtergebnis>\n", &text[..cut])
}

fn not_well_formed(e: &InputError) -> bool {
    e.message.starts_with("not well-formed XML")
}

/// Both readers agree on `text` (see the module documentation).
fn agree(text: &str) -> Result<(), String> {
    fn same<T: PartialEq + std::fmt::Debug>(what: &str, ours: Result<T, InputError>, theirs: Result<T, InputError>) -> Result<(), String> {
        let short = |x: String| x.chars().take(800).collect::<String>();
        match (ours, theirs) {
            (Ok(a), Ok(b)) if a == b => Ok(()),
            (Err(a), Err(b)) if not_well_formed(&a) && not_well_formed(&b) => Ok(()),
            (Err(a), Err(b)) if a == b => Ok(()),
            (a, b) => Err(format!("{what}:\nstreaming {}\nreference {}", short(format!("{a:?}")), short(format!("{b:?}")))),
        }
    }
    same("parse", parse(text, PATH), reference::parse(text, PATH))?;
    same("official_coverage", official_coverage(text, PATH), reference::official_coverage(text, PATH))
}

#[test]
fn the_official_file_reads_the_same_in_parts_as_with_the_reference() {
    let text = official();
    agree(&text).unwrap();
    let e = parse(&text, PATH).unwrap();
    assert_eq!((e.constituencies.len(), e.winners.len()), (16, 299));
    assert_eq!(official_coverage(&text, PATH).unwrap().len(), 299);
}

#[test]
fn a_part_that_starts_inside_a_comment_is_not_used() {
    // A comment from inside one Wahlkreis to inside a later one hides the
    // <Gebietsergebnis between them, where the scan in parts may have started a part:
    // the part before it reads on, and the file is the one the reference reads.
    let text = excerpt(&official(), 12);
    let starts: Vec<usize> = text.match_indices("<GebietText>").map(|(i, _)| i).collect();
    let (a, b) = (starts[20], starts[26]);
    let hidden = format!("{}<!--{}-->{}", &text[..a], text[a..b].replace("--", "- "), &text[b..]);
    agree(&hidden).unwrap();
    let e = parse(&hidden, PATH).unwrap();
    assert!(e.winners.len() < 12, "{}", e.winners.len());
}

#[test]
fn errors_name_the_line_and_column_of_the_element() {
    let text = excerpt(&official(), 3);
    let bad = text.replacen("Anzahl=\"50838\"", "Anzahl=\"50838x\"", 1);
    let e = parse(&bad, PATH).unwrap_err();
    assert_eq!(e, reference::parse(&bad, PATH).unwrap_err());
    assert_eq!(e.field.as_deref(), Some("<Stimmergebnis>"));
    assert_eq!(e.column, Some(13));
    // Not well-formed: the line and column of the fault, whatever part it is in.
    let at = text.match_indices("</Gruppenergebnis>").nth(400).unwrap().0;
    let bad = format!("{}</Gruppenergebnis >x</y>{}", &text[..at], &text[at + "</Gruppenergebnis>".len()..]);
    let e = parse(&bad, PATH).unwrap_err();
    assert!(e.message.starts_with("not well-formed XML: expected </Gebietsergebnis>, found </y>"), "{e}");
    let line = bad[..bad.find("</y>").unwrap()].matches('\n').count() + 1;
    assert_eq!(e.line, Some(line));
}

/// Pieces that damage an XML file in the ways that matter: quotes, brackets, references,
/// comments, CDATA, namespaces, characters XML forbids, elements of the schema.
const PIECES: &[&str] = &[
    "", "\"", "'", "<", ">", "/", "=", "&", ";", ":", " ", "\n", "\r", "\t", "!", "?", "-", "[", "]", "9", "0", "a", "x", "#", "\u{1}", "ü",
    "\u{FFFE}", "<!--c-->", "<![CDATA[x]]>", "&amp;", "&#65;", "&#x1;", "&bogus;", "<?pi x?>", "<x/>", "</x>", "<Gebietsergebnis>",
    " a=\"1\"", " xmlns:p=\"u\"", "p:", "&lt;", "\r\n", "<!--", "-->", "]]>", "<GebietText>X</GebietText>",
    "<Gruppenergebnis Gruppe=\"1\" Gruppenart=\"PARTEI\" Name=\"X\">", "<Stimmergebnis Stimmart=\"LISTE\" Anzahl=\"7\"/>", "Anzahl=\"5\" ",
    "xmlns=\"u\" ", "<Gewinner Gruppe=\"2\" Wahlergebnisart=\"ENDGUELTIG\"/>", "Gebietsart=\"LAND\" ", "n/a",
];

#[derive(Debug, Clone)]
enum Edit {
    Replace(usize, usize),
    Insert(usize, usize),
    Delete(usize, usize),
    Duplicate(usize, usize),
}

fn floor(text: &str, i: usize) -> usize {
    let mut i = i % (text.len() + 1);
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn apply(text: &mut String, edit: &Edit) {
    match *edit {
        Edit::Replace(at, piece) => {
            let at = floor(text, at);
            let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
            text.replace_range(at..end, PIECES[piece % PIECES.len()]);
        }
        Edit::Insert(at, piece) => {
            let at = floor(text, at);
            text.insert_str(at, PIECES[piece % PIECES.len()]);
        }
        Edit::Delete(at, len) => {
            let at = floor(text, at);
            let end = floor(text, (at + len).min(text.len()));
            text.replace_range(at..end.max(at), "");
        }
        Edit::Duplicate(at, len) => {
            let at = floor(text, at);
            let end = floor(text, (at + len).min(text.len())).max(at);
            let copy = text[at..end].to_string();
            text.insert_str(end, &copy);
        }
    }
}

fn edit() -> impl Strategy<Value = Edit> {
    let at = any::<usize>();
    prop_oneof![
        3 => (at, any::<usize>()).prop_map(|(a, p)| Edit::Replace(a, p)),
        3 => (at, any::<usize>()).prop_map(|(a, p)| Edit::Insert(a, p)),
        1 => (at, 1usize..400).prop_map(|(a, n)| Edit::Delete(a, n)),
        1 => (at, 1usize..4000).prop_map(|(a, n)| Edit::Duplicate(a, n)),
    ]
}

fn small() -> &'static str {
    static SMALL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SMALL.get_or_init(|| excerpt(&official(), 3))
}

/// A small file in the official shape that uses what XML allows and the official file
/// does not: a declaration with `standalone`, a comment and a processing instruction
/// before the root, namespaces (a default one, a prefixed element and attribute),
/// references, CDATA, a single-quoted value, a comment inside the name, a line feed in an
/// attribute value. Damage lands on these far more often than in the large excerpt.
const FEATURES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!-- synthetic test file -->
<?mandat test?>
<Gesamtergebnis xmlns="urn:d" xmlns:x="urn:x">
  <WahlMetadaten><File Ursprungsname="m.xml"/></WahlMetadaten>
  <Gebietsergebnis Gebietsnummer="99" Gebietsart="BUND" x:extra='1'>
    <GebietText>Bundes&#103;ebiet</GebietText>
    <Gruppenergebnis Gruppe="400" Gruppenart="ALLGEMEIN" Name="G&#xFC;ltige">
      <Stimmergebnis Stimmart="DIREKT" Anzahl="100"/>
      <Stimmergebnis Stimmart="LISTE" Anzahl="100"/>
    </Gruppenergebnis>
    <Gruppenergebnis Gruppe="1" Gruppenart="PARTEI" Name="A&amp;B">
      <Stimmergebnis Stimmart="LISTE" Anzahl="60"/>
    </Gruppenergebnis>
    <Gruppenergebnis Gruppe="2" Gruppenart="PARTEI" Name="C
D">
      <Stimmergebnis Stimmart="LISTE" Anzahl="40"/>
    </Gruppenergebnis>
  </Gebietsergebnis>
  <x:Gebietsergebnis Gebietsnummer="1" Gebietsart="LAND" UegGebietsnummer="99">
    <GebietText><![CDATA[Nord]]> &lt;1&gt;</GebietText>
    <Gruppenergebnis Gruppe="400" Gruppenart="ALLGEMEIN" Name="Gültige">
      <Stimmergebnis Stimmart="DIREKT" Anzahl="100"/>
      <Stimmergebnis Stimmart="LISTE" Anzahl="100"/>
    </Gruppenergebnis>
    <Gruppenergebnis Gruppe="200" Gruppenart="ALLGEMEIN" Name="Wählende">
      <Stimmergebnis Stimmart="KEINE" Anzahl="104"/>
    </Gruppenergebnis>
    <Gruppenergebnis Gruppe="1" Gruppenart="PARTEI" Name="A&amp;B">
      <Stimmergebnis Stimmart="LISTE" Anzahl="60"/>
    </Gruppenergebnis>
    <Gruppenergebnis Gruppe="2" Gruppenart="PARTEI" Name="C D">
      <Stimmergebnis Stimmart="LISTE" Anzahl="40"/>
    </Gruppenergebnis>
  </x:Gebietsergebnis>
  <Gebietsergebnis Gebietsnummer="7" Gebietsart="WAHLKREIS" UegGebietsnummer="1">
    <GebietText>Nord-Ost<!-- the rest is not the name --> (alt)</GebietText>
    <Direktergebnis Zweitstimmendeckung="true">
      <Gewinner Gruppe="2" Wahlergebnisart="ENDGUELTIG"/>
    </Direktergebnis>
    <Gruppenergebnis Gruppe="400" Gruppenart="ALLGEMEIN" Name="Gültige">
      <Stimmergebnis Stimmart="DIREKT" Anzahl="100"/>
    </Gruppenergebnis>
    <Gruppenergebnis Gruppe="1" Gruppenart="PARTEI" Name="A&amp;B" Direktkandidat="X, Anna">
      <Stimmergebnis Stimmart="DIREKT" Anzahl="45"/>
    </Gruppenergebnis>
    <Gruppenergebnis Gruppe="2" Gruppenart="PARTEI" Name="C D" Direktkandidat="Y, Bert">
      <Stimmergebnis Stimmart="DIREKT" Anzahl="55"/>
    </Gruppenergebnis>
  </Gebietsergebnis>
</Gesamtergebnis>
<!-- after the root -->
"#;

#[test]
fn a_file_with_namespaces_references_cdata_and_comments_reads_as_with_the_reference() {
    agree(FEATURES).unwrap();
    let e = parse(FEATURES, PATH).unwrap();
    assert_eq!(e.parties, vec!["A&B", "C D"]);
    let names: Vec<&str> = e.constituencies.iter().map(|c| c.name.as_str()).chain(e.winners.iter().map(|w| w.name.as_str())).collect();
    assert_eq!(names, vec!["Nord <1>", "Nord-Ost"]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// The small file with every feature, damaged: the same `Election` or a refusal from both.
    #[test]
    fn a_damaged_small_file_reads_the_same_as_with_the_reference(edits in prop::collection::vec(edit(), 1..4)) {
        let mut text = FEATURES.to_string();
        for e in &edits {
            apply(&mut text, e);
        }
        if let Err(why) = agree(&text) {
            return Err(TestCaseError::fail(why));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Every damaged excerpt: the same `Election` or a refusal from both.
    #[test]
    fn a_damaged_file_reads_the_same_as_with_the_reference(edits in prop::collection::vec(edit(), 1..4)) {
        let mut text = small().to_string();
        for e in &edits {
            apply(&mut text, e);
        }
        if let Err(why) = agree(&text) {
            return Err(TestCaseError::fail(why));
        }
    }

    /// Damage in the few places that change the result without breaking the file: the
    /// vote counts, group numbers and names.
    #[test]
    fn a_changed_number_or_name_reads_the_same_as_with_the_reference(k in any::<usize>(), piece in prop::sample::select(vec!["0", "1", "9", "99999999", "", " ", "-1", "n/a", "A", "GRÜNE", "CDU", "&#x20;", "\t", "x"])) {
        let text = small();
        let spots: Vec<(usize, usize)> = ["Anzahl=\"", "Gruppe=\"", "Name=\"", "Gebietsnummer=\"", "UegGebietsnummer=\"", "Stimmart=\"", "Gruppenart=\""]
            .iter()
            .flat_map(|key| text.match_indices(key).map(|(i, m)| i + m.len()))
            .map(|start| (start, start + text[start..].find('"').unwrap()))
            .collect();
        let (a, b) = spots[k % spots.len()];
        let changed = format!("{}{piece}{}", &text[..a], &text[b..]);
        if let Err(why) = agree(&changed) {
            return Err(TestCaseError::fail(why));
        }
    }
}
