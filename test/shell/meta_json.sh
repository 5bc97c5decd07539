#!/usr/bin/env bash
# META.json is valid PGXN metadata: it passes the PGXN Meta Spec v1 as a JSON Schema
# (test/package/pgxn-meta-v1.schema.json, Debian's python3-jsonschema), and says what PGXN users
# need: version = partman_ext.control's default_version, a maintainer with an email address,
# homepage, bugtracker and repository, a release status, and provides/docfile pointing at files in
# the repository. Also: LICENSE is the PostgreSQL licence, CHANGELOG.md has a section per release,
# debian/changelog's version matches. Needs no cluster.
set -euo pipefail
cd "$(dirname "$0")/../.."
/usr/bin/python3 - <<'PY'
import json, os, re, sys
import jsonschema
meta = json.load(open("META.json"))
schema = json.load(open("test/package/pgxn-meta-v1.schema.json"))
jsonschema.Draft202012Validator.check_schema(schema)
errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(meta), key=lambda e: list(e.path))
bad = [f"META.json /{'/'.join(map(str, e.path))}: {e.message}" for e in errors]
# The schema itself rejects what the spec forbids:
for what, broken in (("no maintainer", {k: v for k, v in meta.items() if k != "maintainer"}),
                     ("version 0.2", dict(meta, version="0.2")), ("empty resources", dict(meta, resources={})),
                     ("license gpl", dict(meta, license="gpl")), ("release_status final", dict(meta, release_status="final")),
                     ("provides without version", dict(meta, provides={"partman_ext": {"file": "x.sql"}})),
                     ("unknown key", dict(meta, homepage="https://example.org/"))):
    if jsonschema.Draft202012Validator(schema).is_valid(broken):
        bad.append(f"the schema accepts a META.json with {what}")
control = open("partman_ext.control").read()
default_version = re.search(r"^default_version\s*=\s*'([^']+)'", control, re.M).group(1)
if meta["version"] != default_version:
    bad.append(f"META.json version {meta['version']} is not partman_ext.control's {default_version}")
for name, p in meta["provides"].items():
    if p["version"] != default_version:
        bad.append(f"provides.{name}.version {p['version']} is not {default_version}")
    for key in ("file", "docfile"):
        if key in p and not os.path.isfile(p[key]):
            bad.append(f"provides.{name}.{key} {p[key]} is not a file in the repository")
maintainers = meta["maintainer"] if isinstance(meta["maintainer"], list) else [meta["maintainer"]]
if not all(re.search(r"<[^@<>\s]+@[^@<>\s]+>", m) for m in maintainers):
    bad.append(f"every maintainer needs an email address: {maintainers}")
for key in ("homepage", "bugtracker", "repository"):
    if key not in meta.get("resources", {}):
        bad.append(f"resources.{key} is missing")
if "release_status" not in meta:
    bad.append("release_status is missing")
if "PostgreSQL Licence" not in open("LICENSE").read() or meta["license"] != "postgresql":
    bad.append("LICENSE and META.json must both say PostgreSQL licence")
changelog = open("CHANGELOG.md").read()
for v in ("0.1.0", default_version):
    if not re.search(rf"^## \[?{re.escape(v)}\]?", changelog, re.M):
        bad.append(f"CHANGELOG.md has no section for {v}")
deb = open("debian/changelog").readline()
if f"({default_version}-" not in deb:
    bad.append(f"debian/changelog's latest entry is not {default_version}: {deb.strip()}")
for b in bad:
    print("not ok -", b)
if bad:
    sys.exit(1)
print(f"ok - META.json is valid PGXN v1 metadata for partman_ext {default_version}; LICENSE, CHANGELOG.md, debian/changelog agree")
PY
