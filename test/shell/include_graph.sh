#!/usr/bin/env bash
# The layers of src/ (docs/architecture.md): no include runs up from one layer to another.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/include-graph.sh >/dev/null || { bash scripts/include-graph.sh | sed -n '/includes against the layers/,$p'; exit 1; }
echo "include graph: every include points down the layers"
