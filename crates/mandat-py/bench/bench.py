#!/usr/bin/env python3
"""mandat from Python against its Python peers, in one process, on the same inputs.

usage (from the repository root, in a venv with the mandat wheel, votelib and pyrankvote):
    python crates/mandat-py/bench/bench.py [--peers ../shared/peers] [--ballots 100000] [--json]

Apportionment (votelib 0.4, inputs of ../shared/peers/votelib_apportion.py):
  - D'Hondt, 150 seats, 20 parties P0..P19, votes random.Random(1).randint(1000, 2_000_000);
  - Sainte-Laguë, 435 seats, the 50 US states (2020 apportionment populations,
    tests/cases/us-house-2020.json).
  Each call includes the Python boundary: mandat.apportion(dict, seats) and reading .seats
  (a new dict); votelib builds its evaluator in each call, as the peer script does, and is
  also timed with the evaluator built once.

Ranked ballots (pyrankvote 2.0): N ballots from the peers' generator
(gen_ballots.py N 13 5 20261128, Plackett-Luce, one BLT line per ballot); IRV, and STV
for 3 seats. Both sides start from the same Python lists of candidate names: mandat.tabulate
builds its ballot box and counts; pyrankvote builds its Ballot objects (as its peer script
does, one object per BLT line) and counts. Also timed: pyrankvote's count alone (Ballot
objects built beforehand), and mandat reading the BLT file itself.
pyrankvote's STV and Scottish STV are different procedures (pyrankvote: Droop quota,
surplus by a fraction of the ballots, no fixed decimals), so the STV row compares speed,
and the winners are printed for both.

Times: timeit, best of R repeats of n calls, per call; median of the repeats too.
"""
import argparse
import json
import os
import pathlib
import platform
import random
import subprocess
import sys
import tempfile
import timeit

import mandat

REPO = pathlib.Path(__file__).resolve().parents[3]


