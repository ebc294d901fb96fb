#!/usr/bin/env python3
"""How far past `--time-limit` does `liandong plan` run? (Python 3, standard library only.)

Generates the hard generalized-assignment-like inputs of the tests (`hardGAPInput` in
Tests/LiandongTests/ReliabilityTests.swift, the same SplitMix64 stream: OR-Library type D,
minute budgets at 80 % of the average load, every need worth serving), runs the binary on each
with several limits and backends, and prints the wall time, the solver's own `seconds`, and the
overshoot of each.

    python3 scripts/time-limit-overshoot.py --binary .build/release/liandong
    python3 scripts/time-limit-overshoot.py --sizes 60x30 400x40 --limits 1 2 5 --backends glpk heuristic
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

MASK = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.state = (seed + 0x9E3779B97F4A7C15) & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)


def hard_gap_input(needs, people, seed=7):
    rng = SplitMix64(seed)

    def uniform(lo, hi):
        return lo + rng.next() % (hi - lo + 1)

    minutes = [[uniform(1, 100) for _ in range(needs)] for _ in range(people)]
    cost = [[111 - m + uniform(-10, 10) for m in row] for row in minutes]
    return {
        "schema": "liandong/v1",
        "horizon": {"days": 7},
        "people": [{"id": f"p{i}", "role": "volunteer", "maxMinutes": int(0.8 * sum(minutes[i]) / people)}
                   for i in range(people)],
        "needs": [{"id": f"n{j}", "urgency": "high", "durationMinutes": 0} for j in range(needs)],
        "pairs": [{"need": f"n{j}", "person": f"p{i}", "cost": cost[i][j], "extraMinutes": minutes[i][j]}
                  for j in range(needs) for i in range(people)],
        "weights": {"urgency": {"high": 200}},
    }


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--binary", default=os.environ.get("LIANDONG_BIN", os.path.join(root, ".build/release/liandong")))
    ap.add_argument("--sizes", nargs="+", default=["60x30", "400x40", "1000x50"], help="NEEDSxPEOPLE")
    ap.add_argument("--limits", nargs="+", type=float, default=[1, 2, 5])
    ap.add_argument("--backends", nargs="+", default=["glpk"])
    args = ap.parse_args()
    if not os.access(args.binary, os.X_OK):
        sys.exit(f"time-limit-overshoot: {args.binary} is not an executable")
    worst = 0.0
    print(f"{'input':>9} {'backend':>9} {'limit':>5} {'wall':>6} {'solver':>6} {'over':>6}  termination, served")
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            needs, people = (int(x) for x in size.split("x"))
            path = os.path.join(tmp, f"gap-{size}.json")
            with open(path, "w") as f:
                json.dump(hard_gap_input(needs, people), f)
            for backend in args.backends:
                for limit in args.limits:
                    started = time.monotonic()
                    r = subprocess.run([args.binary, "plan", path, "--time-limit", str(limit), "--backend", backend],
                                       capture_output=True)
                    wall = time.monotonic() - started
                    plan = json.loads(r.stdout)
                    over = wall - limit
                    worst = max(worst, over)
                    print(f"{size:>9} {backend:>9} {limit:>5g} {wall:>6.2f} {plan['solver']['seconds']:>6.2f} {over:>+6.2f}  "
                          f"{plan['solver'].get('termination')}, {plan['summary']['served']}/{needs}")
    print(f"largest overshoot of the wall time past the limit: {worst:+.2f} s")


if __name__ == "__main__":
    main()
