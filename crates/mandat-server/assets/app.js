// mandat web page: plain JavaScript, no framework, no network beyond this server.
"use strict";

const $ = (id) => document.getElementById(id);
const state = {
  laws: [],
  law: null, // summary of the chosen preset
  results: null, // text of the results
  resultsName: "",
  resultsKind: "", // "example" (the chosen preset's real election) or "upload"
  count: null, // last /api/count answer
  compare: null, // last /api/compare answer (or null when nothing is changed)
  projectionSvg: null,
  seq: 0,
};
let fillPoll = true; // fill the poll box with the shares of the next results counted

// Errors are shown next to what caused them: #error under the law's parameters (counts,
// presets, results), #project-error in the projection panel; scrolled into view, and
// cleared by the next successful run of the same thing.
function showError(e, id = "error", warning = false) {
  const box = $(id);
  if (!e) {
    box.hidden = true;
    box.textContent = "";
    box.classList.remove("warning");
    return;
  }
  box.hidden = false;
  box.classList.toggle("warning", warning);
  box.textContent = e.detail || e.error || String(e);
  const r = box.getBoundingClientRect();
  if (r.top < 0 || r.bottom > window.innerHeight) box.scrollIntoView({ block: "center" });
}

function status(text) {
  $("status").textContent = text;
}

