#!/usr/bin/env bash
# The Debian package, as a new user would take it: builds postgresql-15-partman-ext_<version>-1_amd64.deb
# with dpkg-buildpackage (debian/, pg_buildext) from a copy of this checkout, installs it with
# dpkg -i, and runs the regression suite (pg_regress + isolation specs) against the installed
# files (debian/tests/installcheck, the autopkgtest). Needs root or sudo: dpkg -i writes to the
# system's PostgreSQL directories. The package is removed again at the end (KEEP_PACKAGE=1 keeps it).
# Not part of scripts/test.sh (the build alone takes minutes); CI runs it (.ci/run), and
# docs/packaging.md says how to run it by hand.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
bash scripts/install-deps.sh
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"

version=$(dpkg-parsechangelog -l debian/changelog -S Version)
upstream=${version%-*}
extversion=$(sed -n "s/^default_version *= *'\(.*\)'/\1/p" partman_ext.control)
[ "$upstream" = "$extversion" ] || { echo "debian/changelog says $upstream, partman_ext.control $extversion"; exit 1; }
arch=$(dpkg --print-architecture)
deb=postgresql-15-partman-ext_${version}_${arch}.deb

work=$(mktemp -d /tmp/partman-deb.XXXXXX)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
# The checkout as it is (committed and uncommitted files, no build products): dpkg-buildpackage
# writes the .deb next to the source folder, so it builds in a folder of its own.
mkdir "$work/src"
git ls-files -z --cached --others --exclude-standard |
  while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
  tar --null -T - -cf - | tar -C "$work/src" -xf -

echo "== dpkg-buildpackage -us -uc -b"
start=$(date +%s)
(cd "$work/src" && dpkg-buildpackage -us -uc -b) >"$work/build.log" 2>&1 ||
  { tail -50 "$work/build.log"; echo "dpkg-buildpackage failed"; exit 1; }
echo "built $deb in $(( $(date +%s) - start )) s"
[ -f "$work/$deb" ] || { ls "$work"; echo "expected $work/$deb"; exit 1; }
# What it installs (the LLVM bitcode files left out of the listing): nothing outside PostgreSQL's
# directories for libraries, programs, extensions and manual pages, and its own doc folder.
dpkg-deb -c "$work/$deb" | awk '{print $6}' | grep -v '/$' | grep -v '/bitcode/' | sort | tee "$work/contents"
for f in usr/lib/postgresql/15/lib/partman_ext.so usr/share/postgresql/15/extension/partman_ext.control \
         "usr/share/postgresql/15/extension/partman_ext--$upstream.sql" \
         usr/share/doc/postgresql-15-partman-ext/examples/queries.yaml \
         usr/share/doc/postgresql-15-partman-ext/examples/partman_ext.json; do
  grep -qx "./$f" "$work/contents" || { echo "the package lacks /$f"; exit 1; }
done
if grep -v -E '^\./usr/(lib/postgresql/15/(lib|bin)/|share/postgresql/15/(extension/partman_ext|man/)|share/man/|share/doc/postgresql-15-partman-ext/)' "$work/contents"; then
  echo "the package installs files outside its own places (above)"; exit 1
fi

echo "== dpkg -i $deb"
$sudo dpkg -i "$work/$deb" >/dev/null
cleanup() {
  [ "${KEEP_PACKAGE:-}" = 1 ] || $sudo dpkg -r postgresql-15-partman-ext >/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
dpkg-query -W -f='${Package} ${Version} ${Status}\n' postgresql-15-partman-ext

echo "== regression suite against the installed package (debian/tests/installcheck)"
cd "$work/src"
rc=0
debian/tests/installcheck 2>&1 | tee "$work/check.log" || rc=$?
[ $rc -eq 0 ] || { for f in regression.diffs output_iso/regression.diffs; do [ -f "$f" ] && cat "$f"; done; }
passed=$(grep -c '\.\.\. ok' "$work/check.log" || true)
failed=$(grep -c '\.\.\. FAILED' "$work/check.log" || true)
[ $rc -ne 0 ] && [ "$failed" -eq 0 ] && failed=1
echo "package: $passed passed, $failed failed"
exit $rc
