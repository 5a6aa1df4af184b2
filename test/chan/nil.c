// A NULL channel never communicates: try operations fail, select cases on
// it never fire, len and cap are 0, and a blocking send or receive on it
// blocks forever (here: until the deadlock report).
// RUN: %cc %s -o %t %libgocc
// RUN: %t | FileCheck %s
// RUN: sh -c '%t send 2>&1; echo "exit status $?"' | FileCheck %s --check-prefix=SEND
// RUN: sh -c '%t recv 2>&1; echo "exit status $?"' | FileCheck %s --check-prefix=RECV
// RUN: sh -c '%t select 2>&1; echo "exit status $?"' | FileCheck %s --check-prefix=SELECT
// CHECK: trysend 0 tryrecv 0 len 0 cap 0
// CHECK: select with a NULL case: case 1 value 4
// SEND: gocc: fatal error: all goroutines are asleep - deadlock!
// SEND: goroutine 1 [chan send (nil chan)
// SEND: exit status 2
// RECV: gocc: fatal error: all goroutines are asleep - deadlock!
// RECV: goroutine 1 [chan receive (nil chan)
// RECV: exit status 2
// SELECT: gocc: fatal error: all goroutines are asleep - deadlock!
// SELECT: goroutine 1 [select (no cases)
// SELECT: exit status 2
#include <gocc.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";
	long v = 4, w = 0;

	if (!strcmp(what, "send"))
		gocc_chan_send(NULL, &v);
	else if (!strcmp(what, "recv"))
		gocc_chan_recv(NULL, &v);
	else if (!strcmp(what, "select"))
		gocc_select(NULL, 0, false);
	if (*what) {
		puts("unreachable: a NULL channel operation returned");
		return 0;
	}

	bool ok;
	printf("trysend %d tryrecv %d len %zu cap %zu\n", gocc_chan_trysend(NULL, &v),
	       gocc_chan_tryrecv(NULL, &v, &ok), gocc_chan_len(NULL), gocc_chan_cap(NULL));
	gocc_chan *c = gocc_chan_make(sizeof(long), 1);
	gocc_chan_send(c, &v);
	gocc_select_case cases[] = {{NULL, GOCC_RECV, &w, false}, {c, GOCC_RECV, &w, false},
				    {NULL, GOCC_SEND, &v, false}};
	int k = gocc_select(cases, 3, false);
	printf("select with a NULL case: case %d value %ld\n", k, w);
	return 0;
}