async function api(path, body) {
  const res = await fetch(path, body === undefined ? {} : {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const type = res.headers.get("Content-Type") || "";
  const data = type.includes("json") ? await res.json() : await res.text();
  if (!res.ok) throw data;
  return data;
}

const fmt = (n) => Number(n).toLocaleString("en-US");

// ---------------------------------------------------------------- law and results

async function loadLaws() {
  state.laws = await api("/api/laws");
  const sel = $("preset");
  sel.textContent = "";
  for (const l of state.laws) {
    const o = document.createElement("option");
    o.value = l.id;
    o.textContent = l.id + (l.example ? "" : " (no example: upload results)");
    sel.appendChild(o);
  }
  const wanted = new URLSearchParams(location.search).get("law") || "kz-mazhilis-2021";
  sel.value = state.laws.some((l) => l.id === wanted) ? wanted : state.laws[0].id;
  await choosePreset();
}

function setParams(l) {
  // A law without a list tier has no single method to change: say which it uses.
  const perLaw = $("method-per-law");
  perLaw.hidden = !!l.method;
  perLaw.textContent = "(per law) " + ((l.methods || []).map((m) => m.replace(/^[^:]*: /, "")).filter((m, i, a) => a.indexOf(m) === i).join(", ") || "no single method");
  $("method").value = l.method || "per-law";
  $("method-hint").textContent = l.method
    ? ""
    : "This law has no single list-tier method to change: " + ((l.methods || []).join("; ") || "its seats are not shared by a list method") + ".";
  $("first-divisor").value = l.first_divisor || "";
  $("fd-field").hidden = $("method").value !== "modified-sainte-lague";
  $("threshold").value = l.threshold ? parseFloat(l.threshold) : 0;
  $("threshold-hint").textContent = l.threshold_rules.length ? "Law: " + l.threshold_rules.join("; or ") : "The law has no threshold.";
  $("seats").value = l.seats || "";
  $("seats").disabled = !l.seats;
  $("method").disabled = !l.method;
}

// One preset's results are never counted under another law unless the user asked to keep
// their own uploaded results; otherwise the new law's real election is loaded, or the
// results are cleared and new ones asked for.
async function choosePreset() {
  const l = state.laws.find((x) => x.id === $("preset").value);
  state.law = l;
  state.seq++; // answers about the previous law are stale
  $("law-name").textContent = l.name;
  $("law-citation").textContent = l.citation;
  setParams(l);
  $("use-example").disabled = !l.example;
  showError(null);
  showError(null, "project-error");
  clearProjection();
  if (state.results && state.resultsKind === "upload" && $("keep-results").checked) {
    $("results-source").textContent = "Results: " + state.resultsName + " (uploaded, kept for " + l.id + ").";
    update();
  } else if (l.example) {
    await useExample();
  } else {
    state.results = null;
    state.resultsName = "";
    state.resultsKind = "";
    state.count = null;
    $("keep-field").hidden = true;
    $("results-source").textContent = "This preset has no example: upload results for " + l.id + ".";
    clearResult();
    status("Upload results to count under " + l.id + ".");
  }
}

async function useExample() {
  const l = state.law;
  if (!l || !l.example) return;
  const text = await api(l.example);
  state.results = typeof text === "string" ? text : JSON.stringify(text);
  state.resultsName = l.id + " (real election)";
  state.resultsKind = "example";
  $("keep-field").hidden = true;
  $("keep-results").checked = false;
  $("results-source").textContent = "Results: the real election of " + l.id + ".";
  $("upload").value = "";
  fillPoll = true;
  update();
}

// ------------------------------------------------------------------------ counting

// Where the compensation tier uses another method than the list tier (Denmark: D'Hondt,
// then Hare), the box changes the list tier's alone; else `method` changes every tier that
// uses it (Norway's constituencies and leveling seats alike).
function methodKey(l) {
  const tier = (prefix) => ((l.methods || []).find((m) => m.startsWith(prefix)) || "").slice(prefix.length);
  const list = tier("list tier: "), comp = tier("compensation tier: ");
  return list && comp && list !== comp ? "list_method=" : "method=";
}

function sets() {
  const l = state.law;
  const out = [];
  const m = $("method").value;
  if (l.method && m !== l.method) out.push(methodKey(l) + m);
  if (m === "modified-sainte-lague") {
    const fd = $("first-divisor").value;
    if (fd && fd !== (l.first_divisor || "")) out.push("first_divisor=" + fd);
  }
  const t = $("threshold").value;
  const lawT = l.threshold ? parseFloat(l.threshold) : 0;
  if (t !== "" && Number(t) !== lawT) out.push("threshold=" + t + "%");
  const s = $("seats").value.trim();
  if (l.seats && s !== "" && s !== String(l.seats)) out.push("seats=" + s);
  return out;
}

let timer = null;
function update() {
  clearTimeout(timer);
  timer = setTimeout(recount, 150);
}

async function recount() {
  if (!state.law || !state.results) return;
  const seq = ++state.seq;
  const set = sets();
  status("Counting…");
  try {
    const base = { law: state.law.id, results: state.results };
    const [count, cmp] = await Promise.all([
      api("/api/count", { ...base, set, explain: true, svg: true }),
      set.length ? api("/api/compare", { laws: [state.law.id], set, results: state.results }) : Promise.resolve(null),
    ]);
    if (seq !== state.seq) return; // a newer count is on its way
    showError(null);
    state.count = count;
    state.compare = set.length ? cmp : null;
    render(count, cmp, set);
    status("Counted: " + count.house_size + " seats" + (set.length ? " (" + set.join(", ") + ")" : " under the law as written") + ".");
    // Never show other seats than were asked for without saying so.
    const asked = set.find((x) => x.startsWith("seats="));
    if (asked && Number(asked.slice(6)) !== count.house_size) {
      showError({ error: "You asked for " + asked.slice(6) + " seats; the count has " + count.house_size + " (the law or the results decide so: see the explanation)." }, "error", true);
    }
  } catch (e) {
    if (seq !== state.seq) return;
    // A refused count leaves no result on the page: the old seats would look like the answer.
    state.count = null;
    clearResult();
    showError(e);
    status("Not counted: " + (set.length ? "with " + set.join(", ") + ", " : "") + "the server refused (see the message above).");
  }
}

function clearProjection() {
  state.projectionSvg = null;
  $("projection").textContent = "";
  $("projection-table").hidden = true;
  $("projection-table").tBodies[0].textContent = "";
  $("projection-note").textContent = "";
  $("dl-proj-svg").disabled = true;
  $("project-progress").value = 0;
  $("project-status").textContent = "";
}

function clearResult() {
  $("moved").textContent = "";
  $("hemicycle").textContent = "";
  $("seats-table").tBodies[0].textContent = "";
  $("explanation").textContent = "";
  $("moved").textContent = "";
}

function render(count, cmp, set) {
  $("hemicycle").innerHTML = count.svg; // SVG written by the server, names escaped
  const parties = Object.keys(count.total);
  const allVotes = parties.reduce((a, p) => a + (count.votes[p] || 0), 0);
  const lawSeats = (p) => (set.length ? cmp.total[p][0] : count.total[p]);
  const body = $("seats-table").tBodies[0];
  body.textContent = "";
  for (const p of parties) {
    const tr = document.createElement("tr");
    tr.dataset.party = p;
    const d = count.total[p] - lawSeats(p);
    const cells = [
      [p, "party"],
      [fmt(count.votes[p] || 0), "num votes col-votes"],
      [allVotes ? ((100 * (count.votes[p] || 0)) / allVotes).toFixed(2) + "%" : "-", "num share"],
      [String(lawSeats(p)), "num law"],
      [String(count.total[p]), "num seats"],
      [d === 0 ? "" : (d > 0 ? "+" : "−") + Math.abs(d), "num change " + (d > 0 ? "up" : d < 0 ? "down" : "")],
    ];
    cells.forEach(([text, cls], i) => {
      const td = document.createElement(i === 0 ? "th" : "td");
      if (i === 0) td.scope = "row";
      td.className = cls;
      td.textContent = text;
      tr.appendChild(td);
    });
    body.appendChild(tr);
  }
  $("moved").textContent = set.length && cmp.changes.length
    ? "Against the law as written: " + cmp.changes[0].summary + "."
    : "The law as written.";
  $("explanation").textContent = count.explanation || "";
  if (fillPoll) {
    fillPoll = false;
    $("poll").value = "party,share\n" + parties.map((p) => csvField(p) + "," + (allVotes ? ((100 * (count.votes[p] || 0)) / allVotes).toFixed(2) : 0)).join("\n");
  }
}

// ---------------------------------------------------------------------- downloads

function csvField(s) {
  return /[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

function download(name, type, text) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  document.body.appendChild(a);
  a.click();
  setTimeout(() => {
    URL.revokeObjectURL(a.href);
    a.remove();
  }, 0);
}

function fileBase() {
  return (state.law ? state.law.id : "mandat") + (sets().length ? "-" + sets().join("-").replace(/[^a-z0-9.-]+/gi, "_") : "");
}

function downloadJson() {
  if (!state.count) return;
  const { svg, explanation, ...rest } = state.count;
  download(fileBase() + ".json", "application/json", JSON.stringify(rest, null, 2) + "\n");
}

function downloadCsv() {
  if (!state.count) return;
  const rows = [...$("seats-table").tBodies[0].rows].map((tr) => {
    const p = tr.dataset.party;
    const law = tr.querySelector(".law").textContent;
    return [csvField(p), state.count.votes[p] || 0, law, state.count.total[p]].join(",");
  });
  download(fileBase() + ".csv", "text/csv", "party,votes,seats_law,seats\n" + rows.join("\n") + "\n");
}

function downloadSvg() {
  if (state.count) download(fileBase() + ".svg", "image/svg+xml", state.count.svg);
}

// --------------------------------------------------------------------- projection

async function runProjection() {
  if (!state.law || !state.results) return;
  const btn = $("project");
  const bar = $("project-progress");
  const sims = Number($("sims").value) || 10000;
  btn.disabled = true;
  const law = state.law;
  bar.max = sims;
  bar.value = 0;
  $("project-status").textContent = "Starting…";
  try {
    const res = await fetch("/api/project", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        law: state.law.id, set: sets(), base: state.results, poll: $("poll").value,
        sims, sample_size: Number($("sample").value) || 1000, svg: true, stream: true,
      }),
    });
    if (!res.ok) throw await res.json();
    const reader = res.body.getReader();
    const dec = new TextDecoder();
    let buf = "";
    let last = null;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += dec.decode(value, { stream: true });
      let nl;
      while ((nl = buf.indexOf("\n")) >= 0) {
        const msg = JSON.parse(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
        if (msg.progress !== undefined) {
          bar.value = Math.max(bar.value, msg.progress);
          $("project-status").textContent = fmt(msg.progress) + " of " + fmt(msg.sims) + " simulations";
        } else {
          last = msg;
        }
      }
    }
    if (!last) throw { error: "the projection ended without a result" };
    if (last.error) throw last.error;
    if (law !== state.law) return; // the user chose another law meanwhile
    bar.value = sims;
    showError(null, "project-error");
    state.projectionSvg = last.result.svg;
    $("projection").innerHTML = last.result.svg;
    renderProjection(last.result, law);
    $("dl-proj-svg").disabled = false;
    $("project-status").textContent = "Done: " + fmt(last.result.sims) + " simulations (seed " + last.result.seed + ").";
  } catch (e) {
    $("project-status").textContent = "";
    showError(e, "project-error");
  } finally {
    btn.disabled = false;
  }
}

