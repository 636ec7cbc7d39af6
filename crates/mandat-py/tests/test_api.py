"""Every function of the module `mandat`, against the installed wheel."""
import json
import threading
import time

import pytest

import mandat
from conftest import REPO

KZ = REPO / "tests" / "cases" / "kz-mazhilis-2021.json"
KZ_SEATS = {"Nur Otan": 76, "Ak Zhol": 12, "People's Party of Kazakhstan (QHP)": 10, "Auyl": 0, "Adal": 0}
STORTING = REPO / "tests" / "cases" / "no-storting-2021.json"
POLL = REPO / "benches-data" / "no-storting-2021-poll.csv"
BE_ASSEMBLY = REPO / "tests" / "parliament" / "be-chamber-2019.csv"


# ----------------------------------------------------------------------------- laws


def test_laws_lists_every_preset_with_its_cases():
    laws = mandat.laws()
    ids = [l["id"] for l in laws]
    assert "kz-mazhilis-2021" in ids and "no-storting" in ids
    kz = next(l for l in laws if l["id"] == "kz-mazhilis-2021")
    assert kz["country"] == "Kazakhstan"
    assert kz["threshold"] == "7%"
    assert kz["seats"] == 98
    assert kz["cases"] == ["kz-mazhilis-2021"]


def test_load_law_by_name_and_by_path():
    law = mandat.load_law("kz-mazhilis-2021")
    assert isinstance(law, mandat.Law)
    assert law.id == "kz-mazhilis-2021"
    assert law.threshold == "7%" and law.method == "hare" and law.seats == 98
    assert "2464" in law.citation
    same = mandat.load_law(REPO / "laws" / "kz-mazhilis-2021.toml")
    assert same.name == law.name
    assert mandat.load_law(law) is not None
    assert "kz-mazhilis-2021" in repr(law)


def test_law_set_returns_a_changed_copy():
    law = mandat.load_law("kz-mazhilis-2021")
    five = law.set(threshold="5%")
    assert five.threshold == "5%" and law.threshold == "7%"
    assert law.set("threshold=5%").threshold == "5%"
    assert law.set(threshold=0.05).threshold == "5%"
    assert law.set(method="dhondt").method == "dhondt"
    with pytest.raises(mandat.InputError, match="unknown parameter"):
        law.set(colour="blue")


def test_unknown_preset_is_an_input_error_naming_it():
    with pytest.raises(mandat.InputError) as e:
        mandat.load_law("atlantis")
    assert e.value.path == "atlantis"
    assert "presets:" in str(e.value)
    assert isinstance(e.value, ValueError)


def test_bad_law_file_names_line_and_key(tmp_path):
    f = tmp_path / "bad.toml"
    f.write_text('id = "x"\nname = "x"\ncitation = "x"\nseats = 10\n[allocation]\nmethod = "dhont"\nlevel = "national"\n')
    with pytest.raises(mandat.InputError) as e:
        mandat.load_law(str(f))
    assert e.value.path == str(f)
    assert e.value.line in (5, 6)  # the [allocation] table or its method key
    assert "unknown method" in e.value.message
    assert str(e.value).startswith(f"{f}:{e.value.line}:")
    with pytest.raises(mandat.InputError):
        mandat.parse_law(f.read_text(), "text.toml")


def test_example_is_the_built_in_case():
    ex = mandat.example("kz-mazhilis-2021")
    assert ex["id"] == "kz-mazhilis-2021"
    assert mandat.count("kz-mazhilis-2021", ex).seats == KZ_SEATS
    with pytest.raises(mandat.InputError):
        mandat.example("nowhere-2099")


# ---------------------------------------------------------------------------- count


def test_count_from_a_path_a_dict_and_a_text():
    by_path = mandat.count("kz-mazhilis-2021", KZ)
    assert by_path.seats == KZ_SEATS
    assert mandat.count("kz-mazhilis-2021", str(KZ)).seats == KZ_SEATS
    assert mandat.count("kz-mazhilis-2021", json.loads(KZ.read_text())).seats == KZ_SEATS
    assert mandat.count("kz-mazhilis-2021", KZ.read_text()).seats == KZ_SEATS
    assert mandat.count(mandat.load_law("kz-mazhilis-2021"), KZ).seats == KZ_SEATS


