#!/usr/bin/env bash
# gdb-tasks.sh: the lichen-tasks gdb command lists init and the servers
# of a running system (stopped where init asks for power off).
set -u
BUILD=${BUILD:-build}
port=$((20000 + RANDOM % 20000))
${QEMU:-qemu-system-aarch64} -M virt -cpu cortex-a72 -m 256M -nographic -nic none \
  -kernel "$BUILD/lichen-test.img" -append "test=pingpong" -S -gdb tcp:127.0.0.1:$port >/dev/null 2>&1 &
qpid=$!
trap 'kill $qpid 2>/dev/null' EXIT
sleep 1
out=$(timeout 90 gdb-multiarch -q -batch -nx \
  -ex "source tools/gdb/lichen.gdb" -ex "target remote 127.0.0.1:$port" \
  -ex "break sys_poweroff" -ex "continue" -ex "lichen-tasks" \
  "$BUILD/nucleus-test.elf" 2>&1 | grep -v '^target remote')
echo "$out"
echo "$out" | grep -qE '^task init +state 1 ' || exit 1
echo "$out" | grep -qE '^task uart ' || exit 1
echo "$out" | grep -qE '^  thread 0x[0-9a-f]+  state [0-9]  prio 48' || exit 1
