#!/usr/bin/env python3
"""Run certkit and the FinOps Foundation's official FOCUS validator on one file and
compare their verdicts rule by rule.

    scripts/compare-official.py FILE [--differences-only] [--json OUT] [--detect]

A developer tool, not part of the test suite: the official validator takes a minute or
so per file. It needs ../shared (the project's read-only facts folder) for the official
validator's wrapper (../shared/tools/official-validator) and its rule model; without it
the script says so and exits with status 3.

Both validators see the file as FOCUS 1.2. The official validator runs with
`--applicability-criteria ALL` (every provider capability is assumed), so certkit is run
with every certification area declared on (`--declare AREA=yes`); `--detect` leaves
certkit to detect the areas from the data instead.

Verdicts per rule id:
  official: pass, fail, error (could not run: a column it reads is absent),
            skip: <why> (dynamic, optional, not implemented, children skipped, ...),
            composite: <pass|fail|skip> (an AND/OR of other rules; certkit has no such ids),
            not reported (in the model but never planned: attribute rules outside the
            dataset tree), not in model (a certkit: id)
  certkit:  fail, pass, not applicable, not checkable, not implemented (the id is not in
            data/focus/1.2/rules.json), not reported (in rules.json but in no report list),
            refused (certkit would not read the file as FOCUS: its exit status 2)
Agreement:
  agree     same outcome (both failed, both passed, or neither ran the check)
  DIFFER    one failed, the other passed
  differ*   one failed, the other did not run the check
  coverage  one passed, the other did not run the check
  -         official composite or certkit-only id with nothing to compare

Exit status: 0 no DIFFER/differ* rows, 1 some, 2 an error running either validator,
3 skipped because ../shared is missing.
Python 3 standard library only.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(REPO, "..", "shared")
OFFICIAL = os.path.join(SHARED, "tools", "official-validator")
MODEL = os.path.join(SHARED, "focus", "reference", "focus_validator_model-1.2.json")
RULES = os.path.join(REPO, "data", "focus", "1.2", "rules.json")
AREAS = os.path.join(REPO, "data", "focus", "1.2", "applicability.json")
CERTKIT = os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(REPO, "target")), "release", "certkit")

EXIT_AGREE, EXIT_DIFFER, EXIT_ERROR, EXIT_SKIPPED = 0, 1, 2, 3

# A console line of the official validator: "<icon> RuleId: STATUS  (details)".
CONSOLE_LINE = re.compile(r"^\S+ ([A-Za-z0-9_:-]+): (PASS|FAIL|SKIPPED)(?:  \((.*)\))?$")

# The official validator's skip reasons, shortened (first match wins).
SKIP_REASONS = [
    ("dynamic", "skip: dynamic"),
    ("MAY/OPTIONAL", "skip: optional"),
    ("not yet implemented", "skip: not implemented"),
    ("child rules were skipped", "skip: children skipped"),
    ("dependent rule(s) were skipped", "skip: dependency skipped"),
    ("not applicable", "skip: not applicable"),
    ("missing generator", "skip: no generator"),
]


def fail(message, status=EXIT_ERROR):
    print(f"compare-official: {message}", file=sys.stderr)
    sys.exit(status)


def read_header(path):
    """The column names of a CSV file (BOM stripped); empty for other formats."""
    if not path.lower().endswith(".csv"):
        return None
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as f:
        import csv
        return next(csv.reader(f), [])


def columns_of(node, found):
    """Every column a model rule reads: its ColumnName and ColumnAName/ColumnBName values."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("ColumnName", "ColumnAName", "ColumnBName") and isinstance(value, str):
                found.add(value)
            else:
                columns_of(value, found)
    elif isinstance(node, list):
        for item in node:
            columns_of(item, found)
    return found


def run_certkit(path, detect):
    if not os.access(CERTKIT, os.X_OK):
        fail(f"{CERTKIT} is missing: build it first with `cargo build --release`")
    command = [CERTKIT, "validate", path, "--focus-version", "1.2", "--format", "json", "--quiet"]
    if not detect:
        with open(AREAS, encoding="utf-8") as f:
            for area in json.load(f)["areas"]:
                if area.get("certification"):
                    command += ["--declare", f"{area['id']}=yes"]
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.monotonic() - started
    if done.returncode == 2:
        # certkit refuses the file (not FOCUS, FOCUS 0.5, unreadable): compare anyway,
        # every certkit verdict is then "refused".
        return {"refused": done.stderr.strip()}, elapsed
    if done.returncode != 1 and done.returncode != 0:
        fail(f"certkit could not validate {path} (exit {done.returncode}): {done.stderr.strip()}")
    return json.loads(done.stdout), elapsed


def certkit_verdicts(report, known_ids):
    if "refused" in report:
        return {rule_id: "refused" for rule_id in known_ids}
    verdicts = {}
    for note in report["not_checkable"]:
        verdicts[note["rule_id"]] = "not checkable"
    for note in report["not_applicable"]:
        verdicts[note["rule_id"]] = "not applicable"
    for rule_id in report["passed"]:
        verdicts[rule_id] = "pass"
    for finding in report["findings"]:
        verdicts[finding["rule_id"]] = "fail"
    for rule_id in known_ids:
        verdicts.setdefault(rule_id, "not reported")
    return verdicts


def run_official(path):
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    started = time.monotonic()
    done = subprocess.run([OFFICIAL, path, "--applicability-criteria", "ALL"], capture_output=True, text=True, env=env)
    elapsed = time.monotonic() - started
    results = {}
    for line in done.stdout.splitlines():
        match = CONSOLE_LINE.match(line.strip())
        if match:
            results[match.group(1)] = (match.group(2), match.group(3) or "")
    if done.returncode != 0 or not results:
        tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-5:])
        fail(f"the official validator gave no results for {path} (exit {done.returncode}):\n{tail}")
    return results, elapsed