def test_count_with_changes_to_the_law():
    r = mandat.count("kz-mazhilis-2021", KZ, set={"threshold": "5%"})
    assert r.seats["Auyl"] == 6 and r.seats["Nur Otan"] == 72
    assert mandat.count("kz-mazhilis-2021", KZ, set=["threshold=5%"]).seats == r.seats


def test_count_from_a_dataframe():
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame(
        {"constituency": ["A", "A", "A", "B", "B", "B"], "party": ["x", "y", "z"] * 2, "votes": [500, 300, 200, 100, 600, 300]}
    )
    law = mandat.parse_law('id = "t"\nname = "t"\ncitation = "t"\nseats = 10\n[allocation]\nmethod = "dhondt"\nlevel = "national"\n')
    r = mandat.count(law, df)
    assert r.seats == {"x": 3, "y": 5, "z": 2}
    national = pd.DataFrame({"party": ["x", "y"], "votes": [60, 40]})
    assert mandat.count(law, national).seats == {"x": 6, "y": 4}


def test_bad_results_name_file_line_and_field(tmp_path):
    f = tmp_path / "results.csv"
    f.write_text("constituency,party,votes\nnational,A,100\nnational,B,1.5\n")
    with pytest.raises(mandat.InputError) as e:
        mandat.count("kz-mazhilis-2021", str(f))
    err = e.value
    assert (err.path, err.line, err.field) == (str(f), 3, "votes")
    assert str(err).startswith(f"{f}:3")
    with pytest.raises(mandat.InputError) as e:
        mandat.count("kz-mazhilis-2021", str(tmp_path / "missing.json"))
    assert "cannot read the file" in str(e.value)


def test_results_that_do_not_fit_the_law_are_an_input_error():
    with pytest.raises(mandat.InputError, match="not one of the law's constituencies"):
        mandat.count("be-chamber", {"constituencies": [{"name": "Atlantis", "seats": 3, "votes": {"A": 10}}]})


def test_result_object():
    r = mandat.count("kz-mazhilis-2021", KZ)
    assert list(r.seats) == list(KZ_SEATS)  # list order
    assert r.votes["Nur Otan"] == 5148074
    assert r.constituencies == {"Kazakhstan (nationwide)": KZ_SEATS}
    assert r.house_size == 98 and r.seed == 0
    assert r.law.id == "kz-mazhilis-2021"
    assert r.ties == []
    assert "gallagher" in {k.lower() for k in r.indices}
    steps = r.steps
    assert steps["total"] == KZ_SEATS
    assert steps["constituencies"][0]["steps"]["threshold"]["failed"] == ["Auyl", "Adal"]
    assert json.loads(r.to_json()) == steps
    assert "7% of valid votes" in r.explain()
    assert "Nur Otan" in r.table() and "Nur Otan" in str(r)
    assert r.svg().lstrip().startswith("<svg")
    html = r._repr_html_()
    assert "<table>" in html and "<svg" in html
    assert "Nur Otan: 76" in repr(r)


def test_result_to_pandas_is_tidy():
    pytest.importorskip("pandas")
    df = mandat.count("kz-mazhilis-2021", KZ).to_pandas()
    assert list(df.columns) == ["constituency", "party", "votes", "seats"]
    assert df["seats"].sum() == 98
    leveling = mandat.count("no-storting", STORTING).to_pandas()
    assert {"district_seats", "leveling_seats"} <= set(leveling.columns)
    assert leveling["seats"].sum() == 169 and leveling["leveling_seats"].sum() == 19


def _ticks_during(call):
    """How often this thread ran while `call` ran in another thread.

    A call that holds the GIL lets this thread run only before it starts and after it
    ends, a handful of ticks; one that releases it, hundreds or thousands. (Counting
    ticks over short calls instead depends on how the machine schedules two threads,
    which varies: so each test makes one call of ~0.1 s or more.)
    """
    started, done = threading.Event(), threading.Event()
    out = {}

    def work():
        started.set()
        out["result"] = call()
        done.set()

    t = threading.Thread(target=work)
    t.start()
    started.wait()
    ticks = 0
    while not done.is_set():
        ticks += 1
        time.sleep(0)
    t.join()
    return ticks, out["result"]


def test_count_releases_the_gil():
    # One long count: 200,000 result lines to read and count.
    law = mandat.load_law("kz-mazhilis-2021")
    lines = ["constituency,party,votes"]
    for c in range(50_000):
        lines += [f"c{c},{p},{100 + (c * 7 + i * 13) % 900}" for i, p in enumerate("ABCD")]
    results = "\n".join(lines) + "\n"
    ticks, _ = _ticks_during(lambda: mandat.count(law, results))
    assert ticks > 20


