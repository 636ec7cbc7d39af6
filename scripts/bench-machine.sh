#!/usr/bin/env bash
# The machine a benchmark ran on, printed at the head of every bench-*.sh run.
echo "== machine"
echo "date:    $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "cores:   $(nproc)"
echo "cpu:     $(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg)"
echo "rustc:   $(rustc --version)"
