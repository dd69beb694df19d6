#!/usr/bin/env bash
# check-fastpath.sh OBJ STAMP: check the object code of fastpath_ipc.c.
#
# vectors.S calls fastpath_ipc with the message words of an IPC still in
# x2-x15 and expects them there on return (see fastpath_ipc.c).  The
# compiler is told never to use those registers (-ffixed-x2 ... in
# nucleus/rules.mk); this checks the result: no instruction names x2-x15
# (or w2-w15), and nothing is called (a called function would use them
# freely).  On success it touches STAMP.
set -euo pipefail
obj=$1 stamp=$2
OBJDUMP=${OBJDUMP:-aarch64-linux-gnu-objdump}
READELF=${READELF:-aarch64-linux-gnu-readelf}

bad_regs=$("$OBJDUMP" -d --no-show-raw-insn "$obj" | grep -P '^\s+[0-9a-f]+:\t' |
	cut -f2- | grep -P '\b[xw]([2-9]|1[0-5])\b' || true)
calls=$("$READELF" -rW "$obj" | grep -E 'R_AARCH64_(CALL26|JUMP26)' || true)
calls+=$("$OBJDUMP" -d --no-show-raw-insn "$obj" | grep -P '\t(blr|br)\t' || true)
if [ -n "$bad_regs" ] || [ -n "$calls" ]; then
	echo "check-fastpath: $obj breaks the fast path's contract (see fastpath_ipc.c):" >&2
	[ -z "$bad_regs" ] || printf 'uses a message register:\n%s\n' "$bad_regs" >&2
	[ -z "$calls" ] || printf 'calls out:\n%s\n' "$calls" >&2
	exit 1
fi
touch "$stamp"