def per_call(f, number, repeat):
    f()  # warm-up
    times = sorted(t / number for t in timeit.Timer(f).repeat(repeat=repeat, number=number))
    return times[0], times[len(times) // 2]


def fmt(s):
    return f"{s * 1e6:,.2f} µs" if s < 1e-2 else f"{s * 1e3:,.1f} ms" if s < 10 else f"{s:,.2f} s"


def read_blt(path):
    """The BLT's ballots as lists of candidate names (as pyrankvote_irv.py reads them)."""
    lines = open(path, encoding="utf-8").read().split("\n")
    k = int(lines[0].split()[0])
    i, raw = 1, []
    while lines[i].strip() != "0":
        raw.append(lines[i].split())
        i += 1
    names = [lines[i + 1 + j].strip().strip('"') for j in range(k)]
    rankings, weights = [], []
    for parts in raw:
        rankings.append([names[int(x) - 1] for x in parts[1:] if x != "0"])
        weights.append(int(parts[0]))
    return names, rankings, weights


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--peers", default=str(REPO.parent / "shared" / "peers"), help="folder of gen_ballots.py")
    ap.add_argument("--ballots", type=int, default=100_000)
    ap.add_argument("--blt", help="use this BLT file instead of generating one")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()

    import votelib.evaluate.proportional as vp
    import pyrankvote
    from pyrankvote import Ballot, Candidate

    rows = {}
    from importlib.metadata import version

    info = {
        "python": platform.python_version(),
        "mandat": mandat.__version__,
        "votelib": version("votelib"),
        "pyrankvote": version("pyrankvote"),
        "cpu": platform.processor() or platform.machine(),
        "cores": os.cpu_count(),
    }

    # ---------------------------------------------------------------- apportionment
    rng = random.Random(1)
    parties20 = {f"P{i}": rng.randint(1000, 2_000_000) for i in range(20)}
    states = json.load(open(REPO / "tests" / "cases" / "us-house-2020.json"))["constituencies"][0]["votes"]
    for name, method, vname, votes, seats, n_m, n_v in [
        ("dhondt_150_seats_20_parties", "dhondt", "d_hondt", parties20, 150, 20_000, 200),
        ("sainte_lague_435_seats_50_states", "sainte-lague", "sainte_lague", states, 435, 5_000, 20),
    ]:
        ours = mandat.apportion(votes, seats, method=method).seats
        theirs = {p: int(s) for p, s in vp.HighestAverages(vname).evaluate(votes, seats).items()}
        assert {p: s for p, s in ours.items() if s} == {p: s for p, s in theirs.items() if s}, name
        m = per_call(lambda: mandat.apportion(votes, seats, method=method).seats, n_m, 7)
        v = per_call(lambda: vp.HighestAverages(vname).evaluate(votes, seats), n_v, 7)
        ev = vp.HighestAverages(vname)
        v_only = per_call(lambda: ev.evaluate(votes, seats), n_v, 7)
        rows[name] = {"mandat": m, "votelib": v, "votelib_evaluate_only": v_only, "ratio": v[0] / m[0], "ratio_evaluate_only": v_only[0] / m[0]}

    # ------------------------------------------------------------------- ranked
    tmp = None
    blt = a.blt
    if blt is None:
        tmp = tempfile.TemporaryDirectory()
        blt = os.path.join(tmp.name, f"irv-{a.ballots}.blt")
        with open(blt, "w") as f:
            subprocess.run([sys.executable, os.path.join(a.peers, "gen_ballots.py"), str(a.ballots), "13", "5", "20261128"], stdout=f, check=True)
    names, rankings, weights = read_blt(blt)
    info["ballots"] = sum(weights)
    info["ballot_file"] = f"gen_ballots.py {a.ballots} 13 5 20261128"
    cands = {n: Candidate(n) for n in names}
    prv_ballots = []
    for r, w in zip(rankings, weights):
        prv_ballots.extend([Ballot(ranked_candidates=[cands[n] for n in r])] * w)
    clist = [cands[n] for n in names]

    def build():
        out = []
        for r, w in zip(rankings, weights):
            out.extend([Ballot(ranked_candidates=[cands[n] for n in r])] * w)
        return out

    irv = pyrankvote.instant_runoff_voting
    stv = lambda c, b: pyrankvote.single_transferable_vote(c, b, number_of_seats=3)  # noqa: E731
    for name, rule, seats, count in [("irv", "irv", 1, irv), ("stv_3_seats", "stv-scottish", 3, stv)]:
        ours = mandat.tabulate(rankings, rule=rule, seats=seats, weights=weights, candidates=names)
        theirs = [c.name for c in count(clist, prv_ballots).get_winners()]
        m = per_call(lambda: mandat.tabulate(rankings, rule=rule, seats=seats, weights=weights, candidates=names).elected, 3, 5)
        m_file = per_call(lambda: mandat.tabulate(blt, rule=rule, seats=seats).elected, 3, 5)
        p = per_call(lambda: count(clist, build()), 1, 3)
        p_count = per_call(lambda: count(clist, prv_ballots), 1, 3)
        rows[f"{name}_{info['ballots']}_ballots"] = {
            "mandat": m,
            "mandat_from_blt_file": m_file,
            "pyrankvote": p,
            "pyrankvote_count_only": p_count,
            "ratio": p[0] / m[0],
            "winners_mandat": ours.elected,
            "winners_pyrankvote": theirs,
        }
    if tmp is not None:
        tmp.cleanup()

    if a.json:
        print(json.dumps({"info": info, "rows": rows}, indent=2, ensure_ascii=False))
        return
    print(" ".join(f"{k}={v}" for k, v in info.items()))
    for k, r in rows.items():
        peer = "votelib" if "votelib" in r else "pyrankvote"
        line = f"{k}: mandat {fmt(r['mandat'][0])} (median {fmt(r['mandat'][1])}); {peer} {fmt(r[peer][0])} (median {fmt(r[peer][1])}); {peer} ÷ mandat {r['ratio']:,.0f}×"
        if "votelib_evaluate_only" in r:
            line += f"; votelib evaluator built once {fmt(r['votelib_evaluate_only'][0])} ({r['ratio_evaluate_only']:,.0f}×)"
        if "mandat_from_blt_file" in r:
            line += f"; pyrankvote count only {fmt(r['pyrankvote_count_only'][0])}; mandat reading the BLT file {fmt(r['mandat_from_blt_file'][0])}"
            line += f"\n    winners: mandat {r['winners_mandat']}, pyrankvote {r['winners_pyrankvote']}"
        print(line)


if __name__ == "__main__":
    main()
