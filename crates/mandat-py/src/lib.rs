//! # mandat-py
//!
//! The Python module `mandat` (its compiled part, `mandat._mandat`): bindings of the
//! library functions the command line and the HTTP server call. Nothing here counts:
//! counting is `mandat_core` (`count`, `analysis`, `ranked`, `parliament`); reading and
//! rendering (JSON, explanations, SVG) are `mandat_io`. This crate converts Python values
//! to the readers' inputs, releases the GIL while a count or a projection runs, and turns
//! every [`mandat_io::InputError`] into `mandat.InputError` with the same message.
//!
//! The pure-Python part of the package (`python/mandat/__init__.py`) accepts the many
//! shapes of input (paths, dicts, pandas DataFrames, VoteKit profiles) and wraps the
//! analyses' JSON in result objects.
#![allow(clippy::result_large_err)] // mandat_io::InputError is the readers' error type, as in mandat-io

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use mandat_core::count::{count, count_with, Outcome};
use mandat_core::election::{ConstituencyVotes, Election};
use mandat_core::law::Law;
use mandat_io::{report, report_analysis};
use pyo3::create_exception;
use pyo3::exceptions::{PyImportError, PyKeyboardInterrupt, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use serde_json::{json, Value};

/// The Rust code's allocator (see Cargo.toml): memory allocated here is freed here;
/// Python objects keep Python's allocator.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

create_exception!(
    mandat,
    InputError,
    PyValueError,
    "Bad input: the message names the file (or input), line and field, as the command line does. \
     Attributes: path, line, column, field, message (all but path and message may be None)."
);

/// `mandat_io::InputError` → `mandat.InputError`, with its parts as attributes.
fn input_error(py: Python<'_>, e: mandat_io::InputError) -> PyErr {
    let err = InputError::new_err(e.to_string());
    let v = err.value(py);
    let _ = v.setattr("path", &e.path);
    let _ = v.setattr("line", e.line);
    let _ = v.setattr("column", e.column);
    let _ = v.setattr("field", e.field.as_deref());
    let _ = v.setattr("message", &e.message);
    err
}

trait OrRaise<T> {
    fn or_raise(self, py: Python<'_>) -> PyResult<T>;
}

impl<T> OrRaise<T> for Result<T, mandat_io::InputError> {
    fn or_raise(self, py: Python<'_>) -> PyResult<T> {
        self.map_err(|e| input_error(py, e))
    }
}

fn bad(input: &str, msg: impl Into<String>) -> mandat_io::InputError {
    mandat_io::InputError::new(input, msg)
}

/// `json.loads`, for the typed records the readers and reports build as JSON.
fn loads<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.call_method1("loads", (text,))
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).expect("JSON values always serialize")
}

/// Text of an input given by path (read here, so errors name the file) or as text with
/// the name to use in errors.
fn source(path: Option<String>, text: Option<String>, name: &str) -> Result<(String, String), mandat_io::InputError> {
    match (path, text) {
        (Some(p), None) => Ok((mandat_io::read_text(&p)?, p)),
        (None, Some(t)) => Ok((t, name.to_string())),
        _ => Err(bad(name, "give a path or a text, not both")),
    }
}

// ----------------------------------------------------------------------------- laws

/// A law: a preset of laws/ or a law file (docs/law-format.md), read and checked.
#[pyclass(module = "mandat", name = "Law", frozen)]
#[derive(Clone)]
pub struct PyLaw {
    law: Law,
}

fn share_of(law: &Law) -> Option<String> {
    use mandat_core::law::Condition;
    law.threshold.iter().chain(law.compensation.as_ref().and_then(|c| c.threshold.as_ref())).find_map(|t| {
        t.any_of.iter().find_map(|c| match c {
            Condition::Share { share, .. } => Some(share.to_string()),
            _ => None,
        })
    })
}

fn total_seats(law: &Law) -> Option<u32> {
    law.seats
        .map(|s| s.0)
        .or(law.compensation.as_ref().map(|c| c.total_seats))
        .or_else(|| (!law.constituencies.is_empty()).then(|| law.constituencies.iter().map(|c| c.seats.0).sum()))
}

#[pymethods]
impl PyLaw {
    /// The preset id (or the `id` of the law file).
    #[getter]
    fn id(&self) -> &str {
        &self.law.id
    }
    #[getter]
    fn name(&self) -> &str {
        &self.law.name
    }
    /// The statute and articles the law implements.
    #[getter]
    fn citation(&self) -> &str {
        &self.law.citation
    }
    #[getter]
    fn country(&self) -> Option<&str> {
        self.law.country.as_deref()
    }
    /// The date from which the law applies (YYYY-MM-DD), if the file gives it.
    #[getter]
    fn effective(&self) -> Option<String> {
        self.law.effective.map(|d| d.to_string())
    }
    #[getter]
    fn notes(&self) -> Option<&str> {
        self.law.notes.as_deref()
    }
    /// Seats of the assembly (or of the compensation tier), when the law fixes them.
    #[getter]
    fn seats(&self) -> Option<u32> {
        total_seats(&self.law)
    }
    /// The method of the list tier, e.g. `dhondt`.
    #[getter]
    fn method(&self) -> Option<String> {
        self.law.allocation.as_ref().map(|a| a.method.name().to_string())
    }
    /// The share of the first percentage condition of the threshold, e.g. `7%`.
    #[getter]
    fn threshold(&self) -> Option<String> {
        share_of(&self.law)
    }
    /// A copy of the law with parameters changed, as `mandat compare --set KEY=VALUE`:
    /// `law.set("threshold=5%")` or `law.set(threshold="5%", method="sainte-lague")`.
    /// Keys: threshold, method, list_method, compensation_method, first_divisor, seats,
    /// results_seats, ties.
    #[pyo3(signature = (*changes, **kwargs))]
    fn set(&self, py: Python<'_>, changes: Vec<String>, kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<PyLaw> {
        let mut all = changes;
        if let Some(kw) = kwargs {
            for (k, v) in kw.iter() {
                let key: String = k.str()?.extract()?;
                // A threshold may be a fraction (0.05) as well as a string ("5%").
                let value = if key == "threshold" { percent_arg(&v)? } else { v.str()?.extract()? };
                all.push(format!("{key}={value}"));
            }
        }
        Ok(PyLaw { law: report_analysis::apply_sets(&self.law, &all, "set").or_raise(py)? })
    }
    fn __repr__(&self) -> String {
        format!("<mandat.Law {}: {}>", self.law.id, self.law.name)
    }
}

