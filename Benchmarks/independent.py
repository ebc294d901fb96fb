#!/usr/bin/env python3
"""Weeks of a generator independent of `liandong generate`, and a sweep that checks every plan.

The engine is tuned on its own generator's families; this one is written apart from it (other
vocabulary, other distributions: 1-4 communities, 1-5 organizations with `maxOrders` and community
limits, a third of the skills rare, availability in one or two windows a day, budgets and caps,
critical needs half of the time with teams of two to four positions, windows on 70 % of the
needs, risky, preferred, excluded, pairs with costs and extra minutes, declines of people and
organizations, travel, fairness 1-200, cost and critical weights). `--scale k` multiplies people,
needs, pairs and declines; `--vary` puts the week on another horizon (1-14 days, slots of 5-60
minutes, times off the half hour) with other group and preferred weights, 0-minute unscheduled
needs and people available nowhere (`varied`).

The sweep runs each week under `glpk` (the reference; its proven optimum when it proves one),
`auto` twice and `heuristic`, then again with 40 % of GLPK's plan pinned, members shuffled within
their positions, and reports every problem: a plan `liandong check` rejects, a plan above the
proven optimum, a bound below it, a false `optimal`, `auto` not byte-identical (timings aside)
over two runs that neither said `timeLimit`, an unexpected exit code. A pinned week may be
rejected (65) only where the shuffle made a member of a full organization the lead (rule 8).
With `--highs SECONDS` it also prints `auto`'s objective and bound beside HiGHS's on the exported
model (`pip install highspy`; a benchmark peer, never the engine).

    python3 Benchmarks/independent.py generate 7 week.json --scale 6
    python3 Benchmarks/independent.py sweep --bin .build/release/liandong --seeds 1-150 --required 0.05
    python3 Benchmarks/independent.py sweep --bin .build/release/liandong --seeds 1-12 --scale 6 --limit 10 --highs 60 --no-reference
    python3 Benchmarks/independent.py sweep --bin .build/release/liandong --seeds 3001-3040 --required 0.05 --limit 2 --vary
"""
import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

