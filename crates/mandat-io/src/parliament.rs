//! Parliament inputs and reports: rules files (TOML, presets under rules/), the
//! seated assembly (CSV `group,seats[,side]`, or the JSON of `mandat run --format
//! json`), committee preferences (TOML), and the reports of `mandat committees` and
//! `mandat coalitions` (text and JSON). Format: docs/parliament.md.

use std::collections::HashMap;
use std::fmt::Write;

use mandat_core::parliament::coalitions::{minimal_connected_winning, minimal_winning, Coalition, Majority};
use mandat_core::parliament::committees::{Choice, Preferences, Sharing, TiePurpose, Why};
use mandat_core::parliament::power::power_indices;
use mandat_core::parliament::rules::Rules;
use mandat_core::parliament::{Assembly, Group, Side};
use mandat_core::tie::Tie;
use serde_json::{json, Value};

use crate::error::{line_col, InputError};
use crate::law_file::find_key_line;
use crate::report::{fraction, thousands};

/// Reads parliament rules from the text of a TOML file; `path` names the file in errors.
///
/// ```
/// let err = mandat_io::parliament::parse_rules("id = \"x\"\nname = \"x\"\ncitation = \"x\"\ncommittees = []\n[committee_seats]\nmethod = \"dhondtt\"\n", "r.toml").unwrap_err();
/// assert_eq!(err.line, Some(5)); // the table whose value is wrong
/// assert!(err.message.contains("unknown method"), "{err}");
/// ```
pub fn parse_rules(text: &str, path: &str) -> Result<Rules, InputError> {
    let rules: Rules = toml::from_str(text).map_err(|e| crate::error::toml_error(e, path, text))?;
    rules.check().map_err(|(key, msg)| {
        let mut err = InputError::new(path, msg).field(key.clone());
        let line = match key.as_str() {
            "posts.reserved" => text.lines().position(|l| l.trim_start().starts_with("reserved")).map(|i| i + 1),
            "committees" => duplicate_line(text),
            _ => None,
        }
        .or_else(|| find_key_line(text, key.rsplit('.').next().unwrap_or(&key)))
        .or_else(|| find_key_line(text, &key));
        if let Some(l) = line {
            err = err.line(l).with_source(text);
        }
        err
    })?;
    Ok(rules)
}

/// The line of the second `name = "…"` that repeats an earlier one (duplicate committee).
fn duplicate_line(text: &str) -> Option<usize> {
    let mut seen = Vec::new();
    for (i, l) in text.lines().enumerate() {
        if let Some((k, v)) = l.split_once('=') {
            if k.trim() == "name" {
                let v = v.trim().to_string();
                if seen.contains(&v) {
                    return Some(i + 1);
                }
                seen.push(v);
            }
        }
    }
    None
}

/// A preset rules file: its id and the text of its file under rules/.
pub struct RulesPreset {
    pub id: &'static str,
    pub text: &'static str,
}

macro_rules! rules_presets {
    ($($id:literal),* $(,)?) => {
        /// The preset rules, built into the binary from rules/*.toml.
        pub const RULES_PRESETS: &[RulesPreset] = &[
            $(RulesPreset { id: $id, text: include_str!(concat!("../../../rules/", $id, ".toml")) },)*
        ];
    };
}

rules_presets!("kz-mazhilis-rules", "be-chamber-rules", "european-parliament-rules");

/// Looks up preset rules by id and parses them.
pub fn rules_preset(id: &str) -> Option<Result<Rules, InputError>> {
    RULES_PRESETS.iter().find(|p| p.id == id).map(|p| parse_rules(p.text, &format!("rules/{}.toml", p.id)))
}

/// Reads rules given by preset id or by path to a TOML file.
pub fn load_rules(name_or_path: &str) -> Result<Rules, InputError> {
    let ids: Vec<&str> = RULES_PRESETS.iter().map(|p| p.id).collect();
    crate::load_preset_or_file(name_or_path, "rules", &ids, rules_preset, parse_rules)
}

