// GOCC_TRACE=FILE records the scheduler's events as Chrome's trace-event
// JSON: each goroutine's runs on a P with how each ended (a park with its
// reason, an exit, a system call that lost the P), its creation with the
// go statement symbolized, who readied it, its system calls, and the P
// idle.  At one P the order of everything is fixed.  A fatal error (here a
// deadlock) still writes the whole file, and a file that cannot be made
// stops the program.
// RUN: %cc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=1 GOCC_TRACE=%t.json %t | FileCheck %s --check-prefix=OUT
// RUN: %trace-events %t.json | FileCheck %s
// RUN: env GOCC_MAXPROCS=1 GOCC_TRACE=%t.dead.json %expect-exit 2 %t deadlock 2>/dev/null
// RUN: %trace-events %t.dead.json | FileCheck %s --check-prefix=DEAD
// RUN: env GOCC_TRACE=%t.missing/t.json %expect-exit 2 %t 2>&1 | FileCheck %s --check-prefix=BADPATH
//
// OUT: 42
//
// The P is idle from the start until main binds to it.
// CHECK-DAG: X idle idle
// CHECK-DAG: X goroutine G1 end=park goid=1 reason=chan receive
// CHECK-DAG: i unpark unpark G1 by=2 goid=1
// CHECK-DAG: X syscall syscall end=returned goid=2
// waitpid is known to block: its P is handed on at once.
// CHECK-DAG: X syscall syscall end=blocked goid=2
// CHECK-DAG: X goroutine G1 end=park goid=1 reason=sleep
// A timer readied main: the scheduler, not a goroutine.
// CHECK-DAG: i unpark unpark G1 by=0 goid=1
// CHECK-DAG: X goroutine G1 end=running goid=1
// CHECK-DAG: M - process_name name=gocc: events.c.tmp
// CHECK-DAG: M - thread_name name=P0
//
// DEAD-DAG: X goroutine G1 end=park goid=1 reason=sync.WaitGroup.Wait
// DEAD-DAG: M - thread_name name=P0
//
// BADPATH: gocc: fatal error: GOCC_TRACE={{.*}}.missing/t.json: No such file or directory
#include <gocc.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static gocc_chan *c;
static gocc_waitgroup done;

static void worker(void *arg)
{
	int v = 42;

	gocc_chan_send(c, &v);
	if (arg)
		gocc_chan_send(c, &v);  /* main never receives again */
	// A short call keeps its P; sysmon takes it only from a call that
	// lasts its tick (20 us) twice over, and no call of a hundred does.
	for (int i = 0; i < 100; i++) {
		gocc_syscall_enter();
		getppid();
		gocc_syscall_exit();
	}
	pid_t pid = fork();
	if (pid == 0)
		_exit(0);
	waitpid(pid, NULL, 0);
	gocc_wg_done(&done);
}

int main(int argc, char **argv)
{
	bool deadlock = argc > 1 && strcmp(argv[1], "deadlock") == 0;
	int v;

	c = gocc_chan_make(sizeof(int), 0);
	gocc_wg_add(&done, 1);
	// CHECK-DAG: i create create G2 created=main {{.*}}events.c:[[@LINE+5]] goid=2 parent=1
	// CHECK-DAG: X goroutine G2 created=main {{.*}}events.c:[[@LINE+4]] end=syscall goid=2
	// CHECK-DAG: X goroutine G2 created=main {{.*}}events.c:[[@LINE+3]] end=exit goid=2
	// The sending goroutine, made here, parked for ever.
	// DEAD-DAG: X goroutine G2 created=main {{.*}}events.c:[[@LINE+1]] end=park goid=2 reason=chan send
	gocc_go(worker, deadlock ? &v : NULL);
	gocc_chan_recv(c, &v);
	gocc_wg_wait(&done);
	gocc_sleep(1000000);
	printf("%d\n", v);
	return 0;
}
