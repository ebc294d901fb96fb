#!/usr/bin/env python3
"""Load test of `liandong batch --lines` (Python 3, standard library only).

Generates a deterministic JSON Lines stream of thousands of requests -- plan requests on small
inputs, validate and check requests, malformed lines, blank lines, huge lines, non-object lines,
invalid UTF-8, unknown commands, CRLF endings, a last line without its newline -- runs the
binary on it, and verifies that there is exactly one response line per non-blank request line,
in order, each a complete JSON object ending in a newline, with the request's id echoed (and no
id where the request has none to echo) and the expected exit code. Reports the total time and
requests per second.

    python3 scripts/batch-load.py                       # 5,000 lines, seed 1, .build/release/liandong
    python3 scripts/batch-load.py --lines 20000 --seed 7 --binary .build-rel/release/liandong
    python3 scripts/batch-load.py --oversized           # adds one line over the 256 MiB request limit

Exit status: 0 when every response is as expected, 1 otherwise (the first mismatches are listed).
"""

import argparse
import json
import os
import random
import subprocess
import sys
import threading
import time

MAX_BYTES = 256 << 20  # InputDecoder.maxBytes


class Request:
    """One line of the stream and what its response must be."""

    __slots__ = ("kind", "data", "id", "exit", "ending", "oversize")

    def __init__(self, kind, data, rid, exit_code, ending=b"\n", oversize=0):
        self.kind = kind
        self.data = data          # bytes of the line, without its ending
        self.id = rid             # the id the response must echo, or None for no id
        self.exit = exit_code     # the response's exitCode
        self.ending = ending      # b"\n", b"\r\n" or b"" (last line)
        self.oversize = oversize  # > 0: the line is that many bytes of 'x', streamed