/// Reads the seated assembly: CSV `group,seats` or `group,seats,side` (side
/// `majority` or `opposition`, or empty), or JSON — the output of `mandat run
/// --format json` (its `total` object; parties without a seat are left out) or a
/// plain object `{"group": seats}`.
pub fn parse_assembly(text: &str, path: &str) -> Result<Assembly, InputError> {
    match crate::sniff(path, text) {
        crate::Format::Json => parse_assembly_json(text, path),
        crate::Format::Csv => parse_assembly_csv(text, path),
    }
}

fn parse_assembly_csv(text: &str, path: &str) -> Result<Assembly, InputError> {
    if text.trim().is_empty() {
        return Err(InputError::new(path, "the file is empty; expected a header line `group,seats` or `group,seats,side`"));
    }
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).trim(csv::Trim::All).from_reader(text.as_bytes());
    let mut groups: Vec<Group> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut width = 0;
    for rec in rdr.records() {
        let rec = rec.map_err(|e| crate::error::csv_error(e, path, text))?;
        let line = rec.position().map_or(0, |p| p.line() as usize);
        if rec.iter().all(|f| f.is_empty()) {
            continue;
        }
        let err = |field: &str, m: String| InputError::new(path, m).line(line).field(field).with_source(text);
        if width == 0 {
            let got: Vec<String> = rec.iter().map(|f| f.trim_start_matches('\u{feff}').to_ascii_lowercase()).collect();
            width = match got.iter().map(String::as_str).collect::<Vec<_>>()[..] {
                ["group", "seats"] => 2,
                ["group", "seats", "side"] => 3,
                _ => {
                    return Err(InputError::new(
                        path,
                        format!("expected the header `group,seats` or `group,seats,side`, found `{}`", rec.iter().collect::<Vec<_>>().join(",")),
                    )
                    .line(line)
                    .with_source(text))
                }
            };
            continue;
        }
        if rec.len() != width {
            return Err(InputError::new(path, format!("expected {width} fields, found {}", rec.len())).line(line).with_source(text));
        }
        let name = rec[0].trim().to_string();
        if name.is_empty() {
            return Err(err("group", "must not be empty".into()));
        }
        if let Some(first) = seen.insert(name.clone(), line) {
            return Err(err("group", format!("group {name:?} appears twice (first on line {first})")));
        }
        let seats: u32 = rec[1]
            .trim()
            .parse()
            .ok()
            .filter(|&s: &u32| s <= 100_000)
            .ok_or_else(|| err("seats", format!("expected a whole number of seats from 0 to 100000, found {:?}", &rec[1])))?;
        let side = if width == 3 && !rec[2].trim().is_empty() {
            Some(Side::parse(&rec[2]).ok_or_else(|| err("side", format!("expected `majority` or `opposition` (or nothing), found {:?}", &rec[2])))?)
        } else {
            None
        };
        groups.push(Group { name, seats, side });
    }
    if groups.is_empty() {
        return Err(InputError::new(path, "no group: the file has no line after the header"));
    }
    Ok(Assembly { groups })
}