/// The presets, parsed once (as the server does): a count by preset id clones its law
/// instead of reading its TOML again.
fn parsed_presets() -> &'static [(&'static str, Result<Law, mandat_io::InputError>)] {
    static PARSED: OnceLock<Vec<(&'static str, Result<Law, mandat_io::InputError>)>> = OnceLock::new();
    PARSED.get_or_init(|| mandat_io::PRESETS.iter().map(|p| (p.id, mandat_io::parse_law(p.text, &format!("laws/{}.toml", p.id)))).collect())
}

/// A law from a `Law`, a preset id or a path to a law file (`mandat_io::load_law`: a name
/// with no `.toml` and no path separator is a preset when there is one by that name).
fn law_arg(py: Python<'_>, law: &Bound<'_, PyAny>) -> PyResult<Law> {
    if let Ok(l) = law.downcast::<PyLaw>() {
        return Ok(l.get().law.clone());
    }
    let name: String = law.str()?.extract()?;
    let looks_like_path = name.ends_with(".toml") || name.contains('/') || name.contains('\\');
    if !looks_like_path {
        if let Some((_, parsed)) = parsed_presets().iter().find(|(id, _)| *id == name) {
            return parsed.clone().or_raise(py);
        }
    }
    mandat_io::load_law(&name).or_raise(py)
}

/// The preset laws: id, name, country, citation, effective date, and the real elections
/// (tests/cases) each reproduces.
#[pyfunction]
fn laws(py: Python<'_>) -> PyResult<Bound<'_, PyList>> {
    let out = PyList::empty(py);
    for p in mandat_io::PRESETS {
        let law = mandat_io::parse_law(p.text, &format!("laws/{}.toml", p.id)).or_raise(py)?;
        let d = PyDict::new(py);
        d.set_item("id", p.id)?;
        d.set_item("name", &law.name)?;
        d.set_item("country", law.country.as_deref())?;
        d.set_item("citation", &law.citation)?;
        d.set_item("effective", law.effective.map(|e| e.to_string()))?;
        d.set_item("seats", total_seats(&law))?;
        d.set_item("method", law.allocation.as_ref().map(|a| a.method.name().to_string()))?;
        d.set_item("threshold", share_of(&law))?;
        let cases: Vec<&str> = mandat_io::cases_of(p.id).iter().map(|c| c.id).collect();
        d.set_item("cases", cases)?;
        out.append(d)?;
    }
    Ok(out)
}

/// A preset by id, or a law file (TOML) by path.
#[pyfunction]
fn load_law(py: Python<'_>, name_or_path: &Bound<'_, PyAny>) -> PyResult<PyLaw> {
    Ok(PyLaw { law: law_arg(py, name_or_path)? })
}

/// A law from the text of a law file; `name` names it in errors.
#[pyfunction]
#[pyo3(signature = (text, name = "law"))]
fn parse_law(py: Python<'_>, text: &str, name: &str) -> PyResult<PyLaw> {
    Ok(PyLaw { law: mandat_io::parse_law(text, name).or_raise(py)? })
}

/// The built-in results of a real election (tests/cases): by case id, or the most
/// recent one of a preset law. Returns (id, text).
/// Recounts a real case (tests/cases format) under its preset law: its id and every
/// figure that differs from the official one, as `mandat check` prints them.
#[pyfunction]
fn check(py: Python<'_>, path: &str) -> PyResult<(String, Vec<String>)> {
    let (id, mismatches) = py.allow_threads(|| mandat_io::case::check_file(path)).or_raise(py)?;
    Ok((id, mismatches.iter().map(|m| m.to_string()).collect()))
}

#[pyfunction]
fn _example(py: Python<'_>, name: &str) -> PyResult<(String, String)> {
    if let Some(c) = mandat_io::CASE_FILES.iter().find(|c| c.id == name) {
        return Ok((c.id.to_string(), c.example.to_string()));
    }
    if let Some(c) = mandat_io::cases_of(name).last() {
        return Ok((c.id.to_string(), c.example.to_string()));
    }
    let ids: Vec<&str> = mandat_io::CASE_FILES.iter().map(|c| c.id).collect();
    Err(input_error(py, bad(name, format!("no real election by this name or for this preset; cases: {}", ids.join(", ")))))
}

// --------------------------------------------------------------------------- results

/// The result of a count (`mandat.count`, `mandat.apportion`): seats, every step, the
/// explanation, the JSON of `mandat run --format json`, a table and a hemicycle.
///
/// `mandat.apportion` counts seat totals only (`count_with(.., steps = false)`, the same
/// procedure without the award order), so that a call costs microseconds; the full record
/// is counted again, once, when something asks for it (`.steps`, `.explain()`, ...).
#[pyclass(module = "mandat", name = "Result", frozen)]
pub struct PyOutcome {
    law: Arc<Law>,
    /// Seat totals, and the full record when `election` is `None`.
    outcome: Box<Outcome>,
    /// The votes, kept when `outcome` has totals only, to count the full record on demand.
    election: Option<Election>,
    full: OnceLock<Box<Outcome>>,
    /// The caller's dict keys, reused as the keys of `.seats` and `.votes`.
    keys: Option<Vec<Py<PyAny>>>,
    /// The results file, for the parties' colours in the hemicycle.
    text: String,
    /// The JSON of the count (compact text), written once when first asked for.
    json: OnceLock<String>,
}

impl PyOutcome {
    fn new(law: Arc<Law>, outcome: Outcome, text: String) -> Self {
        PyOutcome { law, outcome: Box::new(outcome), election: None, full: OnceLock::new(), keys: None, text, json: OnceLock::new() }
    }

    /// The full record of the count.
    fn full(&self) -> &Outcome {
        match &self.election {
            None => &self.outcome,
            Some(e) => self.full.get_or_init(|| Box::new(count(&self.law, e, self.outcome.seed).unwrap_or_else(|_| (*self.outcome).clone()))),
        }
    }

    fn json(&self) -> &str {
        self.json.get_or_init(|| report::outcome_json_text(&self.law, self.full()))
    }

    fn table_text(&self) -> String {
        let mut s = format!("{} — seats\n", self.law.id);
        s.push_str(&report::outcome_table(self.full()));
        s
    }

    /// A dict party → `values[p]`, keyed by the caller's own key objects when there are some.
    fn per_party<'py, T: Copy + IntoPyObject<'py>>(&self, py: Python<'py>, values: &[T]) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        match &self.keys {
            Some(keys) => {
                for (k, v) in keys.iter().zip(values) {
                    d.set_item(k.bind(py), *v)?;
                }
            }
            None => {
                for (p, v) in self.outcome.parties.iter().zip(values) {
                    d.set_item(p, *v)?;
                }
            }
        }
        Ok(d)
    }
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

#[pymethods]
impl PyOutcome {
    /// Seats per party over all tiers, in list order.
    #[getter]
    fn seats<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        self.per_party(py, &self.outcome.total)
    }
    /// Votes per party over all constituencies.
    #[getter]
    fn votes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        self.per_party(py, &self.outcome.votes)
    }
    /// Seats per constituency and party: {constituency: {party: seats}}.
    #[getter]
    fn constituencies<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        let full = self.full();
        for c in &full.contests {
            let inner = PyDict::new(py);
            for (k, &p) in c.parties.iter().enumerate() {
                let s = c.result.get(k).copied().unwrap_or(0) + c.leveling.get(k).copied().unwrap_or(0);
                inner.set_item(&full.parties[p], s)?;
            }
            d.set_item(&c.name, inner)?;
        }
        Ok(d)
    }
    /// Seats of the whole assembly.
    #[getter]
    fn house_size(&self) -> u32 {
        self.outcome.house_size()
    }
    /// The seed of the lot (printed with every result so that it can be reproduced).
    #[getter]
    fn seed(&self) -> u64 {
        self.outcome.seed
    }
    #[getter]
    fn law(&self) -> PyLaw {
        PyLaw { law: (*self.law).clone() }
    }
    /// Every tie of the count and how the law decided it.
    #[getter]
    fn ties<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let v: Value = serde_json::from_str(self.json()).map_err(|e| PyValueError::new_err(e.to_string()))?;
        loads(py, &v["ties"].to_string())
    }
    /// Disproportionality and fragmentation indices (Gallagher, Loosemore-Hanby, ...).
    #[getter]
    fn indices<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        loads(py, &serde_json::to_string(&self.full().indices()).map_err(|e| PyValueError::new_err(e.to_string()))?)
    }
    /// The typed record of the count as Python dicts: the JSON of `mandat run --format json`.
    #[getter]
    fn steps<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        loads(py, self.json())
    }
    /// Every step of the count in words (`mandat run --explain`).
    fn explain(&self) -> String {
        report::explain(&self.law, self.full())
    }
    /// The seat table (`mandat run`).
    fn table(&self) -> String {
        self.table_text()
    }
    /// The JSON of `mandat run --format json`.
    #[pyo3(signature = (indent = Some(2)))]
    fn to_json(&self, indent: Option<usize>) -> String {
        match indent {
            None => self.json().to_string(),
            Some(_) => mandat_io::json_out::pretty(self.json()),
        }
    }
    /// The hemicycle as SVG (`mandat run --format svg`).
    fn svg(&self) -> String {
        report_analysis::outcome_svg(&self.law, &self.outcome, &self.text)
    }
    /// A tidy pandas DataFrame: one row per constituency and party, with votes and seats
    /// (and district and leveling seats, for laws that have them).
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let pd = py.import("pandas").map_err(|_| PyImportError::new_err("to_pandas needs pandas: pip install pandas"))?;
        let full = self.full();
        let leveling = full.contests.iter().any(|c| c.leveling.iter().any(|&l| l > 0));
        let rows = PyList::empty(py);
        for c in &full.contests {
            for (k, &p) in c.parties.iter().enumerate() {
                let result = c.result.get(k).copied().unwrap_or(0);
                let lev = c.leveling.get(k).copied().unwrap_or(0);
                let votes = c.votes.get(k).copied().unwrap_or(0);
                if leveling {
                    rows.append((&c.name, &full.parties[p], votes, result + lev, result, lev))?;
                } else {
                    rows.append((&c.name, &full.parties[p], votes, result + lev))?;
                }
            }
        }
        let cols: Vec<&str> = if leveling {
            vec!["constituency", "party", "votes", "seats", "district_seats", "leveling_seats"]
        } else {
            vec!["constituency", "party", "votes", "seats"]
        };
        let kw = PyDict::new(py);
        kw.set_item("columns", cols)?;
        pd.getattr("DataFrame")?.call((rows,), Some(&kw))
    }
    /// For notebooks: the seat table and the hemicycle.
    fn _repr_html_(&self) -> String {
        let mut s = format!("<div><p><b>{}</b> — {}</p><table><thead><tr><th>party</th><th>votes</th><th>seats</th></tr></thead><tbody>", html_escape(&self.law.id), html_escape(&self.law.name));
        for ((p, v), n) in self.outcome.parties.iter().zip(&self.outcome.votes).zip(&self.outcome.total) {
            s.push_str(&format!("<tr><td>{}</td><td style=\"text-align:right\">{}</td><td style=\"text-align:right\">{n}</td></tr>", html_escape(p), report::thousands(*v as u128)));
        }
        s.push_str(&format!("</tbody><tfoot><tr><td>total</td><td></td><td style=\"text-align:right\">{}</td></tr></tfoot></table>", self.outcome.house_size()));
        s.push_str(&self.svg());
        s.push_str("</div>");
        s
    }
    fn __str__(&self) -> String {
        self.table_text()
    }
    fn __repr__(&self) -> String {
        let seats: Vec<String> = self.outcome.parties.iter().zip(&self.outcome.total).filter(|(_, &s)| s > 0).map(|(p, s)| format!("{p}: {s}")).collect();
        format!("<mandat.Result {} — {}>", self.law.id, seats.join(", "))
    }
}

