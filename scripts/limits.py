#!/usr/bin/env python3
"""Soak and limits: wall time against --time-limit and peak memory, per backend and scale, plus
the output faults — the table of the README's "Limits" section.

For each case it runs the release binary as its own process, measures the whole process (wall
time, peak RSS from the kernel), verifies the plan with `liandong check`, and reports whether the
time stayed within the limit + 1 s and memory within the budget. `--short` runs the small cases
only (community and street, one backend each, the faults), as CI can afford.

Usage: python3 scripts/limits.py [--short] [--bin PATH] [--limit 5]
"""
import argparse, json, os, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def peak(cmd, out_path):
    with open(out_path, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
    return os.waitstatus_to_exitcode(status), time.perf_counter() - start, usage.ru_maxrss / 1024.0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--short", action="store_true")
    ap.add_argument("--bin", default=os.path.join(ROOT, ".build/release/liandong"))
    ap.add_argument("--limit", type=float, default=5)
    a = ap.parse_args()
    L, tmp = a.bin, tempfile.mkdtemp(prefix="liandong-limits-")
    failures = 0
    weeks = []
    scales = ["community", "street"] if a.short else ["community", "street", "district", "city"]
    for scale in scales:
        path = os.path.join(tmp, f"{scale}.json")
        subprocess.run([L, "generate", "--scale", scale, "--seed", "1", "-o", path], check=True)
        weeks.append((scale, path))
    # A week whose every start and every minute counts: 1-minute slots, all-day windows.
    dense = os.path.join(tmp, "dense.json")
    doc = json.load(open(weeks[0][1]))
    doc["horizon"]["slotMinutes"] = 1
    for n in doc["needs"]:
        if "windows" in n:
            n["windows"] = [{"day": d, "from": "00:00", "to": "24:00"} for d in range(doc["horizon"]["days"])]
    for p in doc["people"]:
        p.pop("availability", None)
    json.dump(doc, open(dense, "w"), ensure_ascii=False)
    weeks.append(("dense community", dense))
    backends = ["auto"] if a.short else ["auto", "glpk", "heuristic"]
    print(f"| week | backend | limit | wall s | peak MiB | within limit + 1 s | check |")
    print("|---|---|---|---|---|---|---|")
    for name, path in weeks:
        for backend in backends:
            out = os.path.join(tmp, "plan.json")
            code, wall, mib = peak([L, "plan", path, "--backend", backend, "--time-limit", str(a.limit), "--quiet"], out)
            check = subprocess.run([L, "check", path, out], capture_output=True).returncode
            ok = code in (0, 69) and check == 0 and wall <= a.limit + 1
            failures += 0 if ok else 1
            print(f"| {name} | {backend} | {a.limit:g} s | {wall:.2f} | {mib:.0f} | {'yes' if wall <= a.limit + 1 else 'NO'} | {'ok' if check == 0 else 'FAIL'} |", flush=True)
    # Output faults: every command, full and closed stdout → 74 and one line, never a crash.
    small = os.path.join(ROOT, "Tests/LiandongTests/Fixtures/valid/small.json")
    print("\n| command | stdout | exit | stderr |")
    print("|---|---|---|---|")
    for cmd in [["plan", small, "--quiet"], ["validate", small], ["generate", "--scale", "community"], ["export-model", small]]:
        for redirect in ["> /dev/full", ">&-"]:
            line = " ".join(f"'{x}'" for x in [L] + cmd) + " " + redirect
            p = subprocess.run(["bash", "-c", line], capture_output=True)
            err = p.stderr.decode("utf-8", "replace").strip()
            ok = p.returncode == 74 and "Fatal error" not in err and len(err.splitlines()) == 1
            failures += 0 if ok else 1
            print(f"| {cmd[0]} | `{redirect}` | {p.returncode} | {err[:70]} |")
    print(f"\n{failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
