/*
 * select.c - select over channels (Go's selectgo).
 *
 * Cases are polled in a random order (a Fisher-Yates shuffle), so the case
 * that fires is uniform among the ready ones.  Channels are locked in
 * address order, each once however many cases name it, so two selects can
 * never lock the same pair the other way round.  Three passes: look for a
 * ready case; else queue a sudog on every channel and park; once woken,
 * take the sudogs off the channels that did not fire.  Wakers race for the
 * select with a CAS on g->selectdone (waitq_pop), so exactly one case wins.
 */
#include "chan.h"

#include <stdlib.h>

enum {
	SELECT_MAXCASES = 1 << 16,  /* as Go: case indices are uint16 */
	SELECT_STACKCASES = 16,     /* larger selects allocate their scratch */
};

struct sel {
	gocc_select_case *cases;
	uint16_t *pollorder;        /* cases with a channel, random order */
	uint16_t *lockorder;        /* the same, by channel address */
	sudog *sgs;                 /* one per case, by case index */
	int n;                      /* cases with a channel */
};

/* The queue a case waits on. */
static waitq *caseq(gocc_select_case *cas)
{
	return cas->dir == GOCC_RECV ? &cas->chan->recvq : &cas->chan->sendq;
}

static gocc_chan *lockchan(struct sel *s, int i)
{
	return s->cases[s->lockorder[i]].chan;
}

/* Heap sort of lockorder by channel address (no quadratic worst case). */
static void sortlockorder(struct sel *s)
{
	int n = s->n;

	for (int i = 0; i < n; i++) {
		int j = i;
		gocc_chan *c = s->cases[s->pollorder[i]].chan;
		while (j > 0 && lockchan(s, (j - 1) / 2) < c) {
			int k = (j - 1) / 2;
			s->lockorder[j] = s->lockorder[k];
			j = k;
		}
		s->lockorder[j] = s->pollorder[i];
	}
	for (int i = n - 1; i >= 0; i--) {
		uint16_t o = s->lockorder[i];
		gocc_chan *c = s->cases[o].chan;
		int j = 0;
		s->lockorder[i] = s->lockorder[0];
		for (;;) {
			int k = j * 2 + 1;
			if (k >= i)
				break;
			if (k + 1 < i && lockchan(s, k) < lockchan(s, k + 1))
				k++;
			if (c >= lockchan(s, k))
				break;
			s->lockorder[j] = s->lockorder[k];
			j = k;
		}
		s->lockorder[j] = o;
	}
}

static void sellock(struct sel *s)
{
	gocc_chan *last = NULL;

	for (int i = 0; i < s->n; i++) {
		gocc_chan *c = lockchan(s, i);
		if (c != last)
			chanlock(c);
		last = c;
	}
}

static void selunlock(struct sel *s)
{
	for (int i = s->n - 1; i >= 0; i--) {
		gocc_chan *c = lockchan(s, i);
		if (i > 0 && c == lockchan(s, i - 1))
			continue;
		chanunlock(c);
	}
}

/* Runs on g0.  Once the last channel is unlocked a waker may resume the
 * select, so s (on its stack) is not read after that. */
static bool selparkcommit(G *g, void *arg)
{
	struct sel *s = arg;
	gocc_chan *last = NULL;

	for (int i = 0; i < s->n; i++) {
		gocc_chan *c = lockchan(s, i);
		if (last && c != last)
			unlock(&last->lock);
		last = c;
	}
	unlock(&last->lock);
	return true;
}

/* Pass 1, all channels locked: fire the first ready case in poll order,
 * unlock, and return its index; -1 (still locked) if none is ready. */