fn parse_assembly_json(text: &str, path: &str) -> Result<Assembly, InputError> {
    let v: Value = serde_json::from_str(text).map_err(|e| {
        InputError::new(path, format!("not valid JSON: {e}")).line(e.line()).column(e.column()).with_source(text)
    })?;
    let (map, field) = match &v {
        Value::Object(o) if o.contains_key("total") => match &o["total"] {
            Value::Object(t) => (t, "total"),
            _ => return Err(InputError::new(path, "`total` must be an object of seats per party").field("total")),
        },
        Value::Object(o) => (o, ""),
        _ => {
            return Err(InputError::new(
                path,
                "expected the JSON output of `mandat run --format json` (with `total`) or an object {\"group\": seats}",
            ))
        }
    };
    let from_count = !field.is_empty();
    let mut groups = Vec::new();
    for (name, seats) in map {
        let f = if from_count { format!("total.{name}") } else { name.clone() };
        let s = seats
            .as_u64()
            .filter(|&s| s <= 100_000)
            .ok_or_else(|| InputError::new(path, format!("expected a whole number of seats, found {seats}")).field(f))?;
        if from_count && s == 0 {
            continue; // an extra-parliamentary party
        }
        groups.push(Group { name: name.clone(), seats: s as u32, side: None });
    }
    if groups.is_empty() {
        return Err(InputError::new(path, "no group with a seat").field(if from_count { "total" } else { "" }.to_string()));
    }
    Ok(Assembly { groups })
}

/// Declares the listed groups the majority (government) and every other group the
/// opposition; `source` names the option in errors.
pub fn set_government(assembly: &mut Assembly, groups: &[String], source: &str) -> Result<(), InputError> {
    let mut idx = Vec::new();
    for g in groups {
        let g = g.trim();
        match assembly.index_of(g) {
            Some(i) => idx.push(i),
            None => {
                return Err(InputError::new(
                    source,
                    format!("unknown group {g:?}; the assembly's groups are {}", group_list(assembly)),
                ))
            }
        }
    }
    assembly.set_government(&idx);
    Ok(())
}

/// Reads a left-right order `A,B,C` (group names); `source` names the option in errors.
pub fn parse_order(assembly: &Assembly, order: &str, source: &str) -> Result<Vec<usize>, InputError> {
    let mut out = Vec::new();
    for g in order.split(',').map(str::trim).filter(|g| !g.is_empty()) {
        let i = assembly
            .index_of(g)
            .ok_or_else(|| InputError::new(source, format!("unknown group {g:?}; the assembly's groups are {}", group_list(assembly))))?;
        if out.contains(&i) {
            return Err(InputError::new(source, format!("group {g:?} appears twice in the order")));
        }
        out.push(i);
    }
    if out.is_empty() {
        return Err(InputError::new(source, "the order names no group"));
    }
    Ok(out)
}

fn group_list(a: &Assembly) -> String {
    a.groups.iter().map(|g| g.name.as_str()).collect::<Vec<_>>().join(", ")
}

