// gdb's `info goroutines` and `goroutine N bt` (libgocc's gocc-gdb.py,
// auto-loaded), on a live process and on a core file gcore made of it.
// The goroutines: main on a WaitGroup; three parked three calls deep, on a
// channel, a mutex and a sleep; one in a system call on its thread; one
// spinning on each P, so that the last one's goroutine never starts; and
// a thread of the program's own parked on a channel.
//
// At one P and two, live:
// RUN: %cc -O0 %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=1 sh %S/Inputs/attach.sh %t -ex 'info goroutines' -ex 'goroutine 1 bt' -ex 'goroutine 2 bt' -ex 'goroutine 3 bt' -ex 'goroutine 4 bt' -ex 'goroutine 5 bt' -ex 'goroutine 18 bt' -ex 'goroutine 6 bt' > %t.live1
// RUN: FileCheck %s --check-prefix=INFO < %t.live1
// RUN: FileCheck %s --check-prefix=BT < %t.live1
// RUN: env GOCC_MAXPROCS=2 sh %S/Inputs/attach.sh %t -ex 'info goroutines' -ex 'goroutine all bt' > %t.live2
// RUN: FileCheck %s --check-prefix=INFO < %t.live2
// RUN: FileCheck %s --check-prefix=BT < %t.live2
//
// Core files.  gdb's gcore cannot read memory near the guard pages that
// MADV_GUARD_INSTALL makes (Linux 6.13+), so these runs use mprotect's.
// RUN: rm -f %t.core && env GOCC_MAXPROCS=1 GOCC_GUARDMODE=mprotect sh %S/Inputs/attach.sh %t -ex 'gcore %t.core' > /dev/null
// RUN: gdb -nx -batch -iex 'add-auto-load-safe-path /' -ex 'info goroutines' -ex 'goroutine all bt' %t %t.core > %t.dead1 2>&1
// RUN: FileCheck %s --check-prefix=INFO < %t.dead1
// RUN: FileCheck %s --check-prefix=BT < %t.dead1
// RUN: rm %t.core && env GOCC_MAXPROCS=2 GOCC_GUARDMODE=mprotect sh %S/Inputs/attach.sh %t -ex 'gcore %t.core' > /dev/null
// RUN: gdb -nx -batch -iex 'add-auto-load-safe-path /' -ex 'info goroutines' -ex 'goroutine all bt' %t %t.core > %t.dead2 2>&1
// RUN: FileCheck %s --check-prefix=INFO < %t.dead2
// RUN: FileCheck %s --check-prefix=BT < %t.dead2
// RUN: rm %t.core
//
// libgocc without DWARF (the script needs only its descriptor), and
// libgocc.so (whose own section brings the script):
// RUN: objcopy --strip-debug --keep-section=.debug_gdb_scripts %build/runtime/libgocc.a %t.nodebug.a
// RUN: %cc -O0 %s -o %t.nodebug %t.nodebug.a -lpthread -lm
// RUN: env GOCC_MAXPROCS=2 sh %S/Inputs/attach.sh %t.nodebug -ex 'info goroutines' -ex 'goroutine all bt' > %t.nodebug.out
// RUN: FileCheck %s --check-prefix=INFO < %t.nodebug.out
// RUN: FileCheck %s --check-prefix=BT < %t.nodebug.out
// RUN: %cc -O0 %s -o %t.shared -L%build/runtime -Wl,-rpath,%build/runtime -lgocc -lpthread -lm
// RUN: env GOCC_MAXPROCS=2 sh %S/Inputs/attach.sh %t.shared -ex 'info goroutines' -ex 'goroutine all bt' > %t.shared.out
// RUN: FileCheck %s --check-prefix=INFO < %t.shared.out
// RUN: FileCheck %s --check-prefix=BT < %t.shared.out
#include <gocc.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static gocc_chan *ch;
static gocc_mutex mu;
static gocc_waitgroup never;
static _Atomic int nspinning, lastmade;
static void level1(void *how);
static void *foreign(void *arg);
static void spin(void *arg);
static int shows(const char *const *states);
static void *watch(void *arg);
static const char *const parked[] = {
	"[chan receive", "[sync.Mutex.Lock", "[sleep", "[syscall", NULL,
};
static const char *const foreignparked[] = { ", thread]", NULL };

