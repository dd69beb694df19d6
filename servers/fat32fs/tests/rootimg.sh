#!/bin/sh
# rootimg.sh: check the root disk made by the build with the oracles that
# nobody here wrote: fsck.fat -n must find nothing, and mtools must list
# and read /bin/busybox byte for byte.  Prints TAP.  The build fills in
# the paths (servers/fat32fs/rules.mk).
img=@ROOTIMG@
bb=@BUSYBOX@
export MTOOLS_SKIP_CHECK=1
echo "1..4"

out=$(fsck.fat -n "$img" 2>&1); rc=$?
if [ $rc -eq 0 ] && [ "$(printf '%s\n' "$out" | wc -l)" -eq 2 ]; then
  echo "ok 1 - fsck.fat -n $img reports nothing"
else
  echo "not ok 1 - fsck.fat -n $img (exit $rc)"
  printf '%s\n' "$out" | sed 's/^/# /'
fi

if mdir -i "$img" ::/bin 2>&1 | grep -q '^busybox '; then
  echo "ok 2 - mdir lists /bin/busybox"
else
  echo "not ok 2 - mdir lists /bin/busybox"
fi

if mtype -i "$img" ::/bin/busybox | cmp -s - "$bb"; then
  echo "ok 3 - mtype /bin/busybox is the busybox binary"
else
  echo "not ok 3 - mtype /bin/busybox is the busybox binary"
fi

if [ "$(od -An -tx1 -N1 "$img" | tr -d ' ')" = "eb" ] && \
   [ "$(stat -c %s "$img")" -eq $((64 * 1024 * 1024)) ]; then
  echo "ok 4 - root.img is a bare 64 MiB volume"
else
  echo "not ok 4 - root.img is a bare 64 MiB volume"
fi