/// Reads committee preferences: a TOML file with one key per group, its committees
/// in order of preference, for every kind of post; a table named after a kind of post
/// gives lists for that kind only (they replace the general ones):
///
/// ```toml
/// "N-VA" = ["Finance and Budget", "Interior"]
/// PS = ["Social Affairs"]
///
/// [secretary]
/// PS = ["Justice"]
/// ```
///
/// A group, committee or post that is not in the assembly or the rules is an error
/// naming its line.
pub fn parse_preferences(text: &str, path: &str, assembly: &Assembly, rules: &Rules) -> Result<Preferences, InputError> {
    type Key = toml::Spanned<String>;
    let at = |span: std::ops::Range<usize>, msg: String, field: &str| {
        let (l, c) = line_col(text, span.start);
        InputError::new(path, msg).line(l).column(c).field(field.to_string()).with_source(text)
    };
    let raw: HashMap<Key, toml::Spanned<PrefEntry>> = toml::from_str(text).map_err(|e| {
        let mut err = InputError::new(
            path,
            format!("{} (expected lines such as `\"Group\" = [\"Committee\", …]`)", e.message().trim()),
        );
        if let Some(span) = e.span() {
            let (l, c) = line_col(text, span.start);
            err = err.line(l).column(c).with_source(text);
        }
        err
    })?;
    let n = assembly.groups.len();
    let mut prefs = Preferences::none(n);
    let read_list = |group: &Key, list: &[Key], field: &str| -> Result<(usize, Vec<usize>), InputError> {
        let g = assembly.index_of(group.get_ref()).ok_or_else(|| {
            at(group.span(), format!("unknown group {:?}; the assembly's groups are {}", group.get_ref(), group_list(assembly)), field)
        })?;
        let mut cs = Vec::new();
        for c in list {
            let i = rules.committee_index(c.get_ref()).ok_or_else(|| {
                let known: Vec<&str> = rules.committees.iter().map(|c| c.name.as_str()).collect();
                at(c.span(), format!("unknown committee {:?}; the rules' committees are {}", c.get_ref(), known.join(", ")), field)
            })?;
            if cs.contains(&i) {
                return Err(at(c.span(), format!("committee {:?} is listed twice", c.get_ref()), field));
            }
            cs.push(i);
        }
        Ok((g, cs))
    };
    let mut entries: Vec<_> = raw.into_iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    for (key, entry) in entries {
        match entry.into_inner() {
            PrefEntry::List(list) => {
                let (g, cs) = read_list(&key, &list, key.get_ref())?;
                prefs.by_group[g] = cs;
            }
            PrefEntry::Post(groups) => {
                if !rules.posts.iter().any(|p| &p.name == key.get_ref()) {
                    let known: Vec<&str> = rules.posts.iter().map(|p| p.name.as_str()).collect();
                    return Err(at(
                        key.span(),
                        format!(
                            "unknown post {:?}; a table names a kind of post of the rules ({}), a list is a group's preferences",
                            key.get_ref(),
                            known.join(", ")
                        ),
                        key.get_ref(),
                    ));
                }
                let mut lists = vec![Vec::new(); n];
                let mut groups = groups;
                groups.sort_by_key(|(k, _)| k.span().start);
                for (group, list) in groups {
                    let field = format!("{}.{}", key.get_ref(), group.get_ref());
                    let (g, cs) = read_list(&group, &list, &field)?;
                    lists[g] = cs;
                }
                prefs.by_post.push((key.into_inner(), lists));
            }
        }
    }
    Ok(prefs)
}

/// One top-level entry of a preferences file: a group's list, or a table for one post.
enum PrefEntry {
    List(Vec<toml::Spanned<String>>),
    Post(Vec<(toml::Spanned<String>, Vec<toml::Spanned<String>>)>),
}

impl<'de> serde::Deserialize<'de> for PrefEntry {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = PrefEntry;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of committees, or a table of lists for one kind of post")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<PrefEntry, A::Error> {
                let mut out = Vec::new();
                while let Some(c) = seq.next_element()? {
                    out.push(c);
                }
                Ok(PrefEntry::List(out))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<PrefEntry, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry()? {
                    out.push((k, v));
                }
                Ok(PrefEntry::Post(out))
            }
        }
        d.deserialize_any(V)
    }
}

// ---------------------------------------------------------------------------------
// Reports

/// A fraction as an integer when it is one (20/2 → "10"), else with `digits` decimals.
fn exact_or(f: &mandat_core::exact::Fraction, digits: u32) -> String {
    if f.den != 0 && f.num.is_multiple_of(f.den) {
        thousands(f.num / f.den)
    } else {
        fraction(f, digits)
    }
}

fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, x) if x != 11 => "st",
        (2, x) if x != 12 => "nd",
        (3, x) if x != 13 => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

fn tie_text(names: &[String], t: &Tie, what: &str) -> String {
    let c: Vec<&str> = t.contenders.iter().map(|&i| names[i].as_str()).collect();
    let w: Vec<&str> = t.winners.iter().map(|&i| names[i].as_str()).collect();
    let seed = t.seed.map(|s| format!(" with seed {s}")).unwrap_or_default();
    let rule = match t.decided_by {
        mandat_core::tie::TieRule::MoreVotes => "larger group (more seats)",
        r => r.describe(),
    };
    let value = match &t.stage {
        mandat_core::tie::TieStage::Average { average } => fraction(average, 4),
        mandat_core::tie::TieStage::Remainder { remainder } | mandat_core::tie::TieStage::Excess { remainder } => {
            fraction(remainder, 4)
        }
    };
    format!("{what} among {} at {value}: {} by {}{seed}", c.join(", "), w.join(", "), rule)
}

