#!/usr/bin/env python3
"""Liandong against its peers on the same integer program, in one run.

It generates an input (`liandong generate`), solves it with Liandong (each backend), exports
the same model (`liandong export-model`, MPS = min −objective) and solves that with HiGHS
(`highspy`) and OR-Tools CP-SAT, each in its own process (importing ortools first breaks
highspy). It prints time and objective side by side, and the time each solver took to first
reach the best objective any of them found (`--trace`: from their logs where available; else
the final time).

Peers from PyPI (benchmark only, never the engine): pip install ortools highspy
Usage: python3 Benchmarks/peers.py [--scale street] [--seed 1] [--time-limit 60]
                                  [--setting plain|scarce|tight|rare|dispatch] [--backends auto,heuristic]
(--setting: the generator's knobs of that family, as in Benchmarks/grid.py)
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

HIGHS = r'''
import sys, time, json, highspy
h = highspy.Highs()
h.setOptionValue("output_flag", False)
h.setOptionValue("time_limit", float(sys.argv[2]))
h.setOptionValue("threads", 2)
t = time.perf_counter()
h.readModel(sys.argv[1])
h.run()
info = h.getInfo()
print(json.dumps({"seconds": time.perf_counter() - t, "objective": -info.objective_function_value,
                  "bound": -info.mip_dual_bound, "status": h.modelStatusToString(h.getModelStatus())}))
'''

CPSAT = r'''
import sys, time, json
from ortools.linear_solver.python import model_builder as mb
m = mb.Model()
t = time.perf_counter()
m.import_from_mps_file(sys.argv[1])
s = mb.Solver("sat")
s.set_time_limit_in_seconds(float(sys.argv[2]))
s.set_solver_specific_parameters("num_workers:2")
st = s.solve(m)
obj = -s.objective_value if st in (mb.SolveStatus.OPTIMAL, mb.SolveStatus.FEASIBLE) else None
print(json.dumps({"seconds": time.perf_counter() - t, "objective": obj,
                  "bound": -s.best_objective_bound if obj is not None else None, "status": str(st)}))
'''


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", default="street")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--time-limit", type=float, default=60)
    ap.add_argument("--setting", default="plain", help="a family of Benchmarks/grid.py (its generator knobs)")
    ap.add_argument("--backends", default="auto,glpk,heuristic")
    args = ap.parse_args()
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from grid import SETTINGS
    subprocess.run(["swift", "build", "-c", "release", "--product", "liandong"], cwd=ROOT, check=True, stdout=sys.stderr)
    binary = os.path.join(subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT,
                                         capture_output=True, text=True, check=True).stdout.strip(), "liandong")
    tmp = tempfile.mkdtemp(prefix="liandong-peers-")
    inp = os.path.join(tmp, "input.json")
    subprocess.run([binary, "generate", "--scale", args.scale, "--seed", str(args.seed), "-o", inp] + SETTINGS[args.setting], check=True)
    mps = os.path.join(tmp, "model.mps")
    subprocess.run([binary, "export-model", inp, "--format", "mps", "-o", mps], check=True)

    rows = []
    for backend in args.backends.split(","):
        out = os.path.join(tmp, f"plan-{backend}.json")
        t = time.perf_counter()
        subprocess.run([binary, "plan", inp, "--backend", backend, "--time-limit", str(args.time_limit), "--quiet", "-o", out])
        wall = time.perf_counter() - t
        with open(out) as f:
            s = json.load(f)["solver"]
        rows.append((f"liandong {backend}", wall, s["objective"], s["bound"], s["termination"]))
    for name, script in (("HiGHS", HIGHS), ("CP-SAT", CPSAT)):
        t = time.perf_counter()
        r = subprocess.run([sys.executable, "-c", script, mps, str(args.time_limit)], capture_output=True, text=True)
        wall = time.perf_counter() - t
        try:
            d = json.loads(r.stdout.strip().splitlines()[-1])
            rows.append((name, wall, d["objective"], d["bound"], d["status"]))
        except Exception:
            rows.append((name, wall, None, None, "failed: " + (r.stderr.strip().splitlines() or ["?"])[-1][:60]))
    best = max((r[2] for r in rows if r[2] is not None), default=None)
    print(f"scale {args.scale} ({args.setting}), seed {args.seed}, time limit {args.time_limit:g} s; "
          f"objective = value − cost (higher is better)")
    print(f"{'solver':<20} {'seconds':>8} {'objective':>14} {'bound':>14} {'reaches best':>13}  status")
    for name, wall, obj, bound, status in rows:
        reach = "yes" if obj is not None and best is not None and obj >= best - 1e-6 * max(1, abs(best)) else "no"
        print(f"{name:<20} {wall:>8.2f} {obj if obj is not None else '-':>14} {bound if bound is not None else '-':>14} {reach:>13}  {status}")


if __name__ == "__main__":
    main()
