// A goroutine that loops without calling into gocc no longer keeps the
// only P: through the plugin, at every optimisation level and with -flto,
// main runs again after its sleep (preempt.c).  With safe points turned
// off it never does (timeout's 124).
// RUN: %cc-gocc %s -o %t %libgocc && env GOCC_MAXPROCS=1 timeout 60 %t | FileCheck %s
// RUN: %cc-gocc -O0 %s -o %t0 %libgocc && env GOCC_MAXPROCS=1 timeout 60 %t0 | FileCheck %s
// RUN: %cc-gocc -O3 -flto %s -o %tl %libgocc && env GOCC_MAXPROCS=1 timeout 60 %tl | FileCheck %s
// RUN: %cc-gocc -fplugin-arg-gocc-preempt=off %s -o %toff %libgocc
// RUN: env GOCC_MAXPROCS=1 %expect-exit 124 timeout 2 %toff
// The timeline shows the spinner's run on the P ending in a preemption.
// RUN: env GOCC_MAXPROCS=1 GOCC_TRACE=%t.json timeout 60 %t | FileCheck %s
// RUN: %trace-events %t.json | FileCheck %s --check-prefix=TRACE
// CHECK: main ran
// TRACE: X goroutine G2 created={{.*}} end=preempted goid=2
#include <gocc.h>
#include <stdio.h>

static volatile long spins;

static void spin(void)
{
	for (;;)
		spins++;
}

int main(void)
{
	go spin();
	gocc_sleep(50 * 1000000);
	puts("main ran");
	return 0;
}
