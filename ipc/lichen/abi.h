/*
 * abi.h: the nucleus's native ABI, shared by the nucleus and user space.
 *
 * Everything a native call passes that is not a plain number is defined
 * here: error codes, object types, rights, the msginfo word of IPC, the
 * layout of the message buffer, exception messages and the boot
 * information init receives.  The call numbers are in syscalls.def.
 */
#ifndef LICHEN_ABI_H
#define LICHEN_ABI_H

#include <stdint.h>

#define LICHEN_SVC_IMM   0x4c      /* "svc #0x4c": a native call (Linux uses 0) */

/* Error codes: x0 of every native call is 0 or one of these. */
enum {
	ERR_INVAL   = -1,    /* a malformed argument */
	ERR_NOMEM   = -2,    /* the nucleus has no memory left */
	ERR_EXIST   = -3,    /* already there (a mapping) */
	ERR_NOENT   = -4,    /* not found, not mapped */
	ERR_RANGE   = -5,    /* outside what is managed */
	ERR_NOTSUP  = -6,    /* not supported */
	ERR_FULL    = -7,    /* a fixed-size table is full */
	ERR_BADH    = -8,    /* not a handle of this task, or of the wrong type */
	ERR_RIGHTS  = -9,    /* the handle lacks a right the call needs */
	ERR_FAULT   = -10,   /* a bad address in the caller's own space */
	ERR_TIMEOUT = -11,   /* the timeout expired */
	ERR_DEAD    = -12,   /* the other side is gone (server died, caller died) */
	ERR_AGAIN   = -13,   /* would have to wait, and was asked not to */
	ERR_BUDGET  = -14,   /* the task's budget is spent */
	ERR_INTR    = -15,   /* interrupted by thread_interrupt */
	ERR_NOSYS   = -16,   /* no such call */
	ERR_STATE   = -17,   /* not possible in the object's current state */
};

/* Object types, as handle_info reports them. */
enum {
	OBJ_NONE, OBJ_TASK, OBJ_ASPACE, OBJ_THREAD, OBJ_ENDPOINT, OBJ_NOTIFY,
	OBJ_REGION, OBJ_IRQ, OBJ_REPLY, OBJ_SYSTEM, OBJ_TYPES
};

/* Rights a handle carries. */
enum {
	RIGHT_READ    = 1 << 0,    /* region: map readable; aspace: mem_read */
	RIGHT_WRITE   = 1 << 1,    /* region: map writable; aspace: mem_write */
	RIGHT_EXEC    = 1 << 2,    /* region: map executable */
	RIGHT_MAP     = 1 << 3,    /* region: may be mapped; aspace: map/unmap/protect */
	RIGHT_SEND    = 1 << 4,    /* endpoint: call, send */
	RIGHT_RECV    = 1 << 5,    /* endpoint: recv */
	RIGHT_SIGNAL  = 1 << 6,    /* notification */
	RIGHT_WAIT    = 1 << 7,    /* notification */
	RIGHT_CONTROL = 1 << 8,    /* task, thread, irq, system: control it */
	RIGHT_DUP     = 1 << 9,    /* may be duplicated */
	RIGHT_XFER    = 1 << 10,   /* may be given to another task (IPC, handle_give) */
	RIGHT_PHYS    = 1 << 11,   /* region: learn its physical address (DMA) */
	RIGHT_ALL     = (1 << 12) - 1,
};

/* Mapping rights (map, protect): a subset of READ | WRITE | EXEC. */
#define MAP_RIGHTS (RIGHT_READ | RIGHT_WRITE | RIGHT_EXEC)

/*
 * msginfo (x1 of IPC calls): label [63:32], flags [15:12], handles
 * [11:8], words [7:0].  Words 0-13 travel in x2-x15; words 14 and up in
 * the message buffer; handles in the buffer's send/recv slots.
 */
#define MSG_REG_WORDS   14
#define MSG_MAX_WORDS   64
#define MSG_MAX_HANDLES 4
#define MSG_NONBLOCK    (1u << 12)
#define MSG_WORDS(i)    ((unsigned)((i) & 0xff))
#define MSG_HANDLES(i)  ((unsigned)(((i) >> 8) & 0xf))
#define MSG_LABEL(i)    ((uint32_t)((i) >> 32))
#define MSGINFO(label, words, handles) \
	(((uint64_t)(label) << 32) | ((uint64_t)(handles) << 8) | (uint64_t)(words))

