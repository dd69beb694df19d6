#!/usr/bin/env bash
# bench-linuxpx.sh: sys.getppid.insns, a Linux system call through
# linuxpx (tests/linuxpx/pxbench.c as PID 1 on DESIGN.md's machine),
# beside the same call on Debian's arm64 Linux in the same QEMU
# (tools/linuxref/).  Instructions: -icount shift=0,sleep=off.
set -euo pipefail
BUILD=${BUILD:-build}
QEMU=${QEMU:-qemu-system-aarch64}
img=$BUILD/bench-px.img
rm -f "$img"
"$BUILD/tools/mkfatimg" -s 64M -L BENCH -a "$BUILD/tests/linuxpx/pxbench=/bin/pxbench" "$img" >/dev/null
out=$(timeout 300 "$QEMU" -M virt -cpu cortex-a72 -m 512M -nographic -nic none -icount shift=0,sleep=off \
  -kernel "$BUILD/lichen.img" -append "init=/bin/pxbench" \
  -drive "file=$img,if=none,format=raw,id=root" -device virtio-blk-device,drive=root </dev/null | tr -d '\r')
rm -f "$img"
value=$(printf '%s\n' "$out" | sed -n 's/^pxbench sys\.getppid\.insns \([0-9]*\)$/\1/p')
[ -n "$value" ] || { printf '%s\n' "$out" | tail -20 >&2; exit 1; }
ref=$(timeout 300 "$QEMU" -M virt -cpu cortex-a72 -m 256M -nographic -nic none -icount shift=0,sleep=off \
  -kernel "$BUILD/deps/linux/Image" -initrd "$BUILD/linuxref/initramfs.cpio" \
  -append "console=ttyAMA0 quiet" </dev/null | tr -d '\r' |
  sed -n 's/^linuxref sys\.getppid\.insns \([0-9]*\)$/\1/p')
if [ -n "$ref" ]; then
  awk -v v="$value" -v r="$ref" 'BEGIN { printf "bench sys.getppid.insns %s insns linux=%s ratio=%.3f\n", v, r, v / r }'
else
  echo "bench sys.getppid.insns $value insns"
fi
