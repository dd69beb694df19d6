#!/usr/bin/env bash
# dtb-edit.sh KIND IN.dtb OUT.dtb: make a deliberately broken device tree
# from QEMU's own, for the boot tests of bad input (tests/system/boot).
#   no-memory         no memory node at all (booted through
#                     tests/boot-stub: QEMU's -kernel path would add one),
#                     and bootargs "selftest" since there is no -append
#   overlap-reserved  two /memreserve/ entries that overlap each other
set -euo pipefail
kind=$1 in=$2 out=$3
dts=$(dtc -q -I dtb -O dts "$in")
case $kind in
  no-memory)
    dts=$(printf '%s\n' "$dts" | sed -e '/memory@40000000 {/,/};/d' \
          -e '/chosen {/a\		bootargs = "selftest";') ;;
  overlap-reserved)
    dts=$(printf '%s\n' "$dts" | sed '/^\/dts-v1\/;/a\/memreserve/ 0x44000000 0x00200000;\n/memreserve/ 0x44100000 0x00200000;') ;;
  *) echo "dtb-edit.sh: unknown kind '$kind'" >&2; exit 2 ;;
esac
printf '%s\n' "$dts" | dtc -q -I dts -O dtb -o "$out" -
