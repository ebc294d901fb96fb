#!/usr/bin/env python3
"""Families of weeks, not one week: each scale over a grid of seeds × settings of `liandong generate`.

Settings (the generator's knobs, see `liandong generate --help`):
  plain     as generated
  scarce    --scarcity 2                                   (half the people)
  tight     --budgets 0.5 --order-caps 0.8                 (budgets and organizations' caps bind)
  rare      --skill-loss 0.3 --restricted 0.5 --travel 8   (rare skills, local organizations, far travel)
  dispatch  --pinned 0.15 --declined 0.1 --unscheduled 0.3 (accepted orders in any member order, declines)
  fair      --fairness 20 --budgets 0.7                    (the busiest person's hours cost; budgets that bind)
  dense     --days 2 --slot-minutes 10                     (the week crowded into two days, up to three times the starts)

Every plan is verified with `liandong check`, and every run's wall time against its limit (a
quarter of a second allowed for starting and ending the process); a failure is reported and
counted. For each
(scale, backend, setting): median and worst wall time, median and worst reported gap, the share
proven (`optimal`, or `infeasible` with its plan proven best, counted apart), the share proven
within 0.5 s and 2 s, and peak memory; then the worst case per
scale over all settings. Times are also given as ratios to a baseline measured in the same run
(the demo week with GLPK), since the machine is shared.

Usage: python3 Benchmarks/grid.py [--scales community,street] [--backends auto] [--seeds 1-5]
                                  [--settings plain,tight] [--limit SECONDS] [--json out.json]
"""
import argparse, json, os, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SETTINGS = {
    "plain": [],
    "scarce": ["--scarcity", "2"],
    "tight": ["--budgets", "0.5", "--order-caps", "0.8"],
    "rare": ["--skill-loss", "0.3", "--restricted", "0.5", "--travel", "8"],
    "dispatch": ["--pinned", "0.15", "--declined", "0.1", "--unscheduled", "0.3"],
    "fair": ["--fairness", "20", "--budgets", "0.7"],
    "dense": ["--days", "2", "--slot-minutes", "10"],
}
LIMITS = {"community": 10, "street": 10, "district": 60, "city": 300}


def measure(cmd, out_path):
    with open(out_path, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
    return os.waitstatus_to_exitcode(status), time.perf_counter() - start, usage.ru_maxrss / 1024.0


def is_proven(row):
    """Proven: `optimal`, or `infeasible` (a required need cannot be served, exit 69) with the plan
    that serves the most required needs proven best — `termination: optimal`, or a reported gap of
    0 (its bound holds for every plan serving as many; `auto` says `timeLimit` for a plan proven
    after a phase the clock cut, since 2026-12-18) — either is a proof."""
    return row["status"] == "optimal" or (row["status"] == "infeasible" and (row.get("termination") == "optimal" or row.get("gap") == 0))


def seeds(text):
    if "-" in text:
        a, b = text.split("-")
        return list(range(int(a), int(b) + 1))
    return [int(x) for x in text.split(",")]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scales", default="community,street")
    ap.add_argument("--backends", default="auto")
    ap.add_argument("--seeds", default="1-5")
    ap.add_argument("--settings", default=",".join(SETTINGS))
    ap.add_argument("--limit", type=float, help="time limit (default: 10 s community/street, 60 district, 300 city)")
    ap.add_argument("--bin", default=os.path.join(ROOT, ".build/release/liandong"))
    ap.add_argument("--json")
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="liandong-grid-")
    demo = os.path.join(ROOT, "datasets", "wenchang-week.json")
    baseline = min(measure([a.bin, "plan", demo, "--backend", "glpk", "--quiet"], os.devnull)[1] for _ in range(3))
    print(f"baseline: the demo week with glpk = {baseline:.3f} s (best of 3)\n")
    rows, failures = [], 0
    for scale in a.scales.split(","):
        limit = a.limit or LIMITS[scale]
        for setting in a.settings.split(","):
            for seed in seeds(a.seeds):
                week = os.path.join(tmp, f"{scale}-{setting}-{seed}.json")
                subprocess.run([a.bin, "generate", "--scale", scale, "--seed", str(seed), "-o", week] + SETTINGS[setting], check=True)
                for backend in a.backends.split(","):
                    out = os.path.join(tmp, f"{scale}-{setting}-{seed}-{backend}.plan.json")
                    code, wall, mem = measure([a.bin, "plan", week, "--backend", backend, "--time-limit", str(limit), "--quiet"], out)
                    check = subprocess.run([a.bin, "check", week, out], capture_output=True).returncode
                    try:
                        plan = json.load(open(out))
                    except ValueError:
                        plan = None
                    # The limit counts from the start of the process; a quarter of a second for
                    # starting it and for the exit.
                    within = wall <= limit + 0.25
                    ok = plan is not None and code in (0, 69) and check == 0 and within
                    failures += 0 if ok else 1
                    s = plan["solver"] if plan else {}
                    row = dict(scale=scale, setting=setting, seed=seed, backend=backend, seconds=wall, mib=mem,
                               status=plan["status"] if plan else "none", gap=s.get("gap", 1.0), ok=ok, limit=limit,
                               termination=s.get("termination", "none"))
                    rows.append(row)
                    print(f"{scale:9} {setting:9} seed {seed:2} {backend:9} {wall:6.2f} s {mem:6.0f} MiB "
                          f"{row['status']:10} gap {100 * row['gap']:6.3f} %" + ("" if ok else "  FAILED")
                          + ("" if within else f" (over the {limit:g} s limit)"), flush=True)
    print("\n| scale | backend | setting | weeks | median s | worst s | median ×base | median gap | worst gap | proven | of which infeasible | proven ≤ 0.5 s | proven ≤ 2 s | peak MiB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")

    def line(scale, backend, setting, sel):
        t = [r["seconds"] for r in sel]
        g = [r["gap"] for r in sel]
        proven = [r for r in sel if is_proven(r)]
        infeasible = sum(r["status"] == "infeasible" for r in proven)
        fast = sum(r["seconds"] <= 0.5 for r in proven)
        two = sum(r["seconds"] <= 2 for r in proven)
        print(f"| {scale} | {backend} | {setting} | {len(sel)} | {statistics.median(t):.2f} | {max(t):.2f} | "
              f"{statistics.median(t) / baseline:.1f} | {100 * statistics.median(g):.3f} % | {100 * max(g):.3f} % | "
              f"{len(proven)}/{len(sel)} | {infeasible} | {fast}/{len(sel)} | {two}/{len(sel)} | {max(r['mib'] for r in sel):.0f} |")

    for scale in a.scales.split(","):
        for backend in a.backends.split(","):
            for setting in a.settings.split(","):
                sel = [r for r in rows if r["scale"] == scale and r["backend"] == backend and r["setting"] == setting]
                if sel:
                    line(scale, backend, setting, sel)
            sel = [r for r in rows if r["scale"] == scale and r["backend"] == backend]
            if sel:
                line(scale, backend, "**all**", sel)
    if a.json:
        json.dump({"baselineSeconds": baseline, "rows": rows}, open(a.json, "w"), indent=1)
    print(f"\n{failures} failure(s) (a plan missing, an unexpected exit code, a plan `check` rejects or a run over its limit)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
