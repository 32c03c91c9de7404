# shellcheck shell=bash
# Shared by run.sh and instructions.sh, which set NAME (for messages), HERE (this folder) and
# ROOT (the package) before sourcing it.

fail() {
  echo "$NAME: $*" >&2
  exit 2
}

# require TOOL...: every tool is on PATH.
require() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || fail "$tool not found"
  done
}

# work_directory PREFIX: a fresh temporary directory in WORK, removed on exit unless KEEP=1.
work_directory() {
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
  trap 'if [[ ${KEEP:-0} == 1 ]]; then echo "$NAME: work directory kept: $WORK" >&2; else rm -rf "$WORK"; fi' EXIT
}

# mcaudit_binary: BIN is $MCAUDIT, or a release build of the package.
mcaudit_binary() {
  if [[ -n ${MCAUDIT:-} ]]; then
    BIN=$MCAUDIT
  else
    echo "== building mcaudit (release)" >&2
    (cd "$ROOT" && swift build -c release --product mcaudit >&2) || fail "swift build failed"
    BIN="$(cd "$ROOT" && swift build -c release --show-bin-path)/mcaudit"
  fi
  [[ -x $BIN ]] || fail "no mcaudit binary at $BIN"
}

# parse_loop OUT: compiles the bare libyaml loop to OUT.
parse_loop() {
  cc -O2 "$HERE/parse_loop.c" -lyaml -o "$1" || fail "cannot compile parse_loop.c (libyaml-dev?)"
}
