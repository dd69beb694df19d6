#!/usr/bin/env bash
# run-host.sh RESULT TEST...: run host unit tests and count their cases.
#
# Each TEST is an executable that reports in TAP ("1..N", "ok N - name",
# "not ok N - name"); CMocka does so with CMOCKA_MESSAGE_OUTPUT=TAP.  A
# test that exits non-zero without reporting a failure (a sanitizer abort,
# a crash, a leak report) counts as one more failure, and so does every
# planned case that never reported.  RESULT gets "passed=N failed=M".
set -u
result=$1; shift
mkdir -p "$(dirname "$result")"
logdir=$(dirname "$result")/host-logs
mkdir -p "$logdir"
passed=0 failed=0

for t in "$@"; do
  name=$(basename "$t")
  log="$logdir/$name.log"
  CMOCKA_MESSAGE_OUTPUT=TAP ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
    UBSAN_OPTIONS=print_stacktrace=1 timeout 600 "$t" >"$log" 2>&1
  rc=$?
  ok=$(grep -cE '^ok ' "$log")
  bad=$(grep -cE '^not ok ' "$log")
  plan=$(grep -E '^1\.\.[0-9]+' "$log" | sed 's/^1\.\.//' | awk '{s+=$1} END {print s+0}')
  missing=$(( plan - ok - bad ))
  [ $missing -lt 0 ] && missing=0
  bad=$(( bad + missing ))
  [ $rc -ne 0 ] && [ $bad -eq 0 ] && bad=1
  passed=$(( passed + ok )); failed=$(( failed + bad ))
  if [ $bad -eq 0 ]; then
    echo "host  PASS $name ($ok cases)"
  else
    echo "host  FAIL $name ($ok passed, $bad failed, exit $rc; log $log):"
    grep -vE '^ok ' "$log" | tail -25 | sed 's/^/      /'
  fi
done
echo "passed=$passed failed=$failed" > "$result"
