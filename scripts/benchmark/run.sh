#!/usr/bin/env bash
# The mcaudit speed benchmark (PRODUCT.md §8): audit N synthetic course files with all
# built-in packs on one core and compare with a bare libyaml event-parse loop over the
# same files. Bar: audit time / bare parse time <= 2.0 on one core; peak memory flat as
# N grows (compare N = 1,000 and N = 10,000).
#
#   scripts/benchmark/run.sh [N]            N defaults to 10000
#
# Environment:
#   JOBS=K       jobs for the "every core" run (default: nproc)
#   RUNS=R       pairs of runs (bare loop, then audit) and all-core runs; medians are
#                reported, the ratio is the median of the pairs' ratios (default: 5)
#   MCAUDIT=BIN  use this mcaudit binary instead of building one (skips swift build)
#   KEEP=1       keep the work directory (courses, reports, logs)
#   MAX_RATIO=X  the bar (default: 2.0)
#
# Exit codes: 0 the bar is met; 1 the 1-core ratio is above the bar; 2 the benchmark
# could not run (build failed, mcaudit exited with a code other than 0 or 1, ...).
set -euo pipefail

N=${1:-10000}
JOBS=${JOBS:-$(nproc)}
RUNS=${RUNS:-5}
MAX_RATIO=${MAX_RATIO:-2.0}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)

