#!/usr/bin/env bash
# Issue 7's projection benchmarks, with the votelib peer in the same run.
#   scripts/bench-projection.sh
set -euo pipefail
cd "$(dirname "$0")/.."
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load: $(cut -d' ' -f1-3 /proc/loadavg)"
date -u
cargo build --release -q
BIN="${CARGO_TARGET_DIR:-target}/release/mandat"
command -v /usr/bin/time >/dev/null || apt-get install -y -qq time >/dev/null
echo "== divan: projection benchmarks (10,000 Belgian-size and 2,000 Norwegian simulations per iteration)"
cargo bench -q -p mandat-io --bench projection
echo "== end to end: 1,000,000 simulations, Belgian size (11 constituencies, 150 seats, 12 lists, D'Hondt, 5% per constituency)"
/usr/bin/time -f "wall %e s, user %U s, max RSS %M KB" "$BIN" project \
  --law benches-data/belgian-size.toml --base benches-data/belgian-size.json \
  --poll benches-data/belgian-size-poll.csv --sims 1000000 --seed 1 --coalition "L0+L1" >/dev/null
echo "== end to end: 100,000 Norwegian Storting elections under the full law (base 2021)"
/usr/bin/time -f "wall %e s, user %U s, max RSS %M KB" "$BIN" project \
  --law no-storting --base tests/cases/no-storting-2021.json \
  --poll benches-data/no-storting-2021-poll.csv --sims 100000 --seed 1 >/dev/null
echo "== end to end: 1,000,000 Norwegian Storting elections under the full law (issue 17's target: <= 3 s)"
/usr/bin/time -f "wall %e s, user %U s, max RSS %M KB" "$BIN" project \
  --law no-storting --base tests/cases/no-storting-2021.json \
  --poll benches-data/no-storting-2021-poll.csv --sims 1000000 --seed 1 >/dev/null
echo "== CPU per simulation on one thread (stable under load): Belgian size 200,000, Norway 30,000"
RAYON_NUM_THREADS=1 /usr/bin/time -f "Belgian size: user %U s" "$BIN" project \
  --law benches-data/belgian-size.toml --base benches-data/belgian-size.json \
  --poll benches-data/belgian-size-poll.csv --sims 200000 --seed 1 --coalition "L0+L1" >/dev/null
RAYON_NUM_THREADS=1 /usr/bin/time -f "Norway: user %U s" "$BIN" project \
  --law no-storting --base tests/cases/no-storting-2021.json \
  --poll benches-data/no-storting-2021-poll.csv --sims 30000 --seed 1 >/dev/null
echo "== peer: the same Belgian-size model in Python with votelib"
python3 -c "import votelib" 2>/dev/null || pip install -q votelib
python3 scripts/peers/votelib_projection.py 2000