fn count_error(input: &str) -> impl Fn(mandat_core::count::CountError) -> mandat_io::InputError + '_ {
    move |e| bad(input, e.to_string())
}

/// Counts results under a law (`mandat run`). The results are read from `path`, or from
/// `text` named `name` in errors; `sets` change the law first (`threshold=5%`, ...).
#[pyfunction]
#[pyo3(signature = (law, path = None, text = None, name = "results", seed = 0, sets = Vec::new()))]
fn _count(py: Python<'_>, law: &Bound<'_, PyAny>, path: Option<String>, text: Option<String>, name: &str, seed: u64, sets: Vec<String>) -> PyResult<PyOutcome> {
    let law = report_analysis::apply_sets(&law_arg(py, law)?, &sets, "set").or_raise(py)?;
    let (text, name) = source(path, text, name).or_raise(py)?;
    let (law, outcome, text) = py
        .allow_threads(move || {
            let election = mandat_io::parse_results(&text, &name)?;
            let outcome = count(&law, &election, seed).map_err(count_error(&name))?;
            Ok::<_, mandat_io::InputError>((law, outcome, text))
        })
        .or_raise(py)?;
    Ok(PyOutcome::new(Arc::new(law), outcome, text))
}

/// A threshold given as a string (`"5%"`) or a fraction (`0.05`).
fn percent_arg(v: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(s) = v.downcast::<PyString>() {
        return Ok(s.to_cow()?.into_owned());
    }
    // A number is a fraction: exact through its decimal repr, so 0.05 is 5%, not 5.000000000000001%.
    let decimal = v.py().import("decimal")?.getattr("Decimal")?.call1((v.repr()?,))?;
    let pct = decimal.call_method1("__mul__", (100,))?.call_method0("normalize")?;
    Ok(format!("{}%", pct.call_method1("__format__", ("f",))?.extract::<String>()?))
}

