#!/usr/bin/env python3
"""Checks the JSON Schemas and the input fixtures against each other (no Swift needed).

    python3 scripts/check-schemas.py        # needs the `jsonschema` package (>= 4.18)

1. Every schema in Sources/Liandong/Resources/schema is a valid draft 2020-12 schema.
2. Tests/LiandongTests/Fixtures/valid/*.json pass the input schema.
3. Every file of Tests/LiandongTests/Fixtures/invalid is listed in its manifest.json (and the reverse);
   `schemaDetects: null` files are not JSON, `true` files are rejected by the input schema, `false`
   files pass it (their problems are cross-references or rules the schema cannot express); every
   expected path points into the document (or names a member missing from an existing object).
4. Hand-written plan, responses and batch documents pass (and broken ones fail) their schemas.
"""
import json, math, os, sys

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCHEMAS = os.path.join(ROOT, "Sources/Liandong/Resources/schema")
FIXTURES = os.path.join(ROOT, "Tests/LiandongTests/Fixtures")

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL", msg)


# 1. Schemas
schemas = {}
for name in sorted(os.listdir(SCHEMAS)):
    if name.endswith(".json"):
        with open(os.path.join(SCHEMAS, name), encoding="utf-8") as f:
            s = json.load(f)
        Draft202012Validator.check_schema(s)
        if not s.get("$id", "").endswith("/" + name):
            fail(f"{name}: $id {s.get('$id')} does not end with the file name")
        schemas[name] = s
registry = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas.values())


def validator(name):
    return Draft202012Validator(schemas[name], registry=registry)


INPUT = validator("liandong-v1.schema.json")
PLAN = validator("liandong-plan-v1.schema.json")
RESPONSES = validator("liandong-responses-v1.schema.json")
BATCH = validator("liandong-batch-v1.schema.json")


def strict_json(data: bytes):
    """Parses like Liandong's parser: RFC 8259, UTF-8 (a BOM is skipped), no NaN/Infinity; None if not JSON."""
    def no_constant(name):
        raise ValueError(name)
    try:
        text = data.decode("utf-8")
        if text.startswith("\ufeff"):
            text = text[1:]
        return True, json.loads(text, parse_constant=no_constant)
    except (ValueError, RecursionError, UnicodeDecodeError):
        return False, None


def pointer_ok(doc, ptr):
    """The pointer resolves, or its parent is an object (a missing member) / the root."""
    if ptr == "":
        return True
    cur = doc
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in ptr.split("/")[1:]]
    for i, t in enumerate(tokens):
        last = i == len(tokens) - 1
        if isinstance(cur, dict):
            if t not in cur:
                return last
            cur = cur[t]
        elif isinstance(cur, list):
            if not t.isdigit() or int(t) >= len(cur):
                return False
            cur = cur[int(t)]
        else:
            return False
    return True


# 2. Valid fixtures
for name in sorted(os.listdir(os.path.join(FIXTURES, "valid"))):
    if name.endswith(".json"):
        with open(os.path.join(FIXTURES, "valid", name), "rb") as f:
            ok, doc = strict_json(f.read())
        errors = list(INPUT.iter_errors(doc)) if ok else ["not JSON"]
        for e in errors:
            fail(f"valid/{name}: {getattr(e, 'json_path', '')} {getattr(e, 'message', e)}")
        print(f"valid/{name}: {'ok' if not errors else 'REJECTED'}")

# 3. Invalid corpus
inv = os.path.join(FIXTURES, "invalid")
with open(os.path.join(inv, "manifest.json"), encoding="utf-8") as f:
    manifest = json.load(f)
listed = [m["file"] for m in manifest]
present = sorted(n for n in os.listdir(inv) if n.endswith(".json") and n != "manifest.json")
if sorted(listed) != present or len(set(listed)) != len(listed):
    fail(f"manifest and directory differ: {sorted(set(listed) ^ set(present))}")
with open(os.path.join(FIXTURES, "valid", "small.json"), "rb") as f:
    small_bytes = f.read()
counts = {None: 0, True: 0, False: 0}
for m in manifest:
    file, expected = m["file"], m["schemaDetects"]
    counts[expected] += 1
    if not (m["paths"] or m.get("anyOfPaths")):
        fail(f"{file}: no expected path")
    with open(os.path.join(inv, file), "rb") as f:
        data = f.read()
    if data == small_bytes:
        fail(f"{file}: identical to small.json")
    ok, doc = strict_json(data)
    if expected is None:
        if ok:
            fail(f"{file}: expected malformed JSON, but it parses")
        if m["paths"] != [""]:
            fail(f"{file}: malformed JSON is reported at the document, path \"\"")
        continue
    if not ok:
        fail(f"{file}: not JSON")
        continue
    for p in m["paths"] + m.get("anyOfPaths", []):
        if not pointer_ok(doc, p):
            fail(f"{file}: path {p!r} does not point into the document")
    errors = list(INPUT.iter_errors(doc))
    if bool(errors) != expected:
        fail(f"{file}: schemaDetects is {expected}, but the schema "
             f"{'rejects it: ' + errors[0].message if errors else 'accepts it'}")
print(f"invalid/: {len(manifest)} cases ({counts[None]} not JSON, {counts[True]} rejected by the schema, "
      f"{counts[False]} beyond the schema)")

