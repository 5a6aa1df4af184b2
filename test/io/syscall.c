// Calls that cannot park run in a syscall state: at one P, when one lasts,
// sysmon hands the P to another thread and the other goroutines run;
// the caller gets its P back (or another) when the call returns.  Covered:
// gocc_syscall_enter/exit around a call gocc cannot see, waitpid, a
// contended pthread_mutex_lock, open on a FIFO, getaddrinfo, the dump's
// [syscall] state, and GOCC_MAXTHREADS.
// RUN: %cc-gocc %s -o %t %libgocc
// RUN: env GOCC_MAXPROCS=1 %t | FileCheck %s
// RUN: env GOCC_MAXPROCS=2 %t | FileCheck %s
// RUN: env GOCC_MAXPROCS=1 GOCC_MAXTHREADS=4 %expect-exit 2 %t threads 2> %t.err
// RUN: FileCheck %s --check-prefix=LIMIT < %t.err
// RUN: env GOCC_MAXPROCS=1 %expect-exit 2 timeout 20 %t deadlock 2> %t.dead
// RUN: FileCheck %s --check-prefix=DEAD < %t.dead
// CHECK: dump during the call: goroutine 1 [syscall
// CHECK: gocc_syscall_enter: others ran during the call: yes
// CHECK: waitpid: others ran during the call: yes, status 7
// CHECK: pthread_mutex_lock: others ran during the wait: yes
// CHECK: open of a FIFO: others ran during the wait: yes
// CHECK: getaddrinfo(localhost): 0
// LIMIT: gocc: fatal error: program exceeds 4-thread limit (GOCC_MAXTHREADS)
// The sysmon thread the first system call starts is no thread the
// program made: a deadlock after it is still one.
// DEAD: gocc: fatal error: all goroutines are asleep - deadlock!
#define _GNU_SOURCE
#include <gocc.h>
#include <fcntl.h>
#include <netdb.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static _Atomic int ticks;
static _Atomic bool stop;
static gocc_waitgroup wg, tickerwg;

/* Counts while it runs: proof that the P was free. */
static void ticker(void)
{
	while (!stop) {
		ticks++;
		gocc_yield();
	}
	gocc_wg_done(&tickerwg);
}

/* A raw system call, which no hook sees. */
static void rawsleep(int ms)
{
	struct timespec ts = {ms / 1000, ms % 1000 * 1000000L};
	syscall(SYS_nanosleep, &ts, NULL);
}

static void startticker(void)
{
	stop = false;
	gocc_wg_add(&tickerwg, 1);
	go ticker();
	gocc_yield();
}

static void stopticker(void)
{
	stop = true;
	gocc_wg_wait(&tickerwg);
}

static int tickssince(int t0)
{
	return ticks - t0;
}

static void dumper(void)
{
	char *buf;
	size_t len;
	FILE *f = open_memstream(&buf, &len);
	gocc_sleep(50000000);
	gocc_dump(f);
	fclose(f);
	printf("dump during the call: goroutine 1 %s\n",
	       strstr(buf, "goroutine 1 [syscall") ? "[syscall" : buf);
	free(buf);
	gocc_wg_done(&wg);
}

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static void *holder(void *arg)
{
	pthread_mutex_lock(&mu);
	*(_Atomic bool *)arg = true;
	rawsleep(300);
	pthread_mutex_unlock(&mu);
	return NULL;
}

static void *fifowriter(void *path)
{
	rawsleep(300);
	close(open(path, O_WRONLY));
	return NULL;
}

static void blocker(void)
{
	gocc_syscall_enter();
	rawsleep(10000);
	gocc_syscall_exit();
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "deadlock") == 0) {
		gocc_chan *c = gocc_chan_make(sizeof(int), 0);
		gocc_goid();    /* main is a goroutine: open enters the syscall state */
		close(open("/dev/null", O_RDONLY));
		gocc_chan_recv(c, NULL);
	}
	if (argc > 1) {
		/* Each goroutine in a long call holds a thread. */
		for (int i = 0; i < 8; i++)
			go blocker();
		gocc_sleep(5000000000LL);
		return 0;
	}

	startticker();
	gocc_wg_add(&wg, 1);
	go dumper();
	int t0 = ticks;
	gocc_syscall_enter();
	rawsleep(300);
	gocc_syscall_exit();
	printf("gocc_syscall_enter: others ran during the call: %s\n",
	       tickssince(t0) > 0 ? "yes" : "no");
	gocc_wg_wait(&wg);

	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		rawsleep(300);
		_exit(7);
	}
	int status = 0;
	t0 = ticks;
	waitpid(pid, &status, 0);
	printf("waitpid: others ran during the call: %s, status %d\n",
	       tickssince(t0) > 0 ? "yes" : "no", WEXITSTATUS(status));

	pthread_t t;
	_Atomic bool held = false;
	pthread_create(&t, NULL, holder, (void *)&held);
	while (!held)
		gocc_sleep(1000000);
	t0 = ticks;
	pthread_mutex_lock(&mu);
	printf("pthread_mutex_lock: others ran during the wait: %s\n",
	       tickssince(t0) > 0 ? "yes" : "no");
	pthread_mutex_unlock(&mu);
	pthread_join(t, NULL);

	char path[] = "/tmp/gocc-fifo-XXXXXX";
	close(mkstemp(path));
	unlink(path);
	mkfifo(path, 0600);
	pthread_create(&t, NULL, fifowriter, path);
	t0 = ticks;
	int fd = open(path, O_RDONLY);
	printf("open of a FIFO: others ran during the wait: %s\n",
	       fd >= 0 && tickssince(t0) > 0 ? "yes" : "no");
	close(fd);
	pthread_join(t, NULL);
	unlink(path);

	struct addrinfo *ai = NULL;
	int r = getaddrinfo("localhost", NULL, NULL, &ai);
	printf("getaddrinfo(localhost): %d\n", r);
	if (ai)
		freeaddrinfo(ai);
	stopticker();
	return 0;
}
