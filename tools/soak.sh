#!/usr/bin/env bash
# soak.sh: make soak: the soak module (tests/servers/soak.c) on a 16 MiB
# disk while blk and uart are crashed 1,000 times (fixed seed, printed);
# then the host checks that the image holds the last round's pattern.
# Ends with one line: crashes, restarts, bytes, errors, image check.
set -u
BUILD=${BUILD:-build}
img=$BUILD/soak.img
rm -f "$img" && truncate -s 16M "$img"
timeout 3600 "${QEMU:-qemu-system-aarch64}" -M virt -cpu cortex-a72 -m 256M -nographic -nic none \
  -kernel "$BUILD/lichen-test.img" -append "test=soak" \
  -drive "file=$img,if=none,format=raw,id=d0" -device virtio-blk-device,drive=d0 </dev/null \
  | tr -d '\r' > "$BUILD/soak.log"
summary=$(grep '^soak: crashes injected' "$BUILD/soak.log")
rounds=$(echo "$summary" | sed -n 's/.*rounds \([0-9]*\).*/\1/p')
[ -n "$rounds" ] || { tail -20 "$BUILD/soak.log"; echo "soak: the workload did not finish"; exit 1; }
# the image must hold round r = rounds - 1: the 64-bit word at byte i of
# sector s is (s << 20) | (r << 10) | i
match=$(od -An -v -t u8 -w8 "$img" | awk -v r=$((rounds - 1)) '
  { s = int((NR - 1) / 64); i = ((NR - 1) % 64) * 8
    if ($1 != s * 1048576 + r * 1024 + i) bad++ }
  END { print bad ? "no (" bad " words differ)" : "yes" }')
grep -q '^test: done: 1 passed' "$BUILD/soak.log" || match="$match; the workload failed"
echo "$summary; image on the host matches: $match"
