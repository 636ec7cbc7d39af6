#!/usr/bin/env python3
"""The projection model of `mandat project`, written with votelib, to time it in the same run.

Model (as crates/mandat-core/src/analysis/projection.rs): national shares from a Dirichlet with
parameters share x sample size (1000); proportional swing of each list's constituency votes by
its simulated national share over its base share; log-normal constituency noise (sd 0.05);
votes rounded; each constituency counted by D'Hondt among lists with at least 5% of its votes
(votelib: Conditioned(RelativeThreshold(0.05), HighestAverages('d_hondt'))).

usage: python3 votelib_projection.py [SIMS]   (default 2000) -> microseconds per simulation
"""
import json, math, os, random, sys, time
import votelib.evaluate.core as core
import votelib.evaluate.proportional as prop
import votelib.evaluate.threshold as threshold

here = os.path.dirname(os.path.abspath(__file__))
base = json.load(open(os.path.join(here, "..", "..", "benches-data", "belgian-size.json")))["constituencies"]
parties = list(base[0]["votes"])
national = {p: sum(c["votes"][p] for c in base) for p in parties}
total = sum(national.values())
shares = {p: national[p] / total for p in parties}
evaluator = core.Conditioned(threshold.RelativeThreshold(0.05), prop.HighestAverages("d_hondt"))

def simulate(rng):
    g = {p: rng.gammavariate(shares[p] * 1000, 1.0) for p in parties}
    s = sum(g.values())
    sim = {p: g[p] / s for p in parties}
    seats = {p: 0 for p in parties}
    for c in base:
        votes = {}
        for p, v in c["votes"].items():
            x = v * sim[p] / shares[p]
            x *= math.exp(0.05 * rng.gauss(0, 1) - 0.05 * 0.05 / 2)
            votes[p] = int(round(x))
        for p, n in evaluator.evaluate(votes, c["seats"]).items():
            # votelib returns an undecided tie as a Tie key: give it to one member (lot).
            seats[p if isinstance(p, str) else sorted(p)[0]] += n
    return seats

sims = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
rng = random.Random(1)
simulate(rng)
t = time.perf_counter()
for _ in range(sims):
    simulate(rng)
dt = (time.perf_counter() - t) / sims
print(f"votelib projection, Belgian size: {dt * 1e6:.1f} us per simulation ({sims} simulations)")