/// The text report of `mandat committees`: every committee's seats, then every post
/// with its round, quotient and reason.
pub fn committees_text(rules: &Rules, a: &Assembly, s: &Sharing) -> String {
    let mut out = String::new();
    let names = &s.groups;
    let _ = writeln!(out, "{} — {}", rules.id, rules.name);
    let _ = writeln!(out, "Rules: {}", rules.citation);
    let _ = writeln!(out, "\nGroups ({} seats):", thousands(a.total_seats() as u128));
    let w = names.iter().map(|n| n.chars().count()).max().unwrap_or(5).min(crate::MAX_COLUMN_WIDTH);
    for (i, g) in a.groups.iter().enumerate() {
        let side = g.side.map(|x| format!(", {}", x.name())).unwrap_or_default();
        let rec = if s.recognised[i] {
            String::new()
        } else {
            format!(", not recognised (fewer than {} seats)", rules.recognition.min_seats.0)
        };
        let _ = writeln!(out, "  {:<w$}  {:>4}{side}{rec}", g.name, g.seats);
    }
    let cs = &rules.committee_seats;
    let mut guarantees = Vec::new();
    if cs.every_group_at_least > 0 {
        guarantees.push(format!("every recognised group at least {}", cs.every_group_at_least));
    }
    if cs.opposition_at_least > 0 {
        guarantees.push(format!("the opposition at least {}", cs.opposition_at_least));
    }
    let art = cs.article.as_deref().map(|a| format!(" ({a})")).unwrap_or_default();
    let _ = writeln!(
        out,
        "\nCommittee seats by {} on group sizes{art}{}:",
        cs.method,
        if guarantees.is_empty() { String::new() } else { format!("; guarantees: {}", guarantees.join(", ")) }
    );
    for c in &s.committees {
        let seats: Vec<String> =
            (0..names.len()).filter(|&g| c.seats[g] > 0).map(|g| format!("{} {}", names[g], c.seats[g])).collect();
        let _ = writeln!(out, "  {} ({}): {}", c.name, c.size, seats.join(", "));
        for adj in &c.adjustments {
            let _ = writeln!(out, "    {}: {} → {} ({})", names[adj.group], adj.from, adj.to, adj.reason);
        }
        if !c.non_voting.is_empty() {
            let nv: Vec<&str> = c.non_voting.iter().map(|&g| names[g].as_str()).collect();
            let _ = writeln!(out, "    non-voting member: {}", nv.join(", "));
        }
        for t in &c.ties {
            let _ = writeln!(out, "    tie: {}", tie_text(names, t, "equal quotients"));
        }
        for u in &c.unmet {
            let _ = writeln!(out, "    GUARANTEE NOT MET: {u}");
        }
    }
    for (p, rule) in s.posts.iter().zip(&rules.posts) {
        let art = rule.article.as_deref().map(|a| format!(" ({a})")).unwrap_or_default();
        let res = rule
            .reserved
            .as_ref()
            .map(|r| format!("; at least {} reserved for the {}", r.count.0, r.side.name()))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "\nPosts: {} — {} posts by {} on group sizes{res}{art}, chosen in quotient order:",
            p.name, p.posts, p.method
        );
        for r in &p.rounds {
            let why = match r.why {
                Why::Quotient => "by quotient".to_string(),
                Why::Reserved { side } => format!("reserved for the {}", side.name()),
            };
            let choice = match r.choice {
                Choice::Preference { rank } => format!("{} preference", ordinal(rank)),
                Choice::FirstFree => "first free committee".to_string(),
            };
            let _ = writeln!(
                out,
                "  round {:>2}: {:<w$}  {} / {} = {:<8}  {:<26} → {} ({choice})",
                r.round,
                names[r.group],
                a.groups[r.group].seats,
                exact_or(&r.divisor, 4),
                exact_or(&r.quotient, 2),
                why,
                rules.committees[r.committee].name,
            );
        }
        for t in &p.ties {
            let what = match t.purpose {
                TiePurpose::LastPost => "tie for the last post(s)",
                TiePurpose::ChoiceOrder => "tie for who chooses first",
                TiePurpose::Reservation => "tie for the reservation",
            };
            let _ = writeln!(out, "  {}", tie_text(names, &t.tie, what));
        }
        for u in &p.unmet {
            let _ = writeln!(out, "  RESERVATION NOT MET: {u}");
        }
        let counts: Vec<String> =
            (0..names.len()).filter(|&g| p.counts[g] > 0).map(|g| format!("{} {}", names[g], p.counts[g])).collect();
        let _ = writeln!(out, "  {} posts: {}", p.name, counts.join(", "));
    }
    if s.posts.iter().any(|p| !p.ties.is_empty()) || s.committees.iter().any(|c| !c.ties.is_empty()) {
        let _ = writeln!(out, "\nTies decided by the rules' chain; seed of the lot: {}", s.seed);
    }
    out
}

