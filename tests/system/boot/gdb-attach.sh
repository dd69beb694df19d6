#!/usr/bin/env bash
# gdb-attach.sh: what `make debug` does, without a person at the keyboard:
# QEMU starts halted with a gdb stub, gdb-multiarch attaches with the
# nucleus's symbols, stops in nucleus_main and prints a backtrace, which
# must name nucleus_main and the device tree argument.
set -u
BUILD=${BUILD:-build}
port=$((20000 + RANDOM % 20000))
${QEMU:-qemu-system-aarch64} -M virt -cpu cortex-a72 -m 256M -nographic -nic none \
  -kernel "$BUILD/lichen.img" -append selftest -S -gdb tcp:127.0.0.1:$port >/dev/null 2>&1 &
qpid=$!
trap 'kill $qpid 2>/dev/null' EXIT
sleep 1
out=$(timeout 60 gdb-multiarch -q -batch -nx \
  -ex "target remote 127.0.0.1:$port" \
  -ex "break nucleus_main" -ex "continue" -ex "bt" -ex "info registers x0" \
  "$BUILD/nucleus.elf" 2>&1)
echo "$out"
echo "$out" | grep -qE '^#0 +nucleus_main \(dtb_pa=[0-9]+' || { echo "gdb did not stop in nucleus_main"; exit 1; }
echo "$out" | grep -qE 'Breakpoint 1, nucleus_main' || exit 1
