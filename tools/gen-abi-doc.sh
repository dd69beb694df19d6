#!/usr/bin/env bash
# gen-abi-doc.sh [--check]: write docs/abi-calls.md, the table of native
# calls, from ipc/lichen/syscalls.def (the one declaration of the ABI).
# With --check, print TAP and fail if the committed table is out of date.
set -euo pipefail
def=ipc/lichen/syscalls.def out=docs/abi-calls.md
gen() {
  echo "# Native calls"
  echo
  echo "Generated from \`ipc/lichen/syscalls.def\` by \`tools/gen-abi-doc.sh\`: do not edit."
  echo "A call is \`svc #0x4c\` with its number in x16; x0 returns 0 or a negative"
  echo "\`ERR_*\` code (\`ipc/lichen/abi.h\`, listed in docs/abi.md).  \"Rights\" are"
  echo "those the handle in x0 must carry (\`RIGHT_*\`)."
  echo
  echo "| # | call | rights | arguments | results |"
  echo "| --- | --- | --- | --- | --- |"
  sed -n 's/^SYSCALL(\([0-9]*\), *\([a-z_]*\), *"\([^"]*\)", *"\([^"]*\)", *"\([^"]*\)")$/| \1 | `\2` | \3 | \4 | \5 |/p' "$def"
}
if [ "${1:-}" = --check ]; then
  echo "1..1"
  if diff -u "$out" <(gen) >/dev/null; then echo "ok 1 - docs/abi-calls.md matches syscalls.def"
  else echo "not ok 1 - docs/abi-calls.md is out of date: run tools/gen-abi-doc.sh"; diff -u "$out" <(gen) | head -20 | sed 's/^/# /'; exit 1; fi
else
  gen > "$out"
fi