/// The ad-hoc law of `mandat.apportion` (as the CLI's `apportion`): one national contest,
/// a method, perhaps a threshold on the votes given, the tie chain.
struct ApportionKey<'a> {
    method: &'a str,
    first_divisor: Option<String>,
    seats: u32,
    threshold: Option<String>,
    ties: &'a str,
}

type CachedLaw = ((String, Option<String>, u32, Option<String>, String), Arc<Law>);

thread_local! {
    /// The laws of recent `apportion` calls: a loop over elections under one method
    /// builds its law once.
    static APPORTION_LAWS: std::cell::RefCell<Vec<CachedLaw>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn apportion_law(key: ApportionKey<'_>) -> Result<Arc<Law>, mandat_io::InputError> {
    let same = |k: &(String, Option<String>, u32, Option<String>, String)| {
        k.0 == key.method && k.1 == key.first_divisor && k.2 == key.seats && k.3 == key.threshold && k.4 == key.ties
    };
    if let Some(law) = APPORTION_LAWS.with(|c| c.borrow().iter().find(|(k, _)| same(k)).map(|(_, l)| l.clone())) {
        return Ok(law);
    }
    let law = mandat_io::apportion_law(key.method, key.seats, key.threshold.as_deref(), key.first_divisor.as_deref(), key.ties, "mandat.apportion")?;
    let law = Arc::new(law);
    APPORTION_LAWS.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= 32 {
            c.clear();
        }
        c.push(((key.method.to_string(), key.first_divisor, key.seats, key.threshold, key.ties.to_string()), law.clone()));
    });
    Ok(law)
}

/// Seats by one method among the parties of `votes`, a mapping party → votes, in its
/// order (`mandat apportion`). A threshold is "5%" or a fraction (0.05) of the votes given.
#[pyfunction]
#[pyo3(signature = (votes, seats, method = "dhondt", threshold = None, first_divisor = None, ties = "more-votes,lot", seed = 0))]
#[allow(clippy::too_many_arguments)]
fn apportion(
    py: Python<'_>,
    votes: &Bound<'_, PyAny>,
    seats: u32,
    method: &str,
    threshold: Option<&Bound<'_, PyAny>>,
    first_divisor: Option<&Bound<'_, PyAny>>,
    ties: &str,
    seed: u64,
) -> PyResult<PyOutcome> {
    let arg = |name: &str, msg: String| input_error(py, bad(name, msg));
    let key = ApportionKey {
        method,
        first_divisor: first_divisor.map(|v| v.str().and_then(|s| s.extract::<String>())).transpose()?,
        seats,
        threshold: threshold.map(percent_arg).transpose()?,
        ties,
    };
    let law = apportion_law(key).or_raise(py)?;
    // The votes, in the mapping's order; its keys are kept for the result's dicts.
    let n = votes.len().unwrap_or(0);
    let mut parties: Vec<String> = Vec::with_capacity(n);
    let mut counts: Vec<(usize, u64)> = Vec::with_capacity(n);
    let mut keys: Vec<Py<PyAny>> = Vec::with_capacity(n);
    let mut push = |party: &Bound<'_, PyAny>, n: &Bound<'_, PyAny>| -> PyResult<()> {
        let name: String = match party.downcast::<PyString>() {
            Ok(s) => s.to_cow()?.into_owned(),
            Err(_) => party.str()?.to_cow()?.into_owned(),
        };
        let n: u64 = n.extract().map_err(|_| arg("votes", format!("{name:?}: votes must be a whole number of at least 0, found {}", n.repr().map(|r| r.to_string()).unwrap_or_default())))?;
        counts.push((parties.len(), n));
        parties.push(name);
        keys.push(party.clone().unbind());
        Ok(())
    };
    match votes.downcast::<PyDict>() {
        Ok(d) => {
            for (k, v) in d.iter() {
                push(&k, &v)?;
            }
        }
        Err(_) => {
            let items = votes.call_method0("items").map_err(|_| arg("votes", "expected a mapping party → votes".into()))?;
            for item in items.try_iter()? {
                let (k, v): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item?.extract()?;
                push(&k, &v)?;
            }
        }
    }
    if parties.is_empty() {
        return Err(arg("votes", "no party".into()));
    }
    let election = Election {
        parties,
        constituencies: vec![ConstituencyVotes { name: "votes".into(), votes: counts, ..Default::default() }],
        ..Default::default()
    };
    let (outcome, election) = py
        .allow_threads(|| {
            // Seat totals only; the full record is counted when asked for.
            let outcome = Box::new(count_with(&law, &election, seed, false).map_err(count_error("votes"))?);
            Ok::<_, mandat_io::InputError>((outcome, election))
        })
        .or_raise(py)?;
    Ok(PyOutcome { law, outcome, election: Some(election), full: OnceLock::new(), keys: Some(keys), text: String::new(), json: OnceLock::new() })
}

