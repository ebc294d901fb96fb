#!/usr/bin/env python3
"""Checks the JSON Schemas and the input fixtures against each other (no Swift needed).

    python3 scripts/check-schemas.py        # needs the `jsonschema` package (>= 4.18)

1. Every schema in Sources/Liandong/Resources/schema is a valid draft 2020-12 schema.
2. Tests/LiandongTests/Fixtures/valid/*.json pass the input schema.
3. Every file of Tests/LiandongTests/Fixtures/invalid is listed in its manifest.json (and the reverse);
   `schemaDetects: null` files are not JSON, `true` files are rejected by the input schema, `false`
   files pass it (their problems are cross-references or rules the schema cannot express); every
   expected path points into the document (or names a member missing from an existing object).
4. Hand-written plan, responses, scenario and batch documents pass (and broken ones fail) their schemas.
5. Real output: runs the built binary (.build/debug/liandong, or $LIANDONG_BIN) on the fixtures —
   plan, validate, check, compare, replan and batch --lines — and validates what it prints, and its
   exit code, against the schemas. `--skip-binary` leaves this part out (e.g. before a build).
"""
import json, math, os, subprocess, sys, tempfile

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match
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
SCENARIO = validator("liandong-scenario-v1.schema.json")
BATCH = validator("liandong-batch-v1.schema.json")
SUGGESTIONS = validator("liandong-suggestions-v1.schema.json")
EXPLANATION = validator("liandong-explanation-v1.schema.json")
HISTORY = validator("liandong-history-v1.schema.json")
RECORDS = Draft202012Validator({"$ref": schemas["liandong-history-v1.schema.json"]["$id"] + "#/$defs/records"}, registry=registry)


def batch_def(name):
    """A validator for one of the batch schema's $defs (request, response, validateReport …)."""
    return Draft202012Validator({"$ref": f"{schemas['liandong-batch-v1.schema.json']['$id']}#/$defs/{name}"},
                                registry=registry)


REQUEST, RESPONSE = batch_def("request"), batch_def("response")
VALIDATE_REPORT, CHECK_REPORT, COMPARE_REPORT = (batch_def(n) for n in ("validateReport", "checkReport",
                                                                         "compareReport"))


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
expect(RESPONSES, {"responses": [{"need": "n-01", "decision": "decline"}]}, False,
       "decline without organization or person")
expect(RESPONSES, {"responses": [{"need": "n-01", "decision": "decline", "organization": None}]}, False,
       "decline with a null organization and no person")
expect(RESPONSES, {"responses": [{"need": "n-01", "decision": "accept"}]}, True,
       "accept without organization (the previous assignment had none)")
expect(RESPONSES, {"responses": [{"need": "n-01", "decision": "decline", "person": "v-07"}]}, True,
       "a person's decline without organization")
scenario = {"schema": "liandong-scenario/v1", "name": "more help",
            "add": {"people": [{"id": "v-99", "role": "volunteer"}], "needs": [{"id": "n-99"}]},
            "remove": {"organizations": ["huiguang"], "needs": ["n-01"]},
            "patch": {"weights": {"preferred": 50}, "travel": None}}
expect(SCENARIO, scenario, True, "scenario")
expect(SCENARIO, {}, True, "empty scenario (no change)")
expect(SCENARIO, changed(scenario, schema="liandong/v1"), False, "scenario with the input's schema name")
expect(SCENARIO, changed(scenario, remove={"pairs": ["x"]}), False, "scenario removing pairs by id")
expect(SCENARIO, changed(scenario, add={"people": [{"id": "v-99"}]}), False, "scenario adding a person without role")
expect(SCENARIO, changed(scenario, add={"people": None}), False, "scenario adding null")
expect(SCENARIO, changed(scenario, replace={}), False, "scenario with an unknown member")
expect(SCENARIO, small, False, "a whole input is not a change scenario")
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
expect(BATCH, {"command": "compare", "input": small, "scenarios": [scenario, small, {}]}, True,
       "batch: compare request with change scenarios")
expect(BATCH, {"command": "compare", "input": small, "scenarios": [{"schema": "nonsense"}]}, False,
       "batch: compare with a scenario of neither kind")
