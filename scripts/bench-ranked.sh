#!/usr/bin/env bash
# Ranked-ballot benchmarks (issue 5): make the inputs (fixed seeds), time the `mandat`
# binary end to end, run the divan bench, then the pyrankvote peer on the same ballots,
# in one run. Figures and how to read them: BENCHMARKS.md, "Ranked ballots (issue 5)".
#
# usage: scripts/bench-ranked.sh [DIVAN ARGS...]
# env:   CARGO_TARGET_DIR (as usual), SHARED (default: ../shared beside the repo),
#        MANDAT_BENCH_DATA (default: $CARGO_TARGET_DIR/bench-ranked or target/bench-ranked),
#        PYRANKVOTE_LINES (ballots given to pyrankvote, default 100000), PYTHON (python3).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${SHARED:-$root/../shared}"
target="${CARGO_TARGET_DIR:-$root/target}"
data="${MANDAT_BENCH_DATA:-$target/bench-ranked}"
python="${PYTHON:-python3}"
lines="${PYRANKVOTE_LINES:-100000}"
export MANDAT_BENCH_DATA="$data"
mkdir -p "$data"

"$root/scripts/bench-machine.sh"
echo "python:  $("$python" --version 2>&1)"

echo
echo "== inputs (in $data)"
if [ ! -f "$data/irv-1m.blt" ]; then
    "$python" "$shared/peers/gen_ballots.py" 1000000 13 5 20261128 > "$data/irv-1m.blt"
fi
if [ ! -f "$data/meek-100k.blt" ]; then
    "$python" "$shared/peers/gen_ballots.py" 100000 20 5 20261128 > "$data/meek-100k.blt"
fi
if [ ! -f "$data/irv-1m.csv" ]; then
    # The same ballots as a rankings CSV, one ballot per row (no weights).
    "$python" - "$data/irv-1m.blt" "$data/irv-1m.csv" <<'PY'
import sys
lines = open(sys.argv[1]).read().split("\n")
k = int(lines[0].split()[0]); i = 1; rows = []
while lines[i].strip() != "0":
    rows.append(lines[i].split()); i += 1
names = [lines[i + 1 + j].strip().strip('"') for j in range(k)]
with open(sys.argv[2], "w") as f:
    f.write("rank1,rank2,rank3,rank4,rank5\n")
    for p in rows:
        f.write((",".join(names[int(x) - 1] for x in p[1:] if x != "0") + "\n") * int(p[0]))
PY
fi
# The 10,000,000-ballot inputs (issue 17) are made in /tmp, never in the repository:
# about 107 MB (BLT) and 360 MB (CSV). BIG_DATA=none skips them.
big="${BIG_DATA:-/tmp/mandat-bench-ranked}"
if [ "$big" != none ]; then
    mkdir -p "$big"
    if [ ! -f "$big/irv-10m.blt" ]; then
        "$python" "$shared/peers/gen_ballots.py" 10000000 13 5 20261128 > "$big/irv-10m.blt"
    fi
    if [ ! -f "$big/irv-10m.csv" ]; then
        "$python" - "$big/irv-10m.blt" "$big/irv-10m.csv" <<'PY2'
import sys
with open(sys.argv[1]) as f, open(sys.argv[2], "w") as out:
    k = int(f.readline().split()[0]); rows = []
    for line in f:
        if line.strip() == "0":
            break
        rows.append(line.split())
    names = [f.readline().strip().strip('"') for _ in range(k)]
    out.write("rank1,rank2,rank3,rank4,rank5\n")
    for p in rows:
        out.write((",".join(names[int(x) - 1] for x in p[1:] if x != "0") + "\n") * int(p[0]))
PY2
    fi
    ls -l "$big"
fi
ls -l "$data"

echo
echo "== mandat binary, end to end (wall seconds, best of 3)"
cd "$root"
cargo build --release -q -p mandat-cli
bin="$target/release/mandat"
best() { local b=999; for _ in 1 2 3; do local s e; s=$(date +%s.%N); "$@" > /dev/null; e=$(date +%s.%N); b=$(echo "$e - $s" | bc | awk -v b="$b" '{print ($1 < b ? $1 : b)}'); done; echo "$b"; }
echo "irv 1M ballots (CSV):          $(best "$bin" tabulate --rule irv "$data/irv-1m.csv") s"
echo "irv 1M ballots (BLT):          $(best "$bin" tabulate --rule irv "$data/irv-1m.blt") s"

echo
echo "== mandat binary, wall seconds and peak memory (/usr/bin/time, median of 5)"
med() { for _ in 1 2 3 4 5; do /usr/bin/time -f "%e s wall, %U s user, %M KB max RSS" "$@" 2>&1 > /dev/null | tail -1; done | sort -n | sed -n 3p; }
for f in "$data/irv-1m.blt" "$data/irv-1m.csv"; do echo "irv $(basename "$f"): $(med "$bin" tabulate --rule irv "$f")"; done
if [ "$big" != none ]; then
    for f in "$big/irv-10m.blt" "$big/irv-10m.csv"; do echo "irv $(basename "$f"): $(med "$bin" tabulate --rule irv "$f")"; done
fi
echo "meek 100k ballots, 5 seats:     $(best "$bin" tabulate --rule meek --seats 5 "$data/meek-100k.blt") s"
echo "meek-nz 100k ballots, 5 seats:  $(best "$bin" tabulate --rule meek-nz --seats 5 "$data/meek-100k.blt") s"
scale="$shared/rctab-test-data/2013_minneapolis_mayor_scale/2013_minneapolis_mayor_scale_config.json"
echo "RCTab minneapolis_mayor_scale:  $(best "$bin" tabulate --rctab-config "$scale") s"

echo
echo "== mandat (divan)"
cargo bench -p mandat-io --bench ranked -- "$@"

echo
echo "== pyrankvote (IRV, the first $lines ballots of irv-1m.blt, then all of them)"
"$python" -c "import pyrankvote" 2>/dev/null || "$python" -m pip install -q pyrankvote
"$python" "$shared/peers/pyrankvote_irv.py" "$data/irv-1m.blt" "$lines"
"$python" "$shared/peers/pyrankvote_irv.py" "$data/irv-1m.blt"

echo
echo "== tallystick 0.4.3 (IRV, all of irv-1m.blt, end to end; scripts/peers/tallystick-irv)"
# Its IRV module sits behind its "nightly" feature (specialization), so it builds with nightly.
if cargo +nightly --version > /dev/null 2>&1; then
    cargo +nightly build --release -q --manifest-path "$root/scripts/peers/tallystick-irv/Cargo.toml" --target-dir "$target/peers"
    echo "tallystick irv-1m.blt: $(med "$target/peers/release/tallystick-irv" "$data/irv-1m.blt")"
    echo "mandat     irv-1m.blt: $(med "$bin" tabulate --rule irv "$data/irv-1m.blt")"
else
    echo "skipped: no nightly toolchain (rustup toolchain install nightly)"
fi
