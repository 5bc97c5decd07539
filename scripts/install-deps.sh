#!/usr/bin/env bash
# Installs the Debian packages partman_ext needs to build, test and demo (PostgreSQL 15 server
# and headers, LLVM for the bitcode step, Boost, GoogleTest, pgTAP, pg_prove, libpq for the
# command-line client, jq for its test). Does nothing when they are already there; needs root
# (or sudo) otherwise.
set -euo pipefail
pkgs=(make g++ clang-14 llvm-14 postgresql-15 postgresql-server-dev-15 postgresql-15-pgtap
      libtap-parser-sourcehandler-pgtap-perl libboost-dev googletest iproute2 libpq-dev jq "$@")
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
