#!/usr/bin/env bash
# The folders of src/ as layers, and the includes between them (docs/architecture.md, "Layers").
# Prints every folder-level include edge with its count, then a drawing of the layers; exits 1
# when an include runs up the layers (or sideways where the rule forbids it), naming the line.
#
#   bash scripts/include-graph.sh          # edges, drawing, check
#   bash scripts/include-graph.sh --dot    # the edges as a Graphviz digraph
#
# The rule (what each folder may include besides itself):
#   module (src/module.cpp)  sql worker engine pg core
#   sql                      worker engine pg core
#   worker                   engine pg core
#   engine                   pg core
#   pg                       core
#   core                     (nothing: no PostgreSQL header either)
#   cli                      core            (the command-line client, a program of its own)
#   test-module              pg core         (test/module, the test-only library)
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A allowed=(
  [module]="sql worker engine pg core"
  [sql]="worker engine pg core"
  [worker]="engine pg core"
  [engine]="pg core"
  [pg]="core"
  [core]=""
  [cli]="core"
  [test-module]="pg core"
)

folder_of() {  # path of a source file -> its layer
  case "$1" in
    src/*/*) local rest=${1#src/}; echo "${rest%%/*}" ;;
    src/*) echo module ;;
    test/module/*) echo test-module ;;
  esac
}

edges=$(mktemp)
bad=$(mktemp)
trap 'rm -f "$edges" "$bad"' EXIT
while IFS= read -r file; do
  from=$(folder_of "$file")
  # Project includes are "folder/file.hpp" naming a file under src/ (PostgreSQL's are not).
  { grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$file" || true; } | while IFS= read -r line; do
    num=${line%%:*}
    inc=$(sed -E 's/^[^"]*"([^"]+)".*/\1/' <<<"${line#*:}")
    [ -f "src/$inc" ] || continue
    to=${inc%%/*}
    [ "$to" = "$from" ] && continue
    echo "$from $to" >>"$edges"
    case " ${allowed[$from]} " in
      *" $to "*) ;;
      *) echo "$file:$num: $from includes $inc ($to is not below $from)" >>"$bad" ;;
    esac
  done
  if [ "$from" = core ] && grep -qE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](postgres|fmgr|utils/|catalog/|access/)' "$file"; then
    echo "$file: src/core includes a PostgreSQL header" >>"$bad"
  fi
done < <(find src test/module -name '*.cpp' -o -name '*.hpp' | sort)

if [ "${1:-}" = --dot ]; then
  echo 'digraph includes {'
  echo '  rankdir=TB; node [shape=box];'
  sort "$edges" | uniq -c | awk '{printf "  \"%s\" -> \"%s\" [label=%d];\n", $2, $3, $1}'
  echo '}'
else
  echo "folder-level includes (count):"
  sort "$edges" | uniq -c | awk '{printf "  %-12s -> %-8s %4d\n", $2, $3, $1}'
  cat <<'DRAWING'

layers (every arrow points down; worker and sql both use the engine):

    src/module.cpp  _PG_init
        |      \
        v       v
    src/sql  --> src/worker      SQL entry points / launcher + scheduler
        |      /
        v     v
    src/engine                   the work: sets, maintenance, DDL, buckets, routing, jobs
        |
        v
    src/pg                       plumbing: error boundary, SPI, SRF, GUCs, catalog, locks, Citus
        |
        v
    src/core  <--  src/cli       pure C++ (no PostgreSQL headers)
DRAWING
fi

if [ -s "$bad" ]; then
  echo
  echo "includes against the layers:"
  cat "$bad"
  exit 1
fi
