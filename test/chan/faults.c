// Go's fatal errors: a send on a closed channel (also a sender blocked when
// the channel closes, and a select send case), close of a closed or NULL
// channel.  Each prints "gocc: fatal error: <what>" and exits with status 2.
// RUN: %cc %s -o %t %libgocc
// RUN: sh -c '%t send 2>&1; echo "exit status $?"' | FileCheck %s --check-prefix=SEND
// RUN: sh -c 'env GOCC_MAXPROCS=2 %t blocked 2>&1; echo "exit status $?"' | FileCheck %s --check-prefix=BLOCKED
// RUN: sh -c '%t select 2>&1; echo "exit status $?"' | FileCheck %s --check-prefix=SELECT
// RUN: sh -c '%t closeclosed 2>&1; echo "exit status $?"' | FileCheck %s --check-prefix=CLOSED
// RUN: sh -c '%t closenil 2>&1; echo "exit status $?"' | FileCheck %s --check-prefix=NIL
// SEND: gocc: fatal error: send on closed channel
// SEND-NOT: unreachable
// SEND: exit status 2
// BLOCKED: senders parked
// BLOCKED: gocc: fatal error: send on closed channel
// BLOCKED-NOT: unreachable
// BLOCKED: exit status 2
// SELECT: gocc: fatal error: send on closed channel
// SELECT: exit status 2
// CLOSED: gocc: fatal error: close of closed channel
// CLOSED: exit status 2
// NIL: gocc: fatal error: close of nil channel
// NIL: exit status 2
#include <gocc.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

static gocc_chan *c;
static _Atomic int parked;

static void sender(void *arg)
{
	long v = 1;
	atomic_fetch_add(&parked, 1);
	gocc_chan_send(c, &v);
	puts("unreachable: a send on a closed channel returned");
}

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";
	long v = 1;

	c = gocc_chan_make(sizeof(long), 1);
	if (!strcmp(what, "send")) {
		gocc_chan_close(c);
		gocc_chan_send(c, &v);
	} else if (!strcmp(what, "blocked")) {
		gocc_chan_send(c, &v);          /* full: the senders block */
		for (int i = 0; i < 10; i++)
			gocc_go(sender, NULL);
		while (atomic_load(&parked) < 10)
			gocc_yield();
		for (int i = 0; i < 100; i++)
			gocc_yield();
		printf("senders parked\n");
		fflush(stdout);
		gocc_chan_close(c);
		for (int i = 0; i < 1000000; i++)
			gocc_yield();
	} else if (!strcmp(what, "select")) {
		gocc_chan_close(c);
		gocc_select_case cases[] = {{c, GOCC_SEND, &v, false}};
		gocc_select(cases, 1, true);
	} else if (!strcmp(what, "closeclosed")) {
		gocc_chan_close(c);
		gocc_chan_close(c);
	} else if (!strcmp(what, "closenil")) {
		gocc_chan_close(NULL);
	}
	puts("unreachable: no fatal error");
	return 0;
}
