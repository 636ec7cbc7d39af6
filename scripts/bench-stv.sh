#!/usr/bin/env bash
# Issue 17, "Speed at the limit": the STV figures (all 1,100 Scottish wards <= 0.3 s; exact
# Meek, 100,000 ballots, 15 seats <= 0.2 s). Makes the Meek input if absent (fixed seed, as
# scripts/bench-ranked.sh), then times the `mandat` binary (wall and CPU, /usr/bin/time,
# five runs each) and runs the divan benches. Figures: BENCHMARKS.md, "STV and Meek at the
# limit (issue 17)".
#
# usage: scripts/bench-stv.sh [DIVAN ARGS...]
# env:   CARGO_TARGET_DIR, SHARED (default ../shared), MANDAT_BENCH_DATA (default
#        $CARGO_TARGET_DIR/bench-ranked or target/bench-ranked), PYTHON (python3).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${SHARED:-$root/../shared}"
target="${CARGO_TARGET_DIR:-$root/target}"
data="${MANDAT_BENCH_DATA:-$target/bench-ranked}"
python="${PYTHON:-python3}"
export MANDAT_BENCH_DATA="$data"
mkdir -p "$data"

"$root/scripts/bench-machine.sh"

if [ ! -f "$data/meek-100k.blt" ]; then
    "$python" "$shared/peers/gen_ballots.py" 100000 20 5 20261128 > "$data/meek-100k.blt"
fi

cd "$root"
cargo build --release --locked -q -p mandat-cli
bin="$target/release/mandat"

echo
echo "== mandat binary (/usr/bin/time, 5 runs each: wall, user CPU, peak memory)"
for seats in 5 15; do
    for _ in 1 2 3 4 5; do
        /usr/bin/time -f "meek $seats seats: %e s wall, %U s user, %M KB" "$bin" tabulate --rule meek --seats "$seats" "$data/meek-100k.blt" > /dev/null
    done
done 2>&1
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg)"

echo
echo "== divan (cargo bench -p mandat-io --bench ranked): Scottish wards and Meek"
cargo bench --locked -p mandat-io --bench ranked -- scottish meek_100k "$@"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg)"