// Two different figures: passing the law's threshold (the compensation tier's when it has
// one, e.g. Norway's 4% for leveling seats) and taking part at all (a threshold or a seat,
// which a party can reach in a constituency tier without any threshold).
function renderProjection(r, law) {
  const tier = r.threshold_tier;
  const rules = law.threshold_rules.length ? " (" + law.threshold_rules.join("; or ") + ")" : "";
  $("proj-threshold-head").textContent = tier === "compensation" ? "Passes the national threshold" : "Passes the threshold";
  $("proj-threshold-head").hidden = !tier;
  const body = $("projection-table").tBodies[0];
  body.textContent = "";
  const pct = (x) => (100 * x).toFixed(1) + "%";
  for (const [name, p] of Object.entries(r.parties)) {
    if (!p.poll_share && !p.mean) continue;
    const tr = document.createElement("tr");
    tr.dataset.party = name;
    const cells = [[name, ""], [p.mean.toFixed(1), "num"], [p.p5 + "–" + p.p95, "num"], [p.p_threshold === null ? "" : pct(p.p_threshold), "num threshold"], [pct(p.p_takes_part), "num takes-part"]];
    cells.forEach(([text, cls], i) => {
      const td = document.createElement(i === 0 ? "th" : "td");
      if (i === 0) td.scope = "row";
      td.className = cls;
      td.textContent = text;
      if (i === 3) td.hidden = !tier;
      tr.appendChild(td);
    });
    body.appendChild(tr);
  }
  $("projection-table").hidden = false;
  $("projection-note").textContent =
    (tier === "compensation"
      ? "Passes the national threshold: share of simulations in which the party reaches the threshold of the compensation tier" + rules + ", which decides the national distribution of seats. "
      : tier === "list"
        ? "Passes the threshold: share of simulations in which the party reaches the law's threshold" + rules + " (somewhere, when it is measured per constituency). "
        : "The law has no threshold. ") +
    "Takes part: share of simulations in which it passes some threshold or wins a seat.";
}

