#!/usr/bin/env python3
"""Runs a multi-week dispatch scenario (three-weeks.json) through the real `liandong` command
line and measures what the rounds and records promise.

For every week: `liandong plan --store`, then each round's responses (written by the rules of the
scenario file from the plan in hand) through `liandong replan --store`, then every service
recorded with `liandong record --store --file`. Every command run is appended to
OUT/commands.sh, so the sequence can be read and re-run by hand. OUT/summary.json holds the
measurements:

- acceptedMoved: accepted orders that changed later in their week (must be 0)
- declinesReturned: declined orders that went back to the declining organization (must be 0)
- rounds: per round, orders in the plan and orders changed (with why)
- continuity: of the needs whose resident was served before, how many have one of the
  same people again
- timeBank: minutes recorded done by this script against the store's time bank
- balance: per week, the final plan's largest and median load and the share of the week's
  minutes that went to the quarter of people with the most hours before

Usage: python3 datasets/scenario/run.py [--liandong BIN] [--out DIR] [--fairness-off] [--continuity-off]
Standard library only.
"""
import argparse
import json
import os
import shlex
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scenario", default=os.path.join(HERE, "three-weeks.json"))
    ap.add_argument("--liandong", default=os.path.join(HERE, "..", "..", ".build", "release", "liandong"))
    ap.add_argument("--out", default="scenario-out")
    ap.add_argument("--continuity-off", action="store_true", help="plan with weights.continuity 0 (the comparison)")
    ap.add_argument("--fairness-off", action="store_true", help="plan with weights.history and weights.fairness 0 (the comparison)")
    ap.add_argument("--time-limit", default="20")
    args = ap.parse_args()

    scenario = json.load(open(args.scenario, encoding="utf-8"))
    base = json.load(open(os.path.join(os.path.dirname(args.scenario), scenario["base"]), encoding="utf-8"))
    os.makedirs(args.out, exist_ok=True)
    store = os.path.join(args.out, "store.sqlite")
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(store + suffix):
            os.remove(store + suffix)
    log = open(os.path.join(args.out, "commands.sh"), "w", encoding="utf-8")
    log.write("#!/usr/bin/env bash\nset -euo pipefail\n")
    weights = dict(scenario.get("weights", {}))
    if args.continuity_off:
        weights["continuity"] = 0
    if args.fairness_off:
        weights["history"] = 0
        weights["fairness"] = 0

    def run(*argv, ok=(0,)):
        cmd = [args.liandong, *argv]
        log.write(" ".join(shlex.quote(c) for c in cmd) + "\n")
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode not in ok:
            sys.exit(f"run.py: {' '.join(cmd)} exited {r.returncode}:\n{r.stderr}")
        return r

    summary = {"acceptedMoved": 0, "declinesReturned": 0, "rounds": [], "continuity": {"needs": 0, "samePerson": 0},
               "timeBank": {}, "balance": [], "weights": weights}
    recorded_minutes = {}
    served_before = {}  # resident -> people who served them (done) in earlier weeks
    for w, week in enumerate(scenario["weeks"], 1):
        doc = json.loads(json.dumps(base))
        doc["horizon"]["start"] = week["start"]
        doc["weights"] = {**doc.get("weights", {}), **weights}
        if week.get("reversePeople"):
            doc["people"].reverse()
        path = os.path.join(args.out, f"week{w}.json")
        json.dump(doc, open(path, "w", encoding="utf-8"), ensure_ascii=False, indent=1)
        plan_path = os.path.join(args.out, f"week{w}-round1.json")
        run("plan", path, "--store", store, "--time-limit", args.time_limit, "--quiet", "-o", plan_path)
        plan = json.load(open(plan_path, encoding="utf-8"))
        first_plan = plan
        accepted = {}   # need -> (people, day, start, organization)
        declined = {}   # need -> organizations that declined it
        for r, rules in enumerate(week["rounds"], 1):
            responses = respond(plan, rules, accepted, declined)
            resp_path = os.path.join(args.out, f"week{w}-responses{r}.json")
            json.dump({"responses": responses}, open(resp_path, "w", encoding="utf-8"), ensure_ascii=False, indent=1)
            next_path = os.path.join(args.out, f"week{w}-round{r + 1}.json")
            run("replan", path, "--store", store, "--responses", resp_path, "--time-limit", args.time_limit, "--quiet", "-o", next_path)
            plan = json.load(open(next_path, encoding="utf-8"))
            by_need = {a["need"]: a for a in plan["assignments"]}
            for need, key in accepted.items():
                a = by_need.get(need)
                if a is None or order_key(a) != key or not a.get("pinned"):
                    summary["acceptedMoved"] += 1
            for need, orgs in declined.items():
                a = by_need.get(need)
                if a is not None and a.get("organization") in orgs:
                    summary["declinesReturned"] += 1
            changes = plan.get("changes", {})
            summary["rounds"].append({"week": w, "round": r + 1, "orders": len(plan["assignments"]),
                                      "changed": changes.get("changed", 0),
                                      "because": sorted({o["because"] for o in changes.get("orders", [])})})
        # continuity of care: residents served before, served again by one of the same people
        for a in plan["assignments"]:
            need = next(n for n in doc["needs"] if n["id"] == a["need"])
            resident = need.get("resident")
            if resident and resident in served_before:
                summary["continuity"]["needs"] += 1
                if served_before[resident] & {m["person"] for m in a["people"]}:
                    summary["continuity"]["samePerson"] += 1
        # the week happens: every service recorded, every n-th a no-show
        records = []
        every = scenario.get("records", {}).get("noShowEvery", 0)
        i = 0
        durations = {n["id"]: n.get("durationMinutes", 60) for n in doc["needs"]}
        residents = {n["id"]: n.get("resident") for n in doc["needs"]}
        for a in plan["assignments"]:
            for m in a["people"]:
                i += 1
                status = "noShow" if every and i % every == 0 else "done"
                rec = {"need": a["need"], "person": m["person"], "status": status}
                if status == "done":
                    rec["feedback"] = scenario["records"].get("feedback", "")
                    rec["rating"] = scenario["records"].get("rating", 5)
                    recorded_minutes[m["person"]] = recorded_minutes.get(m["person"], 0) + durations[a["need"]]
                    if residents[a["need"]]:
                        served_before.setdefault(residents[a["need"]], set()).add(m["person"])
                records.append(rec)
        rec_path = os.path.join(args.out, f"week{w}-records.json")
        json.dump({"records": records}, open(rec_path, "w", encoding="utf-8"), ensure_ascii=False, indent=1)
        run("record", "--store", store, "--week", week["start"], "--file", rec_path)
        summary["balance"].append({"week": w, **plan["summary"]["balance"], "served": plan["summary"]["served"],
                                   "firstRoundServed": first_plan["summary"]["served"]})
    history = json.loads(run("history", "--store", store, "--format", "json").stdout)
    bank = {a["person"]: a["minutesDone"] for a in history["timeBank"]}
    summary["timeBank"] = {"recordedMinutes": sum(recorded_minutes.values()), "storeMinutes": sum(bank.values()),
                           "mismatches": sorted(p for p in set(bank) | set(recorded_minutes) if bank.get(p, 0) != recorded_minutes.get(p, 0))}
    json.dump(summary, open(os.path.join(args.out, "summary.json"), "w", encoding="utf-8"), ensure_ascii=False, indent=1)
    print(json.dumps(summary, ensure_ascii=False, indent=1))


