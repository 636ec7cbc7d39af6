"""Paths of the repository's test data: the tests run against the installed wheel."""
import pathlib

import pytest

REPO = pathlib.Path(__file__).resolve().parents[3]
CASES = REPO / "tests" / "cases"


@pytest.fixture
def repo():
    return REPO
