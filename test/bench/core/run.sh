#!/usr/bin/env bash
# Builds and runs the micro-benchmarks of the pure C++ core (no PostgreSQL needed):
#   bash test/bench/core/run.sh
# Compiled like the extension's core (-O2, C++17), against the sources of this checkout.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
g++ -std=c++17 -O2 -DNDEBUG -I"$root/src" "$root/test/bench/core/plan_bench.cpp" "$root/src/core/planner.cpp" -o "$out/plan_bench"
"$out/plan_bench" "$@"
