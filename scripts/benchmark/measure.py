#!/usr/bin/env python3
"""Run a command several times; print the median wall time, CPU time and peak RSS.

    measure.py [--runs 3] [--ok 0,1] [--stdout FILE] [--label TEXT] -- COMMAND ...

Wall time is measured with time.perf_counter around the child. CPU time (user + sys)
and peak resident set size come from GNU time (/usr/bin/time -f '%M %U %S'), which
wraps the command. A child forked from GNU time starts at about 1.5 MiB; a child forked
from Python would start at Python's RSS, because Linux keeps the pre-exec high-water
mark in ru_maxrss. Prints one line on stdout: "WALL_S CPU_S MAXRSS_KIB" (medians). Each
run is logged on stderr. Exits 2 if any run ends with an exit code not in --ok.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

GNU_TIME = "/usr/bin/time"


def run_once(cmd, stdout_path):
    out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
    fd, stats_path = tempfile.mkstemp(prefix="measure-", suffix=".txt")
    os.close(fd)
    try:
        start = time.perf_counter()
        code = subprocess.call([GNU_TIME, "-f", "%M %U %S", "-o", stats_path, "--"] + cmd,
                               stdout=out)
        wall = time.perf_counter() - start
        with open(stats_path) as f:
            # GNU time writes "Command exited with non-zero status N" first when N != 0.
            rss, user, system = f.read().split()[-3:]
    finally:
        if stdout_path:
            out.close()
        os.unlink(stats_path)
    return code, wall, float(user) + float(system), int(rss)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--ok", default="0", help="comma-separated exit codes that count as success")
    ap.add_argument("--stdout", help="write the command's stdout (last run) to this file")
    ap.add_argument("--label", default="")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    args = ap.parse_args()
    cmd = args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd
    if not cmd:
        ap.error("no command")
    ok = {int(c) for c in args.ok.split(",")}
    walls, cpus, rsss = [], [], []
    for i in range(args.runs):
        code, wall, cpu, rss = run_once(cmd, args.stdout)
        print(f"  {args.label} run {i + 1}/{args.runs}: {wall:.3f} s wall, {cpu:.3f} s cpu, "
              f"{rss / 1024:.1f} MiB peak RSS, exit {code}", file=sys.stderr)
        if code not in ok:
            print(f"{args.label}: exit code {code} (expected one of {sorted(ok)}): "
                  f"{' '.join(cmd)}", file=sys.stderr)
            sys.exit(2)
        walls.append(wall)
        cpus.append(cpu)
        rsss.append(rss)
    print(f"{statistics.median(walls):.4f} {statistics.median(cpus):.4f} "
          f"{int(statistics.median(rsss))}")


if __name__ == "__main__":
    main()