expect(BATCH, {"command": "plan", "input": {"schema": "nonsense"}}, False, "batch: plan of an invalid input")
expect(BATCH, {"command": "solve", "input": small}, False, "batch: unknown command")
expect(BATCH, {"command": "plan", "input": small, "options": {"threads": 4}}, False, "batch: unknown option")
expect(BATCH, {"id": "r1", "ok": True, "exitCode": 0, "result": plan}, True, "batch: ok response")
expect(BATCH, {"id": "r1", "ok": True, "exitCode": 0}, False, "batch: ok response without result")
counts = {"communities": 2, "organizations": 2, "people": 5, "needs": 4, "pinned": 1}
expect(BATCH, {"id": 2, "ok": True, "exitCode": 0,
               "result": {"valid": True, "counts": counts, "problems": [],
                          "warnings": [{"path": "", "message": "m"}]}}, True, "batch: validate report")
expect(BATCH, {"id": 2, "ok": True, "exitCode": 0, "result": {"valid": True, "problems": [], "warnings": []}}, False,
       "batch: valid validate report without counts")
invalid_report = {"valid": False, "problems": [{"path": "/needs", "code": "type", "message": "m"}], "warnings": []}
expect(BATCH, {"id": 2, "ok": False, "exitCode": 65, "result": invalid_report}, True,
       "batch: validate report of an invalid input")
expect(BATCH, {"id": 2, "ok": True, "exitCode": 0, "result": invalid_report}, False,
       "batch: invalid validate report with exit code 0")
check_report = {"valid": False, "assignments": 2,
                "violations": [{"rule": "overlap", "need": "n-01", "message": "m"}]}
expect(BATCH, {"id": 3, "ok": False, "exitCode": 1, "result": check_report}, True, "batch: check report")
expect(BATCH, {"id": 3, "ok": True, "exitCode": 0, "result": check_report}, False,
       "batch: check report with violations and exit code 0")
expect(BATCH, {"id": 3, "ok": True, "exitCode": 0, "result": {"valid": True, "assignments": 2, "violations": []}},
       True, "batch: check report without violations")
expect(BATCH, {"id": 3, "ok": False, "exitCode": 1, "error": {"code": "badRequest", "message": "m", "problems": []}},
       False, "batch: exit code 1 with an error")
expect(BATCH, {"ok": False, "exitCode": 65, "error": {"code": "invalidInput", "message": "2 problems", "problems": [
    {"path": "/needs/3/team/0/count", "message": "count must be at least 1", "code": "invalidValue"},
    {"path": "", "message": "not valid JSON at line 1, column 1", "code": "syntax"}]}}, True, "batch: error response")
expect(BATCH, {"ok": False, "exitCode": 65, "error": {"code": "invalidInput", "message": "1 problem", "problems": [
    {"path": "", "message": "not valid JSON at line 1, column 1"}]}}, False, "batch: problem without code")
expect(BATCH, {"ok": False, "exitCode": 69, "result": changed(plan, status="infeasible")}, True,
       "batch: infeasible response")
expect(BATCH, {"ok": False, "exitCode": 69, "result": plan}, False, "batch: exit code 69 with an optimal plan")
expect(BATCH, {"ok": False, "exitCode": 69, "result": changed(plan, status="infeasible"),
               "error": {"code": "internal", "message": "m", "problems": []}}, False,
       "batch: infeasible response with an error as well")
expect(BATCH, {"ok": False, "exitCode": 0, "error": {"code": "x", "message": "m", "problems": []}}, False,
       "batch: not ok with exit code 0")
expect(BATCH, {"ok": False, "exitCode": 65}, False, "batch: error response without error")

print("plan, responses, scenario, batch examples: done")

# 5. Real output of the built binary
BIN = os.environ.get("LIANDONG_BIN", os.path.join(ROOT, ".build/debug/liandong"))
SMALL = os.path.join(FIXTURES, "valid", "small.json")


def run(args, stdin=None):
    """Runs the binary; (exit code, parsed stdout or None, raw stdout, stderr)."""
    p = subprocess.run([BIN, *args], input=stdin, capture_output=True, timeout=300)
    try:
        doc = json.loads(p.stdout.decode("utf-8")) if p.stdout.strip() else None
    except ValueError:
        doc = None
    return p.returncode, doc, p.stdout, p.stderr.decode("utf-8", "replace")


