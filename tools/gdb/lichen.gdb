# lichen.gdb: gdb set-up for the nucleus (make debug loads it).
#
# The nucleus is linked at 0xffffffffc0000000 but starts at the physical
# address QEMU loads it at (0x40200000 on virt) with the MMU off.  The
# symbols of build/nucleus.elf are right once head.S has jumped to the
# upper half (break nucleus_main); for the first instructions, "lichen-phys"
# loads the same symbols at the physical address.

set confirm off
set pagination off
target remote 127.0.0.1:1234

# lichen-phys: symbols for the MMU-off part of head.S.
define lichen-phys
  add-symbol-file build/nucleus.elf -o 0x80200000 -readnow
end
document lichen-phys
Load the nucleus's symbols at its physical load address (0x40200000), for
stepping head.S before the MMU is on ("break *0x40200000", "stepi").