// -------------------------------------------------------------------------- analyses

/// The laws of a comparison: each given law, plus the last with `sets` applied.
/// Returns (the JSON of `mandat compare --format json`, hemicycles side by side as SVG).
#[pyfunction]
#[pyo3(signature = (laws, path = None, text = None, name = "results", seed = 0, sets = Vec::new()))]
fn _compare(py: Python<'_>, laws: Vec<Bound<'_, PyAny>>, path: Option<String>, text: Option<String>, name: &str, seed: u64, sets: Vec<String>) -> PyResult<(String, String, String)> {
    let laws = laws.iter().map(|l| law_arg(py, l)).collect::<PyResult<Vec<_>>>()?;
    let (labels, laws) = report_analysis::variants(laws, &sets, "laws", "set").or_raise(py)?;
    let (text, name) = source(path, text, name).or_raise(py)?;
    py.allow_threads(move || {
        let election = mandat_io::parse_results(&text, &name)?;
        let cmp = mandat_core::analysis::compare::compare(labels, &laws, &election, seed).map_err(count_error(&name))?;
        let mut v = report_analysis::compare_json(&cmp);
        let votes = &cmp.outcomes[0].votes;
        v["votes"] = cmp.parties.iter().zip(votes).map(|(p, &n)| (p.clone(), json!(n))).collect::<serde_json::Map<_, _>>().into();
        Ok((pretty(&v), report_analysis::compare_svg(&cmp, &text), report_analysis::compare_text(&cmp)))
    })
    .or_raise(py)
}

/// Seats as a function of the threshold or the seats, with the exact breakpoints
/// (`mandat sweep --format json`).
#[pyfunction]
#[pyo3(signature = (law, param, start, stop, path = None, text = None, name = "results", seed = 0))]
#[allow(clippy::too_many_arguments)]
fn _sweep(py: Python<'_>, law: &Bound<'_, PyAny>, param: &str, start: &Bound<'_, PyAny>, stop: &Bound<'_, PyAny>, path: Option<String>, text: Option<String>, name: &str, seed: u64) -> PyResult<(String, String)> {
    use mandat_core::analysis::sweep;
    use mandat_core::exact::Percent;
    let law = law_arg(py, law)?;
    let (text, name) = source(path, text, name).or_raise(py)?;
    enum Range {
        Threshold(Percent, Percent),
        Seats(u32, u32),
    }
    let range = match param {
        "threshold" => {
            let p = |v: &Bound<'_, PyAny>, field: &str| -> PyResult<Percent> { percent_arg(v)?.parse::<Percent>().map_err(|e| input_error(py, bad(field, e.to_string()))) };
            let (a, b) = (p(start, "start")?, p(stop, "stop")?);
            if a > b {
                return Err(input_error(py, bad("start", "must not be above stop")));
            }
            Range::Threshold(a, b)
        }
        "seats" => {
            let n = |v: &Bound<'_, PyAny>, field: &str| -> PyResult<u32> {
                v.extract::<u32>().ok().filter(|n| (1..=100_000).contains(n)).ok_or_else(|| input_error(py, bad(field, format!("expected a number of seats, found {}", v.repr().map(|r| r.to_string()).unwrap_or_default()))))
            };
            let (a, b) = (n(start, "start")?, n(stop, "stop")?);
            if a > b || b - a > 10_000 {
                return Err(input_error(py, bad("start", "expected start <= stop, at most 10,000 apart")));
            }
            Range::Seats(a, b)
        }
        other => return Err(input_error(py, bad("param", format!("unknown parameter {other:?}; expected threshold or seats")))),
    };
    // A law that cannot take the parameter is the law's fault, not the results': said of
    // the law, before any count (as `mandat sweep` does).
    match range {
        Range::Threshold(a, _) => law.clone().set_threshold_share(a),
        Range::Seats(a, _) => law.clone().set_seats(a),
    }
    .map_err(|e| input_error(py, bad("law", e)))?;
    let param = param.to_string();
    py.allow_threads(move || {
        let election = mandat_io::parse_results(&text, &name)?;
        let segments = match range {
            Range::Threshold(a, b) => sweep::threshold(&law, &election, a, b, seed),
            Range::Seats(a, b) => sweep::seats(&law, &election, a, b, seed),
        }
        .map_err(count_error(&name))?;
        let parties = &election.parties;
        Ok((pretty(&report_analysis::sweep_json(&law.id, &param, parties, &segments)), report_analysis::sweep_text(&law.id, &param, parties, &segments)))
    })
    .or_raise(py)
}

/// For each party's last seat, the fewest extra votes that would move it
/// (`mandat margins --format json`, plus the count's seats).
#[pyfunction]
#[pyo3(signature = (law, path = None, text = None, name = "results", seed = 0))]
fn _margins(py: Python<'_>, law: &Bound<'_, PyAny>, path: Option<String>, text: Option<String>, name: &str, seed: u64) -> PyResult<(String, String)> {
    let law = law_arg(py, law)?;
    let (text, name) = source(path, text, name).or_raise(py)?;
    py.allow_threads(move || {
        let election = mandat_io::parse_results(&text, &name)?;
        let ms = mandat_core::analysis::margins::margins(&law, &election, seed).map_err(count_error(&name))?;
        let outcome = count(&law, &election, seed).map_err(count_error(&name))?;
        Ok((pretty(&report_analysis::margins_json(&law, &election, &ms, Some(&outcome.total))), report_analysis::margins_text(&law, &election, &ms)))
    })
    .or_raise(py)
}

