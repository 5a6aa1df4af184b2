/*
 * debugger.c - what a debugger needs to find the goroutines: one exported
 * descriptor, gocc_debug, and gdb's commands that read it (gocc-gdb.py,
 * embedded here so that gdb loads it with the program, as Go's
 * runtime-gdb.py is).
 *
 * Go's script reads the runtime's structures through DWARF.  A C library
 * may be built or shipped without it, and its struct layouts are the
 * compiler's to choose, so the descriptor says where the lists are and
 * where each field lies, and a debugger needs only the symbol gocc_debug
 * (in the symbol table of the program or of libgocc.so) and memory reads:
 * it works on a live process and on a core file alike.
 *
 * The layout, version 1.  Little-endian, 64-bit; pointers are 8 bytes,
 * offsets are bytes from the start of the structure they name:
 *
 *   0   u32  version       1; a field that changes meaning or place bumps it
 *   4   u32  size          sizeof(gocc_debug): later versions only append
 *   8   ptr  g1            goroutine 1 (main's G), which lives outside the
 *                          slabs; a G only once the byte at g1bound is 1
 *   16  ptr  g1bound
 *   24  ptr  slabs         the head of the slab list: each slab holds its
 *                          next (ptr) at slab_next, how many of its Gs are
 *                          in use (u64) at slab_used, and its Gs from
 *                          slab_gs on, g_size bytes apart
 *   32  ptr  allm          the head of every M ever made, linked at
 *                          m_alllink; Ms are never freed
 *   40  ptr  waitreasons   nwaitreasons C strings, by a G's waitreason
 *   48  ptr  frame         the switch frame, below
 *   56  ptr  srcfile       this file's path as compiled: frames in files
 *                          beside it are the runtime's
 *   64  u32  nwaitreasons
 *   68  u32  slab_next, slab_used, slab_gs
 *   80  u32  g_size, g_sp (ptr), g_stklo (ptr: 0 until its first run),
 *            g_goid (i64), g_status (u8), g_waitreason (u8), g_foreign
 *            (u8: a thread of the program's own, running or parked on
 *            that thread), g_tid (i32: a foreign G's thread), g_gopc
 *            (ptr: return address of its go statement)
 *   116 u32  m_alllink (ptr), m_curg (ptr: the G it runs, or 0),
 *            m_tid (i32: its thread, as gettid)
 *   128 u8   the status values: idle (a G never used: skip it),
 *            runnable, running, waiting, dead, syscall
 *
 * Where a G stands: a G that some M's curg names runs on that M's
 * thread, as does a foreign G on its own; else a G without a stack has
 * not run yet; else it is switched out, and `frame` says how to find the
 * registers of the code it will resume, from its saved sp:
 *
 *   0   char[8] sp         the stack pointer's name (gdb's): saved sp + size
 *   8   u32  size
 *   12  u32  nregs
 *   16  nregs of { char[8] name; u32 off; }: the register is the word at
 *            saved sp + off (the pc among them)
 */
#include "runtime.h"

#include <stddef.h>

struct gocc_debug {
	uint32_t version, size;
	G *g1;
	_Atomic bool *g1bound;
	struct slab **slabs;
	M **allm;
	const char *const *waitreasons;
	const struct switchframe *frame;
	const char *srcfile;
	uint32_t nwaitreasons;
	uint32_t slab_next, slab_used, slab_gs;
	uint32_t g_size, g_sp, g_stklo, g_goid, g_status, g_waitreason,
		 g_foreign, g_tid, g_gopc;
	uint32_t m_alllink, m_curg, m_tid;
	uint8_t gidle, grunnable, grunning, gwaiting, gdead, gsyscall;
};
_Static_assert(offsetof(struct gocc_debug, nwaitreasons) == 64 &&
	       offsetof(struct gocc_debug, g_size) == 80 &&
	       offsetof(struct gocc_debug, m_alllink) == 116 &&
	       offsetof(struct gocc_debug, gidle) == 128, "the documented layout");

/* Writable, not const: a core file holds the writable data, relocated,
 * while a read-only page may be left to the executable, unrelocated.
 * retain: kept by --gc-sections, though nothing in the program reads it. */
__attribute__((visibility("default"), used, retain))
struct gocc_debug gocc_debug = {
	.version = 1,
	.size = sizeof(struct gocc_debug),
	.g1 = &g1,
	.g1bound = &g1bound,
	.slabs = &slabs,
	.allm = &sched.allm,
	.waitreasons = waitreason_names,
	.frame = &switchframe,
	.srcfile = __FILE__,
	.nwaitreasons = NUM_WAITREASONS,
	.slab_next = offsetof(struct slab, next),
	.slab_used = offsetof(struct slab, used),
	.slab_gs = offsetof(struct slab, gs),
	.g_size = sizeof(G),
	.g_sp = offsetof(G, sp),
	.g_stklo = offsetof(G, stk.lo),
	.g_goid = offsetof(G, goid),
	.g_status = offsetof(G, status),
	.g_waitreason = offsetof(G, waitreason),
	.g_foreign = offsetof(G, foreign),
	.g_tid = offsetof(G, tid),
	.g_gopc = offsetof(G, gopc),
	.m_alllink = offsetof(M, alllink),
	.m_curg = offsetof(M, curg),
	.m_tid = offsetof(M, tid),
	.gidle = G_IDLE,
	.grunnable = G_RUNNABLE,
	.grunning = G_RUNNING,
	.gwaiting = G_WAITING,
	.gdead = G_DEAD,
	.gsyscall = G_SYSCALL,
};

/*
 * gdb loads the scripts listed in a .debug_gdb_scripts section of each
 * file it reads (once auto-load safe-path allows the file).  Entry type 4
 * is a script's text, its first line its name: the text itself, not a
 * path, so that a program linked with libgocc.a finds it wherever it
 * runs.  .incbin reads gocc-gdb.py when this file is assembled (CMake
 * passes its path and rebuilds on a change).  The section is not
 * allocated: the linker keeps it, and the program does not load it.
 */
__asm__(".pushsection .debug_gdb_scripts, \"MS\", %progbits, 1\n"
	".byte 4\n"
	".ascii \"gocc-gdb.py\\n\"\n"
	".incbin \"" GOCC_GDB_SCRIPT "\"\n"
	".byte 0\n"
	".popsection\n");