# 4. Plan, responses and batch documents
plan = {
    "schema": "liandong-plan/v1", "status": "optimal",
    "solver": {"backend": "glpk", "seconds": 0.41, "objective": 1234.5, "bound": 1234.5, "gap": 0,
               "objectiveParts": {"value": 1240, "cost": 5.5, "fairness": 0}, "variables": 3120,
               "constraints": 2210, "termination": "optimal", "timeLimitSeconds": 30, "seed": 1},
    "summary": {"needs": 3, "served": 2, "unserved": 1, "servedByUrgency": {"high": 1, "normal": 1},
                "peopleUsed": 2},
    "assignments": [
        {"need": "n-01", "day": 1, "start": "09:00", "end": "10:30", "organization": "huiguang",
         "people": [{"person": "sw-01", "role": "socialWorker", "position": 0},
                    {"person": "v-07", "role": "volunteer", "position": 1}], "cost": 2.5, "pinned": True},
        {"need": "n-03", "people": [{"person": "v-07", "role": "volunteer", "position": 0}], "cost": 0}],
    "unserved": [{"need": "n-09", "reasons": ["noQualifiedPerson"], "detail": "nobody holds skill x",
                  "required": True}],
    "orders": [{"organization": "huiguang", "partyOrganization": "wucaisheng", "needs": ["n-01"]},
               {"needs": ["n-03"]}],
    "people": [{"person": "sw-01", "minutes": 110, "assignments": 1}],
    "warnings": [{"path": "/needs/0/groups/1", "message": "group 'x' has no weight; it earns 0"}],
    "changes": {"kept": 1, "changed": 1, "added": ["n-03"], "removed": [], "modified": []},
}
responses = {"responses": [{"need": "n-01", "organization": "huiguang", "decision": "accept"},
                           {"need": "n-03", "organization": "wenchang-vt", "decision": "decline", "person": "v-07"}]}
small = json.loads(small_bytes)


def expect(v, doc, valid, what):
    errors = list(v.iter_errors(doc))
    if bool(errors) == valid:
        fail(f"{what}: expected {'valid' if valid else 'invalid'}"
             + (f" ({errors[0].json_path}: {errors[0].message})" if errors else ""))


def changed(doc, **kw):
    d = json.loads(json.dumps(doc))
    d.update(kw)
    return d


expect(PLAN, plan, True, "plan")
expect(PLAN, changed(plan, warnings=["a string"]), False, "plan with a string warning")
expect(PLAN, changed(plan, unserved=[{"need": "n-9", "reasons": ["tooBusy"], "detail": ""}]), False,
       "plan with an unknown reason")
expect(PLAN, changed(plan, assignments=[{"need": "n", "day": 1, "people": [], "cost": 0}]), False,
       "assignment with day but no start")
expect(PLAN, changed(plan, assignments=[{"need": "n", "people": [{"person": "p", "role": "volunteer",
                                                                  "position": 0}], "cost": 0, "pinned": False}]),
       False, "assignment with pinned: false")
expect(RESPONSES, responses, True, "responses")
expect(RESPONSES, {"responses": [{"need": "n-01", "organization": "o", "decision": "maybe"}]}, False,
       "responses with decision maybe")
expect(RESPONSES, {"responses": [{"need": "n-01", "decision": "accept"}]}, False, "response without organization")
expect(BATCH, small, True, "batch: bare input")
expect(BATCH, {"id": "r1", "command": "plan", "input": small, "options": {"backend": "heuristic", "seed": 3}}, True,
       "batch: plan request")
expect(BATCH, {"id": 2, "command": "validate", "input": {"schema": "nonsense"}}, True, "batch: validate anything")
expect(BATCH, {"id": 3, "command": "check", "input": small, "plan": plan}, True, "batch: check request")
expect(BATCH, {"id": 3, "command": "check", "input": small}, False, "batch: check without plan")
expect(BATCH, {"command": "replan", "input": small, "previous": plan, "responses": responses}, True,
       "batch: replan request")
expect(BATCH, {"command": "replan", "input": small, "previous": plan}, False, "batch: replan without responses")
expect(BATCH, {"command": "compare", "input": small, "scenarios": [small]}, True, "batch: compare request")
expect(BATCH, {"command": "plan", "input": {"schema": "nonsense"}}, False, "batch: plan of an invalid input")
expect(BATCH, {"command": "solve", "input": small}, False, "batch: unknown command")
expect(BATCH, {"command": "plan", "input": small, "options": {"threads": 4}}, False, "batch: unknown option")
expect(BATCH, {"id": "r1", "ok": True, "exitCode": 0, "result": plan}, True, "batch: ok response")
expect(BATCH, {"id": "r1", "ok": True, "exitCode": 0}, False, "batch: ok response without result")
expect(BATCH, {"id": 2, "ok": True, "exitCode": 0,
               "result": {"valid": True, "problems": [], "warnings": [{"path": "", "message": "m"}]}}, True,
       "batch: validate report")
expect(BATCH, {"id": 3, "ok": True, "exitCode": 0,
               "result": {"valid": False, "violations": [{"rule": "overlap", "need": "n-01", "message": "m"}]}},
       True, "batch: check report")
expect(BATCH, {"ok": False, "exitCode": 65, "error": {"code": "invalidInput", "message": "2 problems", "problems": [
    {"path": "/needs/3/team/0/count", "message": "count must be at least 1", "code": "invalidValue"},
    {"path": "", "message": "not valid JSON at line 1, column 1"}]}}, True, "batch: error response")
expect(BATCH, {"ok": False, "exitCode": 69, "result": changed(plan, status="infeasible"),
               "error": {"code": "requiredUnserved", "message": "n-09 cannot be served", "problems": []}}, True,
       "batch: infeasible response")
expect(BATCH, {"ok": False, "exitCode": 0, "error": {"code": "x", "message": "m", "problems": []}}, False,
       "batch: not ok with exit code 0")
expect(BATCH, {"ok": False, "exitCode": 65}, False, "batch: error response without error")

print("plan, responses, batch examples: done")
if failures:
    print(f"{len(failures)} failure(s)")
    sys.exit(1)
print("all checks passed")
