// gocc-trace turns a trace into one page that needs nothing else, and
// headless Chromium renders it: a lane per P (three here, in order, no
// more), each goroutine's runs as spans marked with its id, and with #g=ID
// in the address that goroutine's runs picked out and the go statement
// that made it named.  A trace cut short is refused, saying where.  (The
// README's screenshot is this program's page at four Ps.)
// REQUIRES: chromium
// RUN: %cc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=3 GOCC_TRACE=%t.json %t | FileCheck %s --check-prefix=OUT
// RUN: %gocc-trace -o %t.html %t.json
// RUN: %dump-dom 'file://%t.html#g=2' > %t.dom
// RUN: grep -o 'class="lane" data-lane="[^"]*"' %t.dom | FileCheck %s --check-prefix=LANES
// RUN: FileCheck %s --check-prefix=INFO < %t.dom
// RUN: FileCheck %s --check-prefix=SPANS < %t.dom
// RUN: head -c 1000 %t.json > %t.cut.json
// RUN: %expect-exit 1 %gocc-trace %t.cut.json 2>&1 | FileCheck %s --check-prefix=CUT
//
// OUT: primes counted: ok
//
// LANES: class="lane" data-lane="P0"
// LANES-NEXT: class="lane" data-lane="P1"
// LANES-NEXT: class="lane" data-lane="P2"
// LANES-NOT: data-lane
//
// Main's runs, and the runs of G2, picked out.
// SPANS-DAG: <div class="g" data-i="{{[0-9]+}}" data-goid="1" style="background:
// SPANS-DAG: <div class="g sel" data-i="{{[0-9]+}}" data-goid="2" style="background:
//
// CUT: gocc-trace: {{.*}}cut.json:{{[0-9]+}}:{{[0-9]+}}: {{.+}}
#include <gocc.h>
#include <stdio.h>

enum { WORKERS = 6, JOBS = 48, SLICE = 3000 };

static gocc_chan *jobs, *counts;
static gocc_waitgroup working, summed;

static long primes(long lo, long hi)
{
	long n = 0;

	for (long i = lo < 2 ? 2 : lo; i < hi; i++) {
		long d = 2;
		while (d * d <= i && i % d)
			d++;
		n += d * d > i;
	}
	return n;
}

// Counts the primes of each slice it is given; every fourth slice in a
// system call, as a library doing its own I/O would.
static void worker(void *arg)
{
	long job;

	while (gocc_chan_recv(jobs, &job)) {
		if (job % 4 == 0)
			gocc_syscall_enter();
		long n = primes(job * SLICE, (job + 1) * SLICE);
		if (job % 4 == 0)
			gocc_syscall_exit();
		gocc_chan_send(counts, &n);
	}
	gocc_wg_done(&working);
}

static void total(void *arg)
{
	long n, sum = 0;

	while (gocc_chan_recv(counts, &n))
		sum += n;
	*(long *)arg = sum;
	gocc_wg_done(&summed);
}

int main(void)
{
	long sum;

	jobs = gocc_chan_make(sizeof(long), 0);
	counts = gocc_chan_make(sizeof(long), 4);
	gocc_wg_add(&summed, 1);
	// INFO: <div id="info">G2
	// INFO-NEXT: created by main {{.*}}html.c:[[@LINE+1]] in G1
	gocc_go(total, &sum);
	gocc_wg_add(&working, WORKERS);
	for (int i = 0; i < WORKERS; i++)
		gocc_go(worker, NULL);
	for (long j = 0; j < JOBS; j++)
		gocc_chan_send(jobs, &j);
	gocc_chan_close(jobs);
	gocc_wg_wait(&working);
	gocc_chan_close(counts);
	gocc_wg_wait(&summed);
	printf("primes counted: %s\n", sum == primes(0, JOBS * SLICE) ? "ok" : "WRONG");
	return 0;
}