// ------------------------------------------------------------------------ wiring

$("preset").addEventListener("change", () => choosePreset().catch((e) => showError(e)));
$("use-example").addEventListener("click", () => useExample().catch((e) => showError(e)));
$("upload").addEventListener("change", async () => {
  const f = $("upload").files[0];
  if (!f) return;
  if (f.size > 20 * 1024 * 1024) {
    showError({ error: "the file is larger than 20 MB" });
    return;
  }
  state.results = await f.text();
  state.resultsName = f.name;
  state.resultsKind = "upload";
  $("keep-field").hidden = false;
  $("results-source").textContent = "Results: " + f.name + " (uploaded).";
  fillPoll = true;
  update();
});
$("method").addEventListener("change", () => {
  $("fd-field").hidden = $("method").value !== "modified-sainte-lague";
  if (!$("first-divisor").value) $("first-divisor").value = "1.4";
  update();
});
for (const id of ["first-divisor", "threshold", "seats"]) {
  $(id).addEventListener("input", update);
  $(id).addEventListener("change", update);
}
$("reset").addEventListener("click", () => {
  setParams(state.law);
  update();
});
$("dl-json").addEventListener("click", downloadJson);
$("dl-csv").addEventListener("click", downloadCsv);
$("dl-svg").addEventListener("click", downloadSvg);
$("project").addEventListener("click", runProjection);
$("dl-proj-svg").addEventListener("click", () => {
  if (state.projectionSvg) download(fileBase() + "-projection.svg", "image/svg+xml", state.projectionSvg);
});

loadLaws().catch((e) => showError(e));