enum { RECV, LOCK, SLEEP, SYSCALL };

int main(void)
{
	pthread_t t;

	ch = gocc_chan_make(sizeof(int), 0);
	gocc_mutex_lock(&mu);
	for (long how = RECV; how <= SYSCALL; how++)
		gocc_go(level1, (void *)how);
	while (!shows(parked))
		gocc_sleep(1000000);
	/* Its G is made after theirs (the goroutines are listed in that
	 * order), with the next id the P above has not taken: 18. */
	pthread_create(&t, NULL, foreign, NULL);
	while (!shows(foreignparked))
		gocc_sleep(1000000);
	for (int i = 0; i < gocc_maxprocs(0); i++)
		gocc_go(spin, NULL);
	gocc_wg_add(&never, 1);
	pthread_create(&t, NULL, watch, NULL);
	gocc_wg_wait(&never);
	// INFO:      {{^}}  1 [sync.WaitGroup.Wait] main at {{.*}}goroutines.c:[[@LINE-1]]{{$}}
	// BT:        {{^}}goroutine 1 [sync.WaitGroup.Wait]:
	// BT-NEXT:   {{^}}#1 {{.*}}
	// BT:        {{^}}#{{[0-9]+}} {{.*}}gocc_wg_wait
	// BT-NEXT:   {{^}}#{{[0-9]+}} {{.*}}main () at {{.*}}goroutines.c:[[@LINE-5]]
	return 0;
}

static __attribute__((noinline)) void level3(long how)
{
	int v;

	switch (how) {
	case RECV:
		gocc_chan_recv(ch, &v);
		// INFO:      {{^}}  2 [chan receive] level3 at {{.*}}goroutines.c:[[@LINE-1]]{{$}}
		// BT:        {{^}}goroutine 2 [chan receive]:
		// BT-NEXT:   {{^}}#1 {{.*}}
		// BT:        {{^}}#{{[0-9]+}} {{.*}}gocc_chan_recv
		// BT-NEXT:   {{^}}#{{[0-9]+}} {{.*}}level3 (how=0) at {{.*}}goroutines.c:[[@LINE-5]]
		// BT-NEXT:   {{^}}#{{[0-9]+}} {{.*}}level2 (how=0) at
		// BT-NEXT:   {{^}}#{{[0-9]+}} {{.*}}level1 (how=0x0) at
		// BT-NEXT:   {{^}}#{{[0-9]+}} {{.*}}gocc_goexit ()
		break;
	case LOCK:
		gocc_mutex_lock(&mu);
		// INFO-NEXT: {{^}}  3 [sync.Mutex.Lock] level3 at {{.*}}goroutines.c:[[@LINE-1]]{{$}}
		// BT-NEXT:   {{^}}goroutine 3 [sync.Mutex.Lock]:
		// BT-NEXT:   {{^}}#1 {{.*}}
		// BT:        {{^}}#{{[0-9]+}} {{.*}}gocc_mutex_lock
		// BT-NEXT:   {{^}}#{{[0-9]+}} {{.*}}level3 (how=1) at {{.*}}goroutines.c:[[@LINE-5]]
		// BT-NEXT:   {{^}}#{{[0-9]+}} {{.*}}level2 (how=1) at
		// BT-NEXT:   {{^}}#{{[0-9]+}} {{.*}}level1 (how=0x1) at
		// BT-NEXT:   {{^}}#{{[0-9]+}} {{.*}}gocc_goexit ()
		break;
	case SLEEP:
		gocc_sleep(3600 * 1000000000LL);
		// INFO-NEXT: {{^}}  4 [sleep] level3 at {{.*}}goroutines.c:[[@LINE-1]]{{$}}
		// BT-NEXT:   {{^}}goroutine 4 [sleep]:
		// BT-NEXT:   {{^}}#1 {{.*}}
		// BT:        {{^}}#{{[0-9]+}} {{.*}}level3 (how=2) at {{.*}}goroutines.c:[[@LINE-4]]
		// BT-NEXT:   {{^}}#{{[0-9]+}} {{.*}}level2 (how=2) at
		// BT-NEXT:   {{^}}#{{[0-9]+}} {{.*}}level1 (how=0x2) at
		// BT-NEXT:   {{^}}#{{[0-9]+}} {{.*}}gocc_goexit ()
		break;
	case SYSCALL:
		/* Its thread's frames: pause's first, then ours. */
		gocc_syscall_enter();
		pause();
		// INFO-NEXT: {{^}}* 5 [syscall] level3 at {{.*}}goroutines.c:[[@LINE-1]] (LWP {{[0-9]+}}){{$}}
		// BT-NEXT:   {{^}}goroutine 5 [syscall]:
		// BT-NEXT:   {{^}}#0 {{.*}}pause
		// BT:        {{^}}#{{[0-9]+}} {{.*}}level3 (how=3) at {{.*}}goroutines.c:[[@LINE-4]]
		// BT-NEXT:   {{^}}#{{[0-9]+}} {{.*}}level2 (how=3) at
		// BT-NEXT:   {{^}}#{{[0-9]+}} {{.*}}level1 (how=0x3) at
		// BT-NEXT:   {{^}}#{{[0-9]+}} {{.*}}gocc_goexit ()
		break;
	}
}

