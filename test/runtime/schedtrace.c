// GOCC_DEBUG=schedtrace=MS prints Go's SCHED line to stderr every MS ms,
// from sysmon, while 4 Ps are busy; scheddetail=1 adds Go's lines per P,
// M and G.  GOCC_DEBUG is a list of name=value: an unknown name or a bad
// value stops the program, naming the item.  Without it, no trace.
// RUN: %cc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=4 GOCC_DEBUG=schedtrace=10 %t 2>&1 | FileCheck %s
// RUN: env GOCC_MAXPROCS=4 GOCC_DEBUG=schedtrace=10,scheddetail=1 %t 2>&1 | FileCheck %s --check-prefix=DETAIL
// RUN: env GOCC_MAXPROCS=4 %t 2>&1 | FileCheck %s --check-prefix=OFF --implicit-check-not=SCHED
// RUN: env GOCC_MAXPROCS=4 GOCC_DEBUG=,schedtrace=0, %t 2>&1 | FileCheck %s --check-prefix=OFF --implicit-check-not=SCHED
// RUN: env GOCC_DEBUG=schedtrace=10,schedtrase=1 %expect-exit 2 %t 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// RUN: env GOCC_DEBUG=schedtrace=ten %expect-exit 2 %t 2>&1 | FileCheck %s --check-prefix=BADNUM
// RUN: env GOCC_DEBUG=scheddetail=2 %expect-exit 2 %t 2>&1 | FileCheck %s --check-prefix=BADDETAIL
// RUN: env GOCC_DEBUG=schedtrace %expect-exit 2 %t 2>&1 | FileCheck %s --check-prefix=NOVALUE
//
// CHECK: SCHED {{[0-9]+}}ms: gomaxprocs=4 idleprocs={{[0-9]+}} threads={{[0-9]+}} spinningthreads={{[0-9]+}} idlethreads={{[0-9]+}} runqueue={{[0-9]+}} [{{[0-9]+}} {{[0-9]+}} {{[0-9]+}} {{[0-9]+}}]{{$}}
// CHECK: done
//
// DETAIL: SCHED {{[0-9]+}}ms: gomaxprocs=4 idleprocs={{[0-9]+}} threads={{[0-9]+}} spinningthreads={{[0-9]+}} idlethreads={{[0-9]+}} runqueue={{[0-9]+}} gcwaiting=0 nmidlelocked=0 stopwait=0 sysmonwait=0{{$}}
// DETAIL-NEXT: {{^}}  P0: status={{[0-4]}} schedtick={{[0-9]+}} syscalltick={{[0-9]+}} m={{-1|[0-9]+}} runqsize={{[0-9]+}} gfreecnt={{[0-9]+}} timerslen={{[0-9]+}}{{$}}
// DETAIL-NEXT: {{^}}  P1: status=
// DETAIL-NEXT: {{^}}  P2: status=
// DETAIL-NEXT: {{^}}  P3: status=
// The first line may come before any M has started: M lines are looked for
// after it, not on the next line.
// DETAIL: {{^}}  M{{[0-9]+}}: p={{-1|[0-3]}} curg={{-1|[0-9]+}} mallocing=0 throwing=0 preemptoff= locks=0 dying=0 spinning={{true|false}} blocked=false lockedg=-1{{$}}
// The first line may come before main has bound, so G1 is looked for later.
// DETAIL: {{^}}  G1: status={{[0-6]}}({{[^)]*}}) m={{-1|[0-9]+}} lockedm=-1{{$}}
// DETAIL: {{^}}  G{{[0-9]+}}: status=
// DETAIL: done
//
// OFF: done
//
// UNKNOWN: gocc: fatal error: GOCC_DEBUG: schedtrase=1: unknown setting (known: schedtrace, scheddetail, preemptwarn)
// BADNUM: gocc: fatal error: GOCC_DEBUG: schedtrace=ten: want schedtrace=a number of milliseconds (0: off)
// BADDETAIL: gocc: fatal error: GOCC_DEBUG: scheddetail=2: want scheddetail=0 or 1
// NOVALUE: gocc: fatal error: GOCC_DEBUG: schedtrace: want schedtrace=a number of milliseconds (0: off)
#include <gocc.h>
#include <stdio.h>

enum { BUSY = 4, EXTRA = 16, RUN_NS = 300000000 };
static gocc_waitgroup wg;

// Keeps a P busy, yielding so that the extra goroutines queue and run.
static void spin(void *arg)
{
	int64_t end = *(int64_t *)arg;

	while (gocc_nanotime() < end)
		gocc_yield();
	gocc_wg_done(&wg);
}

int main(void)
{
	int64_t end = gocc_nanotime() + RUN_NS;

	gocc_wg_add(&wg, BUSY + EXTRA);
	for (int i = 0; i < BUSY + EXTRA; i++)
		gocc_go(spin, &end);
	gocc_wg_wait(&wg);
	printf("done\n");
	return 0;
}
