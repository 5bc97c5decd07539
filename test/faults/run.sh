#!/usr/bin/env bash
# The boundary under fault injection (issue 14 item 6): builds a copy of this checkout with
# FAULTS=1 (every pg::call can raise an ERROR, see src/pg/guard.hpp), starts a cluster of its own
# and makes every call on the paths of test/faults/workload.sql fail once. Passes when no run
# ends the session or restarts the server, and every failure is the injected ERROR (or one of ours
# wrapping it). Not part of scripts/test.sh (it builds the library again: minutes).
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d /tmp/partman-faults.XXXXXX)
chmod 755 "$work"
cleanup() { (cd "$work" && bash scripts/dev-cluster.sh destroy >/dev/null 2>&1) || true; rm -rf "$work"; }
trap cleanup EXIT
git ls-files -z --cached --others --exclude-standard |
  while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
  tar --null -T - -cf - | tar -C "$work" -xf -
echo "== build with FAULTS=1 in $work"
(cd "$work" && FAULTS=1 bash scripts/dev-cluster.sh start >/dev/null)
eval "$(cd "$work" && bash scripts/dev-cluster.sh env)"
psql -q -d postgres -c "ALTER DATABASE postgres SET partman_ext.pause_scheduler = on"
out=$(psql -X -d postgres -f "$work/test/faults/workload.sql" 2>&1) || { echo "$out"; echo "not ok - the workload's session ended"; exit 1; }
echo "$out"
status=0
grep -q '^ t$' <<<"$out" || { echo "not ok - the server restarted"; status=1; }
if grep -q '  call [0-9]*:' <<<"$out"; then echo "not ok - failures other than the injected ERROR (above)"; status=1; fi
[ $status -eq 0 ] && echo "ok - every pg::call on the workload's paths failed once; no session or server was lost"
exit $status
