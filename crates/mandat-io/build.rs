//! Builds the preset list and the real-election cases into the library from the files
//! under laws/ and tests/cases/, so that adding a preset or a case is adding a file:
//! nothing to register in code (the preset list, the server's examples and the README
//! table all come from here).

use std::fmt::Write;
use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("../..");
    let laws = root.join("laws");
    let cases = root.join("tests/cases");
    println!("cargo:rerun-if-changed={}", laws.display());
    println!("cargo:rerun-if-changed={}", cases.display());

    let mut out = String::from("/// The preset laws, built into the binary from laws/*.toml (sorted by id).\npub const PRESETS: &[Preset] = &[\n");
    for path in files(&laws, "toml") {
        println!("cargo:rerun-if-changed={}", path.display());
        let id = path.file_stem().unwrap().to_string_lossy().into_owned();
        let _ = writeln!(out, "    Preset {{ id: {id:?}, text: include_str!({:?}) }},", abs(&path));
    }
    out.push_str("];\n\n");

    out.push_str("/// The real elections of tests/cases/*.json (sorted by file name).\npub const CASE_FILES: &[CaseFile] = &[\n");
    for path in files(&cases, "json") {
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let field = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
        let id = field("id").unwrap_or_else(|| panic!("{}: a case needs an `id`", path.display()));
        let law = field("law").unwrap_or_else(|| panic!("{}: a case needs a `law`", path.display()));
        let date = field("date").unwrap_or_default();
        // A case that names the official file its figures come from is shown with it.
        let example = match field("results") {
            Some(rel) => {
                let file = path.parent().unwrap().join(rel);
                println!("cargo:rerun-if-changed={}", file.display());
                format!("include_str!({:?})", abs(&file))
            }
            None => "TEXT".into(),
        };
        let file = format!("tests/cases/{}", path.file_name().unwrap().to_string_lossy());
        let _ = writeln!(
            out,
            "    {{ const TEXT: &str = include_str!({:?}); CaseFile {{ id: {id:?}, law: {law:?}, date: {date:?}, path: {file:?}, text: TEXT, example: {example} }} }},",
            abs(&path)
        );
    }
    out.push_str("];\n");
    let dest = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("presets.rs");
    std::fs::write(dest, out).unwrap();
}

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    v.sort();
    v
}

fn abs(p: &Path) -> String {
    p.canonicalize().unwrap_or_else(|e| panic!("{}: {e}", p.display())).to_string_lossy().into_owned()
}
