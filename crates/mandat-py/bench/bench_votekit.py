#!/usr/bin/env python3
"""mandat from Python against VoteKit, in one process, on the same ballots.

usage (from the repository root, in a venv with the mandat wheel and votekit):
    python crates/mandat-py/bench/bench_votekit.py [--peers ../shared/peers] [--ballots 100000]

The ballots are those of bench.py (gen_ballots.py N 13 5 20261128, Plackett-Luce), read
from the BLT into Python lists of candidate names. Timed per call, best and median of the
repeats:
  - mandat: mandat.tabulate(rankings, rule, seats, weights=..., candidates=...), from the
    Python lists (the Python boundary included), and mandat.tabulate(profile, ...) from
    the VoteKit PreferenceProfile itself;
  - VoteKit: building its PreferenceProfile from the same lists (as a VoteKit user starts
    from their data) and running its election; and its election alone on a profile built
    beforehand.
IRV (one seat) and STV for 3 seats. VoteKit's STV (Droop quota, fractional transfer,
simultaneous surpluses) is another procedure than Scottish STV: that row compares speed,
and both sets of winners are printed.
"""
import argparse
import os
import pathlib
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from bench import REPO, fmt, per_call, read_blt  # noqa: E402

import mandat  # noqa: E402
from votekit import PreferenceProfile, RankBallot  # noqa: E402
from votekit.elections import IRV, STV  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--peers", default=str(REPO.parent / "shared" / "peers"))
    ap.add_argument("--ballots", type=int, default=100_000)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        blt = os.path.join(tmp, "ballots.blt")
        with open(blt, "w") as f:
            subprocess.run([sys.executable, os.path.join(a.peers, "gen_ballots.py"), str(a.ballots), "13", "5", "20261128"], stdout=f, check=True)
        names, rankings, weights = read_blt(blt)

    def profile():
        return PreferenceProfile(ballots=[RankBallot(ranking=[{n} for n in r], weight=w) for r, w in zip(rankings, weights)], candidates=names)

    built = profile()
    import votekit
    print(f"ballots={sum(weights)} distinct={len(rankings)} votekit={votekit.__version__ if hasattr(votekit, '__version__') else '?'} python={sys.version.split()[0]}")
    for name, rule, seats, election in [("irv", "irv", 1, lambda p: IRV(p)), ("stv_3_seats", "stv-scottish", 3, lambda p: STV(p, n_seats=3))]:
        ours = mandat.tabulate(rankings, rule=rule, seats=seats, weights=weights, candidates=names).elected
        theirs = [c for s in election(built).get_elected() for c in s]
        m = per_call(lambda: mandat.tabulate(rankings, rule=rule, seats=seats, weights=weights, candidates=names).elected, 3, 5)
        m_profile = per_call(lambda: mandat.tabulate(built, rule=rule, seats=seats).elected, 3, 5)
        v = per_call(lambda: election(profile()).get_elected(), 1, 3)
        v_count = per_call(lambda: election(built).get_elected(), 1, 3)
        print(
            f"{name}: mandat {fmt(m[0])} (median {fmt(m[1])}); mandat from the VoteKit profile {fmt(m_profile[0])}; "
            f"VoteKit {fmt(v[0])} (median {fmt(v[1])}); VoteKit election alone {fmt(v_count[0])}; VoteKit ÷ mandat {v[0] / m[0]:,.0f}×\n"
            f"    winners: mandat {ours}, VoteKit {theirs}"
        )


if __name__ == "__main__":
    main()
