"""mandat: votes into seats exactly as an electoral law prescribes, with every step.

The counting is mandat's Rust engine (the same library functions as the ``mandat``
command line and its HTTP API); this package converts Python inputs and wraps the
results. Counts and projections run without the GIL.

    >>> import mandat
    >>> r = mandat.count("kz-mazhilis-2021", mandat.example("kz-mazhilis-2021"))
    >>> r.seats["Nur Otan"]
    76

Inputs
------
*law*: a preset id (``mandat.laws()``), a path to a law file (TOML), or a :class:`Law`.

*results*: a path (JSON in the shape of tests/cases, CSV ``constituency,party,votes``, or
the Bundeswahlleiterin's XML), the text of such a file (a string with a newline, or
starting with ``{`` or ``<``), a dict in the JSON shape, or a pandas DataFrame with
columns ``constituency, party, votes``.

Bad input raises :class:`InputError` (a ``ValueError``) with the same file, line and field
as the command line.
"""

from __future__ import annotations

import html as _html
import json as _json
import os as _os
import sys as _sys
import warnings as _warnings
from collections.abc import Mapping as _Mapping
from decimal import Decimal as _Decimal

from . import _mandat
from ._mandat import InputError, Law, Result, apportion, check, laws, load_law, parse_law

__version__ = _mandat.__version__

__all__ = [
    "InputError",
    "Law",
    "Result",
    "Comparison",
    "Sweep",
    "Margins",
    "Projection",
    "Tabulation",
    "Coalitions",
    "Committees",
    "laws",
    "load_law",
    "parse_law",
    "example",
    "count",
    "apportion",
    "check",
    "compare",
    "sweep",
    "margins",
    "project",
    "tabulate",
    "coalitions",
    "committees",
]


# --------------------------------------------------------------------------- inputs


def _input_error(path: str, message: str) -> InputError:
    e = InputError(f"{path}: {message}")
    e.path, e.line, e.column, e.field, e.message = path, None, None, None, message
    return e


def _is_text(s: str) -> bool:
    return "\n" in s or s.lstrip().startswith(("{", "<", "["))


def _is_dataframe(x) -> bool:
    return type(x).__module__.split(".")[0] == "pandas" and hasattr(x, "columns") and hasattr(x, "to_csv")


def _source(x, name: str, *, prefix: str = "") -> dict:
    """The keyword arguments path= / text= + name= of the compiled functions."""
    if isinstance(x, _os.PathLike):
        return {prefix + "path": _os.fspath(x)}
    if isinstance(x, bytes):
        x = x.decode("utf-8")
    if isinstance(x, str):
        if _is_text(x):
            return {prefix + "text": x, prefix + "name": name}
        return {prefix + "path": x}
    if isinstance(x, _Mapping):
        return {prefix + "text": _json.dumps(x, ensure_ascii=False), prefix + "name": name}
    if _is_dataframe(x):
        cols = [str(c).lower() for c in x.columns]
        df = x.copy()
        df.columns = cols
        if "constituency" not in cols:
            if not {"party", "votes"} <= set(cols):
                raise _input_error("DataFrame", f"expected the columns constituency, party, votes; found {', '.join(cols)}")
            df.insert(0, "constituency", "national")
        missing = [c for c in ("constituency", "party", "votes") if c not in df.columns]
        if missing:
            raise _input_error("DataFrame", f"missing column(s) {', '.join(missing)} (expected constituency, party, votes)")
        text = df[["constituency", "party", "votes"]].to_csv(index=False)
        return {prefix + "text": text, prefix + "name": "DataFrame"}
    raise TypeError(f"{name}: expected a path, the text of a file, a dict or a pandas DataFrame, not {type(x).__name__}")


def _percent(v) -> str:
    """A share as mandat writes it: "5%" stays, a fraction 0.05 becomes "5%" (exactly)."""
    if isinstance(v, str):
        return v
    d = _Decimal(repr(v)) * 100
    return f"{d.normalize():f}%"


def _sets(changes) -> list:
    """Changes to a law: {"threshold": "5%"} or ["threshold=5%", ...] or "threshold=5%"."""
    if changes is None:
        return []
    if isinstance(changes, str):
        return [changes]
    if isinstance(changes, _Mapping):
        return [f"{k}={_percent(v) if k == 'threshold' else v}" for k, v in changes.items()]
    return [str(c) for c in changes]


def example(name: str):
    """The built-in results of a real election (tests/cases): by case id, or the latest of
    a preset law. A dict in the JSON shape of the cases (the XML text for the Bundestag)."""
    _id, text = _mandat._example(name)
    return text if text.lstrip().startswith("<") else _json.loads(text)


