#!/usr/bin/env python3
# usage: scripts/wall.py N "CMD ARGS" ["CMD ARGS" ...]   (BENCHMARKS.md, issue 17, session 7)
# Wall time of whole-binary runs with sub-millisecond resolution: median of N runs each,
# interleaved (mandat, peer, mandat, peer, ...), output to /dev/null.
import subprocess, sys, time, statistics
n = int(sys.argv[1]); cmds = [c.split() for c in sys.argv[2:]]
times = [[] for _ in cmds]
for _ in range(n):
    for i, c in enumerate(cmds):
        t = time.perf_counter(); subprocess.run(c, stdout=subprocess.DEVNULL, check=True); times[i].append(time.perf_counter() - t)
for c, ts in zip(cmds, times):
    ts.sort(); print(f"{' '.join(c[:1]).split('/')[-1]}: median {statistics.median(ts)*1000:.1f} ms, min {ts[0]*1000:.1f}, max {ts[-1]*1000:.1f} (n={n})")