static __attribute__((noinline)) void level2(long how)
{
	level3(how);
}

static __attribute__((noinline)) void level1(void *how)
{
	level2((long)how);
}

static void *foreign(void *arg)
{
	int v;

	gocc_chan_recv(ch, &v);
	// INFO-NEXT: {{^}}* 18 [chan receive, thread] foreign at {{.*}}goroutines.c:[[@LINE-1]] (LWP {{[0-9]+}}){{$}}
	// BT-NEXT:   {{^}}goroutine 18 [chan receive, thread]:
	// BT-NEXT:   {{^}}#0 {{.*}}
	// BT:        {{^}}#{{[0-9]+}} {{.*}}gocc_chan_recv
	// BT-NEXT:   {{^}}#{{[0-9]+}} {{.*}}foreign (arg=0x0) at {{.*}}goroutines.c:[[@LINE-5]]
	return NULL;
}

static void notstarted(void *arg)
{
}

/* One on each P, which never yields it: the last to start makes a
 * goroutine that no P is left to run. */
static void spin(void *arg)
{
	if (atomic_fetch_add(&nspinning, 1) + 1 == gocc_maxprocs(0)) {
		gocc_go(notstarted, NULL);
		atomic_store(&lastmade, 1);
	}
	// INFO-NEXT: {{^}}* {{[0-9]+}} [running] spin at {{.*}}goroutines.c:[[@LINE+6]] (LWP {{[0-9]+}}){{$}}
	// INFO:      {{^}}  {{[0-9]+}} [runnable] not started, made by spin at {{.*}}goroutines.c:[[@LINE-4]]{{$}}
	// BT:        {{^}}goroutine {{[0-9]+}} [running]:
	// BT-NEXT:   {{^}}#0 {{.*}}spin (arg=0x0) at {{.*}}goroutines.c:[[@LINE+3]]
	// BT-NEXT:   {{^}}#1 {{.*}}gocc_goexit ()
	for (;;)
		__asm__ volatile("");
}

/* Does the goroutine dump show a goroutine in each of these states? */
static int shows(const char *const *states)
{
	char *buf;
	size_t len;
	FILE *f = open_memstream(&buf, &len);
	gocc_dump(f);
	fclose(f);
	int ok = 1;
	for (; *states; states++)
		ok = ok && strstr(buf, *states);
	free(buf);
	return ok;
}

/* A thread of the program's own, not a goroutine: main can be parked, and
 * the Ps all taken, when it says "ready". */
static void *watch(void *arg)
{
	static const char *const mainparked[] = { "[sync.WaitGroup.Wait", NULL };

	while (!atomic_load(&lastmade) || !shows(mainparked))
		usleep(1000);
	printf("%d ready\n", (int)getpid());
	fflush(stdout);
	pause();
	return NULL;
}