# -------------------------------------------------------------------------- reports


class _Report:
    """Common to the analyses' results: the JSON record, text, table, SVG."""

    _kind = "report"

    def __init__(self, json_text: str, svg: str | None = None, text: str = ""):
        self._json = json_text
        self._data = _json.loads(json_text)
        self._svg = svg
        # The text the command line prints, rendered once, in Rust (mandat_io).
        self._text = text

    @property
    def steps(self) -> dict:
        """The typed record as Python dicts (the JSON of the command line's --format json)."""
        return _json.loads(self._json)

    def to_json(self, indent: int | None = 2) -> str:
        return self._json if indent else _json.dumps(self._data, ensure_ascii=False)

    def svg(self) -> str | None:
        return self._svg

    def _table(self) -> tuple:
        raise NotImplementedError

    def to_pandas(self):
        """A tidy pandas DataFrame (pandas is imported only here)."""
        try:
            import pandas as pd
        except ImportError as e:  # pragma: no cover - depends on the environment
            raise ImportError("to_pandas needs pandas: pip install pandas") from e
        cols, rows = self._table()
        return pd.DataFrame(rows, columns=cols)

    def explain(self) -> str:
        """The text of the command line's table output."""
        return self._text

    def __str__(self) -> str:
        return self.explain()

    def _repr_html_(self) -> str:
        cols, rows = self._table()
        head = "".join(f"<th>{_html.escape(str(c))}</th>" for c in cols)
        body = "".join("<tr>" + "".join(f"<td>{_html.escape(str(v))}</td>" for v in r) + "</tr>" for r in rows[:500])
        more = f"<p>({len(rows) - 500} more rows: .to_pandas())</p>" if len(rows) > 500 else ""
        return f"<div><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}{self._svg or ''}</div>"


class Comparison(_Report):
    """The same results under two or more laws (``mandat compare``)."""

    @property
    def laws(self) -> list:
        return self._data["laws"]

    @property
    def seats(self) -> dict:
        """{party: [seats under each law, in the order of .laws]}."""
        return self._data["total"]

    @property
    def changes(self) -> list:
        """For each law after the first: every seat that moved, with the reasons."""
        return self._data["changes"]

    def __getitem__(self, law) -> dict:
        """Seats per party under one law, by index or label."""
        k = law if isinstance(law, int) else self.laws.index(law)
        return {p: s[k] for p, s in self.seats.items()}

    def _table(self):
        rows = []
        votes = self._data.get("votes", {})
        for k, label in enumerate(self.laws):
            for p, s in self.seats.items():
                rows.append((label, p, votes.get(p), s[k]))
        return ["law", "party", "votes", "seats"], rows

    def __repr__(self) -> str:
        return f"<mandat.Comparison {' vs '.join(self.laws)}>"


class Sweep(_Report):
    """Seats as a function of a law parameter, with the exact breakpoints (``mandat sweep``)."""

    @property
    def segments(self) -> list:
        """[{from, from_inclusive, to, to_inclusive, seats: {party: seats}}]."""
        return self._data["segments"]

    @property
    def breakpoints(self) -> list:
        return self._data["breakpoints"]

    @property
    def seats(self) -> dict:
        """{party: [seats in each segment, in the order of .segments]}."""
        parties = list(self.segments[0]["seats"]) if self.segments else []
        return {p: [s["seats"][p] for s in self.segments] for p in parties}

    def _table(self):
        rows = []
        for s in self.segments:
            for p, n in s["seats"].items():
                rows.append((s["from"], s["from_inclusive"], s["to"], p, n))
        return ["from", "from_inclusive", "to", "party", "seats"], rows

    def __repr__(self) -> str:
        return f"<mandat.Sweep {self._data['law']} {self._data['param']}: {len(self.segments)} segments>"


class Margins(_Report):
    """For each party's last seat, the fewest extra votes that would move it (``mandat margins``)."""

    @property
    def margins(self) -> list:
        return self._data["margins"]

    @property
    def seats(self) -> dict:
        """The count's seats per party."""
        return self._data["seats"]

    def _table(self):
        cols = ["constituency", "holder", "challenger", "votes", "exact"]
        return cols, [tuple(m[c] for c in cols) for m in self.margins]

    def __repr__(self) -> str:
        return f"<mandat.Margins {self._data['law']}: {len(self.margins)} margins>"


