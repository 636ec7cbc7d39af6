"""Differential test against votelib (pip install votelib): D'Hondt, Sainte-Laguë and Hare
seats equal on random elections. Elections where mandat reports a tie at the last seat
are skipped (the two libraries break ties by different rules)."""
import random

import pytest

import mandat

votelib_prop = pytest.importorskip("votelib.evaluate.proportional")

METHODS = [
    ("dhondt", lambda: votelib_prop.HighestAverages("d_hondt")),
    ("sainte-lague", lambda: votelib_prop.HighestAverages("sainte_lague")),
    ("hare", lambda: votelib_prop.LargestRemainder("hare")),
]


def _elections(seed, n):
    rng = random.Random(seed)
    for _ in range(n):
        parties = rng.randint(2, 30)
        scale = rng.choice([100, 10_000, 2_000_000])
        votes = {f"P{i}": rng.randint(1, scale) for i in range(parties)}
        yield votes, rng.randint(1, 200)


@pytest.mark.parametrize("method,peer", METHODS, ids=[m for m, _ in METHODS])
def test_random_elections_match_votelib(method, peer):
    evaluator = peer()
    compared = 0
    for votes, seats in _elections(sum(map(ord, method)) + 20261206, 300):
        r = mandat.apportion(votes, seats, method=method)
        if r.ties:
            continue
        theirs = {p: int(s) for p, s in evaluator.evaluate(votes, seats).items() if s}
        ours = {p: s for p, s in r.seats.items() if s}
        assert ours == theirs, (method, seats, votes)
        compared += 1
    assert compared >= 250


def test_dhondt_with_a_threshold_matches_votelib_on_the_lists_that_pass():
    # The 5% bar applied to votelib's input by hand: the lists below it take no part.
    rng = random.Random(7)
    for _ in range(100):
        votes = {f"P{i}": rng.randint(1, 1_000_000) for i in range(rng.randint(2, 15))}
        seats = rng.randint(5, 150)
        r = mandat.apportion(votes, seats, method="dhondt", threshold="5%")
        if r.ties:
            continue
        total = sum(votes.values())
        passing = {p: v for p, v in votes.items() if v * 100 >= 5 * total}
        theirs = {p: int(s) for p, s in votelib_prop.HighestAverages("d_hondt").evaluate(passing, seats).items() if s}
        assert {p: s for p, s in r.seats.items() if s} == theirs
