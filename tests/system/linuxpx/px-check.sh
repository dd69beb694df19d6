#!/usr/bin/env bash
# px-check.sh [--cat=PATH]... [--input=TEXT] NAME ARGS...: boot build/lichen.img as
# DESIGN.md's machine on a fresh root disk (BusyBox, tests/linuxpx's
# programs, and /etc/motd) with ARGS as the command line, wait for the
# machine to power off by itself (PID 1 ended), print the console lines
# of linuxpx and of the program, check the disk on the host with
# fsck.fat -n (linuxpx syncs it at the end), and print each PATH as
# mtools reads it ("host: PATH: LINE").  TEXT (printf escapes) is typed
# on the console 4 s after the start.
set -u
BUILD=${BUILD:-build}
cats=() input=
while :; do
  case $1 in
    --cat=*) cats+=("${1#--cat=}"); shift ;;
    --input=*) input=${1#--input=}; shift ;;
    *) break ;;
  esac
done
name=$1; shift
dir=$BUILD/results/linuxpx-$name
mkdir -p "$dir"
img=$dir/disk.img
rm -f "$img"
"$BUILD/tools/mkfatimg" -s 64M -L LICHEN -a "$BUILD/deps/busybox-static/bin/busybox=/bin/busybox" \
  -a "$BUILD/tests/linuxpx/pxhello=/bin/pxhello" -a "$BUILD/tests/linuxpx/pxfiles=/bin/pxfiles" \
  -a "$BUILD/tests/linuxpx/pxfuzz=/bin/pxfuzz" \
  -a tests/linuxpx/motd.txt=/etc/motd \
  "$img" >/dev/null || exit 1
# the console's input: a FIFO fed in the background (stopped afterwards)
rm -f "$dir/input" && mkfifo "$dir/input"
(sleep 4; printf "$input"; exec sleep 200) > "$dir/input" &
feeder=$!
timeout 120 "${QEMU:-qemu-system-aarch64}" -M virt -cpu cortex-a72 -m 512M -nographic -nic none \
  -kernel "$BUILD/lichen.img" -append "$*" \
  -drive "file=$img,if=none,format=raw,id=root" -device virtio-blk-device,drive=root \
  < "$dir/input" | tr -d '\r' > "$dir/console.log"
rc=${PIPESTATUS[0]}
kill "$feeder" 2>/dev/null; wait "$feeder" 2>/dev/null
grep -vE '^(lichen|boot|memory|init|fat32fs|uart|blk): ' "$dir/console.log"
[ "$rc" -eq 0 ] || { echo "host: QEMU did not power off by itself (exit $rc)"; exit 1; }
fsck.fat -n "$img" > "$dir/fsck.log" 2>&1 && ! grep -qiE 'dirty|fix|differ' "$dir/fsck.log" ||
  { cat "$dir/fsck.log"; echo "host: fsck.fat complained"; exit 1; }
echo "host: powered off by itself; fsck.fat -n clean"
for path in "${cats[@]}"; do
  MTOOLS_SKIP_CHECK=1 mtype -i "$img" "::$path" 2>&1 | tr -d '\r' | sed "s|^|host: $path: |"
done
