#!/usr/bin/env bash
# bench-blk.sh: blk.seqread.mbps and blk.restart.ms, from the blkbench
# test module on a 64 MiB disk.
#   blk.restart.ms: QEMU -icount shift=0,sleep=off (the guest counter
#     counts instructions, one tick = 16: guest time, independent of the
#     host; the restart involves no device wait);
#   blk.seqread.mbps: wall time in the guest (no icount: under icount a
#     wait for the disk is not time, so a throughput would mean nothing).
set -euo pipefail
BUILD=${BUILD:-build}
img=$BUILD/bench-blk.img
rm -f "$img" && truncate -s 64M "$img"
run() {
  timeout 600 "${QEMU:-qemu-system-aarch64}" -M virt -cpu cortex-a72 -m 256M -nographic -nic none \
    -kernel "$BUILD/lichen-test.img" -append "test=blkbench" "$@" \
    -drive "file=$img,if=none,format=raw,id=d0" -device virtio-blk-device,drive=d0 </dev/null | tr -d '\r'
}
wall=$(run)
printf '%s\n' "$wall" | grep -q '^test: done: 1 passed' || { printf '%s\n' "$wall" | tail -20 >&2; exit 1; }
printf '%s\n' "$wall" | grep -E '^bench blk\.seqread\.mbps '
run -icount shift=0,sleep=off | grep -E '^bench blk\.restart\.ms '
rm -f "$img"
