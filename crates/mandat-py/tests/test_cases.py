"""The real elections of tests/cases, recounted from Python: every case's expected_seats
(per constituency, and national) reproduced by mandat.count under its preset law."""
import json

import pytest

import mandat
from conftest import CASES

CASE_FILES = sorted(CASES.glob("*.json"))


def test_every_case_is_found():
    assert len(CASE_FILES) >= 17


def _check(got: dict, expected: dict, where: str):
    for party, n in expected.items():
        assert got.get(party, 0) == n, f"{where}: {party}: {got.get(party, 0)} seats, officially {n}"
    extra = {p: s for p, s in got.items() if s > 0 and p not in expected}
    assert not extra, f"{where}: seats for lists the case does not list: {extra}"


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_case_expected_seats(path):
    case = json.loads(path.read_text(encoding="utf-8"))
    # A case that names its official results file is counted from that file (Germany).
    results = (path.parent / case["results"]).resolve() if "results" in case else path
    r = mandat.count(case["law"], results)
    # Every official figure of the case (per constituency, per region, per tier), compared
    # by the library as `mandat check` does it.
    case_id, mismatches = mandat.check(str(path))
    assert case_id == case["id"]
    assert not mismatches, mismatches
    # And the Python result object carries the official national totals.
    national = case.get("national", {})
    if "expected_seats" in national:
        _check(r.seats, national["expected_seats"], "national")


@pytest.mark.parametrize("path", CASE_FILES[:3], ids=lambda p: p.stem)
def test_case_as_dict_gives_the_same_seats(path):
    case = json.loads(path.read_text(encoding="utf-8"))
    if "results" in case:
        pytest.skip("counted from its official file")
    assert mandat.count(case["law"], case).seats == mandat.count(case["law"], path).seats
