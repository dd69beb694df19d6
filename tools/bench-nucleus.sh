#!/usr/bin/env bash
# bench-nucleus.sh: the nucleus's IPC figures, from the "bench" test
# module (tests/nucleus/bench.c) in the test image.
#
# Instruction counts: QEMU -icount shift=0,sleep=off, where the guest's
# counter counts instructions (one 62.5 MHz tick = 16 instructions):
# deterministic, whatever the host does.  Wall time (ipc.roundtrip.ns):
# the same module without icount, so TCG's real speed on this host.
# "servers=off": init starts no server, so nothing else runs meanwhile.
set -euo pipefail
BUILD=${BUILD:-build}
QEMU=${QEMU:-qemu-system-aarch64}
run() {
  timeout 300 "$QEMU" -M virt -cpu cortex-a72 -m 256M -nographic -nic none \
    -kernel "$BUILD/lichen-test.img" -append "test=bench servers=off" "$@" </dev/null | tr -d '\r'
}
out=$(run -icount shift=0,sleep=off)
printf '%s\n' "$out" | grep -q '^test: done: 1 passed' || { printf '%s\n' "$out" >&2; exit 1; }
printf '%s\n' "$out" | grep -E '^bench [a-z_.]+\.insns [0-9]+ insns$'
run | grep -E '^bench ipc\.roundtrip\.ns [0-9]+ ns$'
