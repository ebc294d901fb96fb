#!/usr/bin/env python3
"""GAP types C, D, E (../shared/datasets/gap-cde): Liandong against the published best known values.

Each instance becomes a `liandong/v1` week as ../shared/datasets/orlib-gap/README.md describes
(agents = people with maxMinutes b[i]; jobs = required unscheduled needs of 0 minutes; pair cost
c[i][j] and extraMinutes r[i][j]; urgency 0, preferred 0, cost 1, fairness 0: objective = − cost).
Every backend's plan is checked with `liandong check`; its bound must not exclude a proven
optimum. Reports, per backend, each instance's gap (plan cost − best known) / best known, whether
the plan is proven, the bound's gap, wall time, and the mean and worst gap per type and overall.

Usage: python3 Benchmarks/gap_cde.py [--limit 10] [--backends auto,heuristic] [--bin PATH]
                                     [--only c05100,d10200] [--json out.json]
"""
import argparse, csv, json, os, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.environ.get("LIANDONG_SHARED", os.path.join(os.path.dirname(ROOT), "shared"))
DATA = os.path.join(DATA, "datasets", "gap-cde")


def week(path):
    nums = [int(x) for x in open(path).read().split()]
    m, n = nums[0], nums[1]
    c = [nums[2 + i * n: 2 + (i + 1) * n] for i in range(m)]
    off = 2 + m * n
    r = [nums[off + i * n: off + (i + 1) * n] for i in range(m)]
    b = nums[off + m * n: off + m * n + m]
    return {
        "schema": "liandong/v1", "horizon": {"days": 7},
        "people": [{"id": f"a{i}", "role": "volunteer", "maxMinutes": b[i]} for i in range(m)],
        "needs": [{"id": f"j{j}", "durationMinutes": 0, "required": True} for j in range(n)],
        "pairs": [{"need": f"j{j}", "person": f"a{i}", "cost": c[i][j], "extraMinutes": r[i][j]}
                  for j in range(n) for i in range(m)],
        "weights": {"urgency": {"critical": 0, "high": 0, "normal": 0, "low": 0}, "preferred": 0, "cost": 1, "fairness": 0},
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=float, default=10)
    ap.add_argument("--backends", default="auto,heuristic")
    ap.add_argument("--bin", default=os.path.join(ROOT, ".build/release/liandong"))
    ap.add_argument("--only", default="")
    ap.add_argument("--json")
    a = ap.parse_args()
    if not os.path.isdir(DATA):
        print(f"SKIPPED: {DATA} is missing", file=sys.stderr)
        return 0
    rows = list(csv.DictReader(open(os.path.join(DATA, "best-known.csv"))))
    if a.only:
        rows = [r for r in rows if r["instance"] in a.only.split(",")]
    results, failures = [], 0
    tmp = tempfile.mkdtemp(prefix="gap-cde-")
    for r in rows:
        src = os.path.join(tmp, r["instance"] + ".json")
        json.dump(week(os.path.join(DATA, r["instance"] + ".txt")), open(src, "w"))
        best = int(r["best_known"])
        for backend in a.backends.split(","):
            out = os.path.join(tmp, f"{r['instance']}-{backend}.plan.json")
            t0 = time.monotonic()
            p = subprocess.run([a.bin, "plan", src, "--backend", backend, "--time-limit", str(a.limit), "--quiet", "-o", out])
            wall = time.monotonic() - t0
            check = subprocess.run([a.bin, "check", src, out], capture_output=True)
            plan = json.load(open(out))
            cost = -plan["solver"]["objective"]
            bound_cost = -plan["solver"]["bound"]
            ok = p.returncode == 0 and check.returncode == 0 and plan["summary"]["served"] == int(r["jobs"])
            if r["proven_optimal"] == "yes" and bound_cost > best + 1e-6:
                ok = False   # a bound that excludes the proven optimum
            if not ok:
                failures += 1
            res = {"instance": r["instance"], "type": r["type"], "backend": backend, "best": best, "cost": cost,
                   "gap": (cost - best) / best, "boundGap": (best - bound_cost) / best, "status": plan["status"],
                   "seconds": round(wall, 2), "ok": ok}
            results.append(res)
            print(f"{r['instance']:8} {backend:9} cost {cost:8.0f} best {best:6d} gap {100 * res['gap']:6.2f}% "
                  f"bound {bound_cost:9.1f} ({100 * res['boundGap']:5.2f}% below best) {plan['status']:8} {wall:5.1f} s"
                  + ("" if ok else "  FAILED"), flush=True)
    return finish(results, a.backends.split(","), failures, a.json, proven=True)


def finish(results, backends, failures, json_path, proven):
    """The summary table by backend and type (mean and worst gap; with `proven`, how many plans are
    proven optimal), the results as JSON if asked, the failure count; the exit code."""
    print()
    print("| backend | type | instances | mean gap | worst gap |" + (" proven |" if proven else ""))
    print("|---|---|---|---|---|" + ("---|" if proven else ""))
    for backend in backends:
        for t in ["c", "d", "e", "all"]:
            sel = [x for x in results if x["backend"] == backend and (t == "all" or x["type"] == t)]
            if not sel:
                continue
            mean = sum(x["gap"] for x in sel) / len(sel)
            worst = max(x["gap"] for x in sel)
            row = f"| {backend} | {t.upper() if t != 'all' else 'all'} | {len(sel)} | {100 * mean:.2f} % | {100 * worst:.2f} % |"
            print(row + (f" {sum(x['status'] == 'optimal' for x in sel)} |" if proven else ""))
    if json_path:
        json.dump(results, open(json_path, "w"), indent=1)
    print(f"\n{failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
