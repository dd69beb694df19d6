# lichen.gdb: gdb set-up for the nucleus (make debug loads it).
#
# The nucleus is linked at 0xffffffffc0000000 but starts at the physical
# address QEMU loads it at (0x40200000 on virt) with the MMU off.  The
# symbols of build/nucleus.elf are right once head.S has jumped to the
# upper half (break nucleus_main); for the first instructions, "lichen-phys"
# loads the same symbols at the physical address.

set confirm off
set pagination off

# lichen-phys: symbols for the MMU-off part of head.S.
define lichen-phys
  add-symbol-file build/nucleus.elf -o 0x80200000 -readnow
end
document lichen-phys
Load the nucleus's symbols at its physical load address (0x40200000), for
stepping head.S before the MMU is on ("break *0x40200000", "stepi").
end

# lichen-tasks: every task (task_list), with its budget and threads.
define lichen-tasks
  set $l = task_list.next
  while $l != &task_list
    set $t = (struct task *)((char *)$l - (unsigned long)&((struct task *)0)->all_link)
    printf "task %-15s state %d  budget %lu of %lu bytes  %u handles\n", $t->name, $t->state, $t->budget->used, $t->budget->limit, $t->handles.used
    set $n = $t->threads.next
    while $n != &$t->threads
      set $x = (struct thread *)((char *)$n - (unsigned long)&((struct thread *)0)->task_link)
      printf "  thread %p  state %d  prio %2u  pc %016lx  sp %016lx\n", $x, $x->state, $x->prio, $x->ctx.pc, $x->ctx.sp
      set $n = $n->next
    end
    set $l = $l->next
  end
end
document lichen-tasks
List every task with its budget and handle count, and each of its threads
with its state (enum thread_state: 1 runnable, 2 send, 3 call, 4 recv,
5 reply, 6 notify, 7 sleep, 8 dead), priority and user pc and sp.
end
