/*
 * waitq.c - FIFO queues of waiting goroutines (sudogs), the one wait
 * structure behind channels, select and the sync objects.  Each object
 * embeds its own queue and a lock, so there is no global table to search
 * (Go's sema.go hashes addresses into 251 treaps because Go objects cannot
 * hold runtime pointers; C objects can).
 */
#include "runtime.h"

void waitq_push(waitq *q, sudog *s)
{
	s->next = NULL;
	s->prev = q->last;
	if (q->last)
		q->last->next = s;
	else
		q->first = s;
	q->last = s;
}

void waitq_push_front(waitq *q, sudog *s)
{
	s->prev = NULL;
	s->next = q->first;
	if (q->first)
		q->first->prev = s;
	else
		q->last = s;
	q->first = s;
}

void waitq_remove(waitq *q, sudog *s)
{
	if (s->prev)
		s->prev->next = s->next;
	else
		q->first = s->next;
	if (s->next)
		s->next->prev = s->prev;
	else
		q->last = s->prev;
	s->next = s->prev = NULL;
}

/* The first waiter, skipping select sudogs whose select another case has
 * already won (Go's waitq.dequeue). */
sudog *waitq_pop(waitq *q)
{
	sudog *s;

	while ((s = q->first) != NULL) {
		waitq_remove(q, s);
		if (s->isselect) {
			uint32_t zero = 0;
			if (!atomic_compare_exchange_strong(&s->g->selectdone, &zero, 1))
				continue;
		}
		return s;
	}
	return NULL;
}