def real(what, v, doc, rc=None, want_rc=0, extra=None):
    """One line per check: the document passes its schema, the exit code is the expected one, and
    `extra(doc)` (a further condition on the content) returns None (else a message)."""
    problems = []
    if rc is not None and rc != want_rc:
        problems.append(f"exit code {rc}, expected {want_rc}")
    if doc is None:
        problems.append("no JSON output")
    else:
        error = best_match(v.iter_errors(doc))  # the most telling error, inside oneOf/anyOf branches
        if error is not None:
            problems.append(f"{error.json_path}: {error.message[:300]}")
        if not problems and extra:
            msg = extra(doc)
            if msg:
                problems.append(msg)
    if problems:
        fail(f"real: {what}: " + "; ".join(problems))
    else:
        print(f"ok   real: {what}" + (f" (exit {rc})" if rc is not None else ""))


def has(key, value):
    return lambda d: None if d.get(key) == value else f"{key} is {d.get(key)!r}, expected {value!r}"


def write(directory, name, doc):
    path = os.path.join(directory, name)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False)
    return path


if "--skip-binary" in sys.argv[1:]:
    print("real output: skipped (--skip-binary)")
elif not os.access(BIN, os.X_OK):
    fail(f"real output: {BIN} is not built (swift build), or pass --skip-binary")
