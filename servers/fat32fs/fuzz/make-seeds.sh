#!/bin/sh
# make-seeds.sh MKFATIMG DIR: write the fuzzer's seed images into DIR:
# small FAT32 volumes (fewer clusters than real FAT32, which the core
# accepts as Linux does) made by Lichen's mkfatimg, one of them behind
# an MBR whose partition starts at sector 1.
set -e
mk=$1 dir=$2
mkdir -p "$dir" "$dir/src/A Long Directory Name/sub"
printf 'hello\n' > "$dir/src/hello.txt"
printf 'long\n' > "$dir/src/A Long Directory Name/a file with a long name.text"
printf 'x%.0s' $(seq 1 3000) > "$dir/src/A Long Directory Name/sub/Big.Bin"
rm -f "$dir"/seed-*
"$mk" -T -s 64K -c 512 "$dir/seed-empty"
"$mk" -T -s 64K -c 512 -L SEED -d "$dir/src" "$dir/seed-files"
"$mk" -T -s 128K -c 1024 -d "$dir/src" "$dir/seed-1k"
# An MBR with one partition (type 0x0c) at sector 1, then the volume.
{
  head -c 446 /dev/zero
  printf '\000\376\377\377\014\376\377\377\001\000\000\000\200\000\000\000'
  head -c 48 /dev/zero
  printf '\125\252'
  cat "$dir/seed-files"
} > "$dir/seed-mbr"
rm -rf "$dir/src"
