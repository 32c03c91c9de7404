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
#   RUNS=R       runs per measurement, the median is reported (default: 3)
#   MCAUDIT=BIN  use this mcaudit binary instead of building one (skips swift build)
#   KEEP=1       keep the work directory (courses, reports, logs)
#   MAX_RATIO=X  the bar (default: 2.0)
#
# Exit codes: 0 the bar is met; 1 the 1-core ratio is above the bar; 2 the benchmark
# could not run (build failed, mcaudit exited with a code other than 0 or 1, ...).
set -euo pipefail

N=${1:-10000}
JOBS=${JOBS:-$(nproc)}
RUNS=${RUNS:-3}
MAX_RATIO=${MAX_RATIO:-2.0}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)

if ! [[ $N =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: $0 [N]   (N a positive integer, default 10000)" >&2
  exit 64
fi

fail() {
  echo "benchmark: $*" >&2
  exit 2
}

for tool in python3 cc taskset; do
  command -v "$tool" >/dev/null || fail "$tool not found"
done
[[ -x /usr/bin/time ]] || fail "/usr/bin/time (GNU time) not found"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/mcaudit-bench.XXXXXX")
cleanup() {
  if [[ ${KEEP:-0} == 1 ]]; then
    echo "benchmark: work directory kept: $WORK" >&2
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

# 1. Build mcaudit (release).
if [[ -n ${MCAUDIT:-} ]]; then
  BIN=$MCAUDIT
else
  echo "== building mcaudit (release)" >&2
  (cd "$ROOT" && swift build -c release --product mcaudit >&2) || fail "swift build failed"
  BIN="$(cd "$ROOT" && swift build -c release --show-bin-path)/mcaudit"
fi
[[ -x $BIN ]] || fail "no mcaudit binary at $BIN"

# 2. Generate the courses (outside the report directory: audit walks .json files too).
COURSES="$WORK/courses"
echo "== generating $N course files in $COURSES" >&2
python3 "$HERE/generate.py" "$COURSES" -n "$N"
find "$COURSES" -type f -name '*.yaml' | LC_ALL=C sort >"$WORK/files.txt"
[[ $(wc -l <"$WORK/files.txt") -eq $N ]] || fail "expected $N generated files"

# 3. Compile the bare parse loop.
cc -O2 "$HERE/parse_loop.c" -lyaml -o "$WORK/parse_loop" || fail "cannot compile parse_loop.c (libyaml-dev?)"

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

measure() { # label ok-codes command...
  local label=$1 ok=$2
  shift 2
  python3 "$HERE/measure.py" --runs "$RUNS" --ok "$ok" --label "$label" -- "$@" ||
    fail "$label failed"
}

# 5. Time it: bare loop and audit on core 0, then the audit on every core.
echo "== bare libyaml event-parse loop, 1 core ($RUNS runs)" >&2
m=$(measure "bare parse" 0 taskset -c 0 "$WORK/parse_loop" -l "$WORK/files.txt")
read -r bare_s bare_cpu bare_kib <<<"$m"
echo "== mcaudit audit --jobs 1, 1 core ($RUNS runs)" >&2
m=$(measure "audit 1 core" 0,1 taskset -c 0 "$BIN" audit "$COURSES" --format json --output "$WORK/report-1.json" --jobs 1)
read -r one_s one_cpu one_kib <<<"$m"
echo "== mcaudit audit --jobs $JOBS, every core ($RUNS runs)" >&2
m=$(measure "audit $JOBS jobs" 0,1 "$BIN" audit "$COURSES" --format json --output "$WORK/report-all.json" --jobs "$JOBS")
read -r all_s all_cpu all_kib <<<"$m"

if ! cmp -s "$WORK/report-1.json" "$WORK/report-all.json"; then
  echo "benchmark: note: the reports of --jobs 1 and --jobs $JOBS differ (output should be deterministic)" >&2
fi

# 6. Report.
python3 - "$N" "$JOBS" "$MAX_RATIO" "$bare_s" "$one_s" "$one_cpu" "$all_s" "$all_cpu" "$one_kib" "$all_kib" "$bare_kib" "$WORK/parse.out" "$WORK/report-1.json" <<'EOF'
import os, sys
(n, jobs, bar, bare, one, one_cpu, all_, all_cpu, one_kib, all_kib, bare_kib) = sys.argv[1:12]
parse_out, report = sys.argv[12], sys.argv[13]
bare, one, one_cpu, all_, all_cpu, bar = map(float, (bare, one, one_cpu, all_, all_cpu, bar))
ratio = one / bare if bare > 0 else float("inf")
mib = lambda k: int(k) / 1024
print()
print(f"bare loop: {open(parse_out).read().strip()}; report: {os.path.getsize(report) / 1048576:.1f} MiB")
print(f"audit on {jobs} jobs: {all_cpu:.2f} s CPU in {all_:.2f} s wall "
      f"(x{one / all_:.2f} faster than 1 core)")
print()
print(f"| N | bare parse s | audit s (1 core) | ratio | audit s ({jobs} jobs) | peak RSS MiB audit 1 core | peak RSS MiB audit {jobs} jobs | peak RSS MiB bare |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|")
print(f"| {int(n):,} | {bare:.3f} | {one:.3f} | {ratio:.2f} | {all_:.3f} | {mib(one_kib):.1f} | {mib(all_kib):.1f} | {mib(bare_kib):.1f} |")
print()
verdict = "PASS" if ratio <= bar else "FAIL"
print(f"{verdict}: 1-core ratio {ratio:.2f} (bar: at most {bar:.1f})")
sys.exit(0 if ratio <= bar else 1)
EOF
