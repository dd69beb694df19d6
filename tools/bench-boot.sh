#!/usr/bin/env bash
# bench-boot.sh: boot.first_output.ms, the guest time from reset to the
# nucleus's first console line, on the DESIGN.md machine.
#
# Clock: the guest's generic counter under QEMU -icount shift=0,sleep=off,
# where it counts executed instructions (one 62.5 MHz tick = 16
# instructions), so the figure does not depend on the host's load.
set -euo pipefail
BUILD=${BUILD:-build}
out=$(timeout 120 "${QEMU:-qemu-system-aarch64}" -M virt -cpu cortex-a72 -m 512M \
  -nographic -nic none -kernel "$BUILD/lichen.img" -append selftest \
  -icount shift=0,sleep=off </dev/null | tr -d '\r')
us=$(printf '%s\n' "$out" | sed -n 's/^boot: first output \([0-9]*\) us after reset.*/\1/p')
[ -n "$us" ] || { echo "bench-boot: no 'first output' line" >&2; exit 1; }
awk -v us="$us" 'BEGIN { printf "bench boot.first_output.ms %.3f ms\n", us / 1000 }'