/// A seat projection from a poll (`mandat project --format json`); the SVG of the seat
/// distributions. `progress(done, sims)` is called from time to time while it runs (with
/// the GIL, from this thread); Ctrl-C stops it.
#[pyfunction]
#[pyo3(signature = (law, poll, base_path = None, base_text = None, base_name = "base", poll_name = "poll", sample_size = 1000, sims = 10_000, seed = 0, swing = "proportional", noise = 0.05, coalitions = Vec::new(), sets = Vec::new(), progress = None))]
#[allow(clippy::too_many_arguments)]
fn _project(
    py: Python<'_>,
    law: &Bound<'_, PyAny>,
    poll: String,
    base_path: Option<String>,
    base_text: Option<String>,
    base_name: &str,
    poll_name: &str,
    sample_size: u64,
    sims: u64,
    seed: u64,
    swing: &str,
    noise: f64,
    coalitions: Vec<String>,
    sets: Vec<String>,
    progress: Option<PyObject>,
) -> PyResult<(String, String, String)> {
    use mandat_core::analysis::projection::{self, Model, ProjectionError};
    let law = report_analysis::apply_sets(&law_arg(py, law)?, &sets, "set").or_raise(py)?;
    let (base_text, base_name) = source(base_path, base_text, base_name).or_raise(py)?;
    let base = mandat_io::parse_results(&base_text, &base_name).or_raise(py)?;
    let poll_data = mandat_io::poll::parse_poll(&poll, poll_name, &base).or_raise(py)?;
    if sims == 0 || sims > 100_000_000 {
        return Err(input_error(py, bad("sims", "expected a number of simulations from 1 to 100,000,000")));
    }
    if sample_size == 0 {
        return Err(input_error(py, bad("sample_size", "the poll's sample size must be at least 1")));
    }
    let swing = report_analysis::parse_swing(swing, "swing").or_raise(py)?;
    let groups = report_analysis::parse_coalitions(&coalitions, &base.parties, "coalitions").or_raise(py)?;
    let model = Model { shares: poll_data.shares.clone(), uncertainty: poll_data.uncertainty(sample_size), swing, noise, sims, seed, coalitions: groups };
    let done = AtomicU64::new(0);
    let cancel = AtomicBool::new(false);
    // The projection runs on its own thread (and rayon's) without the GIL; this thread
    // waits for it, and between waits takes the GIL to report progress and to see Ctrl-C.
    let (result, py_err) = py.allow_threads(|| {
        std::thread::scope(|s| {
            let (tx, rx) = std::sync::mpsc::channel();
            let (law, base, model, done, cancel) = (&law, &base, &model, &done, &cancel);
            s.spawn(move || {
                let r = projection::project_cancellable(law, base, model, &|d| {
                    done.fetch_max(d, Ordering::Relaxed);
                }, cancel);
                let _ = tx.send(r);
            });
            let mut py_err: Option<PyErr> = None;
            let mut last = u64::MAX;
            loop {
                match rx.recv_timeout(Duration::from_millis(100)) {
                    Ok(r) => {
                        if let Some(cb) = progress.as_ref().filter(|_| py_err.is_none() && r.is_ok()) {
                            if let Some(e) = Python::with_gil(|py| cb.call1(py, (sims, sims)).err()) {
                                py_err = Some(e);
                            }
                        }
                        return (Some(r), py_err);
                    }
                    Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return (None, py_err),
                    Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                        if py_err.is_some() {
                            continue;
                        }
                        let d = done.load(Ordering::Relaxed).min(sims);
                        let e = Python::with_gil(|py| {
                            py.check_signals()?;
                            if let Some(cb) = &progress {
                                if d != last {
                                    cb.call1(py, (d, sims))?;
                                }
                            }
                            Ok::<_, PyErr>(())
                        });
                        last = d;
                        if let Err(e) = e {
                            cancel.store(true, Ordering::Relaxed);
                            py_err = Some(e);
                        }
                    }
                }
            }
        })
    });
    if let Some(e) = py_err {
        return Err(e);
    }
    let p = match result {
        Some(Ok(p)) => p,
        Some(Err(ProjectionError::Cancelled)) => return Err(PyKeyboardInterrupt::new_err("the projection was stopped")),
        Some(Err(ProjectionError::Count(e))) => return Err(input_error(py, bad(&base_name, e.to_string()))),
        Some(Err(e @ ProjectionError::Ranked)) => return Err(input_error(py, bad("law", e.to_string()))),
        Some(Err(e)) => return Err(input_error(py, bad(poll_name, e.to_string()))),
        None => return Err(pyo3::exceptions::PyRuntimeError::new_err("the projection thread stopped without a result (a bug, please report it)")),
    };
    let v = report_analysis::projection_json(&law, &base.parties, &poll_data.shares, &p, &coalitions);
    Ok((pretty(&v), report_analysis::projection_svg(&law, &base.parties, &p, &base_text), report_analysis::projection_text(&law, &base.parties, &poll_data.shares, &p, &coalitions)))
}

// --------------------------------------------------------------------------- ranked

/// Whether a text is BLT: its first non-blank line is two whole numbers (as the server decides).
fn looks_blt(text: &str) -> bool {
    text.lines().find(|l| !l.trim().is_empty()).is_some_and(|l| {
        let f: Vec<&str> = l.split_whitespace().collect();
        f.len() == 2 && f.iter().all(|x| x.parse::<u64>().is_ok())
    })
}

