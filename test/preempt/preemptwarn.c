// Code without safe points (here GOCC_NOPREEMPT; code built by another
// compiler is the same) is never preempted: with GOCC_DEBUG=preemptwarn=1
// sysmon names the goroutine once, when it has held its P 100 ms while
// another goroutine waits for it.  Without the setting it says nothing.
// RUN: %cc-gocc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=1 GOCC_DEBUG=preemptwarn=1 timeout 60 %t 2>&1 | FileCheck %s
// RUN: env GOCC_MAXPROCS=1 timeout 60 %t 2>&1 | FileCheck %s --check-prefix=QUIET
// CHECK: goroutine [[ID:[0-9]+]] computes
// CHECK-NEXT: gocc: goroutine [[ID]] ran 100 ms without reaching a safe point
// CHECK-NEXT: goroutine [[ID]] done, main ran
// QUIET-NOT: safe point
// QUIET: done, main ran
#include <gocc.h>
#include <stdio.h>

static volatile int64_t id;

static GOCC_NOPREEMPT void busy(int64_t ns)
{
	int64_t end = gocc_nanotime() + ns;

	id = gocc_goid();
	fprintf(stderr, "goroutine %lld computes\n", (long long)id);
	while (gocc_nanotime() < end)   /* a call, but no safe point */
		;
}

int main(void)
{
	go busy(500 * 1000000);
	gocc_sleep(10 * 1000000);       /* waits for busy's P */
	fprintf(stderr, "goroutine %lld done, main ran\n", (long long)id);
	return 0;
}