class Projection(_Report):
    """A seat projection from a poll: the summary of the simulated draws (``mandat project``)."""

    @property
    def parties(self) -> dict:
        """{party: {poll_share, mean, median, p5, p95, p_threshold, distribution}}."""
        return self._data["parties"]

    @property
    def seats(self) -> dict:
        """Mean seats per party over the simulations."""
        return {p: v["mean"] for p, v in self.parties.items()}

    @property
    def median(self) -> dict:
        return {p: v["median"] for p, v in self.parties.items()}

    @property
    def coalitions(self) -> dict:
        """{coalition: probability of a majority}."""
        return {c["coalition"]: c["p_majority"] for c in self._data["coalitions"]}

    @property
    def sims(self) -> int:
        return self._data["sims"]

    def distribution(self, party: str) -> list:
        """How many simulations gave the party 0, 1, 2, ... seats."""
        return self.parties[party]["distribution"]

    def _table(self):
        cols = ["party", "poll_share", "mean", "median", "p5", "p95", "p_threshold"]
        return cols, [(p,) + tuple(v[c] for c in cols[1:]) for p, v in self.parties.items()]

    def __repr__(self) -> str:
        return f"<mandat.Projection {self._data['law']}: {self.sims} simulations>"


class Tabulation(_Report):
    """A ranked count, round by round (``mandat tabulate``); .steps is RCTab's URCVT JSON."""

    def __init__(self, json_text: str, table: str):
        super().__init__(json_text, text=table)

    @property
    def elected(self) -> list:
        return self._data["elected"]

    @property
    def rounds(self) -> list:
        return self._data["results"]

    @property
    def seats(self) -> dict:
        """{candidate: 1 if elected else 0}, candidates of the first round's tally."""
        names = list(self.rounds[0]["tally"]) if self.rounds else []
        for e in self.elected:
            if e not in names:
                names.append(e)
        return {n: int(n in self.elected) for n in names}

    def _table(self):
        rows = []
        for r in self.rounds:
            for c, v in r["tally"].items():
                rows.append((r["round"], c, float(v)))
        return ["round", "candidate", "votes"], rows

    def __repr__(self) -> str:
        return f"<mandat.Tabulation {self._data['rule']}: elected {', '.join(self.elected)}>"


class Coalitions(_Report):
    """Minimal winning coalitions and exact voting power (``mandat coalitions``)."""

    def __init__(self, json_text: str, text: str):
        super().__init__(json_text, text=text)

    @property
    def seats(self) -> dict:
        return {g["group"]: g["seats"] for g in self._data["power"]}

    @property
    def minimal_winning(self) -> list:
        """The minimal winning coalitions listed (their exact count: .steps)."""
        return [c["members"] for c in self._data["minimal_winning"]["coalitions"]]

    @property
    def power(self) -> dict:
        """{group: {banzhaf, shapley_shubik, ...}}."""
        return {g["group"]: g for g in self._data["power"]}

    def _table(self):
        cols = ["group", "seats", "banzhaf", "banzhaf_absolute", "shapley_shubik"]
        rows = [(g["group"], g["seats"], float(g["banzhaf"]["decimal"]), float(g["banzhaf_absolute"]["decimal"]), float(g["shapley_shubik"]["decimal"])) for g in self._data["power"]]
        return cols, rows

    def __repr__(self) -> str:
        return f"<mandat.Coalitions {self._data['majority']} of {self._data['total_seats']} seats>"


class Committees(_Report):
    """Committee seats and posts under parliament rules (``mandat committees``)."""

    def __init__(self, json_text: str, text: str):
        super().__init__(json_text, text=text)

    @property
    def seats(self) -> dict:
        """{committee: {group: seats}}."""
        return {c["name"]: c["seats"] for c in self._data["committees"]}

    @property
    def posts(self) -> dict:
        """{post: {group: posts}}."""
        return {p["name"]: p["counts"] for p in self._data["posts"]}

    def _table(self):
        rows = [(c, g, n) for c, seats in self.seats.items() for g, n in seats.items()]
        return ["committee", "group", "seats"], rows

    def __repr__(self) -> str:
        return f"<mandat.Committees {self._data['rules']['id']}: {len(self._data['committees'])} committees>"


# ------------------------------------------------------------------------ functions


def count(law, results, *, seed: int = 0, set=None) -> Result:
    """Counts *results* under *law* (``mandat run``). *set* changes the law first:
    ``{"threshold": "5%"}`` or ``["threshold=5%"]``."""
    return _mandat._count(law, seed=seed, sets=_sets(set), **_source(results, "results"))


def compare(laws, results, *, set=None, seed: int = 0) -> Comparison:
    """The same *results* under several laws, or one law and the changes in *set*
    (``mandat compare``): seats side by side and every seat that moved, with the reason."""
    if isinstance(laws, (str, Law, _os.PathLike)):
        laws = [laws]
    laws = [_os.fspath(l) if isinstance(l, _os.PathLike) else l for l in laws]
    j, svg, text = _mandat._compare(list(laws), seed=seed, sets=_sets(set), **_source(results, "results"))
    return Comparison(j, svg, text)