fn tie_json(names: &[String], t: &Tie) -> Value {
    let mut v = json!({
        "value": match &t.stage {
            mandat_core::tie::TieStage::Average { average } => average,
            mandat_core::tie::TieStage::Remainder { remainder } | mandat_core::tie::TieStage::Excess { remainder } => remainder,
        },
        "contenders": t.contenders.iter().map(|&i| &names[i]).collect::<Vec<_>>(),
        "winners": t.winners.iter().map(|&i| &names[i]).collect::<Vec<_>>(),
        "decided_by": t.decided_by,
    });
    if let Some(seed) = t.seed {
        v["seed"] = json!(seed);
    }
    v
}

/// The JSON report of `mandat committees`.
pub fn committees_json(rules: &Rules, a: &Assembly, s: &Sharing) -> Value {
    let names = &s.groups;
    let per_group = |xs: &[u32]| {
        let mut m = serde_json::Map::new();
        for (g, &x) in xs.iter().enumerate() {
            if s.recognised[g] {
                m.insert(names[g].clone(), json!(x));
            }
        }
        Value::Object(m)
    };
    json!({
        "rules": {"id": rules.id, "name": rules.name, "citation": rules.citation},
        "seed": s.seed,
        "groups": a.groups.iter().enumerate().map(|(i, g)| json!({
            "name": g.name, "seats": g.seats, "side": g.side, "recognised": s.recognised[i],
        })).collect::<Vec<_>>(),
        "committees": s.committees.iter().map(|c| json!({
            "name": c.name,
            "size": c.size,
            "seats": per_group(&c.seats),
            "by_method": per_group(&c.by_method),
            "adjustments": c.adjustments.iter().map(|x| json!({
                "group": names[x.group], "from": x.from, "to": x.to, "reason": x.reason,
            })).collect::<Vec<_>>(),
            "non_voting": c.non_voting.iter().map(|&g| &names[g]).collect::<Vec<_>>(),
            "ties": c.ties.iter().map(|t| tie_json(names, t)).collect::<Vec<_>>(),
            "unmet": c.unmet,
        })).collect::<Vec<_>>(),
        "posts": s.posts.iter().map(|p| json!({
            "name": p.name,
            "method": p.method,
            "posts": p.posts,
            "counts": per_group(&p.counts),
            "rounds": p.rounds.iter().map(|r| json!({
                "round": r.round,
                "group": names[r.group],
                "nth": r.nth,
                "seats": a.groups[r.group].seats,
                "divisor": r.divisor,
                "quotient": r.quotient,
                "why": match r.why { Why::Quotient => json!("quotient"), Why::Reserved { side } => json!(format!("reserved for the {}", side.name())) },
                "committee": rules.committees[r.committee].name,
                "choice": match r.choice { Choice::Preference { rank } => json!({"preference": rank}), Choice::FirstFree => json!("first-free") },
            })).collect::<Vec<_>>(),
            "ties": p.ties.iter().map(|t| { let mut v = tie_json(names, &t.tie); v["purpose"] = json!(t.purpose); v }).collect::<Vec<_>>(),
            "unmet": p.unmet,
        })).collect::<Vec<_>>(),
    })
}

