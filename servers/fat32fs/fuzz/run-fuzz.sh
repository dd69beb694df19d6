#!/bin/sh
# run-fuzz.sh FUZZER SEEDS WORK SECONDS [tap]: run a libFuzzer target for
# SECONDS over its seeds, keeping the corpus it grows and any crash in
# WORK.  With "tap" it prints one TAP case (for make test); otherwise it
# prints libFuzzer's own output.  Exits non-zero if the fuzzer found a bug.
fuzzer=$1 seeds=$2 work=$3 secs=$4 tap=${5:-}
name=$(basename "$fuzzer")
mkdir -p "$work/corpus-$name"
log="$work/$name.log"
"$fuzzer" -max_len=1048576 -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 \
  -print_final_stats=1 -artifact_prefix="$work/$name-" "$work/corpus-$name" "$seeds" >"$log" 2>&1
rc=$?
if [ "$tap" = tap ]; then
  echo "1..1"
  if [ $rc -eq 0 ]; then
    echo "ok 1 - $name ran ${secs}s: $(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | head -1 | sed 's/.*: //') runs, no crash"
    grep -E '^#[0-9]+ +DONE' "$log" | sed 's/^/# /' | tail -1
  else
    echo "not ok 1 - $name found a bug (exit $rc; log $log)"
    tail -30 "$log" | sed 's/^/# /'
  fi
else
  cat "$log"
  echo "fuzz: $name ran ${secs}s, exit $rc (log $log, corpus $work/corpus-$name)"
fi
exit $rc
