#!/usr/bin/env bash
# Compares two mcaudit binaries on the same N synthetic course files: the bare libyaml loop and
# both audits (--jobs 1, JSON report, on core 0) run in turn, ROUNDS times, and the medians are
# printed. The machine's speed drifts between runs of run.sh; taking turns puts both binaries
# under the same drift, so that a difference between them is the code's.
#
#   scripts/benchmark/compare.sh OLD_BIN NEW_BIN [N]     N defaults to 10000
#
# Environment: ROUNDS=R (default 9), KEEP=1 keeps the work directory.
# Build an older commit's binary with, for example:
#   git worktree add /tmp/old COMMIT && (cd /tmp/old && swift build -c release --product mcaudit)
set -euo pipefail

[[ $# -ge 2 ]] || { echo "usage: $0 OLD_BIN NEW_BIN [N]" >&2; exit 64; }
OLD=$1 NEW=$2 N=${3:-10000} ROUNDS=${ROUNDS:-9}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
NAME=compare
# shellcheck source=common.sh
source "$HERE/common.sh"
require python3 cc taskset
[[ -x $OLD && -x $NEW ]] || fail "both binaries must be executable files"
[[ $N =~ ^[1-9][0-9]*$ && $ROUNDS =~ ^[1-9][0-9]*$ ]] || fail "N and ROUNDS must be positive integers"
work_directory mcaudit-compare

python3 "$HERE/generate.py" "$WORK/courses" -n "$N" >&2
find "$WORK/courses" -type f -name '*.yaml' | LC_ALL=C sort >"$WORK/files.txt"
parse_loop "$WORK/parse_loop"

python3 - "$ROUNDS" "$WORK" "$OLD" "$NEW" <<'PY'
import statistics, subprocess, sys, time
rounds, work, old, new = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
commands = {
    "bare libyaml loop": ["taskset", "-c", "0", f"{work}/parse_loop", "-l", f"{work}/files.txt"],
    f"old  {old}": ["taskset", "-c", "0", old, "audit", f"{work}/courses", "--format", "json",
                    "--output", f"{work}/old.json", "--jobs", "1"],
    f"new  {new}": ["taskset", "-c", "0", new, "audit", f"{work}/courses", "--format", "json",
                    "--output", f"{work}/new.json", "--jobs", "1"],
}
times = {label: [] for label in commands}
for _ in range(rounds + 1):  # the first round warms the page cache and is not counted
    for label, command in commands.items():
        start = time.perf_counter()
        code = subprocess.call(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if code not in (0, 1):
            sys.exit(f"compare: {' '.join(command)} exited with {code}")
        times[label].append(time.perf_counter() - start)
bare = statistics.median(times["bare libyaml loop"][1:])
for label, values in times.items():
    m = statistics.median(values[1:])
    print(f"{m:.3f} s (min {min(values[1:]):.3f})  ratio {m / bare:.2f}  {label}")
PY
