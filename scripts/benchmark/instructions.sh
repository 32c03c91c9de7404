#!/usr/bin/env bash
# Instruction counts of the audit and of the bare libyaml loop, per course file, under
# callgrind: the steady measure of the speed bar on a machine whose wall times drift (see
# README.md, "Profiling"). Start-up (loading and type-checking the packs) is measured apart,
# on a folder with one course, and subtracted.
#
#   scripts/benchmark/instructions.sh [N]     N course files (default 300)
#
# Environment: MCAUDIT=BIN uses this mcaudit binary instead of building one; KEEP=1 keeps
# the work directory (callgrind outputs for callgrind_annotate).
# Prints the per-file counts and their ratio. Exit codes: 0 printed; 2 could not run.
set -euo pipefail

N=${1:-300}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
if ! [[ $N =~ ^[1-9][0-9]*$ ]] || ((N < 2)); then
  echo "usage: $0 [N]   (N at least 2, default 300)" >&2
  exit 64
fi
NAME=instructions
# shellcheck source=common.sh
source "$HERE/common.sh"
require python3 cc valgrind
work_directory mcaudit-instr
mcaudit_binary

python3 "$HERE/generate.py" "$WORK/courses" -n "$N" >&2
mkdir "$WORK/one" && cp "$WORK/courses/course-00001.yaml" "$WORK/one/"
find "$WORK/courses" -name '*.yaml' | LC_ALL=C sort >"$WORK/files.txt"
echo "$WORK/courses/course-00001.yaml" >"$WORK/one.txt"
parse_loop "$WORK/parse_loop"

count() { # name command...: runs under callgrind, prints the instructions executed
  local name=$1
  shift
  valgrind --tool=callgrind --callgrind-out-file="$WORK/cg.$name" "$@" >/dev/null 2>"$WORK/log.$name" || true
  sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$WORK/log.$name" | tail -n 1
}
echo "== callgrind: $N files and one file, bare loop and audit (a few minutes)" >&2
bare_n=$(count bare-n "$WORK/parse_loop" -l "$WORK/files.txt")
bare_1=$(count bare-1 "$WORK/parse_loop" -l "$WORK/one.txt")
as_of=(--as-of 2026-01-01)
audit_n=$(count audit-n "$BIN" audit "$WORK/courses" --format json --output "$WORK/n.json" --jobs 1 "${as_of[@]}")
audit_1=$(count audit-1 "$BIN" audit "$WORK/one" --format json --output "$WORK/1.json" --jobs 1 "${as_of[@]}")
[[ -n $bare_n && -n $bare_1 && -n $audit_n && -n $audit_1 ]] || fail "a callgrind run failed (logs in $WORK with KEEP=1)"

python3 - "$N" "$bare_n" "$bare_1" "$audit_n" "$audit_1" <<'PY'
import sys
n, bare_n, bare_1, audit_n, audit_1 = map(int, sys.argv[1:])
bare = (bare_n - bare_1) / (n - 1)
audit = (audit_n - audit_1) / (n - 1)
print(f"per course file: bare loop {bare / 1e6:.3f} M instructions, audit {audit / 1e6:.3f} M: ratio {audit / bare:.2f}")
print(f"start-up of the audit (one file, less one file's work): {(audit_1 - audit) / 1e9:.3f} G instructions")
PY
