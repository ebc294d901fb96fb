#!/usr/bin/env python3
"""Liandong's speed, gap and memory benchmark: a plain release-mode harness.

For each scale (community, street, district, city) it generates an input with
`liandong generate`, plans it with each backend in its own process (wall time and peak
resident memory from the kernel's accounting of that child), verifies the plan with
`liandong check`, and compares with the targets. Every time is also given as a ratio to a
baseline measured in the same run (planning the shipped demo week with GLPK), because the
machine is shared and noisy: ratios travel between runs better than seconds do.

Usage: python3 Benchmarks/run.py [--scales community,street] [--backends auto,glpk,heuristic]
                                 [--seed 1] [--repeat 3] [--json results.json]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# scale: (time limit s, target seconds, target gap, target peak memory MiB or None)
TARGETS = {
    "community": (30, 0.5, 0.0, None),
    "street": (10, 10.0, 0.005, None),
    "district": (60, 60.0, 0.01, 2048),
    "city": (300, 300.0, 0.03, 8192),
}


def build():
    subprocess.run(["swift", "build", "-c", "release", "--product", "liandong"], cwd=ROOT, check=True,
                   stdout=sys.stderr)
    out = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout.strip()
    return os.path.join(out, "liandong")


def measure(cmd, stdout_path=None):
    """Runs cmd; returns (exit code, wall seconds, peak RSS MiB)."""
    out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if stdout_path:
        out.close()
    code = os.waitstatus_to_exitcode(status)
    return code, wall, usage.ru_maxrss / 1024.0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scales", default="community,street,district")
    ap.add_argument("--backends", default="auto,glpk,heuristic")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=1, help="runs per case (the best time is kept)")
    ap.add_argument("--json", help="also write the results here")
    args = ap.parse_args()
    binary = build()
    tmp = tempfile.mkdtemp(prefix="liandong-bench-")

    demo = os.path.join(ROOT, "datasets", "wenchang-week.json")
    baseline = min(measure([binary, "plan", demo, "--backend", "glpk", "--quiet"])[1] for _ in range(3))
    print(f"baseline: plan demo week with glpk = {baseline:.3f} s (best of 3)")
    print()
    header = f"{'scale':<10} {'backend':<10} {'needs':>6} {'people':>6} {'seconds':>8} {'×base':>8} {'MiB':>7} " \
             f"{'status':<10} {'served':>6} {'objective':>12} {'gap':>8} {'check':<6} target"
    print(header)
    print("-" * len(header))
    results = []
    for scale in args.scales.split(","):
        limit, t_sec, t_gap, t_mem = TARGETS[scale]
        path = os.path.join(tmp, f"{scale}-{args.seed}.json")
        subprocess.run([binary, "generate", "--scale", scale, "--seed", str(args.seed), "-o", path], check=True)
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        for backend in args.backends.split(","):
            plan_path = os.path.join(tmp, f"{scale}-{backend}.plan.json")
            runs = [measure([binary, "plan", path, "--backend", backend, "--time-limit", str(limit), "--quiet"], plan_path)
                    for _ in range(args.repeat)]
            code, wall, mem = min(runs, key=lambda r: r[1])
            with open(plan_path, encoding="utf-8") as f:
                plan = json.load(f)
            check = subprocess.run([binary, "check", path, plan_path], capture_output=True).returncode
            s = plan["solver"]
            ok_time = wall <= t_sec
            ok_gap = s["gap"] <= t_gap + 1e-12
            ok_mem = t_mem is None or mem <= t_mem
            verdict = "met" if (ok_time and ok_gap and ok_mem and check == 0) else \
                "MISSED(" + ",".join(x for x, ok in (("time", ok_time), ("gap", ok_gap), ("mem", ok_mem), ("check", check == 0)) if not ok) + ")"
            row = dict(scale=scale, backend=backend, needs=len(doc["needs"]), people=len(doc["people"]),
                       seconds=round(wall, 3), ratio=round(wall / baseline, 2), peakMiB=round(mem, 1),
                       status=plan["status"], served=plan["summary"]["served"], objective=s["objective"],
                       bound=s["bound"], gap=s["gap"], check=check, exit=code, target=verdict)
            results.append(row)
            print(f"{scale:<10} {backend:<10} {row['needs']:>6} {row['people']:>6} {wall:>8.2f} {row['ratio']:>8.1f} "
                  f"{mem:>7.0f} {plan['status']:<10} {row['served']:>6} {s['objective']:>12.1f} {s['gap']:>8.4f} "
                  f"{'ok' if check == 0 else 'FAIL':<6} {verdict}", flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"baselineSeconds": baseline, "results": results}, f, indent=2)


if __name__ == "__main__":
    main()