def week(seed, SC=1.0, required=0.0):
    """One week of this generator (a `liandong/v1` document)."""
    r = random.Random(seed * 7919 + 13)
    SK = ["elderlyCare","counselling","companionship","disability","childCare","legalAid","medical","cleaning","cooking","tutoring","repair","psych"]
    CATS = ["elderlyCare","campaign","childCare","disability","legal","health","housework"]
    nc = r.randint(1, 4)
    comms = [{"id": f"c{i}", "name": f"社区{i}", "partyOrganization": f"p{i%2}", "location": {"x": round(r.uniform(0,4),2), "y": round(r.uniform(0,4),2)}} for i in range(nc)]
    no = r.randint(1, 5)
    orgs = []
    for i in range(no):
        o = {"id": f"o{i}", "name": f"组织{i}", "kind": r.choice(["socialWorkAgency","volunteerTeam"])}
        if r.random() < 0.7: o["maxOrders"] = r.randint(0, int(8*SC))
        if r.random() < 0.3: o["communities"] = r.sample([c["id"] for c in comms], r.randint(1, nc))
        orgs.append(o)
    npeople = max(3, int(r.randint(3, 24) * SC))
    people = []
    rare = r.sample(SK, 3)
    for i in range(npeople):
        sw = r.random() < 0.4
        p = {"id": f"{'sw' if sw else 'v'}{i}", "role": "socialWorker" if sw else "volunteer"}
        if sw: p["level"] = r.choice(["assistant","intermediate","intermediate","senior"])
        if r.random() < 0.85: p["organization"] = r.choice(orgs)["id"]
        sk = [s for s in SK if r.random() < (0.08 if s in rare else 0.35)]
        p["skills"] = sk
        if r.random() < 0.8:
            av = []
            for d in range(7):
                if r.random() < 0.55:
                    a = r.randint(14, 30); b = min(44, a + r.randint(4, 20))
                    av.append({"day": d, "from": f"{a//2:02d}:{30*(a%2):02d}", "to": f"{b//2:02d}:{30*(b%2):02d}"})
                    if r.random() < 0.2 and b < 40:
                        c = r.randint(b+1, 41); e = min(46, c + r.randint(2, 8))
                        av.append({"day": d, "from": f"{c//2:02d}:{30*(c%2):02d}", "to": f"{e//2:02d}:{30*(e%2):02d}"})
            p["availability"] = av
        if r.random() < 0.8: p["maxMinutes"] = r.choice([120, 240, 360, 480, 600, 900, 1200])
        if r.random() < 0.4: p["maxAssignments"] = r.randint(1, 8)
        if r.random() < 0.7: p["home"] = r.choice(comms)["id"]
        p["insured"] = r.random() < 0.7
        people.append(p)
    nneeds = max(1, int(r.randint(1, 40) * SC))
    needs = []
    for i in range(nneeds):
        n = {"id": f"n{i}", "community": r.choice(comms)["id"], "category": r.choice(CATS),
             "urgency": r.choices(["critical","high","normal","low"], [1,3,6,4])[0]}
        if r.random() < 0.3: n["groups"] = r.sample(["elderly","livingAlone","disabled","subsistenceAllowance","childInDifficulty"], r.randint(1,2))
        if r.random() < 0.85:
            team = []
            big = n["urgency"] == "critical" and r.random() < 0.5
            for _ in range(r.randint(2, 4) if big else r.choices([1,2,3],[5,3,1])[0]):
                role = r.choices(["socialWorker","volunteer","any"], [3,5,2])[0]
                pos = {"role": role, "count": r.choices([1,2,3],[6,2,1])[0] if not big else r.randint(1,2)}
                if r.random() < 0.7: pos["skills"] = r.sample(SK, r.choices([1,2],[4,1])[0])
                if role != "volunteer" and r.random() < 0.4: pos["minLevel"] = r.choice(["assistant","intermediate","senior"])
                team.append(pos)
            n["team"] = team
        n["durationMinutes"] = r.choice([30, 60, 60, 90, 120, 180])
        if r.random() < 0.7:
            ws = []
            for _ in range(r.randint(1, 3)):
                d = r.randint(0, 6); a = r.randint(16, 34); b = min(46, a + r.randint(n["durationMinutes"]//30, 12))
                ws.append({"day": d, "from": f"{a//2:02d}:{30*(a%2):02d}", "to": f"{b//2:02d}:{30*(b%2):02d}"})
            n["windows"] = ws
        if r.random() < 0.15: n["risky"] = True
        if r.random() < required: n["required"] = True
        if r.random() < 0.2: n["preferred"] = r.sample([p["id"] for p in people], min(len(people), r.randint(1, 3)))
        if r.random() < 0.1: n["excluded"] = r.sample([p["id"] for p in people], 1)
        needs.append(n)
    pairs = []
    for _ in range(int(r.randint(0, 20) * SC)):
        pairs.append({"need": r.choice(needs)["id"], "person": r.choice(people)["id"], "cost": round(r.uniform(0, 8), 1), "extraMinutes": r.choice([0, 10, 20, 40])})
    seen = set(); pairs = [p for p in pairs if (p["need"], p["person"]) not in seen and not seen.add((p["need"], p["person"]))]
    declined = []
    for _ in range(int(r.randint(0, 6) * SC)):
        if r.random() < 0.7: declined.append({"need": r.choice(needs)["id"], "person": r.choice(people)["id"]})
        else: declined.append({"need": r.choice(needs)["id"], "organization": r.choice(orgs)["id"]})
    w = {"schema": "liandong/v1", "horizon": {"start": "2026-11-23", "days": 7, "slotMinutes": 30},
         "communities": comms, "organizations": orgs, "people": people, "needs": needs,
         "pairs": pairs, "declined": declined}
    if r.random() < 0.6: w["travel"] = {"minutesPerKm": r.choice([1, 2, 4])}
    wt = {}
    if r.random() < 0.4: wt["fairness"] = r.choice([1, 5, 20, 100, 200])
    if r.random() < 0.3: wt["cost"] = r.choice([0.5, 2, 10])
    if r.random() < 0.2: wt["urgency"] = {"critical": r.choice([300, 5000])}
    if wt: w["weights"] = wt
    return w


def varied(w, seed):
    """The week on another horizon (1-14 days, slots of 5-60 minutes; windows and availability
    moved onto its days, their times on a 5-minute grid), with other group and preferred
    weights, unscheduled needs of 0 minutes and people available nowhere (`availability: []`)."""
    r = random.Random(seed * 104729 + 7)
    days = r.choice([1, 2, 3, 5, 7, 10, 14])
    slot = r.choice([5, 10, 15, 20, 30, 60])
    w["horizon"] = {"start": r.choice(["2026-11-23", "2026-12-31", "2027-02-26"]), "days": days, "slotMinutes": slot}

    def shift(t):
        h, m = map(int, t.split(":"))
        m = max(0, min(23 * 60 + 55, h * 60 + m + r.choice([-10, -5, 0, 0, 5, 10, 15])))
        return f"{m // 60:02d}:{m % 60:02d}"

    def moved(intervals, keep_one):
        out = []
        for iv in intervals:
            iv = dict(iv, day=iv["day"] % days)
            if r.random() < 0.5:
                iv["from"], iv["to"] = shift(iv["from"]), shift(iv["to"])
            if iv["from"] < iv["to"]:
                out.append(iv)
        return out or (intervals[:1] if keep_one else [])

    for p in w["people"]:
        if "availability" in p:
            p["availability"] = moved(p["availability"], False)
        elif r.random() < 0.05:
            p["availability"] = []
    for n in w["needs"]:
        if "windows" in n:
            # A window opens on a slot boundary (the engine's reading): its start rounded up.
            ws = []
            for iv in moved(n["windows"], True):
                h, m = map(int, iv["from"].split(":"))
                a = -(-(h * 60 + m) // slot) * slot
                if f"{a // 60:02d}:{a % 60:02d}" < iv["to"]:
                    ws.append(dict(iv, **{"from": f"{a // 60:02d}:{a % 60:02d}"}))
            n["windows"] = ws or [{"day": 0, "from": "08:00", "to": "12:00"}]
        elif r.random() < 0.2:
            n["durationMinutes"] = 0
    wt = w.setdefault("weights", {})
    if r.random() < 0.5:
        wt["groups"] = {g: r.choice([0, 5, 50, 400]) for g in r.sample(["elderly", "livingAlone", "disabled", "subsistenceAllowance", "childInDifficulty"], 2)}
    if r.random() < 0.5:
        wt["preferred"] = r.choice([0, 1, 50])
    return w


HIGHS = r"""
import sys, json, highspy
h = highspy.Highs(); h.setOptionValue("output_flag", False); h.setOptionValue("threads", 1)
h.setOptionValue("time_limit", float(sys.argv[2])); h.readModel(sys.argv[1]); h.run(); i = h.getInfo()
print(json.dumps({"objective": -i.objective_function_value, "bound": -i.mip_dual_bound}))
"""


def seeds(text):
    a, _, b = text.partition("-")
    return range(int(a), int(b or a) + 1)


def sweep(args):
    problems = 0
    tmp = tempfile.mkdtemp(prefix="liandong-independent-")

    def report(msg):
        nonlocal problems
        problems += 1
        print("PROBLEM " + msg, flush=True)

    def plan(path, backend, limit, out):
        p = subprocess.run([args.bin, "plan", path, "--backend", backend, "--time-limit", str(limit), "-o", out],
                           capture_output=True, text=True)
        return p.returncode, p.stderr

    def valid(path, out):
        return subprocess.run([args.bin, "check", path, out], capture_output=True, text=True).returncode == 0

    def without_timings(j):
        j = json.loads(json.dumps(j))
        j["solver"].pop("seconds", None)
        return json.dumps(j, sort_keys=True)

    for seed in seeds(args.seeds):
        path = os.path.join(tmp, f"w{seed}.json")
        with open(path, "w") as f:
            doc = week(seed, args.scale, args.required)
            json.dump(varied(doc, seed) if args.vary else doc, f, ensure_ascii=False)
        optimum, reference, rc = None, None, None
        if not args.no_reference:
            rc, err = plan(path, "glpk", args.reference_limit, os.path.join(tmp, "glpk.json"))
            if rc not in (0, 69):
                report(f"w{seed} glpk exit {rc}: {err[:200]}")
                continue
            reference = json.load(open(os.path.join(tmp, "glpk.json")))
            if not valid(path, os.path.join(tmp, "glpk.json")):
                report(f"w{seed} glpk: a plan check rejects")
            if reference["status"] == "optimal":
                optimum = reference["solver"]["objective"]
        tolerance = 1e-6 * max(1, abs(optimum or 0)) + 1e-6
        outs = {}
        for backend, limit, tag in (("auto", args.limit, "auto"), ("auto", args.limit, "auto again"), ("heuristic", args.limit, "heuristic")):
            out = os.path.join(tmp, tag.replace(" ", "-") + ".json")
            rc2, err = plan(path, backend, limit, out)
            if rc2 not in (0, 69) or (rc is not None and rc2 != rc):
                report(f"w{seed} {tag} exit {rc2} (glpk {rc}): {err[:200]}")
                continue
            j = json.load(open(out))
            outs[tag] = j
            if not valid(path, out):
                report(f"w{seed} {tag}: a plan check rejects")
            s = j["solver"]
            if optimum is not None:
                if s["objective"] is not None and s["objective"] > optimum + tolerance:
                    report(f"w{seed} {tag}: objective {s['objective']} above the proven optimum {optimum}")
                if s.get("bound") is not None and s["bound"] < optimum - tolerance:
                    report(f"w{seed} {tag}: bound {s['bound']} below the proven optimum {optimum}")
                if j["status"] == "optimal" and abs(s["objective"] - optimum) > tolerance:
                    report(f"w{seed} {tag}: optimal {s['objective']} but the optimum is {optimum}")
        a, b = outs.get("auto"), outs.get("auto again")
        if a and b and "timeLimit" not in (a["solver"].get("termination"), b["solver"].get("termination")):
            if without_timings(a) != without_timings(b):
                report(f"w{seed} auto: two runs differ")
        line = f"w{seed}: optimum {optimum}"
        if a:
            line += f", auto {a['solver']['objective']} (bound {a['solver'].get('bound')}, {a['status']})"
        if args.highs:
            mps = os.path.join(tmp, "model.mps")
            subprocess.run([args.bin, "export-model", path, "--format", "mps", "-o", mps], capture_output=True)
            h = subprocess.run([sys.executable, "-c", HIGHS, mps, str(args.highs)], capture_output=True, text=True)
            lines = h.stdout.strip().splitlines()
            line += f", HiGHS {lines[-1] if lines else 'failed'}"
        print(line, flush=True)
        if reference is None or not reference["assignments"]:
            continue
        # 40 % of GLPK's plan pinned, members shuffled within their positions.
        rng = random.Random(seed)
        doc = json.load(open(path))
        doc["pinned"] = []
        for assignment in reference["assignments"]:
            if rng.random() >= 0.4:
                continue
            by_position = {}
            for member in assignment["people"]:
                by_position.setdefault(member["position"], []).append(member["person"])
            people = []
            for k in sorted(by_position):
                rng.shuffle(by_position[k])
                people += by_position[k]
            pin = {"need": assignment["need"], "people": people}
            if assignment.get("day") is not None:
                pin.update(day=assignment["day"], start=assignment["start"])
            doc["pinned"].append(pin)
        pinned = os.path.join(tmp, f"p{seed}.json")
        with open(pinned, "w") as f:
            json.dump(doc, f, ensure_ascii=False)
        for backend in ("auto", "heuristic", "glpk"):
            out = os.path.join(tmp, "pinned.json")
            rc3, err = plan(pinned, backend, args.limit, out)
            if rc3 == 65:
                if "maxOrders" not in err:
                    report(f"w{seed} pinned {backend} exit 65: {err[:300]}")
                break
            if rc3 not in (0, 69):
                report(f"w{seed} pinned {backend} exit {rc3}: {err[:200]}")
                continue
            if not valid(pinned, out):
                report(f"w{seed} pinned {backend}: a plan check rejects")
    shutil.rmtree(tmp, ignore_errors=True)
    print(f"problems: {problems}")
    return 1 if problems else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    g = sub.add_parser("generate", help="write one week")
    g.add_argument("seed", type=int)
    g.add_argument("out")
    g.add_argument("--scale", type=float, default=1.0)
    g.add_argument("--required", type=float, default=0.0, help="share of needs marked required")
    g.add_argument("--vary", action="store_true", help="another horizon, slot and weights (`varied`)")
    s = sub.add_parser("sweep", help="run and check many weeks")
    s.add_argument("--bin", default="./.build/release/liandong")
    s.add_argument("--seeds", default="1-50")
    s.add_argument("--scale", type=float, default=1.0)
    s.add_argument("--required", type=float, default=0.05)
    s.add_argument("--limit", type=float, default=3, help="time limit of auto and heuristic (s)")
    s.add_argument("--reference-limit", type=float, default=20, help="time limit of the glpk reference (s)")
    s.add_argument("--no-reference", action="store_true", help="no glpk reference (large weeks), no pins")
    s.add_argument("--vary", action="store_true", help="another horizon, slot and weights (`varied`)")
    s.add_argument("--highs", type=float, default=0, help="also HiGHS on the exported model, this many seconds")
    a = ap.parse_args()
    if a.command == "generate":
        with open(a.out, "w") as f:
            doc = week(a.seed, a.scale, a.required)
            json.dump(varied(doc, a.seed) if a.vary else doc, f, ensure_ascii=False)
        return 0
    return sweep(a)


if __name__ == "__main__":
    sys.exit(main())