/// Ranked ballots from Python: each ranking a sequence whose items are a candidate's name,
/// or several names at one rank (an overvote / `=` tie); `weights` per ranking (default 1);
/// `candidates` fixes their order (else order of first appearance).
fn ballot_box(py: Python<'_>, rankings: &Bound<'_, PyAny>, weights: Option<Vec<u64>>, candidates: Option<Vec<String>>) -> PyResult<mandat_core::ranked::BallotBox> {
    use mandat_core::ranked::{BallotBox, Cand, Marks, Rank};
    use std::collections::HashMap;
    let declared = candidates.is_some();
    let mut names: Vec<String> = candidates.unwrap_or_default();
    let mut index: HashMap<String, Cand> = HashMap::new();
    for (i, n) in names.iter().enumerate() {
        if index.insert(n.clone(), i as Cand).is_some() {
            return Err(input_error(py, bad("candidates", format!("candidate {n:?} is listed twice"))));
        }
    }
    // The same name is usually the same str object on every ballot: known objects are
    // found by address (they stay alive while `rankings` is borrowed), others by text.
    let mut by_object: HashMap<usize, Cand> = HashMap::new();
    let mut lookup = |s: &Bound<'_, PyString>, k: usize| -> PyResult<Cand> {
        let addr = s.as_ptr() as usize;
        if let Some(&c) = by_object.get(&addr) {
            return Ok(c);
        }
        let name = s.to_cow()?;
        let c = match index.get(name.as_ref()) {
            Some(&c) => c,
            None if declared => return Err(input_error(py, bad(&format!("rankings[{k}]"), format!("{name:?} is not one of the candidates")))),
            None => {
                let c = names.len() as Cand;
                names.push(name.to_string());
                index.insert(name.to_string(), c);
                c
            }
        };
        by_object.insert(addr, c);
        Ok(c)
    };
    let mut bb = BallotBox::new(Vec::new());
    // Reused from ballot to ballot: a known ranking allocates nothing.
    let mut ranks: Vec<Rank> = Vec::new();
    let mut n = 0usize;
    for (k, ranking) in rankings.try_iter()?.enumerate() {
        let ranking = ranking?;
        if ranking.is_instance_of::<PyString>() {
            return Err(input_error(py, bad(&format!("rankings[{k}]"), "a ranking is a list of candidates, not a string")));
        }
        let mut used = 0usize;
        for (r, item) in ranking.try_iter()?.enumerate() {
            let item = item?;
            if item.is_none() {
                continue; // a skipped rank
            }
            if used == ranks.len() {
                ranks.push(Rank { number: 0, marks: Marks::new() });
            }
            let rank = &mut ranks[used];
            rank.number = r as u32 + 1;
            rank.marks.clear();
            if let Ok(s) = item.downcast::<PyString>() {
                rank.marks.push(lookup(s, k)?);
            } else {
                for m in item.try_iter()? {
                    let m = m?;
                    let s = match m.downcast::<PyString>() {
                        Ok(s) => s.clone(),
                        Err(_) => m.str()?,
                    };
                    rank.marks.push(lookup(&s, k)?);
                }
                rank.marks.sort_unstable();
                rank.marks.dedup();
                if rank.marks.is_empty() {
                    continue; // an empty set: a skipped rank
                }
            }
            used += 1;
        }
        let w = match &weights {
            Some(ws) => *ws.get(k).ok_or_else(|| input_error(py, bad("weights", "fewer weights than rankings")))?,
            None => 1,
        };
        bb.add_ref(&ranks[..used], w);
        n += 1;
    }
    if let Some(ws) = &weights {
        if ws.len() != n {
            return Err(input_error(py, bad("weights", format!("{} weights for {n} rankings", ws.len()))));
        }
    }
    let count = names.len();
    bb.candidates = names;
    bb.withdrawn = vec![false; count];
    bb.seal();
    Ok(bb)
}

/// Counts ranked ballots under a rule (`mandat tabulate`): the ballots from `path` (BLT,
/// or `.csv` rankings), `text`, or Python `rankings`. Returns (the URCVT JSON, the round
/// table, warnings).
#[pyfunction]
#[pyo3(signature = (rule, path = None, text = None, rankings = None, weights = None, candidates = None, seats = None, seed = 0, against_all = None, if_against_all_wins = None, electorate = None, quorum = None, runoff = None, runoff_bar = None, runoff_bar_of = None, runoff_at_least_two = false, first_round_min_electorate = None))]
#[allow(clippy::too_many_arguments)]
fn _tabulate(
    py: Python<'_>,
    rule: &str,
    path: Option<String>,
    text: Option<String>,
    rankings: Option<&Bound<'_, PyAny>>,
    weights: Option<Vec<u64>>,
    candidates: Option<Vec<String>>,
    seats: Option<u32>,
    seed: u64,
    against_all: Option<String>,
    if_against_all_wins: Option<String>,
    electorate: Option<u64>,
    quorum: Option<String>,
    runoff: Option<String>,
    runoff_bar: Option<String>,
    runoff_bar_of: Option<String>,
    runoff_at_least_two: bool,
    first_round_min_electorate: Option<String>,
) -> PyResult<(String, String, Vec<String>)> {
    use mandat_io::ranked as io;
    let rules = mandat_core::ranked::RULES;
    if !rules.contains(&rule) {
        return Err(input_error(py, bad("rule", format!("unknown rule {rule:?}; expected one of {}", rules.join(", ")))));
    }
    if seats.is_some_and(|s| s == 0 || s > 10_000) {
        return Err(input_error(py, bad("seats", "seats must be from 1 to 10,000")));
    }
    let mut warnings = Vec::new();
    let (bb, file_seats, title, name) = if let Some(r) = rankings {
        (ballot_box(py, r, weights, candidates)?, None, String::new(), "rankings".to_string())
    } else {
        let is_path = path.is_some();
        let (text, name) = source(path, text, "ballots").or_raise(py)?;
        let csv = if is_path { name.to_ascii_lowercase().ends_with(".csv") } else { !looks_blt(&text) };
        py.allow_threads(|| {
            if csv {
                Ok((io::parse_rankings_csv(&text, &name)?, None, String::new(), name.clone()))
            } else {
                let b = io::parse_blt(&text, &name)?;
                warnings.extend(b.warnings);
                Ok((b.ballots, Some(b.seats), b.title, name.clone()))
            }
        })
        .or_raise(py)?
    };
    let seats = seats.or(file_seats).unwrap_or(1);
    let settings = io::DirectSettings { against_all, if_against_all_wins, electorate, quorum, runoff_bar, runoff_bar_of, runoff_at_least_two, first_round_min_electorate };
    let direct = settings.options(rule, &bb, seed, io::Naming::JsonFields).or_raise(py)?;
    let runoff = runoff.as_deref().map(|t| io::runoff_votes(t, "runoff", &bb)).transpose().or_raise(py)?;
    let (json, table) = py
        .allow_threads(|| {
            let t = mandat_core::ranked::tabulate_by_name(rule, &bb, seats, &direct, runoff.as_deref())
                .expect("the rule was checked")
                .map_err(|e| bad(&name, e.to_string()))?;
            let meta = io::ReportMeta { contest: title, ..Default::default() };
            let mut v = io::urcvt_json(&t, &meta);
            v["elected"] = json!(t.elected.iter().map(|&c| t.name(c).to_string()).collect::<Vec<_>>());
            v["rule"] = json!(rule);
            v["seats"] = json!(seats);
            Ok::<_, mandat_io::InputError>((pretty(&v), io::round_table(&t)))
        })
        .or_raise(py)?;
    Ok((json, table, warnings))
}

// ------------------------------------------------------------------------ parliament

