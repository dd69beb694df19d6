#!/usr/bin/env bash
# bench-nucleus.sh: the nucleus's IPC figures, from the "bench" test
# module (tests/nucleus/bench.c) in the test image, each beside Linux
# doing the same work in the same QEMU machine (tools/linuxref/).
#
# Instruction counts: QEMU -icount shift=0,sleep=off, where the guest's
# counter counts instructions (one 62.5 MHz tick = 16 instructions):
# deterministic, whatever the host does.  Wall time (ipc.roundtrip.ns):
# the same module without icount, so TCG's real speed on this host.
# "servers=off": init starts no server, so nothing else runs meanwhile.
#
# Linux's work: ipc.roundtrip is a one-byte message to another process
# and back through two pipes (lmbench's lat_pipe), ipc.syscall_trap a
# getppid system call, ipc.fault a read fault on a fresh anonymous page.
set -euo pipefail
BUILD=${BUILD:-build}
QEMU=${QEMU:-qemu-system-aarch64}
KERNEL=${KERNEL:-$BUILD/deps/linux/Image}
INITRD=${INITRD:-$BUILD/linuxref/initramfs.cpio}
MACHINE=(-M virt -cpu cortex-a72 -m 256M -nographic -nic none)

lichen() {
  timeout 300 "$QEMU" "${MACHINE[@]}" -kernel "$BUILD/lichen-test.img" \
    -append "test=bench servers=off" "$@" </dev/null | tr -d '\r'
}
linux() {
  timeout 300 "$QEMU" "${MACHINE[@]}" -kernel "$KERNEL" -initrd "$INITRD" \
    -append "console=ttyAMA0 quiet" "$@" </dev/null | tr -d '\r'
}
# ref_of NAME OUTPUT: Linux's value for NAME, from linuxref's lines.
ref_of() { printf '%s\n' "$2" | sed -n "s/^linuxref $1 \([0-9]*\)$/\1/p"; }
# line NAME VALUE UNIT REF: the DESIGN.md line, with Linux's figure.
line() {
  if [ -n "$4" ] && [ "$4" -gt 0 ]; then
    awk -v n="$1" -v v="$2" -v u="$3" -v r="$4" \
      'BEGIN { printf "bench %s %s %s linux=%s ratio=%.3f\n", n, v, u, r, v / r }'
  else
    echo "bench $1 $2 $3"
  fi
}

out=$(lichen -icount shift=0,sleep=off)
printf '%s\n' "$out" | grep -q '^test: done: 1 passed' || { printf '%s\n' "$out" >&2; exit 1; }
ref=$(linux -icount shift=0,sleep=off)
printf '%s\n' "$ref" | grep -q '^linuxref done' || { printf '%s\n' "$ref" >&2; exit 1; }
printf '%s\n' "$out" | sed -n 's/^bench \([a-z_.]*\.insns\) \([0-9]*\) insns$/\1 \2/p' |
  while read -r name value; do
    line "$name" "$value" insns "$(ref_of "$name" "$ref")"
  done
ns=$(lichen | sed -n 's/^bench ipc\.roundtrip\.ns \([0-9]*\) ns$/\1/p')
ref=$(linux | grep '^linuxref ' || true)
line ipc.roundtrip.ns "$ns" ns "$(ref_of ipc.roundtrip.ns "$ref")"