/* The message buffer: one page per thread, at an address the thread's
 * owner chooses (thread_ipcbuf). */
struct ipc_buffer {
	uint64_t words[MSG_MAX_WORDS];     /* words[14..] are the long part */
	uint32_t send_handles[MSG_MAX_HANDLES];
	uint32_t recv_handles[MSG_MAX_HANDLES];
	uint64_t user[128];                /* free for the thread's own use */
};

/*
 * Exception messages: a thread's exception arrives at its handler as a
 * call with label EXC_* and 13 words; the handler's reply (any label)
 * resumes it with its 11 first words as x0-x8, pc and sp.
 */
enum {
	EXC_SYSCALL = 1,      /* an svc that is not a native call (or any svc of a foreign task) */
	EXC_PAGE_FAULT,       /* instruction or data abort on a user address */
	EXC_UNDEFINED,        /* undefined instruction */
	EXC_ALIGNMENT,        /* PC, SP or data alignment fault */
	EXC_BREAKPOINT,       /* brk, or a debug exception */
	EXC_OTHER,            /* anything else (esr tells) */
	EXC_INTERRUPT,        /* thread_interrupt: enter the handler now */
};
enum {
	EXC_X0 = 0,           /* words 0-8: x0-x8 */
	EXC_PC = 9, EXC_SP = 10, EXC_ESR = 11, EXC_FAR = 12,
	EXC_WORDS = 13,
	EXC_REPLY_WORDS = 11,
};

/* thread_regs: the whole register set. */
struct thread_regs {
	uint64_t x[31];
	uint64_t sp, pc, pstate, tpidr;
	uint64_t fpcr, fpsr;
	__uint128_t q[32];
};
#define REGS_GET 0
#define REGS_SET 1

/* mem_read / mem_write: why a copy stopped short. */
enum { MEM_DONE, MEM_UNMAPPED, MEM_READONLY, MEM_BAD_BUFFER };

/* task_create flags and task_status states. */
#define TASK_FOREIGN  (1u << 0)    /* every svc goes to the handler (Linux) */
enum { TASK_RUNNING = 1, TASK_EXITED, TASK_FAULTED, TASK_KILLED };

/* region_create flags. */
#define REGION_CONTIG (1u << 0)    /* physically contiguous (for DMA) */

/*
 * Boot information: a read-only page the nucleus maps into init at
 * BOOTINFO_ADDR, listing the handles init starts with.
 */
#define BOOTINFO_ADDR      0x10000000UL
#define BOOTINFO_MAX_DEV   64
#define BOOTINFO_MAX_MOD   48

struct bootinfo_device {
	char compatible[40];      /* the device tree's first compatible string */
	uint64_t base, size;      /* MMIO range */
	uint32_t region;          /* handle of its MMIO region (0: none) */
	uint32_t irq;             /* handle of its IRQ line (0: none) */
	uint32_t intid;           /* the interrupt's number, for messages */
	uint32_t pad;
};

struct bootinfo_module {
	char name[32];
	uint64_t size;            /* bytes of the file */
	uint32_t region;          /* read-only region holding the file */
	uint32_t pad;
};

struct bootinfo {
	uint64_t magic;           /* BOOTINFO_MAGIC */
	uint32_t self_task, self_aspace, self_thread;
	uint32_t system;          /* poweroff */
	uint32_t exc_endpoint;    /* init's own threads' exception endpoint */
	uint32_t dtb_region;      /* the device tree, read-only */
	uint64_t dtb_size;
	uint64_t ram_bytes;       /* RAM in the machine */
	uint64_t budget;          /* init's budget: all RAM the nucleus does not use */
	uint32_t ndevices, nmodules;
	struct bootinfo_device devices[BOOTINFO_MAX_DEV];
	struct bootinfo_module modules[BOOTINFO_MAX_MOD];
	char bootargs[512];
};
#define BOOTINFO_MAGIC 0x4f464e49544f4f42UL   /* "BOOTINFO" */

#endif
