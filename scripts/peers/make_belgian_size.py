#!/usr/bin/env python3
"""Writes benches-data/belgian-size.json: the projection benchmark's base election (the 11
constituency magnitudes of the Belgian Chamber, 150 seats, 12 lists; votes drawn with a fixed
seed). Both the Rust benchmark and the votelib peer read this file."""
import json, random, os
rng = random.Random(2024)
seats = [24, 12, 20, 15, 16, 16, 5, 17, 15, 4, 6]
w = [1 / (1 + i * 0.6) for i in range(12)]
cons = [{"name": f"C{c}", "seats": s, "votes": {f"L{p}": int(s * 30000 * w[p] * rng.uniform(0.5, 1.5)) for p in range(12)}} for c, s in enumerate(seats)]
out = os.path.join(os.path.dirname(__file__), "..", "..", "benches-data", "belgian-size.json")
json.dump({"about": "Belgian-size benchmark input: the 11 constituency magnitudes of the Belgian Chamber (2024), 12 lists, votes drawn with Python random.Random(2024) (scripts/peers/make_belgian_size.py)", "constituencies": cons}, open(out, "w"), indent=1)
