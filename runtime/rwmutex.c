/*
 * rwmutex.c - gocc_rwmutex, Go's sync.RWMutex.
 *
 * readercount counts readers in or waiting; a writer subtracts
 * RWMUTEX_MAXREADERS from it, so later readers see it negative and park
 * on readersem, and waits on writersem for the readerwait readers that
 * were already in.  The writer's mutex orders writers among themselves.
 */
#include "sync.h"

struct rwmutex {
	gocc_mutex w;
	sema writersem;
	sema readersem;
	_Atomic int32_t readercount;
	_Atomic int32_t readerwait;
};
PRIVATE_OF(gocc_rwmutex, struct rwmutex)

#define RWMUTEX_MAXREADERS (1 << 30)

void gocc_rwmutex_rlock(gocc_rwmutex *pub)
{
	struct rwmutex *rw = private_of(pub);

	if (atomic_fetch_add(&rw->readercount, 1) + 1 < 0)
		semacquire(&rw->readersem, false, WAIT_RWMUTEX_R);
	san_acquire(&rw->readersem);
}

void gocc_rwmutex_runlock(gocc_rwmutex *pub)
{
	struct rwmutex *rw = private_of(pub);

	san_release(&rw->writersem);
	int32_t r = atomic_fetch_sub(&rw->readercount, 1) - 1;
	if (r >= 0)
		return;
	if (r + 1 == 0 || r + 1 == -RWMUTEX_MAXREADERS)
		fatal("sync: RUnlock of unlocked RWMutex");
	/* A writer is waiting: the last reader it waits for wakes it. */
	if (atomic_fetch_sub(&rw->readerwait, 1) - 1 == 0)
		semrelease(&rw->writersem, false);
}

void gocc_rwmutex_lock(gocc_rwmutex *pub)
{
	struct rwmutex *rw = private_of(pub);

	gocc_mutex_lock(&rw->w);
	/* Announce the writer; r readers are still in. */
	int32_t r = atomic_fetch_sub(&rw->readercount, RWMUTEX_MAXREADERS);
	if (r != 0 && atomic_fetch_add(&rw->readerwait, r) + r != 0)
		semacquire(&rw->writersem, false, WAIT_RWMUTEX_W);
	san_acquire(&rw->readersem);
	san_acquire(&rw->writersem);
}

void gocc_rwmutex_unlock(gocc_rwmutex *pub)
{
	struct rwmutex *rw = private_of(pub);

	san_release(&rw->readersem);
	/* Let readers in again, and wake those that queued meanwhile. */
	int32_t r = atomic_fetch_add(&rw->readercount, RWMUTEX_MAXREADERS) + RWMUTEX_MAXREADERS;
	if (r >= RWMUTEX_MAXREADERS)
		fatal("sync: Unlock of unlocked RWMutex");
	for (int32_t i = 0; i < r; i++)
		semrelease(&rw->readersem, false);
	gocc_mutex_unlock(&rw->w);
}
