#!/usr/bin/env python3
"""Prints the statements of the current install script (sql/install/NN_*.sql) that define the
named objects, ready to paste into an upgrade script: CREATE FUNCTION / PROCEDURE / VIEW become
CREATE OR REPLACE, and the COMMENT ON, GRANT and REVOKE statements about the same objects follow.

    python3 scripts/sql-object.py _hot_spots partition_chunk_distribution

A name matches a function, procedure, view or type of that name in the extension's schema (all
overloads). Used when writing sql/partman_ext--A--B.sql (docs/releasing.md); test/shell/upgrade.sh
then proves the upgrade gives the same objects as a fresh install.
"""
import glob
import re
import sys


def statements(text):
    """Splits SQL text into statements, honouring quotes, dollar quotes and comments."""
    out, cur, i, n = [], [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith('--', i):
            j = text.find('\n', i)
            j = n if j < 0 else j
            cur.append(text[i:j]); i = j
        elif c == "'":
            j = i + 1
            while j < n:
                if text[j] == "'" and text[j + 1:j + 2] == "'": j += 2; continue
                if text[j] == "'": break
                j += 1
            cur.append(text[i:j + 1]); i = j + 1
        elif c == '$':
            m = re.match(r'\$[A-Za-z_]*\$', text[i:])
            if m:
                tag = m.group(0)
                j = text.find(tag, i + len(tag))
                j = n if j < 0 else j + len(tag)
                cur.append(text[i:j]); i = j
            else:
                cur.append(c); i += 1
        elif c == ';':
            cur.append(';'); out.append(''.join(cur).strip()); cur = []; i += 1
        else:
            cur.append(c); i += 1
    rest = ''.join(cur).strip()
    if rest: out.append(rest)
    return out


def strip_comments(stmt):
    """Drops the comment lines before a statement (never those inside it: they are part of a body)."""
    lines = stmt.split('\n')
    while lines and (not lines[0].strip() or lines[0].lstrip().startswith('--')):
        lines.pop(0)
    return '\n'.join(lines).strip()


def main(names):
    wanted = set(names)
    obj = re.compile(r'^(CREATE|COMMENT ON|GRANT [^;]*? ON|REVOKE [^;]*? ON|ALTER)\s+(OR REPLACE\s+)?'
                     r'(FUNCTION|PROCEDURE|VIEW|TYPE)\s+@extschema@\.("?)([A-Za-z_0-9]+)\4', re.I | re.S)
    for path in sorted(glob.glob('sql/install/*.sql')):
        for stmt in statements(open(path).read()):
            body = strip_comments(stmt)
            m = obj.match(body)
            if not m or m.group(5) not in wanted:
                continue
            body = re.sub(r'^CREATE\s+(FUNCTION|PROCEDURE|VIEW)', r'CREATE OR REPLACE \1', body, flags=re.I)
            print(body)


if __name__ == '__main__':
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
