#!/usr/bin/env bash
# fssoak.sh: the second half of make soak: the fssoak module
# (tests/servers/fssoak.c) on a fresh 64 MiB FAT32 disk while fat32fs is
# crashed 300 times (and blk now and then); then the host checks the disk
# with tools nobody here wrote: fsck.fat -n finds nothing, and every file
# the module lists has, read with mtools, the size and POSIX cksum it
# says, and no other file is there.  Ends with one line.
set -u
BUILD=${BUILD:-build}
dir=$BUILD/results/fssoak
mkdir -p "$dir"
img=$dir/disk.img
rm -f "$img"
"$BUILD/tools/mkfatimg" -s 64M -L SOAK "$img" >/dev/null
timeout 3600 "${QEMU:-qemu-system-aarch64}" -M virt -cpu cortex-a72 -m 512M -nographic -nic none \
  -kernel "$BUILD/lichen-test.img" -append "test=fssoak" \
  -drive "file=$img,if=none,format=raw,id=d0" -device virtio-blk-device,drive=d0 </dev/null \
  | tr -d '\r' > "$dir/console.log"
summary=$(grep '^fssoak: crashes injected' "$dir/console.log")
[ -n "$summary" ] || { tail -20 "$dir/console.log"; echo "fssoak: the workload did not finish"; exit 1; }
problems=
grep -q '^test: done: 1 passed' "$dir/console.log" || problems="$problems; the workload failed"
if ! fsck.fat -n "$img" > "$dir/fsck.log" 2>&1 ||
   grep -qiE 'dirty|fix|differ|free cluster|reclaim' "$dir/fsck.log"; then
  problems="$problems; fsck.fat complained (see $dir/fsck.log)"
fi
export MTOOLS_SKIP_CHECK=1
files=0
while read -r _ _ name size sum; do
  files=$((files + 1))
  mcopy -n -i "$img" "::/soak/$name" "$dir/file" 2>/dev/null || { problems="$problems; $name missing"; continue; }
  [ "$(cksum < "$dir/file")" = "$sum $size" ] || problems="$problems; $name differs"
done < <(grep '^fssoak: file ' "$dir/console.log")
listed=$(mdir -b -i "$img" ::/soak 2>/dev/null | grep -c .)
[ "$listed" -eq "$files" ] || problems="$problems; /soak holds $listed files, not $files"
echo "$summary; on the host: fsck.fat -n and $files files checked with mtools: ${problems:-all as written}"
