#!/usr/bin/env bash
# run-system.sh RESULT DIR...: boot Lichen in QEMU once per case file
# (DIR/*.case), check the console, and count passes and failures.
#
# A case file holds "key: value" lines (# starts a comment):
#   name:    what the case shows (default: the file name)
#   qemu:    QEMU options after the fixed ones (-nographic -nic none);
#            $BUILD is replaced by the build folder.  The default boots
#            build/lichen.img with -kernel; a case that loads the image
#            another way says so with "kernel: none".
#   kernel:  none | the image to pass with -kernel (default $BUILD/lichen.img)
#   append:  the kernel command line (-append)
#   timeout: seconds before QEMU is killed (default 60)
#   expect:  an extended regex that a console line must match; several
#            expect lines must match in this order
#   reject:  an extended regex that no console line may match
#   exit:    "poweroff" (default: QEMU must end by itself with status 0,
#            i.e. the guest powered off) or "running" (QEMU must still be
#            running at the timeout: the guest must not power off)
#   count:   N REGEX: exactly N console lines must match REGEX
#   input:   text typed on the console (QEMU's stdin) after 3 s; "\n"
#            stands for a newline
#   script:  instead of booting, run this program; it must exit 0, and
#            its output meet the expect, count and reject lines
# A failure prints why and the last console lines.  RESULT gets
# "passed=N failed=M".
set -u
result=$1; shift
BUILD=${BUILD:-build}
QEMU=${QEMU:-qemu-system-aarch64}
logdir=$(dirname "$result")/system-logs
mkdir -p "$logdir"
passed=0 failed=0

# run_case FILE: boot one case; prints PASS/FAIL; returns 0 on pass.
run_case() {
  local file=$1 name qemu="" kernel="$BUILD/lichen.img" append="" timeout=60
  local exitmode=poweroff script="" input="" key value
  local -a expects=() rejects=() counts=()
  name=$(basename "$file" .case)
  while IFS= read -r line || [ -n "$line" ]; do
    line=${line%%$'\r'}
    case $line in ''|'#'*) continue ;; esac
    key=${line%%:*}; value=${line#*:}; value=${value# }
    value=${value//\$BUILD/$BUILD}
    case $key in
      name) name=$value ;; qemu) qemu="$qemu $value" ;; kernel) kernel=$value ;;
      append) append=$value ;; timeout) timeout=$value ;; exit) exitmode=$value ;;
      expect) expects+=("$value") ;; reject) rejects+=("$value") ;;
      script) script=$value ;;
      count) counts+=("$value") ;;
      input) input=$value ;;
      *) echo "system FAIL $name: unknown key '$key' in $file"; return 1 ;;
    esac
  done < "$file"

  local log="$logdir/$(basename "$file" .case).log" rc why=""
  local -a cmd=($script)
  if [ -n "$script" ]; then
    # a script: it must exit 0, and its output must meet the expect,
    # count and reject lines too
    BUILD=$BUILD QEMU=$QEMU timeout "$timeout" $script >"$log" 2>&1; rc=$?
    if [ $rc -ne 0 ]; then
      echo "system FAIL $name: $script exited with $rc; last lines:"
      tail -15 "$log" | sed 's/^/      /'; return 1
    fi
  else
    cmd=("$QEMU" -nographic -nic none)
    [ "$kernel" != none ] && cmd+=(-kernel "$kernel")
    # shellcheck disable=SC2206
    cmd+=($qemu)
    [ -n "$append" ] && cmd+=(-append "$append")
    if [ -n "$input" ]; then
      (sleep 3; printf "${input//%/%%}") | timeout "$timeout" "${cmd[@]}" >"$log" 2>&1; rc=$?
    else
      timeout "$timeout" "${cmd[@]}" </dev/null >"$log" 2>&1; rc=$?
    fi
    tr -d '\r' < "$log" > "$log.txt" && mv "$log.txt" "$log"
    if [ "$exitmode" = running ]; then
      [ $rc -eq 124 ] || why="QEMU ended (status $rc) but the guest should have kept running"
    elif [ $rc -eq 124 ]; then
      why="timed out after ${timeout}s"
    elif [ $rc -ne 0 ]; then
      why="QEMU exited with status $rc"
    fi
  fi
  local from=1 pat n
  for pat in "${expects[@]}"; do
    [ -n "$why" ] && break
    n=$(tail -n +"$from" "$log" | grep -nE -m1 -- "$pat" | cut -d: -f1)
    if [ -z "$n" ]; then why="no line matches '$pat' (in order)"; break; fi
    from=$((from + n))
  done
  for pat in "${counts[@]}"; do
    [ -n "$why" ] && break
    local want=${pat%% *} re=${pat#* } got
    got=$(grep -cE -- "$re" "$log")
    [ "$got" -eq "$want" ] || why="$got lines match '$re', expected $want"
  done
  for pat in "${rejects[@]}"; do
    [ -n "$why" ] && break
    n=$(grep -nE -m1 -- "$pat" "$log") && why="line $n matches the rejected '$pat'"
  done
  if [ -z "$why" ]; then echo "system PASS $name"; return 0; fi
  echo "system FAIL $name: $why"
  echo "      command: ${cmd[*]}"
  echo "      console (last lines; whole log in $log):"
  tail -15 "$log" | sed 's/^/      | /'
  return 1
}

for dir in "$@"; do
  for f in "$dir"/*.case; do
    [ -e "$f" ] || continue
    if run_case "$f"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
  done
done
echo "passed=$passed failed=$failed" > "$result"