def parents_of(model):
    """Composite rule ids by the ids of the rules they combine (CheckModelRule items)."""
    parents = {}

    def walk(node, composite):
        if isinstance(node, dict):
            if node.get("CheckFunction") == "CheckModelRule" and isinstance(node.get("ModelRuleId"), str):
                parents.setdefault(node["ModelRuleId"], set()).add(composite)
            for value in node.values():
                walk(value, composite)
        elif isinstance(node, list):
            for item in node:
                walk(item, composite)

    for rule_id, rule in model.items():
        walk(rule.get("ValidationCriteria", {}).get("Requirement"), rule_id)
    return parents


def columns_read(rule_id, model, parents):
    """The columns a rule's SQL reads: its own, and those of the conditions of the
    composites above it, which the official validator adds to its WHERE clause."""
    rule = model.get(rule_id, {})
    read = columns_of(rule.get("ValidationCriteria", {}), set())
    if rule.get("EntityType") == "Column":
        read.add(rule.get("Reference"))
    seen, todo = set(), list(parents.get(rule_id, ()))
    while todo:
        parent = todo.pop()
        if parent in seen:
            continue
        seen.add(parent)
        columns_of(model.get(parent, {}).get("ValidationCriteria", {}).get("Condition", {}), read)
        todo.extend(parents.get(parent, ()))
    return read


def official_verdicts(results, model, header):
    parents = parents_of(model)
    verdicts = {}
    for rule_id, (status, details) in results.items():
        rule = model.get(rule_id, {})
        if status == "PASS":
            verdict = "pass"
        elif status == "SKIPPED":
            verdict = next((short for needle, short in SKIP_REASONS if needle in details), "skip")
        else:
            verdict = "fail"
            # A rule whose SQL reads an absent column cannot run: the official validator
            # reports it as failed (an error in its unittest output). Presence rules are
            # about the absent column itself, so they keep their failure.
            if rule.get("Function") not in ("Presence", "Composite"):
                absent = header is not None and any(c not in header for c in columns_read(rule_id, model, parents))
                # Its loader also drops columns it cannot convert (dates), then says so.
                dropped = "(missing column)" in details or "required column not present" in details
                if absent or dropped:
                    verdict = "error"
        if rule.get("Function") == "Composite":
            verdict = "composite: " + verdict.split(":")[0]
        verdicts[rule_id] = (verdict, details)
    return verdicts


def agreement(official, certkit):
    if official.startswith("composite") or official == "not in model":
        return "-"
    if certkit in ("not implemented",) and official.startswith("skip"):
        return "agree"
    o_fail, c_fail = official == "fail", certkit == "fail"
    o_pass, c_pass = official == "pass", certkit == "pass"
    if o_fail == c_fail and o_pass == c_pass:
        return "agree"
    if (o_fail and c_pass) or (o_pass and c_fail):
        return "DIFFER"
    if o_fail or c_fail:
        return "differ*"
    return "coverage"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", help="the CSV or Parquet file to validate")
    parser.add_argument("--differences-only", action="store_true", help="print only rows that do not agree")
    parser.add_argument("--json", metavar="OUT", help="also write every row, with details, to this JSON file")
    parser.add_argument("--detect", action="store_true", help="let certkit detect applicability instead of declaring every area on")
    args = parser.parse_args()

    if not os.path.isdir(SHARED):
        fail(f"skipped: {os.path.normpath(SHARED)} (../shared, the project's facts folder) is missing; "
             "it holds the official validator's wrapper and rule model this comparison needs.", EXIT_SKIPPED)
    if not os.path.isfile(args.file):
        fail(f"{args.file}: no such file")
    path = os.path.abspath(args.file)

    with open(MODEL, encoding="utf-8") as f:
        model = json.load(f)["ModelRules"]
    with open(RULES, encoding="utf-8") as f:
        certkit_ids = [rule["id"] for rule in json.load(f)["rules"]]

    report, certkit_seconds = run_certkit(path, args.detect)
    results, official_seconds = run_official(path)
    ours = certkit_verdicts(report, certkit_ids)
    theirs = official_verdicts(results, model, read_header(path))

    rows = []
    for rule_id in sorted(set(ours) | set(theirs)):
        official, details = theirs.get(rule_id, ("not in model" if rule_id not in model else "not reported", ""))
        certkit = ours.get(rule_id, "not implemented")
        rows.append({"rule_id": rule_id, "official": official, "certkit": certkit,
                     "agreement": agreement(official, certkit), "official_details": details})

    shown = [r for r in rows if not args.differences_only or r["agreement"] not in ("agree", "-")]
    width = max([len(r["rule_id"]) for r in shown] + [7])
    print(f"{os.path.basename(path)}: certkit {certkit_seconds:.2f} s, official {official_seconds:.1f} s")
    if "refused" in report:
        print(f"certkit refused the file: {report['refused']}")
    print(f"{'rule id':{width}}  {'official':24}  {'certkit':16}  agreement")
    for r in shown:
        print(f"{r['rule_id']:{width}}  {r['official']:24}  {r['certkit']:16}  {r['agreement']}")
    counts = {}
    for r in rows:
        counts[r["agreement"]] = counts.get(r["agreement"], 0) + 1
    print("summary: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))

    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"file": path, "certkit_seconds": certkit_seconds, "official_seconds": official_seconds,
                       "rows": rows, "certkit_findings": report.get("findings", []),
                       "certkit_refused": report.get("refused")}, f, indent=1)
    return EXIT_DIFFER if counts.get("DIFFER") or counts.get("differ*") else EXIT_AGREE


if __name__ == "__main__":
    sys.exit(main())
