/*
 * start.S: init's entry point, before musl's.
 *
 * musl's start-up makes Linux system calls (set_tid_address first of all),
 * and init's own thread sends its exceptions to init's exception endpoint:
 * someone must be receiving there before musl runs.  So init starts here,
 * with x0 = the bootinfo page and sp = the Linux-style initial stack:
 * runtime_start() creates the runtime handler thread, then musl's _start
 * runs on the untouched stack.
 */
	.text
	.globl	_lichen_start
_lichen_start:
	mov	x19, sp
	bl	runtime_start
	mov	sp, x19
	b	_start
