#!/usr/bin/env bash
# summary.sh DIR: add up the result files of every test layer in DIR and
# print the one closing line of `make test`; exit non-zero if anything
# failed or a layer left no result at all.
set -u
dir=$1
passed=0 failed=0 skipped=0 missing=0
for layer in host system; do
  f="$dir/$layer.txt"
  if [ ! -f "$f" ]; then
    echo "summary: the $layer layer left no result (it did not run to its end)"
    missing=1; continue
  fi
  p=0 fl=0 s=0
  for kv in $(cat "$f"); do
    case $kv in
      passed=*) p=${kv#passed=} ;; failed=*) fl=${kv#failed=} ;; skipped=*) s=${kv#skipped=} ;;
    esac
  done
  passed=$((passed + p)); failed=$((failed + fl)); skipped=$((skipped + s))
done
[ $missing -ne 0 ] && failed=$((failed + 1))
line="$passed passed, $failed failed"
[ $skipped -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
[ $failed -eq 0 ]
