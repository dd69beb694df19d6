#!/usr/bin/env bash
# bench-fs.sh: fat.qemu.seqread.mbps, from the fsbench test module on a
# copy of build/root.img grown to 96 MiB (wall time in the guest).
set -euo pipefail
BUILD=${BUILD:-build}
img=$BUILD/bench-fs.img
rm -f "$img"
"$BUILD/tools/mkfatimg" -s 96M -L BENCH "$img" >/dev/null
out=$(timeout 600 "${QEMU:-qemu-system-aarch64}" -M virt -cpu cortex-a72 -m 256M -nographic -nic none \
  -kernel "$BUILD/lichen-test.img" -append "test=fsbench" \
  -drive "file=$img,if=none,format=raw,id=d0" -device virtio-blk-device,drive=d0 </dev/null | tr -d '\r')
printf '%s\n' "$out" | grep -q '^test: done: 1 passed' || { printf '%s\n' "$out" | tail -20 >&2; exit 1; }
printf '%s\n' "$out" | grep -E '^bench fat\.qemu\.'
rm -f "$img"
