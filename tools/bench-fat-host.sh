#!/usr/bin/env bash
# bench-fat-host.sh: host-side figures of Lichen's FAT32 core, each timed
# against mtools doing the same work on the same kind of image in the
# same run (a 512 MiB mkfs.fat -F 32 image with 4 KiB clusters, in the
# page cache; neither side calls fsync):
#
#   fat.host.seqwrite.mbps      copy a 64 MiB file into the image
#                               (mkfatimg -a  vs  mcopy)
#   fat.host.seqread.mbps       copy it back out (mkfatimg -x  vs  mcopy)
#   fat.host.create.files_per_s copy a folder of 10,000 small files with
#                               8.3 names into one directory
#                               (mkfatimg -a  vs  mcopy -s)
#
# Clock: wall time (date +%s.%N) around each whole command, process
# start-up, mount and unmount included; best of RUNS runs.  MB = 2^20
# bytes.  Prints: bench NAME VALUE UNIT mtools=VALUE ratio=R (ours over
# mtools's, higher is better for these rates).
set -euo pipefail

BUILD=${BUILD:-build}
MKFATIMG=${MKFATIMG:-$BUILD/tools/mkfatimg}
RUNS=${RUNS:-3}
dir=$BUILD/bench-fat
export MTOOLS_SKIP_CHECK=1

for tool in mkfs.fat mcopy fsck.fat; do
  command -v $tool >/dev/null || { echo "bench-fat-host: $tool is missing (apt-get install mtools dosfstools)" >&2; exit 1; }
done
[ -x "$MKFATIMG" ] || make -s "$MKFATIMG"

rm -rf "$dir"
mkdir -p "$dir/small"
head -c $((64 << 20)) /dev/urandom > "$dir/big.bin"
for i in $(seq -w 0 9999); do echo "small file $i" > "$dir/small/F$i.TXT"; done
mkfs.fat -F 32 -S 512 -s 8 -C "$dir/blank.img" $((512 * 1024)) >/dev/null

now() { date +%s.%N; }

# best_time CMD...: runs "fresh" (setup) then CMD RUNS times; prints the shortest time.
best_time() {
  local best=
  for _ in $(seq "$RUNS"); do
    "$setup"
    local t0 t1
    t0=$(now); "$@" >/dev/null; t1=$(now)
    best=$(awk -v a="$t0" -v b="$t1" -v best="$best" \
      'BEGIN { t = b - a; if (best == "" || t < best) best = t; printf "%.6f", best }')
  done
  echo "$best"
}

fresh_ours()   { cp "$dir/blank.img" "$dir/ours.img"; }
fresh_mtools() { cp "$dir/blank.img" "$dir/mtools.img"; }
nothing()      { :; }

# report NAME UNIT AMOUNT OURS_SECONDS MTOOLS_SECONDS
report() {
  awk -v n="$1" -v u="$2" -v amt="$3" -v o="$4" -v m="$5" 'BEGIN {
    ov = amt / o; mv = amt / m
    printf "bench %s %.1f %s mtools=%.1f ratio=%.2f\n", n, ov, u, mv, ov / mv }'
}

check_clean() {
  local out
  out=$(fsck.fat -n "$1" 2>&1) || { echo "bench-fat-host: fsck.fat -n $1 failed:" >&2; echo "$out" >&2; exit 1; }
  [ "$(printf '%s\n' "$out" | wc -l)" -eq 2 ] || { echo "bench-fat-host: fsck.fat -n $1 reports:" >&2; echo "$out" >&2; exit 1; }
}

# Sequential write, then read, of the 64 MiB file.
setup=fresh_ours;   w_ours=$(best_time "$MKFATIMG" -a "$dir/big.bin=/BIG.BIN" "$dir/ours.img")
setup=fresh_mtools; w_mt=$(best_time mcopy -i "$dir/mtools.img" "$dir/big.bin" ::/BIG.BIN)
check_clean "$dir/ours.img"
setup=nothing
# reads: best of 7 (the 64 MiB output file on the host makes them noisy);
# the output goes to /dev/shm when there is one, for both tools alike
out=$dir; [ -d /dev/shm ] && [ -w /dev/shm ] && out=$(mktemp -d /dev/shm/lichen-bench.XXXXXX)
RUNS_SAVED=$RUNS; RUNS=7
r_ours=$(best_time "$MKFATIMG" -x "/BIG.BIN=$out/out-ours.bin" "$dir/ours.img")
r_mt=$(best_time mcopy -o -i "$dir/mtools.img" ::/BIG.BIN "$out/out-mtools.bin")
RUNS=$RUNS_SAVED
mv "$out/out-ours.bin" "$out/out-mtools.bin" "$dir/" 2>/dev/null || true
[ "$out" != "$dir" ] && rm -rf "$out"
cmp -s "$dir/big.bin" "$dir/out-ours.bin" || { echo "bench-fat-host: read back differs" >&2; exit 1; }
cmp -s "$dir/big.bin" "$dir/out-mtools.bin" || { echo "bench-fat-host: mtools read back differs" >&2; exit 1; }
report fat.host.seqread.mbps MB/s 64 "$r_ours" "$r_mt"
report fat.host.seqwrite.mbps MB/s 64 "$w_ours" "$w_mt"

# 10,000 small files into one directory.
setup=fresh_ours;   c_ours=$(best_time "$MKFATIMG" -a "$dir/small=/small" "$dir/ours.img")
setup=fresh_mtools; c_mt=$(best_time mcopy -s -i "$dir/mtools.img" "$dir/small" ::/)
check_clean "$dir/ours.img"
[ "$(mdir -i "$dir/ours.img" ::/small | grep -c ' TXT ')" -eq 10000 ] || { echo "bench-fat-host: files missing" >&2; exit 1; }
report fat.host.create.files_per_s files/s 10000 "$c_ours" "$c_mt"

rm -rf "$dir"