# ------------------------------------------------------------------------ apportion


def test_apportion_methods():
    votes = {"A": 100, "B": 80, "C": 30}
    assert mandat.apportion(votes, 10).seats == {"A": 5, "B": 4, "C": 1}
    assert mandat.apportion(votes, 10, method="sainte-lague").seats == {"A": 5, "B": 4, "C": 1}
    assert mandat.apportion(votes, 10, method="hare").seats == {"A": 5, "B": 4, "C": 1}
    assert mandat.apportion(votes, 10, method="modified-sainte-lague", first_divisor=1.4).house_size == 10
    assert mandat.apportion({"A": 1, "B": 1}, 1, ties="list-order").seats == {"A": 1, "B": 0}


def test_apportion_threshold_as_string_or_fraction():
    votes = {"A": 100, "B": 80, "C": 30}
    a = mandat.apportion(votes, 10, threshold="20%")
    b = mandat.apportion(votes, 10, threshold=0.2)
    assert a.seats == b.seats == {"A": 6, "B": 4, "C": 0}
    assert "20%" in a.explain()


def test_apportion_steps_and_ties():
    r = mandat.apportion({"A": 10, "B": 10}, 1, seed=3)
    assert len(r.ties) == 1 and r.ties[0]["decided_by"]
    steps = r.steps["constituencies"][0]["steps"]["allocation"]
    assert steps["method"] == "dhondt"


def test_apportion_bad_input():
    with pytest.raises(mandat.InputError) as e:
        mandat.apportion({"A": 10}, 5, method="borda")
    assert e.value.path == "method"
    with pytest.raises(mandat.InputError, match="whole number"):
        mandat.apportion({"A": -1}, 5)
    with pytest.raises(mandat.InputError):
        mandat.apportion({"A": 1}, 0)
    with pytest.raises(mandat.InputError):
        mandat.apportion({"A": 1}, 5, threshold="five")


# -------------------------------------------------------------------------- analyses


def test_compare_kazakhstan_7_and_5_percent():
    c = mandat.compare("kz-mazhilis-2021", KZ, set={"threshold": "5%"})
    assert c.laws == ["kz-mazhilis-2021", "kz-mazhilis-2021 (threshold=5%)"]
    assert c.seats["Auyl"] == [0, 6]
    assert c[1]["Nur Otan"] == 72 and c["kz-mazhilis-2021"]["Nur Otan"] == 76
    assert c.changes[0]["moved"] == 6
    assert "Auyl passes" in c.explain()
    assert "<svg" in c._repr_html_()
    assert json.loads(c.to_json())["total"] == c.seats


def test_compare_two_laws_to_pandas():
    pytest.importorskip("pandas")
    c = mandat.compare(["kz-mazhilis-2021", "kz-mazhilis-2021"], KZ, set=["method=sainte-lague"])
    df = c.to_pandas()
    assert list(df.columns) == ["law", "party", "votes", "seats"]
    assert len(df) == 3 * 5


def test_compare_needs_two_laws():
    with pytest.raises(mandat.InputError, match="two laws"):
        mandat.compare("kz-mazhilis-2021", KZ)


def test_sweep_threshold_breakpoints():
    s = mandat.sweep("kz-mazhilis-2021", KZ, start="0%", stop="10%")
    assert s.breakpoints[1].startswith("5.289232")
    assert s.seats["Auyl"] == [5, 6, 0, 0]
    assert s.segments[-1]["seats"]["Nur Otan"] == 85
    assert "breakpoint above" in s.explain()
    assert s.steps["param"] == "threshold"
    assert mandat.sweep("kz-mazhilis-2021", KZ, start=0.0, stop=0.1).breakpoints == s.breakpoints


def test_sweep_seats():
    pytest.importorskip("pandas")
    s = mandat.sweep("kz-mazhilis-2021", KZ, param="seats", start=95, stop=100)
    assert sum(s.segments[0]["seats"].values()) == 95
    df = s.to_pandas()
    assert list(df.columns) == ["from", "from_inclusive", "to", "party", "seats"]
    with pytest.raises(mandat.InputError):
        mandat.sweep("kz-mazhilis-2021", KZ, param="colour")