else:
    with tempfile.TemporaryDirectory(prefix="check-schemas-") as tmp:
        # plan
        rc, base_plan, _, err = run(["plan", SMALL])
        real("plan small.json", PLAN, base_plan, rc, 0, lambda d: None if "changes" not in d else "changes present")
        for backend in ("heuristic", "glpk", "auto"):
            rc, doc, _, _ = run(["plan", SMALL, "--backend", backend, "--seed", "3"])
            # `auto`'s plan is GLPK's, or the heuristic's when its search met the LP's bound first.
            real(f"plan small.json --backend {backend}", PLAN, doc, rc, 0,
                 lambda d: None if d["solver"]["backend"] in {"auto": ("glpk", "heuristic")}.get(backend, (backend,)) else f"solver.backend {d['solver']['backend']}")
        infeasible = json.loads(small_bytes)
        infeasible["declined"] = infeasible["declined"] + [{"need": "n-02", "organization": "huiguang"}]
        infeasible_path = write(tmp, "infeasible.json", infeasible)
        rc, doc, _, _ = run(["plan", infeasible_path])
        real("plan of an input whose required need cannot be served", PLAN, doc, rc, 69, has("status", "infeasible"))
        plan_path = write(tmp, "plan.json", base_plan or {})

        # validate
        rc, doc, _, _ = run(["validate", SMALL])
        real("validate small.json", VALIDATE_REPORT, doc, rc, 0, has("valid", True))
        for m in manifest:
            rc, doc, _, _ = run(["validate", os.path.join(inv, m["file"])])
            real(f"validate invalid/{m['file']}", VALIDATE_REPORT, doc, rc, 65, has("valid", False))

        # check
        rc, doc, _, _ = run(["check", SMALL, plan_path])
        real("check small.json PLAN", CHECK_REPORT, doc, rc, 0, has("valid", True))
        broken = json.loads(json.dumps(base_plan or {}))
        if broken.get("assignments"):
            broken["assignments"][-1]["people"][0]["person"] = "v-02"
            broken["assignments"][0]["start"] = "09:40"
            broken["assignments"].append({"need": "n-99", "people": [{"person": "zz", "role": "volunteer",
                                                                      "position": 0}], "cost": 0})
        broken_path = write(tmp, "broken-plan.json", broken)
        rc, doc, _, _ = run(["check", SMALL, broken_path])
        real("check small.json BROKEN-PLAN", CHECK_REPORT, doc, rc, 1, has("valid", False))

        # compare
        scenarios = {
            "no-uninsured.json": {"schema": "liandong-scenario/v1", "name": "no uninsured",
                                  "remove": {"people": ["v-02"]}},
            "no-senior.json": {"schema": "liandong-scenario/v1", "name": "no senior social worker",
                               "remove": {"people": ["sw-02"]}, "patch": {"pairs": None}},
            "more-help.json": {"add": {"people": [{"id": "v-10", "role": "volunteer", "skills": ["tutoring"],
                                                   "insured": True}],
                                       "needs": [{"id": "n-10", "urgency": "high", "durationMinutes": 45}]},
                               "remove": {"needs": ["n-04"]}, "patch": {"weights": {"preferred": 50}}},
        }
        paths = {}
        for name, sc in scenarios.items():
            paths[name] = write(tmp, name, sc)
            real(f"scenario file {name}", SCENARIO, sc)
        real("whole-document scenario small.json", BATCH, {"command": "compare", "input": small,
                                                          "scenarios": [small]})
        rc, doc, _, _ = run(["compare", SMALL, "--scenario", paths["no-uninsured.json"], paths["more-help.json"], SMALL])
        real("compare small.json --scenario no-uninsured more-help small", COMPARE_REPORT, doc, rc, 0,
             lambda d: None if [s["name"] for s in d["scenarios"]] == ["no uninsured", "more-help", "small"]
             else f"names {[s['name'] for s in d['scenarios']]}")
        rc, doc, _, _ = run(["compare", SMALL, "--scenario", paths["no-senior.json"]])
        real("compare small.json --scenario no-senior (infeasible)", COMPARE_REPORT, doc, rc, 0,
             lambda d: None if d["scenarios"][0]["result"]["status"] == "infeasible" else "scenario not infeasible")

        # replan
        responses_docs = {
            "decline.json": {"responses": [{"need": "n-02", "organization": "huiguang", "decision": "decline"}]},
            "accept.json": {"responses": [{"need": "n-02", "organization": "huiguang", "decision": "accept"},
                                          {"need": "n-04", "decision": "accept"}]},
        }
        for name, want in (("decline.json", 69), ("accept.json", 0)):
            real(f"responses file {name}", RESPONSES, responses_docs[name])
            rc, doc, _, _ = run(["replan", SMALL, "--previous", plan_path, "--responses",
                                 write(tmp, name, responses_docs[name])])
            real(f"replan small.json --previous PLAN --responses {name}", PLAN, doc, rc, want,
                 lambda d: None if "changes" in d else "no changes")

        # batch
        small_plan = base_plan or {}
        requests = [
            (small, 0),
            ({"id": "v1", "command": "validate", "input": small}, 0),
            ({"id": "v2", "command": "validate",
              "input": json.loads(open(os.path.join(inv, "20-wrong-types-need.json"), "rb").read())}, 65),
            ({"id": "v3", "command": "validate", "input": [1, 2]}, 65),
            ({"id": "p1", "command": "plan", "input": small,
              "options": {"backend": "heuristic", "seed": 3, "timeLimitSeconds": 5, "mipGap": 0.01}}, 0),
            ({"id": "p2", "command": "plan", "input": infeasible}, 69),
            ({"id": "c1", "command": "check", "input": small, "plan": small_plan}, 0),
            ({"id": "c2", "command": "check", "input": small, "plan": broken}, 1),
            ({"id": "r1", "command": "replan", "input": small, "previous": small_plan,
              "responses": responses_docs["decline.json"]}, 69),
            ({"id": "r2", "command": "replan", "input": small, "previous": small_plan,
              "responses": responses_docs["accept.json"]}, 0),
            ({"id": "cmp1", "command": "compare", "input": small,
              "scenarios": [scenarios["no-uninsured.json"], scenarios["more-help.json"], small]}, 0),
            ({"id": "cmp2", "command": "compare", "input": small, "scenarios": [scenarios["no-senior.json"]]}, 0),
            ({"id": "cmp3", "command": "compare", "input": small,
              "scenarios": [{"remove": {"people": ["nobody"]}}]}, 65),
            ({"id": 7, "command": "solve", "input": small}, 64),
            ({"id": 8, "command": "plan", "input": small, "options": {"threads": 4}}, 64),
            ({"id": 9, "command": "plan", "input": {"schema": "nonsense"}}, 65),
            ({"id": 10, "command": "check", "input": small}, 64),
        ]
        lines = [json.dumps(r, ensure_ascii=False) for r, _ in requests]
        lines += ['{"id": "broken", "command": ', "[1, 2]", "   ", '{"id": 11, "command": "plan", "input": small}']
        wants = [w for _, w in requests] + [65, 65, 65]  # "[1, 2]" is an (invalid) input document
        for (r, w) in requests:
            # requests the binary rejects (64, or 65 for an invalid input outside validate) break the schema
            if w not in (64, 65) or r.get("command") in ("validate", "compare"):
                real(f"batch request {r.get('id', 'bare input')}", REQUEST, r)
        rc, _, out, err = run(["batch", "--lines"], stdin="\n".join(lines).encode("utf-8"))
        out_lines = out.decode("utf-8").splitlines()
        if rc != 0 or len(out_lines) != len(wants):
            fail(f"real: batch --lines: exit {rc}, {len(out_lines)} response lines for {len(wants)} requests {err}")
        for i, (line, want) in enumerate(zip(out_lines, wants)):
            try:
                doc = json.loads(line)
            except ValueError:
                doc = None
            req_id = doc.get("id", "-") if isinstance(doc, dict) else "-"
            real(f"batch --lines response {i + 1} (id {req_id})", BATCH, doc, None, 0,
                 lambda d, want=want: None if d["exitCode"] == want and not list(RESPONSE.iter_errors(d))
                 else f"exitCode {d['exitCode']}, expected {want} (or not a response)")
        rc, doc, _, _ = run(["batch"], stdin=json.dumps({"id": "one", "command": "plan", "input": small}).encode())
        real("batch (one request)", RESPONSE, doc, rc, 0, has("ok", True))
        # advice: suggest and explain (a served and an unserved need, and the week), on the demo
        demo = os.path.join(ROOT, "datasets", "wenchang-week.json")
        demo_plan = os.path.join(tmp, "demo-plan.json")
        run(["plan", demo, "-o", demo_plan, "--quiet"])
        rc, doc, _, _ = run(["suggest", demo, demo_plan, "--need", "n-01", "--instead-of", "cv-03", "--format", "json"])
        real("suggest demo --need n-01 --instead-of cv-03", SUGGESTIONS, doc, rc, 0,
             lambda d: None if d["suggestions"] else "no suggestion")
        rc, doc, _, _ = run(["explain", demo, demo_plan, "--need", "n-01", "--format", "json"])
        real("explain demo --need n-01 (served)", EXPLANATION, doc, rc, 0, lambda d: None if d["served"] else "not served")
        rc, doc, _, _ = run(["explain", demo, demo_plan, "--need", "n-33", "--format", "json", "--fix-seconds", "1"])
        real("explain demo --need n-33 (unserved)", EXPLANATION, doc, rc, 0, lambda d: None if d["fixes"] else "no fix")
        rc, doc, _, _ = run(["explain", demo, demo_plan, "--format", "json", "--fix-seconds", "2"])
        real("explain demo (the week)", EXPLANATION, doc, rc, 0, lambda d: None if len(d["unserved"]) == 6 else "not 6 unserved")
        # the store: plan, record, history
        store = os.path.join(tmp, "store.sqlite")
        run(["plan", demo, "--store", store, "--quiet", "-o", os.path.join(tmp, "stored.json")])
        records = {"records": [{"need": "n-01", "status": "done", "feedback": "很好", "rating": 5},
                               {"need": "n-02", "status": "noShow"}]}
        expect(RECORDS, records, True, "records example")
        expect(RECORDS, {"records": [{"need": "n-01", "status": "finished"}]}, False, "records with a bad status")
        rc, _, _, err = run(["record", "--store", store, "--week", "2026-11-23", "--file", write(tmp, "records.json", records)])
        if rc != 0:
            fail(f"real: record --file: exit {rc} {err}")
        rc, doc, _, _ = run(["history", "--store", store, "--format", "json"])
        real("history --format json", HISTORY, doc, rc, 0,
             lambda d: None if any(s["status"] == "done" for s in d["services"]) else "no service done")
if failures:
    print(f"{len(failures)} failure(s)")
    sys.exit(1)
print("all checks passed")