fn assembly(py: Python<'_>, path: Option<String>, text: Option<String>, name: &str, government: Option<Vec<String>>) -> PyResult<(mandat_core::parliament::Assembly, String)> {
    let (text, name) = source(path, text, name).or_raise(py)?;
    let mut a = mandat_io::parliament::parse_assembly(&text, &name).or_raise(py)?;
    if let Some(g) = government {
        if g.is_empty() {
            return Err(input_error(py, bad("government", "names no group")));
        }
        mandat_io::parliament::set_government(&mut a, &g, "government").or_raise(py)?;
    }
    Ok((a, name))
}

/// Minimal winning coalitions and exact power indices of a seated assembly
/// (`mandat coalitions`). Returns (JSON, text).
#[pyfunction]
#[pyo3(signature = (path = None, text = None, name = "assembly", majority = "50%", order = None, limit = 1000, government = None))]
#[allow(clippy::too_many_arguments)]
fn _coalitions(py: Python<'_>, path: Option<String>, text: Option<String>, name: &str, majority: &str, order: Option<String>, limit: usize, government: Option<Vec<String>>) -> PyResult<(String, String)> {
    use mandat_io::parliament as io;
    let majority = mandat_core::parliament::coalitions::Majority::parse(majority).map_err(|m| input_error(py, bad("majority", m)))?;
    let (a, name) = assembly(py, path, text, name, government)?;
    let order = order.map(|o| io::parse_order(&a, &o, "order")).transpose().or_raise(py)?;
    let report = py.allow_threads(|| io::coalitions(&a, majority, order, limit, &name)).or_raise(py)?;
    Ok((pretty(&io::coalitions_json(&a, &report)), io::coalitions_text(&a, &report)))
}

/// Committee seats and posts of a seated assembly under parliament rules
/// (`mandat committees`). Returns (JSON, text).
#[pyfunction]
#[pyo3(signature = (rules, path = None, text = None, name = "assembly", preferences = None, preferences_name = "preferences", government = None, seed = 0))]
#[allow(clippy::too_many_arguments)]
fn _committees(py: Python<'_>, rules: &str, path: Option<String>, text: Option<String>, name: &str, preferences: Option<String>, preferences_name: &str, government: Option<Vec<String>>, seed: u64) -> PyResult<(String, String)> {
    use mandat_core::parliament::committees::{share_out, Preferences, ShareError};
    use mandat_io::parliament as io;
    let rules_name = rules;
    let rules = io::load_rules(rules).or_raise(py)?;
    let (a, name) = assembly(py, path, text, name, government)?;
    let prefs = match preferences {
        Some(t) => io::parse_preferences(&t, preferences_name, &a, &rules).or_raise(py)?,
        None => Preferences::none(a.groups.len()),
    };
    let sharing = py
        .allow_threads(|| share_out(&rules, &a, &prefs, seed))
        .map_err(|e| {
            let source = if matches!(e, ShareError::CommitteeTooLarge { .. }) { rules_name } else { name.as_str() };
            input_error(py, bad(source, e.to_string()))
        })?;
    Ok((pretty(&io::committees_json(&rules, &a, &sharing)), io::committees_text(&rules, &a, &sharing)))
}

/// A whole file as text (errors name the file, as the command line's do).
#[pyfunction]
fn _read_text(py: Python<'_>, path: &str) -> PyResult<String> {
    mandat_io::read_text(path).or_raise(py)
}

/// The preset parliament rules (rules/).
#[pyfunction]
fn _rules_presets() -> Vec<&'static str> {
    mandat_io::parliament::RULES_PRESETS.iter().map(|r| r.id).collect()
}

#[pymodule]
fn _mandat(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("InputError", m.py().get_type::<InputError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<PyLaw>()?;
    m.add_class::<PyOutcome>()?;
    m.add_function(wrap_pyfunction!(laws, m)?)?;
    m.add_function(wrap_pyfunction!(load_law, m)?)?;
    m.add_function(wrap_pyfunction!(parse_law, m)?)?;
    m.add_function(wrap_pyfunction!(check, m)?)?;
    m.add_function(wrap_pyfunction!(_example, m)?)?;
    m.add_function(wrap_pyfunction!(_count, m)?)?;
    m.add_function(wrap_pyfunction!(apportion, m)?)?;
    m.add_function(wrap_pyfunction!(_compare, m)?)?;
    m.add_function(wrap_pyfunction!(_sweep, m)?)?;
    m.add_function(wrap_pyfunction!(_margins, m)?)?;
    m.add_function(wrap_pyfunction!(_project, m)?)?;
    m.add_function(wrap_pyfunction!(_tabulate, m)?)?;
    m.add_function(wrap_pyfunction!(_coalitions, m)?)?;
    m.add_function(wrap_pyfunction!(_committees, m)?)?;
    m.add_function(wrap_pyfunction!(_rules_presets, m)?)?;
    m.add_function(wrap_pyfunction!(_read_text, m)?)?;
    Ok(())
}

/// The parts that need no interpreter; everything else is tested from Python
/// (crates/mandat-py/tests, run by .ci/run against the wheel).
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blt_is_told_from_csv_as_the_server_does() {
        assert!(looks_blt("\n3 1\n1 1 2 0\n0\n"));
        assert!(!looks_blt("weight,rank1\n1,A\n"));
        assert!(!looks_blt("3 1 2\n"));
    }

    #[test]
    fn law_summaries_of_the_presets() {
        let kz = mandat_io::load_law("kz-mazhilis-2021").unwrap();
        assert_eq!(share_of(&kz).as_deref(), Some("7%"));
        assert_eq!(total_seats(&kz), Some(98));
        let storting = mandat_io::load_law("no-storting").unwrap();
        assert_eq!(total_seats(&storting), Some(169));
    }

    #[test]
    fn a_source_is_a_path_or_a_text() {
        let (text, name) = source(None, Some("x".into()), "results").unwrap();
        assert_eq!((text.as_str(), name.as_str()), ("x", "results"));
        let e = source(Some("/no/such/file.json".into()), None, "results").unwrap_err();
        assert_eq!(e.path, "/no/such/file.json");
        assert!(source(None, None, "results").is_err());
    }

    #[test]
    fn html_is_escaped() {
        assert_eq!(html_escape("A&B <C>"), "A&amp;B &lt;C&gt;");
    }
}
