#!/usr/bin/env bash
# blk-check.sh TEST LEGACY: boot the test image with a fresh 8 MiB disk
# (virtio-mmio legacy interface if LEGACY is 1, modern if 0), run test
# module TEST, then check the image file on the host: every sector must
# hold the pattern of tests/servers/blkpat.h.
set -u
BUILD=${BUILD:-build}
test=$1 legacy=$2
dir=$BUILD/results/blk-$test-$legacy
mkdir -p "$dir"
img=$dir/disk.img
rm -f "$img" && truncate -s 8M "$img"
opt=()
[ "$legacy" = 0 ] && opt=(-global virtio-mmio.force-legacy=false)
timeout 240 "${QEMU:-qemu-system-aarch64}" -M virt -cpu cortex-a72 -m 256M -nographic -nic none \
  -kernel "$BUILD/lichen-test.img" -append "test=$test" "${opt[@]}" \
  -drive "file=$img,if=none,format=raw,id=d0" -device virtio-blk-device,drive=d0 \
  </dev/null | tr -d '\r' > "$dir/console.log"
cat "$dir/console.log" | grep -E '^(blk|test|init): ' 
grep -q "^test: done: 1 passed, 0 failed" "$dir/console.log" || { echo "the test module failed"; exit 1; }
awk 'BEGIN { for (s = 0; s < 16384; s++) { r = sprintf("S%014d\n", s); for (k = 0; k < 32; k++) printf "%s", r } }' \
  > "$dir/expect.img"
if cmp "$img" "$dir/expect.img"; then
  echo "host: the image holds the pattern in all 16384 sectors"
else
  echo "host: the image differs from the pattern"; exit 1
fi
