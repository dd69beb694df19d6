#!/usr/bin/env bash
# fs-check.sh TEST: boot the test image with a fresh root disk (made as
# the build makes build/root.img, which boots may have marked in use),
# run test module TEST (files written through fat32fs), then check the
# disk on the host with tools nobody here wrote: fsck.fat -n must find
# nothing, and mtools must read back what was written.
set -u
BUILD=${BUILD:-build}
test=$1
dir=$BUILD/results/fs-$test
mkdir -p "$dir"
img=$dir/disk.img
rm -f "$img"
"$BUILD/tools/mkfatimg" -s 64M -L LICHEN -a "$BUILD/deps/busybox-static/bin/busybox=/bin/busybox" "$img" >/dev/null
timeout 240 "${QEMU:-qemu-system-aarch64}" -M virt -cpu cortex-a72 -m 512M -nographic -nic none \
  -kernel "$BUILD/lichen-test.img" -append "test=$test" \
  -drive "file=$img,if=none,format=raw,id=d0" -device virtio-blk-device,drive=d0 \
  </dev/null | tr -d '\r' > "$dir/console.log"
grep -E '^(fs|fat32fs|test): ' "$dir/console.log"
grep -q "^test: done: 1 passed, 0 failed" "$dir/console.log" || { echo "the test module failed"; exit 1; }
if [ "$test" = fsrestart ]; then
  grep -qE '^fat32fs: writing [0-9]+ blocks left in the cache by the last instance' "$dir/console.log" ||
    { echo "no restarted fat32fs wrote the cache its last instance left"; exit 1; }
fi
fsck.fat -n "$img" > "$dir/fsck.log" 2>&1 || { cat "$dir/fsck.log"; echo "host: fsck.fat found problems"; exit 1; }
grep -qiE 'dirty|fix|differ|free cluster' "$dir/fsck.log" && { cat "$dir/fsck.log"; echo "host: fsck.fat complained"; exit 1; }
export MTOOLS_SKIP_CHECK=1
[ "$(mtype -i "$img" ::/lichen/Greeting.txt)" = "hello from lichen" ] || { echo "host: Greeting.txt wrong"; exit 1; }
mcopy -n -i "$img" ::/lichen/big.bin "$dir/big.bin"
awk 'BEGIN { for (i = 0; i < 4194304; i++) printf "%c", 65 + i % 26 }' > "$dir/expect.bin"
cmp "$dir/big.bin" "$dir/expect.bin" || { echo "host: big.bin differs"; exit 1; }
mdir -i "$img" ::/lichen | grep -qi scratch && { echo "host: an unlinked file is still listed"; exit 1; }
[ "$(mtype -i "$img" ::/lichen/short.txt)" = "0123" ] || { echo "host: short.txt not truncated"; exit 1; }
mattrib -i "$img" ::/lichen/short.txt | grep -qE '^ *A? +R ' || { echo "host: short.txt not read-only"; exit 1; }
echo "host: fsck.fat -n clean; mtools reads Greeting.txt, all 4 MiB of big.bin and the truncated, read-only short.txt as written"
