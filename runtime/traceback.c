/*
 * traceback.c - each goroutine's stack, symbolized (Go's traceback).
 *
 * elfutils' libdw does both halves: it unwinds by the CFI that every
 * frame has at -O2 (frame pointers do not), starting from registers we
 * give it, and it maps a pc to a function and a file:line.  It is loaded
 * with dlopen on the first dump, so programs still link with only
 * -lpthread -lm and pay nothing until they die; without libdw.so.1 a
 * traceback is the creation site alone, named by dladdr as
 * function+0xoff.  libgcc's unwinder could not start from a parked
 * goroutine's saved registers, and a DWARF reader of our own is what the
 * project will not write.
 *
 * Where a goroutine stands:
 *   - the one on this thread: the registers of the signal that stopped it,
 *     or getcontext's;
 *   - a parked or runnable one: the frame gocc_ctxswitch pushed at g->sp;
 *   - one running on another thread, or in a system call: unknown (Go
 *     says the same).
 * Memory is read with process_vm_readv, which fails instead of faulting
 * on a bad address, so a torn stack ends the traceback, not the report.
 *
 * Frames in libgocc are hidden unless GOCC_TRACEBACK=all: a frame is the
 * runtime's when its source file lies in this directory (libgocc is built
 * with -g) or its function is named gocc_*.  So are the C library's
 * frames below main.
 *
 * The same lookup names the go statements in a GOCC_TRACE file
 * (symbolize): there, in the running program, the binary and its load
 * addresses are at hand, and the file is readable by itself (Perfetto shows
 * the names too), where a tool run later would need the binary found again.
 */
#include "runtime.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <ucontext.h>
#include <unistd.h>

/* Without libdw's header (a cross build), or off x86-64: names by dladdr,
 * no frames. */
#if __has_include(<elfutils/libdwfl.h>) && defined(__x86_64__)
#define HAVE_DW 1
#include <elfutils/libdwfl.h>

#define DW_FUNCS(X)							\
	X(dwfl_begin) X(dwfl_linux_proc_report) X(dwfl_report_end)	\
	X(dwfl_attach_state) X(dwfl_getthread_frames) X(dwfl_frame_pc)	\
	X(dwfl_thread_state_registers) X(dwfl_addrmodule)		\
	X(dwfl_module_addrinfo) X(dwfl_module_getsrc) X(dwfl_lineinfo)	\
	X(dwfl_linux_proc_find_elf) X(dwfl_standard_find_debuginfo)	\
	X(dwfl_end)

static struct {
#define DECL(f) __typeof__(f) *f;
	DW_FUNCS(DECL)
#undef DECL
	bool loaded;
} dw;
static pthread_once_t dwonce = PTHREAD_ONCE_INIT;

enum { MAXFRAMES = 64 };

/* The stack being unwound: dumps are serialised (fatal.c), so one. */
static struct {
	Dwarf_Word regs[17];        /* DWARF's x86-64 numbering, rip last */
	uintptr_t pcs[MAXFRAMES];
	bool ret[MAXFRAMES];        /* pcs[i] is a return address */
	int n;
} unw;

static bool readmem(uintptr_t addr, void *buf, size_t len)
{
	struct iovec local = { buf, len }, remote = { (void *)addr, len };
	return process_vm_readv(getpid(), &local, 1, &remote, 1, 0) == (ssize_t)len;
}

static pid_t next_thread(Dwfl *dwfl, void *arg, void **targ)
{
	return 0;
}

static bool get_thread(Dwfl *dwfl, pid_t tid, void *arg, void **targ)
{
	return true;
}

static bool memory_read(Dwfl *dwfl, Dwarf_Addr addr, Dwarf_Word *result, void *arg)
{
	return readmem(addr, result, sizeof *result);
}

static bool set_initial_registers(Dwfl_Thread *t, void *arg)
{
	return dw.dwfl_thread_state_registers(t, 0, 17, unw.regs);
}

static const Dwfl_Thread_Callbacks thread_callbacks = {
	.next_thread = next_thread,
	.get_thread = get_thread,
	.memory_read = memory_read,
	.set_initial_registers = set_initial_registers,
};

static Dwfl_Callbacks proc_callbacks;