def compact(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


SKILLS = ["elderlyCare", "companionship", "counselling", "cleaning", "shopping", "tutoring"]
GROUPS = ["elderly", "livingAlone", "disabled", "subsistenceAllowance"]


def small_input(rnd, impossible_required=False):
    """A small valid liandong/v1 document: a few people and needs, some scheduled."""
    days = rnd.randint(1, 5)
    people = []
    for i in range(rnd.randint(2, 7)):
        person = {"id": f"p{i}", "role": rnd.choice(["volunteer", "volunteer", "socialWorker"]),
                  "skills": rnd.sample(SKILLS, rnd.randint(1, 3))}
        if person["role"] == "socialWorker":
            person["level"] = rnd.choice(["assistant", "intermediate", "senior"])
        if rnd.random() < 0.6:
            person["maxMinutes"] = rnd.choice([60, 120, 240, 600])
        if rnd.random() < 0.4:
            day = rnd.randrange(days)
            person["availability"] = [{"day": day, "from": "08:00", "to": rnd.choice(["12:00", "18:00"])}]
        people.append(person)
    needs = []
    for j in range(rnd.randint(1, 6)):
        need = {"id": f"n{j}", "urgency": rnd.choice(["low", "normal", "high", "critical"]),
                "team": [{"role": rnd.choice(["volunteer", "any"]), "count": rnd.randint(1, 2),
                          "skills": [rnd.choice(SKILLS)]}],
                "durationMinutes": rnd.choice([30, 60, 90])}
        if rnd.random() < 0.5:
            need["windows"] = [{"day": rnd.randrange(days), "from": "09:00", "to": "12:00"}]
        if rnd.random() < 0.3:
            need["groups"] = rnd.sample(GROUPS, 1)
        needs.append(need)
    if impossible_required:
        needs.append({"id": "n-impossible", "required": True,
                      "team": [{"role": "volunteer", "skills": ["astronomy"]}]})
    return {"schema": "liandong/v1", "horizon": {"days": days}, "people": people, "needs": needs}


def big_input(rnd, needs):
    """A large valid document (for huge lines)."""
    people = [{"id": f"p{i}", "role": "volunteer", "skills": rnd.sample(SKILLS, 2), "maxMinutes": 600}
              for i in range(200)]
    return {"schema": "liandong/v1", "horizon": {"days": 7}, "people": people,
            "needs": [{"id": f"n{j}", "title": "入户探访" * 4, "team": [{"skills": [rnd.choice(SKILLS)]}],
                       "durationMinutes": 60} for j in range(needs)]}


def invalid_input(rnd):
    doc = small_input(rnd)
    breakage = rnd.randrange(4)
    if breakage == 0:
        doc["needs"][0]["durationMinutes"] = -5
    elif breakage == 1:
        doc["people"][0]["maxMinute"] = 10          # unknown member
    elif breakage == 2:
        doc["needs"][0]["team"][0]["count"] = "two"  # wrong type
    else:
        doc["horizon"] = {"days": 0}
    return doc


def generate(count, seed, oversized=False):
    """The request stream: `count` lines in all (blank lines included), deterministic in seed."""
    rnd = random.Random(seed)
    kinds = [  # (kind, weight)
        ("plan", 24), ("planInfeasible", 3), ("bare", 5), ("validate", 9), ("validateInvalid", 7),
        ("checkBadPlan", 3), ("malformed", 10), ("nonObject", 7), ("unknownCommand", 5),
        ("missingInput", 3), ("badOptions", 3), ("invalidUTF8", 2), ("blank", 10), ("crlf", 5),
        ("duplicateKey", 2),
    ]
    names = [k for k, _ in kinds]
    weights = [w for _, w in kinds]
    huge_every = 400  # one huge line per 400
    stream = []
    next_id = 0

    def new_id():
        nonlocal next_id
        next_id += 1
        return next_id if rnd.random() < 0.5 else f"req-{next_id}"

    for n in range(count):
        if n % huge_every == huge_every // 2:
            which = (n // huge_every) % 3
            if which == 0:   # a valid 400 KB document (3,000 needs), validated
                rid = new_id()
                stream.append(Request("hugeValid", compact({"id": rid, "command": "validate",
                                                            "input": big_input(rnd, 3000)}).encode(), rid, 0))
            elif which == 1:  # 3 MiB of junk
                stream.append(Request("hugeJunk", b"{" + b"x" * (3 << 20), None, 65))
            else:            # a 1 MiB id, echoed in an error response
                rid = "i" * (1 << 20)
                stream.append(Request("hugeId", compact({"id": rid, "command": "dance", "input": {}}).encode(), rid, 64))
            continue
        kind = rnd.choices(names, weights)[0]
        if kind == "plan":
            rid = new_id()
            options = {"backend": rnd.choice(["glpk", "auto", "heuristic"]), "timeLimitSeconds": 10}
            req = {"id": rid, "command": "plan", "input": small_input(rnd), "options": options}
            stream.append(Request(kind, compact(req).encode(), rid, 0))
        elif kind == "planInfeasible":
            rid = new_id()
            req = {"id": rid, "command": "plan", "input": small_input(rnd, impossible_required=True)}
            stream.append(Request(kind, compact(req).encode(), rid, 69))
        elif kind == "bare":
            stream.append(Request(kind, compact(small_input(rnd)).encode(), None, 0))
        elif kind == "validate":
            rid = new_id()
            stream.append(Request(kind, compact({"id": rid, "command": "validate", "input": small_input(rnd)}).encode(), rid, 0))
        elif kind == "validateInvalid":
            rid = new_id()
            stream.append(Request(kind, compact({"id": rid, "command": "validate", "input": invalid_input(rnd)}).encode(), rid, 65))
        elif kind == "checkBadPlan":
            rid = new_id()
            req = {"id": rid, "command": "check", "input": small_input(rnd), "plan": {"schema": "nope"}}
            stream.append(Request(kind, compact(req).encode(), rid, 65))
        elif kind == "malformed":
            rid = new_id()
            whole = compact({"id": rid, "command": "validate", "input": small_input(rnd)})
            text = rnd.choice([whole[: rnd.randrange(1, len(whole))], "{oops", whole + ",", "{\"id\": 1,}", "nul", "{'id': 1}"])
            stream.append(Request(kind, text.encode(), None, 65))
        elif kind == "nonObject":
            text = rnd.choice(["[1,2,3]", "42", "\"plan\"", "null", "true", "[]", "-0.5e3"])
            stream.append(Request(kind, text.encode(), None, 64))
        elif kind == "unknownCommand":
            rid = new_id()
            stream.append(Request(kind, compact({"id": rid, "command": rnd.choice(["dance", "PLAN", ""]), "input": {}}).encode(), rid, 64))
        elif kind == "missingInput":
            rid = new_id()
            stream.append(Request(kind, compact({"id": rid, "command": "plan"}).encode(), rid, 64))
        elif kind == "badOptions":
            rid = new_id()
            req = {"id": rid, "command": "plan", "input": small_input(rnd), "options": {"timeLimitSeconds": -1}}
            stream.append(Request(kind, compact(req).encode(), rid, 64))
        elif kind == "invalidUTF8":
            stream.append(Request(kind, b'{"id": "\xff\xfe", "command": "plan", "input": {}}', None, 65))
        elif kind == "blank":
            stream.append(Request(kind, rnd.choice([b"", b"   ", b"\t", b" \t ", b"\r"]), None, None))
        elif kind == "crlf":
            rid = new_id()
            stream.append(Request(kind, compact({"id": rid, "command": "validate", "input": small_input(rnd)}).encode(), rid, 0, ending=b"\r\n"))
        elif kind == "duplicateKey":
            rid = new_id()
            text = '{"id": %s, "command": "plan", "command": "plan", "input": {}}' % json.dumps(rid)
            stream.append(Request(kind, text.encode(), rid, 65))
    if oversized:
        stream.insert(len(stream) // 2, Request("oversized", b"", None, 65, oversize=MAX_BYTES + 1024))
    # The last request line goes without its newline.
    for r in reversed(stream):
        if r.kind != "blank":
            r.ending = b""
            break
    return stream


def feed(proc, stream, errors):
    try:
        out = proc.stdin
        for r in stream:
            if r.oversize:
                chunk = b"x" * (1 << 20)
                left = r.oversize
                while left > 0:
                    out.write(chunk[: min(left, len(chunk))])
                    left -= len(chunk)
            else:
                out.write(r.data)
            out.write(r.ending)
        out.close()
    except BrokenPipeError as e:
        errors.append(f"stdin closed early: {e}")


def verify(stream, output, status, limit=20):
    problems = []
    requests = [r for r in stream if r.kind != "blank"]
    if status != 0:
        problems.append(f"batch exited with {status}, expected 0")
    if output and not output.endswith(b"\n"):
        problems.append("the output does not end with a newline (a partial line)")
    lines = output.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    if len(lines) != len(requests):
        problems.append(f"{len(lines)} response lines for {len(requests)} requests")
    for i, (r, line) in enumerate(zip(requests, lines)):
        if len(problems) >= limit:
            break
        try:
            resp = json.loads(line)
        except ValueError as e:
            problems.append(f"response {i} ({r.kind}) is not JSON: {e}: {line[:120]!r}")
            continue
        if not isinstance(resp, dict):
            problems.append(f"response {i} ({r.kind}) is not an object")
            continue
        if r.id is None:
            if "id" in resp:
                problems.append(f"response {i} ({r.kind}) has id {str(resp['id'])[:40]!r}, expected none")
        elif resp.get("id") != r.id or type(resp.get("id")) is not type(r.id):
            problems.append(f"response {i} ({r.kind}) has id {str(resp.get('id'))[:40]!r}, expected {str(r.id)[:40]!r}")
        if resp.get("exitCode") != r.exit:
            problems.append(f"response {i} ({r.kind}, id {str(r.id)[:40]}) has exitCode {resp.get('exitCode')}, expected {r.exit}: "
                            f"{json.dumps(resp.get('error') or resp.get('result'), ensure_ascii=False)[:200]}")
        if resp.get("ok") is not (r.exit == 0):
            problems.append(f"response {i} ({r.kind}) has ok {resp.get('ok')}")
        if r.kind in ("plan", "bare", "planInfeasible") and resp.get("result", {}).get("schema") != "liandong-plan/v1":
            problems.append(f"response {i} ({r.kind}) carries no plan")
        if r.kind == "oversized" and resp.get("error", {}).get("code") != "tooLarge":
            problems.append(f"response {i} (oversized) is not a tooLarge error")
    return problems


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lines", type=int, default=5000, help="lines in the stream, blank ones included (default 5000)")
    ap.add_argument("--seed", type=int, default=1, help="seed of the generator (default 1)")
    ap.add_argument("--binary", default=os.environ.get("LIANDONG_BIN", os.path.join(root, ".build/release/liandong")),
                    help="the liandong executable (default: $LIANDONG_BIN, else .build/release/liandong)")
    ap.add_argument("--oversized", action="store_true", help="add one line over the 256 MiB request limit")
    ap.add_argument("--save", metavar="FILE", help="also write the generated stream to FILE")
    args = ap.parse_args()
    if not os.access(args.binary, os.X_OK):
        sys.exit(f"batch-load: {args.binary} is not an executable; build it with `swift build -c release` or pass --binary")

    stream = generate(args.lines, args.seed, args.oversized)
    if args.save:
        with open(args.save, "wb") as f:
            for r in stream:
                f.write(b"x" * r.oversize if r.oversize else r.data)
                f.write(r.ending)
    requests = sum(1 for r in stream if r.kind != "blank")
    size = sum(len(r.data) + len(r.ending) + r.oversize for r in stream)
    kinds = {}
    for r in stream:
        kinds[r.kind] = kinds.get(r.kind, 0) + 1

    started = time.monotonic()
    proc = subprocess.Popen([args.binary, "batch", "--lines"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    errors = []
    writer = threading.Thread(target=feed, args=(proc, stream, errors), daemon=True)
    writer.start()
    stderr_chunks = []
    err_reader = threading.Thread(target=lambda: stderr_chunks.append(proc.stderr.read()), daemon=True)
    err_reader.start()
    first = None
    chunks = []
    while True:
        chunk = proc.stdout.read1(1 << 20)
        if not chunk:
            break
        if first is None:
            first = time.monotonic() - started
        chunks.append(chunk)
    status = proc.wait()
    elapsed = time.monotonic() - started
    writer.join()
    err_reader.join()
    output = b"".join(chunks)

    problems = errors + verify(stream, output, status)
    print(f"batch-load: {len(stream)} lines ({requests} requests, {len(stream) - requests} blank), "
          f"{size / 2**20:.1f} MiB in, {len(output) / 2**20:.1f} MiB out, seed {args.seed}")
    print("  kinds: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    print(f"  total {elapsed:.2f} s, first response after {first or 0:.3f} s, "
          f"{requests / elapsed:.0f} requests/s")
    if stderr_chunks and stderr_chunks[0]:
        print("  stderr: " + stderr_chunks[0].decode(errors="replace")[:500].strip())
    if problems:
        print(f"FAILED: {len(problems)} problem(s)")
        for p in problems:
            print("  " + p)
        return 1
    print("OK: one complete response line per request, in order, ids and exit codes as expected")
    return 0


if __name__ == "__main__":
    sys.exit(main())
