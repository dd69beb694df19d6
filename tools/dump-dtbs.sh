#!/usr/bin/env bash
# dump-dtbs.sh MANIFEST DIR: ask QEMU for the device tree of each machine
# listed in MANIFEST ("name cpu mem smp machine psci" per line) and write
# DIR/name.dtb.  QEMU's -M ...,dumpdtb=FILE writes the tree and exits.
set -euo pipefail
manifest=$1 dir=$2
while read -r name cpu mem smp machine _psci; do
  [ -n "$name" ] || continue
  echo "DUMPDTB $dir/$name.dtb"
  timeout 60 "${QEMU:-qemu-system-aarch64}" -M "$machine,dumpdtb=$dir/$name.dtb" \
    -cpu "$cpu" -m "$mem" -smp "$smp" -nographic -nic none >"$dir/$name.log" 2>&1 \
    || { cat "$dir/$name.log" >&2; exit 1; }
done < "$manifest"