def order_key(a):
    return ([m["person"] for m in a["people"]], a.get("day"), a.get("start"), a.get("organization"))


def respond(plan, rules, accepted, declined):
    """The responses one round's rules give for the orders of `plan` not yet accepted."""
    out = []
    open_orders = [a for a in plan["assignments"] if not a.get("pinned") and a.get("organization")]
    refuse = rules.get("declineAllOf")
    for a in open_orders:
        if a["organization"] == refuse:
            out.append({"need": a["need"], "organization": a["organization"], "decision": "decline"})
            declined.setdefault(a["need"], set()).add(a["organization"])
    withdraw = rules.get("withdrawOneOf")
    if withdraw:
        mine = sorted(n for n, key in accepted.items() if key[3] == withdraw)
        if not mine:
            sys.exit(f"run.py: {withdraw} has no accepted order to withdraw")
        need = mine[0]
        out.append({"need": need, "organization": withdraw, "decision": "decline"})
        declined.setdefault(need, set()).add(withdraw)
        del accepted[need]
    mode = rules.get("accept")
    for a in open_orders:
        if a["organization"] == refuse:
            continue
        number = int("".join(ch for ch in a["need"] if ch.isdigit()) or "0")
        if mode == "all" or (mode == "odd" and number % 2 == 1):
            out.append({"need": a["need"], "organization": a["organization"], "decision": "accept"})
            accepted[a["need"]] = order_key(a)
    return out


if __name__ == "__main__":
    main()