/// Everything `mandat coalitions` computes, ready to render.
pub struct CoalitionsReport {
    pub majority: Majority,
    pub quota: u64,
    pub total: u64,
    pub minimal: mandat_core::parliament::coalitions::Found,
    pub connected: Option<(Vec<usize>, Vec<Coalition>)>,
    pub power: mandat_core::parliament::power::PowerIndices,
}

/// Computes coalitions and power; `source` names the input in errors.
pub fn coalitions(
    a: &Assembly,
    majority: Majority,
    order: Option<Vec<usize>>,
    limit: usize,
    source: &str,
) -> Result<CoalitionsReport, InputError> {
    if limit > mandat_core::parliament::coalitions::MAX_LIMIT {
        return Err(InputError::new(
            "--limit",
            format!("at most {} coalitions can be listed, found {limit} (their count is exact whatever the limit)", mandat_core::parliament::coalitions::MAX_LIMIT),
        ));
    }
    let weights = a.seats();
    let total = a.total_seats();
    let quota = majority.quota(total);
    if quota == 0 || quota > total {
        return Err(InputError::new(
            "--majority",
            format!("{majority} is {quota} seats, but the assembly ({source}) has {total} seats"),
        ));
    }
    let power = power_indices(&weights, quota).map_err(|e| InputError::new(source, e.to_string()))?;
    let minimal = minimal_winning(&weights, quota, limit);
    let connected = order.map(|o| {
        let c = minimal_connected_winning(&weights, quota, &o);
        (o, c)
    });
    Ok(CoalitionsReport { majority, quota, total, minimal, connected, power })
}

/// The groups declared `majority`, their seats, whether they win, and whether every
/// one of them is needed (a minimal winning coalition); `None` without sides.
pub fn government(a: &Assembly, quota: u64) -> Option<(Vec<usize>, u64, bool, bool)> {
    let g: Vec<usize> = (0..a.groups.len()).filter(|&i| a.groups[i].side == Some(Side::Majority)).collect();
    if g.is_empty() {
        return None;
    }
    let seats: u64 = g.iter().map(|&i| a.groups[i].seats as u64).sum();
    let wins = seats >= quota;
    let minimal = wins && g.iter().all(|&i| seats - (a.groups[i].seats as u64) < quota);
    Some((g, seats, wins, minimal))
}

fn members(a: &Assembly, c: &Coalition) -> String {
    c.members.iter().map(|&i| a.groups[i].name.as_str()).collect::<Vec<_>>().join(" + ")
}

