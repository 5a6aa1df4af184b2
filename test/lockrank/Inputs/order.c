/*
 * Takes runtime locks in the order argv[1] names, linked against libgocc
 * built with -DGOCC_LOCKRANK (lockrank.test): "good" takes the arcs the
 * runtime uses and prints "good"; the others take a lock out of order and
 * must die naming both locks.
 */
#include "chan.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";
	gocc_chan *a = gocc_chan_make(0, 0), *b = gocc_chan_make(0, 0);
	rlock leaf = {0};

	if (b < a) {
		gocc_chan *t = a;
		a = b;
		b = t;
	}
	gocc_goid();            /* the runtime and its Ps exist from here */
	if (strcmp(what, "good") == 0) {
		lock(&initlock);
		lock(&sched.lock);
		unlock(&sched.lock);
		unlock(&initlock);
		/* A select's channels, then a parking G's handoff. */
		chanlock(a);
		chanlock(b);
		stackfree(NULL, stackalloc(NULL));
		chanunlock(a);
		chanunlock(b);
		lock(&allp[0]->timerslock);
		unlock(&allp[0]->timerslock);
		lock(&leaf);
		unlock(&leaf);
		wakep();
		puts("good");
	} else if (strcmp(what, "sched-chan") == 0) {
		lock(&sched.lock);
		chanlock(a);
	} else if (strcmp(what, "ready-under-chan") == 0) {
		chanlock(a);
		wakep();        /* as goready does */
	} else if (strcmp(what, "select-order") == 0) {
		chanlock(b);
		chanlock(a);
	} else if (strcmp(what, "timers-stack") == 0) {
		lock(&stacklock);
		lock(&allp[0]->timerslock);
	} else if (strcmp(what, "under-leaf") == 0) {
		lock(&leaf);
		lock(&sched.gfreelock);
	} else if (strcmp(what, "unlock-unheld") == 0) {
		unlock(&sched.lock);
	}
	return 0;
}
