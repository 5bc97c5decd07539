#!/usr/bin/env bash
# Installs the Debian packages partman_ext needs to build, test and demo (PostgreSQL 15 server
# and headers, LLVM for the bitcode step, Boost, GoogleTest, pgTAP, pg_prove, libpq for the
# command-line client, jq for its test), to build its Debian package (debhelper, pg_buildext), and
# the peers its tests run against: pg_cron and pg_partman 4.7.2 (managed-service path,
# import_pg_partman), prometheus-postgres-exporter (contrib/prometheus), Python's jsonschema
# (META.json). Does nothing when they are already there; needs root (or sudo) otherwise.
set -euo pipefail
pkgs=(make g++ clang-14 llvm-14 postgresql-15 postgresql-server-dev-15 postgresql-15-pgtap
      libtap-parser-sourcehandler-pgtap-perl libboost-dev googletest iproute2 libpq-dev jq
      debhelper dpkg-dev postgresql-server-dev-all
      postgresql-15-cron postgresql-15-partman prometheus-postgres-exporter
      python3 python3-jsonschema curl "$@")
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "== installing: ${missing[*]}"
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