/// The text report of `mandat coalitions`.
pub fn coalitions_text(a: &Assembly, r: &CoalitionsReport) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Assembly: {} seats, {} groups. Majority: {} = {} seats.",
        r.total,
        a.groups.len(),
        r.majority,
        r.quota
    );
    if let Some((g, seats, wins, minimal)) = government(a, r.quota) {
        let names: Vec<&str> = g.iter().map(|&i| a.groups[i].name.as_str()).collect();
        let verdict = match (wins, minimal) {
            (true, true) => "a minimal winning coalition",
            (true, false) => "winning, with members it does not need",
            (false, _) => "short of the majority",
        };
        let _ = writeln!(out, "Majority side ({}): {seats} seats, {verdict}.", names.join(" + "));
    }
    let _ = writeln!(
        out,
        "\nMinimal winning coalitions: {}{}",
        r.minimal.count,
        match (r.minimal.truncated, r.minimal.fewest_first) {
            (false, _) => String::new(),
            (true, true) => format!(" (the {} with the fewest seats listed; --limit for more)", r.minimal.coalitions.len()),
            (true, false) => format!(" (the first {} found listed, largest groups first)", r.minimal.coalitions.len()),
        }
    );
    for c in &r.minimal.coalitions {
        let _ = writeln!(out, "  {:>5} seats  surplus {:>4}  {}", c.seats, c.surplus, members(a, c));
    }
    if let Some((order, cs)) = &r.connected {
        let o: Vec<&str> = order.iter().map(|&i| a.groups[i].name.as_str()).collect();
        let _ = writeln!(out, "\nMinimal connected winning coalitions (left to right: {}): {}", o.join(", "), cs.len());
        for c in cs {
            let _ = writeln!(out, "  {:>5} seats  surplus {:>4}  {}", c.seats, c.surplus, members(a, c));
        }
    }
    let w = a.groups.iter().map(|g| g.name.chars().count()).max().unwrap_or(5).clamp(5, crate::MAX_COLUMN_WIDTH);
    let _ = writeln!(out, "\nVoting power (exact; decimals rounded for display):");
    let _ = writeln!(out, "  {:<w$}  {:>5}  {:>14}  {:>8}  {:>14}", "group", "seats", "swings", "Banzhaf", "Shapley-Shubik");
    for (i, g) in a.groups.iter().enumerate() {
        let p = &r.power;
        let _ = writeln!(
            out,
            "  {:<w$}  {:>5}  {:>14}  {:>8}  {:>14}",
            g.name,
            g.seats,
            thousands(p.banzhaf_swings[i]),
            p.banzhaf(i).to_decimal_string(4),
            p.shapley_shubik_decimal(i, 4)
        );
    }
    out
}

/// The JSON report of `mandat coalitions`: every index as an exact fraction and a decimal.
pub fn coalitions_json(a: &Assembly, r: &CoalitionsReport) -> Value {
    let coal = |c: &Coalition| {
        json!({
            "members": c.members.iter().map(|&i| &a.groups[i].name).collect::<Vec<_>>(),
            "seats": c.seats,
            "surplus": c.surplus,
        })
    };
    let mut v = json!({
        "total_seats": r.total,
        "majority": r.majority.to_string(),
        "quota": r.quota,
        "minimal_winning": {
            "count": r.minimal.count.to_string(),
            "listed": r.minimal.coalitions.len(),
            "listed_fewest_seats_first": r.minimal.fewest_first,
            "coalitions": r.minimal.coalitions.iter().map(coal).collect::<Vec<_>>(),
        },
        "power": a.groups.iter().enumerate().map(|(i, g)| {
            let p = r.power.group(i);
            json!({
                "group": g.name,
                "seats": g.seats,
                "swings": p.swings.to_string(),
                "banzhaf": p.banzhaf,
                "banzhaf_absolute": p.banzhaf_absolute,
                "shapley_shubik": {"exact": p.shapley_shubik, "decimal": p.shapley_shubik_decimal},
            })
        }).collect::<Vec<_>>(),
    });
    if let Some((g, seats, wins, minimal)) = government(a, r.quota) {
        v["majority_side"] = json!({
            "groups": g.iter().map(|&i| &a.groups[i].name).collect::<Vec<_>>(),
            "seats": seats,
            "wins": wins,
            "minimal_winning": minimal,
        });
    }
    if let Some((order, cs)) = &r.connected {
        v["minimal_connected_winning"] = json!({
            "order": order.iter().map(|&i| &a.groups[i].name).collect::<Vec<_>>(),
            "coalitions": cs.iter().map(coal).collect::<Vec<_>>(),
        });
    }
    v
}