static int pollready(struct sel *s)
{
	for (int i = 0; i < s->n; i++) {
		int k = s->pollorder[i];
		gocc_select_case *cas = &s->cases[k];
		gocc_chan *c = cas->chan;
		G *gp = NULL;
		sudog *sg;

		if (cas->dir == GOCC_RECV) {
			bool ok = true;
			if ((sg = waitq_pop(&c->sendq)) != NULL) {
				gp = chan_recvfrom(c, sg, cas->elem);
			} else if (c->qcount > 0) {
				chan_bufrecv(c, cas->elem);
			} else if (c->closed) {
				chan_zero(c, cas->elem);
				ok = false;
			} else {
				continue;
			}
			cas->ok = ok;
		} else {
			if (c->closed) {
				selunlock(s);
				fatal("send on closed channel");
			}
			if ((sg = waitq_pop(&c->recvq)) != NULL)
				gp = chan_sendto(c, sg, cas->elem);
			else if (c->qcount < c->dataqsiz)
				chan_bufsend(c, cas->elem);
			else
				continue;
		}
		selunlock(s);
		if (gp)
			goready(gp);
		return k;
	}
	return -1;
}

/* Passes 2 and 3: wait on every channel, then withdraw from the losers. */
static int selpark(struct sel *s)
{
	G *gp = getg();
	gocc_chan *last = NULL;

	gp->param = NULL;
	for (int i = 0; i < s->n; i++) {
		int k = s->lockorder[i];
		gocc_select_case *cas = &s->cases[k];
		sudog *sg = &s->sgs[k];
		*sg = (sudog){.g = gp, .elem = cas->elem, .isselect = true};
		waitq_push(caseq(cas), sg);
		if (cas->chan != last)
			san_release(cas->chan);
		last = cas->chan;
	}
	gopark(selparkcommit, s, WAIT_SELECT);

	sellock(s);
	atomic_store(&gp->selectdone, 0);
	sudog *won = gp->param;
	gp->param = NULL;
	for (int i = 0; i < s->n; i++) {
		int k = s->lockorder[i];
		gocc_select_case *cas = &s->cases[k];
		sudog *sg = &s->sgs[k];
		if (sg != won && waitq_contains(caseq(cas), sg))
			waitq_remove(caseq(cas), sg);
	}
	if (!won)
		throw("select: woken without a case");
	int casi = won - s->sgs;
	gocc_select_case *cas = &s->cases[casi];
	if (cas->dir == GOCC_RECV) {
		cas->ok = won->success;
	} else if (!won->success) {
		selunlock(s);
		fatal("send on closed channel");
	}
	selunlock(s);
	return casi;
}

static int selectgo(struct sel *s, bool nonblock)
{
	int n = 0;

	for (int i = 0; i < s->n; i++) {
		gocc_select_case *cas = &s->cases[i];
		if (!cas->chan)
			continue;
		if (cas->dir != GOCC_SEND && cas->dir != GOCC_RECV)
			fatal("select: case %d has direction %d, not GOCC_SEND or GOCC_RECV",
			      i, cas->dir);
		uint32_t j = fastrandn(n + 1);
		s->pollorder[n] = s->pollorder[j];
		s->pollorder[j] = i;
		n++;
	}
	s->n = n;
	if (n == 0) {
		if (nonblock)
			return -1;
		gopark(NULL, NULL, WAIT_SELECT_NOCASES);
		throw("unreachable");
	}
	sortlockorder(s);

	sellock(s);
	int casi = pollready(s);
	if (casi >= 0)
		return casi;
	if (nonblock) {
		selunlock(s);
		return -1;
	}
	return selpark(s);
}

int gocc_select(gocc_select_case *cases, int n, bool nonblock)
{
	uint16_t order[2 * SELECT_STACKCASES];
	sudog sgs[SELECT_STACKCASES];
	struct sel s = {cases, order, order + SELECT_STACKCASES, sgs, n};
	void *mem = NULL;

	if (n < 0 || n > SELECT_MAXCASES)
		fatal("select: %d cases (at most %d)", n, SELECT_MAXCASES);
	if (n > SELECT_STACKCASES) {
		mem = malloc(n * (sizeof(sudog) + 2 * sizeof(uint16_t)));
		if (!mem)
			fatal("select: out of memory for %d cases", n);
		s.sgs = mem;
		s.pollorder = (uint16_t *)(s.sgs + n);
		s.lockorder = s.pollorder + n;
	}
	int casi = selectgo(&s, nonblock);
	free(mem);
	return casi;
}
