#!/usr/bin/env bash
# Apportionment benchmarks (issue 2): mandat's divan bench, then the votelib peer on the
# same inputs, in one run so that the two sets of figures come from the same machine state.
# Figures and how to read them: BENCHMARKS.md, section "Apportionment (issue 2)".
#
# usage: scripts/bench-apportion.sh [DIVAN ARGS...]   e.g. scripts/bench-apportion.sh dhondt
# env:   CARGO_TARGET_DIR (cargo's as usual), PEERS (default: ../shared/peers beside the repo),
#        PYTHON (default: python3).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
peers="${PEERS:-$root/../shared/peers}"
python="${PYTHON:-python3}"

echo "== machine"
echo "date:    $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "cores:   $(nproc)"
echo "cpu:     $(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "rustc:   $(rustc --version)"
echo "python:  $("$python" --version 2>&1)"

echo
echo "== mandat (divan; times per allocation)"
cd "$root"
cargo bench -p mandat-core --bench apportion -- "$@"

echo
echo "== votelib (microseconds per allocation)"
if [ ! -f "$peers/votelib_apportion.py" ]; then
    echo "no peer script at $peers/votelib_apportion.py (set PEERS)" >&2
    exit 1
fi
if ! "$python" -c 'import votelib' 2>/dev/null; then
    echo "installing votelib (pip install votelib)"
    "$python" -m pip install --quiet votelib
fi
echo "votelib: $("$python" -m pip show votelib 2>/dev/null | sed -n 's/^Version: //p')"
"$python" "$peers/votelib_apportion.py"