static void dw_loadlib(void)
{
	void *h = dlopen("libdw.so.1", RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return;
#define LOAD(f) if (!(dw.f = (__typeof__(f) *)dlsym(h, #f))) return;
	DW_FUNCS(LOAD)
#undef LOAD
	proc_callbacks.find_elf = dw.dwfl_linux_proc_find_elf;
	proc_callbacks.find_debuginfo = dw.dwfl_standard_find_debuginfo;
	dw.loaded = true;
}

/* A libdw session on this process (NULL without libdw), able to unwind
 * if asked.  A session is not thread-safe, so each user has its own: the
 * dump (serialised, fatal.c) and the trace writer's symbolize. */
static Dwfl *dw_open(bool unwind)
{
	pthread_once(&dwonce, dw_loadlib);
	if (!dw.loaded)
		return NULL;
	Dwfl *d = dw.dwfl_begin(&proc_callbacks);
	if (d && (dw.dwfl_linux_proc_report(d, getpid()) != 0 ||
		  dw.dwfl_report_end(d, NULL, NULL) != 0 ||
		  (unwind && !dw.dwfl_attach_state(d, NULL, getpid(), &thread_callbacks, NULL)))) {
		dw.dwfl_end(d);
		d = NULL;
	}
	return d;
}

static int onframe(Dwfl_Frame *f, void *arg)
{
	Dwarf_Addr pc;
	bool act;

	if (!dw.dwfl_frame_pc(f, &pc, &act) || pc == 0)
		return DWARF_CB_ABORT;
	unw.pcs[unw.n] = pc;
	unw.ret[unw.n] = !act;
	return ++unw.n < MAXFRAMES ? DWARF_CB_OK : DWARF_CB_ABORT;
}

/* Fill unw.regs; false if where g stands is unknown. */
static bool startregs(G *g, const ucontext_t *uc)
{
	memset(unw.regs, 0, sizeof unw.regs);
	static const int from_uc[17] = {
		REG_RAX, REG_RDX, REG_RCX, REG_RBX, REG_RSI, REG_RDI, REG_RBP,
		REG_RSP, REG_R8, REG_R9, REG_R10, REG_R11, REG_R12, REG_R13,
		REG_R14, REG_R15, REG_RIP,
	};
	if (uc) {
		for (int i = 0; i < 17; i++)
			unw.regs[i] = (Dwarf_Word)uc->uc_mcontext.gregs[from_uc[i]];
		return true;
	}
	/* asm_amd64.S's frame: control words, r15, r14, r13, r12, rbx, rbp,
	 * the return address. */
	uint64_t f[8];
	uintptr_t sp = (uintptr_t)g->sp;
	if (!sp || !readmem(sp, f, sizeof f))
		return false;
	unw.regs[15] = f[1];
	unw.regs[14] = f[2];
	unw.regs[13] = f[3];
	unw.regs[12] = f[4];
	unw.regs[3] = f[5];
	unw.regs[6] = f[6];
	unw.regs[16] = f[7];
	unw.regs[7] = sp + sizeof f;
	return true;
}

/* The dump's session, opened at its first use. */
static Dwfl *dumpdw(void)
{
	static Dwfl *d;
	static bool tried;

	if (!tried) {
		tried = true;
		d = dw_open(true);
	}
	return d;
}

/* g's frames into unw; false if unknown. */
static bool unwind(G *g, const ucontext_t *uc)
{
	uint8_t status = atomic_load(&g->status);
	Dwfl *d = dumpdw();

	if (!d || (!uc && (status == G_RUNNING || status == G_SYSCALL ||
			   g->foreign)) || !startregs(g, uc))
		return false;
	unw.n = 0;
	dw.dwfl_getthread_frames(d, 1, onframe, NULL);
	return true;
}
#else
#define HAVE_DW 0
typedef struct Dwfl Dwfl;
static struct {
	uintptr_t pcs[1];
	bool ret[1];
	int n;
} unw;
static Dwfl *dw_open(bool unwind) { return NULL; }
static Dwfl *dumpdw(void) { return NULL; }
static bool unwind(G *g, const ucontext_t *uc) { return false; }
#endif

uintptr_t sigpc(const ucontext_t *uc)
{
#if defined(__x86_64__)
	return (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
#else
	return (uintptr_t)uc->uc_mcontext.pc;
#endif
}

struct sym {
	const char *name, *file;
	int line;
	unsigned long long off;
};

/* pc in session d, or by dladdr without one. */
static struct sym lookup(Dwfl *d, uintptr_t pc)
{
	struct sym s = { 0 };

#if HAVE_DW
	GElf_Off off = 0;
	GElf_Sym elfsym;
	if (d) {
		Dwfl_Module *mod = dw.dwfl_addrmodule(d, pc);
		if (mod) {
			s.name = dw.dwfl_module_addrinfo(mod, pc, &off, &elfsym,
							 NULL, NULL, NULL);
			Dwfl_Line *l = dw.dwfl_module_getsrc(mod, pc);
			if (l)
				s.file = dw.dwfl_lineinfo(l, NULL, &s.line,
							  NULL, NULL, NULL);
		}
		s.off = off;
		return s;
	}
#endif
	Dl_info info;
	if (dladdr((void *)pc, &info) && info.dli_sname) {
		s.name = info.dli_sname;
		s.off = pc - (uintptr_t)info.dli_saddr;
	}
	return s;
}

static bool inruntime(struct sym s)
{
	const char *slash = strrchr(__FILE__, '/');
	size_t n = slash ? (size_t)(slash - __FILE__ + 1) : 0;

	return (s.file && n && strncmp(s.file, __FILE__, n) == 0) ||
	       (s.name && strncmp(s.name, "gocc_", 5) == 0);
}

/* A function by name, name+0xoff where there is no line to show, or pc. */
static void funcname(struct sym s, uintptr_t pc, char *buf, size_t len)
{
	if (!s.name)
		snprintf(buf, len, "%#llx", (unsigned long long)pc);
	else if (!s.file)
		snprintf(buf, len, "%s+%#llx", s.name, s.off);
	else
		snprintf(buf, len, "%s", s.name);
}

static void putfunc(struct sym s, uintptr_t pc, void (*put)(void *, const char *),
		    void *sink)
{
	char buf[256];

	funcname(s, pc, buf, sizeof buf);
	put(sink, buf);
}

static void putline(struct sym s, void (*put)(void *, const char *), void *sink)
{
	char buf[512];

	if (s.file)
		snprintf(buf, sizeof buf, "\n\t%s:%d\n", s.file, s.line);
	else
		snprintf(buf, sizeof buf, "\n");
	put(sink, buf);
}

void traceback(G *g, const ucontext_t *uc, bool signal,
	       void (*put)(void *sink, const char *line), void *sink)
{
	const char *env = getenv("GOCC_TRACEBACK");
	bool all = env && strcmp(env, "all") == 0;
	char buf[64];

	if (unwind(g, uc)) {
		for (int i = 0; i < unw.n; i++) {
			/* A return address: name the call, one byte back.
			 * Only a signal's pc is where the thread stood. */
			bool ret = unw.ret[i] || (i == 0 && !signal);
			struct sym s = lookup(dumpdw(), unw.pcs[i] - ret);
			if (!all && inruntime(s))
				continue;
			putfunc(s, unw.pcs[i], put, sink);
			if (s.file)
				put(sink, "(...)");
			putline(s, put, sink);
			/* What called main is the C library's start-up. */
			if (!all && s.name && strcmp(s.name, "main") == 0)
				break;
		}
	} else if (!uc && atomic_load(&g->status) == G_RUNNING) {
		put(sink, "goroutine running on another thread; stack unavailable\n");
	}
	if (g->gopc) {
		struct sym s = lookup(dumpdw(), g->gopc - 1);
		put(sink, "created by ");
		putfunc(s, g->gopc, put, sink);
		snprintf(buf, sizeof buf, " in goroutine %lld", (long long)g->parentgoid);
		put(sink, buf);
		putline(s, put, sink);
	}
}

/* One thread calls it (the trace writer), in a session of its own. */
void symbolize(uintptr_t pc, char *buf, size_t len)
{
	static Dwfl *d;
	static bool tried;

	if (!tried) {
		tried = true;
		d = dw_open(false);
	}
	struct sym s = lookup(d, pc - 1);
	funcname(s, pc, buf, len);
	size_t n = strlen(buf);
	if (s.file)
		snprintf(buf + n, len - n, " %s:%d", s.file, s.line);
}
