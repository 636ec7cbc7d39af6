#!/usr/bin/env bash
# Fuzzes the readers of mandat-io (results JSON/CSV/XML, votes, law TOML) and the count that
# follows a successful parse: no input may make them panic, overflow or hang.
# The targets live in fuzz/ (a crate of its own, outside the workspace); see
# fuzz/fuzz_targets/*.rs for what each one checks.
#
# usage: scripts/fuzz.sh [SECONDS] [TARGET...]
#          SECONDS  time per target (default 60); TARGET  default: every target
#          e.g. scripts/fuzz.sh 120            scripts/fuzz.sh 30 law votes
# env:   FUZZ_SANITIZER  address (default; falls back to none if it does not build) | none
#        FUZZ_TIMEOUT    seconds one input may take before it counts as a hang (default 10)
#        FUZZ_ARGS       extra libFuzzer arguments, e.g. "-max_len=2048 -only_ascii=1"
#        CARGO_TARGET_DIR as usual (default: fuzz/target)
#
# Works on a stable toolchain: cargo-fuzz needs nightly-only flags (-Zsanitizer, ...),
# so RUSTC_BOOTSTRAP=1 is set unless rustc is a nightly.
#
# The corpus (fuzz/corpus/<target>/, not committed) is seeded on every run from the
# committed seeds (fuzz/seeds/<target>/) and from the repository's own inputs
# (tests/cases/*.json, laws/*.toml); what the fuzzer learns stays in it between runs.
# A crash, hang or out-of-memory input is written to fuzz/artifacts/<target>/; reproduce
# it with `RUSTC_BOOTSTRAP=1 cargo fuzz run <target> <file>`, shrink it with
# `RUSTC_BOOTSTRAP=1 cargo fuzz tmin <target> <file>`. Exit status: 1 if any target
# found something, 0 otherwise.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fuzz="$root/fuzz"
all_targets=(results_json results_csv votes law ranked_blt ranked_csv results_xml)

seconds="${1:-60}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -eq 0 ]; then
    echo "usage: scripts/fuzz.sh [SECONDS] [TARGET...]   (SECONDS: a positive whole number)" >&2
    exit 2
fi
shift $(( $# > 0 ? 1 : 0 ))
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")
for t in "${targets[@]}"; do
    [ -f "$fuzz/fuzz_targets/$t.rs" ] || { echo "no fuzz target $t (targets: ${all_targets[*]})" >&2; exit 2; }
done

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "== installing cargo-fuzz"
    cargo install --locked cargo-fuzz
fi
if ! rustc --version | grep -q nightly; then
    export RUSTC_BOOTSTRAP=1
fi

sanitizer="${FUZZ_SANITIZER:-address}"
timeout="${FUZZ_TIMEOUT:-10}"
# Release code with debug assertions and overflow checks (cargo-fuzz's default, spelled out).
build_flags=(--release --debug-assertions)

cd "$root"
echo "== building ${targets[*]} (sanitizer: $sanitizer; $(rustc --version))"
build_log="$(mktemp)"
trap 'rm -f "$build_log"' EXIT
for t in "${targets[@]}"; do
    if ! cargo fuzz build "${build_flags[@]}" --sanitizer "$sanitizer" "$t" 2>&1 | tee "$build_log"; then
        # A compile error in the crates is not the sanitizer's fault: stop there.
        if [ "$sanitizer" = address ] && ! grep -q '^error\[E\|could not compile' "$build_log"; then
            echo "== AddressSanitizer build failed; falling back to --sanitizer none" >&2
            sanitizer=none
            cargo fuzz build "${build_flags[@]}" --sanitizer "$sanitizer" "$t"
        else
            echo "== the fuzz targets do not build (see above)" >&2
            exit 1
        fi
    fi
done

# Seeds for each target: the committed ones, plus the repository's real inputs.
seed_corpus() {
    local t="$1" dir="$fuzz/corpus/$1"
    mkdir -p "$dir"
    cp -f "$fuzz/seeds/$t"/* "$dir"/ 2>/dev/null || true
    case "$t" in
        results_json) cp -f "$root"/tests/cases/*.json "$dir"/ ;;
        law) cp -f "$root"/laws/*.toml "$dir"/ ;;
    esac
}

logs="${CARGO_TARGET_DIR:-$fuzz/target}/fuzz-logs"
mkdir -p "$logs"
summary=()
found=0
for t in "${targets[@]}"; do
    seed_corpus "$t"
    artifacts="$fuzz/artifacts/$t"
    mkdir -p "$artifacts"
    before="$(ls -A "$artifacts" | sort)"
    dict=()
    [ -f "$fuzz/dicts/$t.dict" ] && dict=("-dict=$fuzz/dicts/$t.dict")
    log="$logs/$t.log"
    echo
    echo "== $t: ${seconds}s (log: $log)"
    set +e
    # shellcheck disable=SC2086  # FUZZ_ARGS is split into libFuzzer arguments on purpose
    cargo fuzz run "${build_flags[@]}" --sanitizer "$sanitizer" "$t" "$fuzz/corpus/$t" -- \
        -max_total_time="$seconds" -timeout="$timeout" -print_final_stats=1 \
        "${dict[@]}" ${FUZZ_ARGS:-} >"$log" 2>&1
    status=$?
    set -e
    execs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1 || true)"
    # Without final stats (a crash stops the run), the last status line: "#12345 ...".
    [ -n "$execs" ] || execs="$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#' || true)"
    new="$(comm -13 <(echo "$before") <(ls -A "$artifacts" | sort) | grep -v '^$' || true)"
    crashes="$(printf '%s' "$new" | grep -c . || true)"
    corpus_size="$(ls -A "$fuzz/corpus/$t" | wc -l)"
    if [ "$crashes" -gt 0 ] || [ "$status" -ne 0 ]; then
        found=1
        echo "!! $t: exit status $status, new artifacts:"
        printf '%s\n' "$new" | sed "s|^|   fuzz/artifacts/$t/|"
        grep -m1 -A3 "panicked at\|ERROR: libFuzzer\|==ERROR" "$log" | sed 's/^/   /' || true
    fi
    summary+=("$(printf '%-14s %12s %8s %8s %7s' "$t" "${execs:-?}" "$crashes" "$corpus_size" "$status")")
    tail -n 6 "$log" | grep '^stat::' | sed 's/^/   /' || true
done

echo
echo "== summary (${seconds}s per target, sanitizer $sanitizer)"
printf '%-14s %12s %8s %8s %7s\n' target executions crashes corpus status
printf '%s\n' "${summary[@]}"
exit "$found"