def test_sweep_names_the_law_that_cannot_take_the_parameter():
    with pytest.raises(mandat.InputError) as e:
        mandat.sweep("mt-kamra", KZ, start="0%", stop="5%")
    assert str(e.value).startswith("law: ") and "no tier of it reads a list threshold" in str(e.value)


def test_margins():
    m = mandat.margins("kz-mazhilis-2021", KZ)
    assert m.seats == KZ_SEATS
    first = min(m.margins, key=lambda x: x["votes"])
    assert (first["holder"], first["challenger"], first["votes"]) == ("Ak Zhol", "People's Party of Kazakhstan (QHP)", 65792)
    assert "65,792 more votes" in m.explain()
    assert "<table>" in m._repr_html_()


def test_project_summary_progress_and_seed():
    calls = []
    p = mandat.project("no-storting", STORTING, POLL, sims=600, seed=1, coalitions=["A+SP+SV"], progress=lambda d, n: calls.append((d, n)))
    assert p.sims == 600
    assert calls and calls[-1] == (600, 600)
    assert sum(p.distribution("A")) == 600
    assert 40 < p.seats["A"] < 60
    assert 0 <= p.coalitions["A+SP+SV"] <= 1
    assert set(p.parties["H"]) >= {"mean", "median", "p5", "p95", "p_threshold"}
    assert "majority for A+SP+SV" in p.explain()
    assert "<svg" in p._repr_html_()
    again = mandat.project("no-storting", STORTING, POLL, sims=600, seed=1, coalitions=["A+SP+SV"])
    assert again.steps == p.steps


def test_project_poll_as_dict_and_errors():
    base = mandat.example("kz-mazhilis-2021")
    poll = {"Nur Otan": 60, "Ak Zhol": 15, "People's Party of Kazakhstan (QHP)": 12, "Auyl": 8, "Adal": 5}
    p = mandat.project("kz-mazhilis-2021", base, poll, sims=200)
    assert round(sum(p.seats.values())) == 98
    with pytest.raises(mandat.InputError) as e:
        mandat.project("kz-mazhilis-2021", base, {"Nobody": 100}, sims=10)
    assert e.value.path == "poll"
    with pytest.raises(mandat.InputError):
        mandat.project("kz-mazhilis-2021", base, poll, sims=0)


def test_project_explains_a_law_without_threshold(tmp_path):
    # The text comes from mandat_io, as the CLI's: a law without a threshold has no
    # pass rate (p_threshold is None), which a Python rendering once failed on.
    law = tmp_path / "plain.toml"
    law.write_text('id = "plain"\nname = "D\'Hondt, 98 seats"\ncitation = "test"\ncountry = "Nowhere"\nseats = 98\n'
                   '[allocation]\nmethod = "dhondt"\nlevel = "national"\n[ties]\nchain = ["lot"]\n')
    base = mandat.example("kz-mazhilis-2021")
    poll = {"Nur Otan": 60, "Ak Zhol": 15, "People's Party of Kazakhstan (QHP)": 12, "Auyl": 8, "Adal": 5}
    p = mandat.project(str(law), base, poll, sims=100, seed=1, set={"results_seats": "ignore"})
    assert p.parties["Adal"]["p_threshold"] is None
    assert "the law has no threshold" in p.explain()
    assert p.explain().startswith("plain — 100 simulations (seed 1)")


def test_project_releases_the_gil():
    # One long projection: 100,000 simulations of Norway's law (~0.3 s on two cores).
    ticks, p = _ticks_during(lambda: mandat.project("no-storting", STORTING, POLL, sims=100_000))
    assert p.sims == 100_000
    assert ticks > 20


def test_project_progress_exception_stops_it():
    def boom(done, total):
        raise RuntimeError("stop")

    with pytest.raises(RuntimeError, match="stop"):
        mandat.project("no-storting", STORTING, POLL, sims=200_000, progress=boom)


# --------------------------------------------------------------------------- ranked


def test_tabulate_blt_file():
    t = mandat.tabulate(REPO / "tests" / "ranked" / "edinburgh_2012_ward12.blt", rule="stv-scottish")
    assert len(t.elected) == 4  # seats from the BLT header
    assert sum(t.seats.values()) == 4
    assert "Round 1" in t.explain()
    assert t.steps["results"][0]["round"] == 1