def sweep(law, results, *, param: str = "threshold", start="0%", stop="10%", seed: int = 0) -> Sweep:
    """Seats as a function of the threshold (*start*, *stop* as "0%" or 0.0) or the seats
    (whole numbers), with the exact breakpoints (``mandat sweep``)."""
    j, text = _mandat._sweep(law, param, start, stop, seed=seed, **_source(results, "results"))
    return Sweep(j, text=text)


def margins(law, results, *, seed: int = 0) -> Margins:
    """For each party's last seat, the fewest extra votes that would move it (``mandat margins``)."""
    j, text = _mandat._margins(law, seed=seed, **_source(results, "results"))
    return Margins(j, text=text)


def _poll_text(poll) -> tuple:
    if isinstance(poll, _os.PathLike) or (isinstance(poll, str) and not _is_text(poll)):
        p = _os.fspath(poll)
        return _mandat._read_text(p), p
    if isinstance(poll, str):
        return poll, "poll"
    if hasattr(poll, "items"):
        items = list(poll.items())
        with_se = any(isinstance(v, (tuple, list)) for _, v in items)
        lines = ["party,share,se" if with_se else "party,share"]
        for p, v in items:
            if with_se:
                share, se = v if isinstance(v, (tuple, list)) else (v, 0)
                lines.append(f"{_csv_cell(p)},{share},{se}")
            else:
                lines.append(f"{_csv_cell(p)},{v}")
        return "\n".join(lines) + "\n", "poll"
    raise TypeError(f"poll: expected a path, CSV text or a dict party → share (percent), not {type(poll).__name__}")


def _csv_cell(s) -> str:
    s = str(s)
    return '"' + s.replace('"', '""') + '"' if any(c in s for c in ',"\n') else s


class _Progress:
    """progress=True: a tqdm bar when tqdm is installed, else a line on standard error."""

    def __init__(self, total: int):
        try:
            from tqdm.auto import tqdm

            self._bar = tqdm(total=total, unit="sim")
        except ImportError:
            self._bar = None
        self._total = total

    def __call__(self, done: int, total: int) -> None:
        if self._bar is not None:
            self._bar.update(done - self._bar.n)
        else:
            _sys.stderr.write(f"\r{done}/{total} simulations")
            _sys.stderr.flush()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
        else:
            _sys.stderr.write("\n")


def project(
    law,
    base,
    poll,
    *,
    sims: int = 10_000,
    sample_size: int = 1000,
    seed: int = 0,
    swing: str = "proportional",
    noise: float = 0.05,
    coalitions=(),
    set=None,
    progress=None,
) -> Projection:
    """A seat projection from a poll (``mandat project``): *sims* simulated elections from
    the *base* election, each counted under the full law. *poll*: a path or CSV text
    (``party,share`` in percent, or ``party,share,se``), or a dict party → share (percent)
    or party → (share, se). *coalitions*: ["A+B+C", ...]. *progress*: a callable
    ``progress(done, sims)``, or True for a tqdm bar (when tqdm is installed). Runs
    without the GIL; Ctrl-C stops it."""
    text, poll_name = _poll_text(poll)
    bar = None
    if progress is True:
        bar = progress = _Progress(sims)
    try:
        j, svg, text = _mandat._project(
            law,
            text,
            poll_name=poll_name,
            sims=sims,
            sample_size=sample_size,
            seed=seed,
            swing=swing,
            noise=noise,
            coalitions=[c if isinstance(c, str) else "+".join(c) for c in coalitions],
            sets=_sets(set),
            progress=progress or None,
            **_source(base, "base", prefix="base_"),
        )
    finally:
        if bar is not None:
            bar.close()
    return Projection(j, svg, text)


def _is_votekit_profile(x) -> bool:
    """A VoteKit PreferenceProfile (RankProfile in VoteKit 3), without importing VoteKit."""
    return any(c.__module__.split(".")[0] == "votekit" and c.__name__ == "PreferenceProfile" for c in type(x).__mro__)


def _votekit(profile):
    """A VoteKit PreferenceProfile as rankings, weights and candidates."""
    rankings, weights = [], []
    for b in profile.ballots:
        ranking = []
        for rank in getattr(b, "ranking", None) or ():
            names = sorted(str(c) for c in rank)
            if not names or names == ["~"]:  # a skipped rank (VoteKit writes "~" in its tables)
                ranking.append(None)
                continue
            ranking.append(names[0] if len(names) == 1 else names)
        w = b.weight
        if w != int(w):
            raise _input_error("VoteKit profile", f"ballot weight {w} is not a whole number")
        rankings.append(ranking)
        weights.append(int(w))
    candidates = [str(c) for c in getattr(profile, "candidates", ())] or None
    return rankings, weights, candidates