if ! [[ $N =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: $0 [N]   (N a positive integer, default 10000)" >&2
  exit 64
fi

NAME=benchmark
# shellcheck source=common.sh
source "$HERE/common.sh"
require python3 cc taskset
[[ -x /usr/bin/time ]] || fail "/usr/bin/time (GNU time) not found"
work_directory mcaudit-bench

# 1. Build mcaudit (release).
mcaudit_binary

# 2. Generate the courses (outside the report directory: audit walks .json files too).
COURSES="$WORK/courses"
echo "== generating $N course files in $COURSES" >&2
python3 "$HERE/generate.py" "$COURSES" -n "$N"
find "$COURSES" -type f -name '*.yaml' | LC_ALL=C sort >"$WORK/files.txt"
[[ $(wc -l <"$WORK/files.txt") -eq $N ]] || fail "expected $N generated files"

# 3. Compile the bare parse loop.
parse_loop "$WORK/parse_loop"

# 4. Warm the page cache and check that everything works once before timing.
echo "== warm-up and sanity checks" >&2
"$WORK/parse_loop" -l "$WORK/files.txt" >"$WORK/parse.out" || fail "the bare loop failed: $(cat "$WORK/parse.out")"
set +e
"$BIN" audit "$COURSES" --format json --output "$WORK/check.json" --jobs "$JOBS" >"$WORK/check.stdout" 2>"$WORK/check.stderr"
code=$?
set -e
if [[ $code -ne 0 && $code -ne 1 ]]; then
  head -n 20 "$WORK/check.stderr" >&2
  fail "mcaudit audit exited with $code (0 or 1 expected)"
fi
python3 - "$WORK/check.json" "$N" >&2 <<'EOF' || fail "the audit report does not cover the generated courses"
import collections, json, sys
report = json.load(open(sys.argv[1]))
n = int(sys.argv[2])
s = report.get("summary", {})
courses = report.get("courses", [])
print(f"   report: {len(courses)} courses, {s.get('errors')} errors, {s.get('warnings')} warnings, "
      f"{s.get('infos')} infos, {s.get('problems')} problems; packs: "
      + ", ".join(p.get("id", "?") for p in report.get("packs", [])))
# Schema findings mean the generator disagrees with the vocabulary: show them.
schema = collections.Counter(f.get("rule") for c in courses for f in c.get("findings", [])
                             if str(f.get("rule", "")).startswith("SCHEMA-"))
for rule, count in schema.most_common():
    print(f"   note: {count} x {rule} (generator and vocabulary disagree?)")
skipped = report.get("skipped", [])
skipped = skipped if isinstance(skipped, int) else len(skipped)
if skipped:
    print(f"   {skipped} files skipped (not recognised as courses)")
sys.exit(0 if len(courses) == n and not skipped else 1)
EOF

measure() { # label ok-codes command...: one run; prints "WALL_S CPU_S MAXRSS_KIB"
  local label=$1 ok=$2
  shift 2
  python3 "$HERE/measure.py" --runs 1 --ok "$ok" --label "$label" -- "$@" ||
    fail "$label failed"
}

# 5. Time it. The bare loop and the one-core audit run alternately, pair after pair, so that
#    both see the same load (a VM's speed drifts from one run to the next); the ratio is the
#    median of the pairs' ratios. Then the audit on every core.
echo "== bare libyaml loop and mcaudit audit --jobs 1, alternating on core 0 ($RUNS pairs)" >&2
bare_runs=() one_runs=() all_runs=()
for ((i = 1; i <= RUNS; i++)); do
  bare_runs+=("$(measure "bare parse $i/$RUNS" 0 taskset -c 0 "$WORK/parse_loop" -l "$WORK/files.txt")")
  one_runs+=("$(measure "audit 1 core $i/$RUNS" 0,1 taskset -c 0 "$BIN" audit "$COURSES" --format json --output "$WORK/report-1.json" --jobs 1)")
done
echo "== mcaudit audit --jobs $JOBS, every core ($RUNS runs)" >&2
for ((i = 1; i <= RUNS; i++)); do
  all_runs+=("$(measure "audit $JOBS jobs $i/$RUNS" 0,1 "$BIN" audit "$COURSES" --format json --output "$WORK/report-all.json" --jobs "$JOBS")")
done

if ! cmp -s "$WORK/report-1.json" "$WORK/report-all.json"; then
  echo "benchmark: note: the reports of --jobs 1 and --jobs $JOBS differ (output should be deterministic)" >&2
fi

# 6. Report: medians of each, and the median of the ratios of the pairs.
join() { local IFS=';'; echo "$*"; }
python3 - "$N" "$JOBS" "$MAX_RATIO" "$(join "${bare_runs[@]}")" "$(join "${one_runs[@]}")" "$(join "${all_runs[@]}")" "$WORK/parse.out" "$WORK/report-1.json" <<'EOF'
import os, statistics, sys
n, jobs, bar = int(sys.argv[1]), sys.argv[2], float(sys.argv[3])
runs = lambda arg: [tuple(map(float, r.split())) for r in arg.split(";")]
bare, one, all_ = runs(sys.argv[4]), runs(sys.argv[5]), runs(sys.argv[6])
parse_out, report = sys.argv[7], sys.argv[8]
med = lambda rs, k: statistics.median(r[k] for r in rs)
bare_s, one_s, one_cpu, all_s, all_cpu = med(bare, 0), med(one, 0), med(one, 1), med(all_, 0), med(all_, 1)
ratio = statistics.median(o[0] / b[0] for b, o in zip(bare, one))
fastest = min(o[0] for o in one) / min(b[0] for b in bare)
mib = lambda rs: med(rs, 2) / 1024
print()
print(f"bare loop: {open(parse_out).read().strip()}; report: {os.path.getsize(report) / 1048576:.1f} MiB")
print(f"audit on {jobs} jobs: {all_cpu:.2f} s CPU in {all_s:.2f} s wall (x{one_s / all_s:.2f} faster than 1 core)")
print("pairs (bare s / audit s): " + ", ".join(f"{b[0]:.3f}/{o[0]:.3f}" for b, o in zip(bare, one))
      + f"; fastest against fastest: {fastest:.2f}")
# A busy machine slows the short bare loop more than the audit, which flatters the ratio.
spread = max(b[0] for b in bare) / min(b[0] for b in bare)
if spread > 1.15:
    print(f"warning: the bare loop's times vary by {100 * (spread - 1):.0f} % across the pairs; the machine "
          "was busy and the ratio is unreliable (run again, or compare with instructions.sh)")
print()
print(f"| N | bare parse s | audit s (1 core) | ratio | audit s ({jobs} jobs) | peak RSS MiB audit 1 core | peak RSS MiB audit {jobs} jobs | peak RSS MiB bare |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|")
print(f"| {n:,} | {bare_s:.3f} | {one_s:.3f} | {ratio:.2f} | {all_s:.3f} | {mib(one):.1f} | {mib(all_):.1f} | {mib(bare):.1f} |")
print()
verdict = "PASS" if ratio <= bar else "FAIL"
print(f"{verdict}: 1-core ratio {ratio:.2f}, the median of the ratios of {len(bare)} back-to-back pairs (bar: at most {bar:.1f})")
sys.exit(0 if ratio <= bar else 1)
EOF