def test_tabulate_rankings_csv_and_text():
    path = REPO / "tests" / "ranked" / "mayor.csv"
    t = mandat.tabulate(path, rule="irv")
    assert t.elected == mandat.tabulate(path.read_text(), rule="irv").elected
    assert len(t.elected) == 1


def test_tabulate_lists_of_rankings():
    ballots = [["A", "B"], ["B"], ["C", "A"], ["A"]]
    t = mandat.tabulate(ballots, rule="irv")
    assert t.elected == ["A"]
    assert t.seats == {"A": 1, "B": 0, "C": 0}
    w = mandat.tabulate([["B"], ["A"]], rule="plurality", weights=[3, 2], candidates=["A", "B"])
    assert w.elected == ["B"]
    stv = mandat.tabulate([["A", "B"], ["B", "C"], ["C"], ["A", "C"]], rule="meek", seats=2, weights=[4, 3, 2, 1])
    assert len(stv.elected) == 2


def test_tabulate_to_pandas():
    pytest.importorskip("pandas")
    df = mandat.tabulate([["A", "B"], ["B"], ["C", "A"], ["A"]], rule="irv").to_pandas()
    assert list(df.columns) == ["round", "candidate", "votes"]
    assert df[df["round"] == 1]["votes"].sum() == 4


def test_tabulate_errors():
    with pytest.raises(mandat.InputError, match="unknown rule"):
        mandat.tabulate([["A"]], rule="borda")
    with pytest.raises(mandat.InputError, match="not one of the candidates"):
        mandat.tabulate([["A"], ["Z"]], rule="irv", candidates=["A", "B"])
    with pytest.raises(mandat.InputError, match="weights"):
        mandat.tabulate([["A"], ["B"]], rule="irv", weights=[1])
    with pytest.raises(mandat.InputError) as e:
        mandat.tabulate("2 1\n1 1 9 0\n0\n\"A\"\n\"B\"\n\"t\"\n", rule="irv")
    assert e.value.path == "ballots" and e.value.line == 2


def test_tabulate_votekit_profile():
    votekit = pytest.importorskip("votekit")
    from votekit import Ballot, PreferenceProfile

    profile = PreferenceProfile(
        ballots=[
            Ballot(ranking=({"A"}, {"B"}), weight=3),
            Ballot(ranking=({"B"},), weight=2),
            Ballot(ranking=({"C"}, frozenset(), {"B"}), weight=2),
        ]
    )
    assert votekit is not None
    t = mandat.tabulate(profile, rule="irv")
    assert t.elected == ["B"]
    assert t.rounds[0]["tally"] == {"A": "3", "B": "2", "C": "2"}


# ----------------------------------------------------------------------- parliament


def test_coalitions():
    c = mandat.coalitions({"A": 40, "B": 35, "C": 25})
    assert c.seats == {"A": 40, "B": 35, "C": 25}
    assert sorted(map(sorted, c.minimal_winning)) == [["A", "B"], ["A", "C"], ["B", "C"]]
    assert c.power["A"]["banzhaf"]["exact"] == "1/3"
    be = mandat.coalitions(BE_ASSEMBLY, majority="2/3")
    assert be.steps["quota"] == 100
    assert "Minimal winning coalitions" in be.explain()
    order = mandat.coalitions({"L": 30, "C": 30, "R": 40}, order=["L", "C", "R"])
    assert order.steps["minimal_connected_winning"]["order"] == ["L", "C", "R"]
    gov = mandat.coalitions({"A": 40, "B": 35, "C": 25}, government="A,B")
    assert gov.steps["majority_side"]["wins"] is True


def test_coalitions_of_a_count_and_to_pandas():
    pytest.importorskip("pandas")
    r = mandat.count("kz-mazhilis-2021", KZ)
    c = mandat.coalitions(r)
    assert c.seats == {p: s for p, s in KZ_SEATS.items() if s}
    df = c.to_pandas()
    assert list(df.columns) == ["group", "seats", "banzhaf", "banzhaf_absolute", "shapley_shubik"]
    with pytest.raises(mandat.InputError):
        mandat.coalitions({"A": 1}, majority="200%")


def test_committees():
    k = mandat.committees("be-chamber-rules", BE_ASSEMBLY)
    assert k.seats["Justice"]["N-VA"] == 3
    assert sum(k.posts["chair"].values()) == 11
    assert "Committee seats" in k.explain()
    with pytest.raises(mandat.InputError):
        mandat.committees("no-such-rules", BE_ASSEMBLY)