def tabulate(ballots, rule: str = "irv", seats: int | None = None, *, seed: int = 0, candidates=None, weights=None, runoff=None, **settings) -> Tabulation:
    """Counts ranked ballots under *rule* (``mandat tabulate``): plurality, two-round, irv,
    supplementary, stv-scottish, meek, meek-nz, ers97. *ballots*: a BLT or rankings-CSV
    path or text, a list of rankings (each a list of candidate names; a set of names at
    one rank is an overvote) with optional *weights* and *candidates* (their order), or a
    VoteKit PreferenceProfile. *settings*: against_all, if_against_all_wins, electorate,
    quorum, runoff_bar, runoff_bar_of, runoff_at_least_two, first_round_min_electorate
    (as the command line's flags); *runoff*: the second round's votes, a dict or a path."""
    kw = dict(settings)
    if runoff is not None:
        if isinstance(runoff, _Mapping):
            kw["runoff"] = "party,votes\n" + "".join(f"{_csv_cell(p)},{v}\n" for p, v in runoff.items())
        else:
            kw["runoff"] = _mandat._read_text(_os.fspath(runoff))
    if isinstance(ballots, (str, bytes, _os.PathLike)):
        src = _source(ballots, "ballots")
        src.pop("name", None)  # a text is named "ballots" in errors
    elif _is_votekit_profile(ballots):
        rankings, w, cands = _votekit(ballots)
        src = {"rankings": rankings, "weights": w, "candidates": candidates or cands}
    else:
        src = {"rankings": ballots, "weights": list(weights) if weights is not None else None, "candidates": list(candidates) if candidates is not None else None}
    j, table, warns = _mandat._tabulate(rule, seats=seats, seed=seed, **src, **kw)
    for w in warns:
        _warnings.warn(w, stacklevel=2)
    return Tabulation(j, table)


def _assembly(assembly) -> dict:
    if isinstance(assembly, Result):
        return {"text": assembly.to_json(), "name": "result"}
    if isinstance(assembly, _Mapping) and all(isinstance(v, int) for v in assembly.values()):
        return {"text": "group,seats\n" + "".join(f"{_csv_cell(g)},{s}\n" for g, s in assembly.items()), "name": "assembly"}
    if _is_dataframe(assembly):
        cols = [c for c in ("group", "seats", "side") if c in assembly.columns]
        return {"text": assembly[cols].to_csv(index=False), "name": "DataFrame"}
    return _source(assembly, "assembly")


def _names(x):
    if x is None:
        return None
    return [s.strip() for s in x.split(",")] if isinstance(x, str) else [str(s) for s in x]


def coalitions(assembly, *, majority="50%", order=None, limit: int = 1000, government=None) -> Coalitions:
    """Minimal (connected) winning coalitions and exact Banzhaf / Shapley-Shubik power of
    a seated assembly (``mandat coalitions``). *assembly*: a dict group → seats, a
    :class:`Result`, a path or text (CSV ``group,seats[,side]``), or a DataFrame.
    *majority*: "50%" (more than half), "2/3" (at least), or a number of seats."""
    order = ",".join(_names(order)) if order is not None else None
    j, text = _mandat._coalitions(majority=str(majority), order=order, limit=limit, government=_names(government), **_assembly(assembly))
    return Coalitions(j, text)


def committees(rules, assembly, *, preferences=None, government=None, seed: int = 0) -> Committees:
    """Committee seats and posts of a seated assembly under parliament *rules* (a preset
    such as "be-chamber-rules", or a rules file) (``mandat committees``). *preferences*:
    a path, TOML text, or a dict group → [committee, ...]."""
    kw = {}
    if preferences is not None:
        if isinstance(preferences, _Mapping):
            kw["preferences"] = "".join(f"{_json.dumps(str(g))} = {_json.dumps([str(c) for c in cs], ensure_ascii=False)}\n" for g, cs in preferences.items())
        elif isinstance(preferences, str) and ("\n" in preferences or "=" in preferences):
            kw["preferences"] = preferences
        else:
            p = _os.fspath(preferences)
            kw["preferences"], kw["preferences_name"] = _mandat._read_text(p), p
    j, text = _mandat._committees(_os.fspath(rules), government=_names(government), seed=seed, **kw, **_assembly(assembly))
    return Committees(j, text)
