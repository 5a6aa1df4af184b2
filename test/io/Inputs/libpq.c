/*
 * libpq.c CONNINFO: 20 goroutines, each on its own connection, run
 * SELECT pg_sleep(0.2) through libpq's blocking PQexec, unchanged.
 *
 * The queries first take a shared advisory lock that main holds
 * exclusively until pg_stat_activity, read on a 21st connection, shows all
 * 20 waiting for it: so "in flight at once" is a count the server gives,
 * not a timing.  At one P that count reaches 20 only if PQexec's poll and
 * recv park their goroutine.  Should they block the thread instead, the
 * queries give up on the lock after 5 s (lock_timeout) and main after 10 s,
 * so the test fails instead of hanging.
 */
#include <gocc.h>
#include <libpq-fe.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { N = 20 };

static const char *conninfo;
static gocc_waitgroup connected, done;
static _Atomic int inflight, maxinflight, right;

static PGconn *dial(void)
{
	PGconn *c = PQconnectdb(conninfo);
	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "connect: %s", PQerrorMessage(c));
		exit(1);
	}
	return c;
}

/* Run sql on c; its one value, or NULL (and a message) if it failed. */
static char *query(PGconn *c, const char *sql, PGresult **res)
{
	*res = PQexec(c, sql);
	if (PQresultStatus(*res) != PGRES_TUPLES_OK || PQntuples(*res) != 1) {
		fprintf(stderr, "%s: %s", sql, PQerrorMessage(c));
		return NULL;
	}
	return PQgetvalue(*res, 0, 0);
}

static void sleeper(void)
{
	PGresult *res;
	PGconn *c = dial();

	PQclear(PQexec(c, "SET lock_timeout = '5s'"));
	/* Every query is sent only once all 20 are connected: backends start
	 * at the server's pace, and that is not what this test measures. */
	gocc_wg_done(&connected);
	gocc_wg_wait(&connected);

	int now = atomic_fetch_add(&inflight, 1) + 1;
	int seen = atomic_load(&maxinflight);
	while (now > seen && !atomic_compare_exchange_weak(&maxinflight, &seen, now))
		;
	if (query(c, "SELECT pg_sleep(0.2) FROM pg_advisory_xact_lock_shared(1)", &res))
		atomic_fetch_add(&right, 1);
	atomic_fetch_sub(&inflight, 1);
	PQclear(res);
	PQfinish(c);
	gocc_wg_done(&done);
}

int main(int argc, char **argv)
{
	PGresult *res;
	char *v;

	if (argc != 2) {
		fprintf(stderr, "usage: libpq CONNINFO\n");
		return 2;
	}
	conninfo = argv[1];
	PGconn *watch = dial();
	if (!query(watch, "SELECT pg_advisory_lock(1)", &res))
		return 1;
	PQclear(res);

	gocc_wg_add(&connected, N);
	gocc_wg_add(&done, N);
	for (int i = 0; i < N; i++)
		go sleeper();

	int waiting = 0;
	for (int64_t end = gocc_nanotime() + 10000000000; gocc_nanotime() < end;) {
		v = query(watch, "SELECT count(*) FROM pg_stat_activity "
				 "WHERE wait_event_type = 'Lock' AND query LIKE '%pg_sleep(0.2)%'",
			  &res);
		waiting = v ? atoi(v) : -1;
		PQclear(res);
		if (waiting == N || waiting < 0)
			break;
		gocc_sleep(10000000);
	}
	printf("server: queries waiting at once: %d\n", waiting);
	PQclear(PQexec(watch, "SELECT pg_advisory_unlock(1)"));

	gocc_wg_wait(&done);
	printf("client: most queries in flight at once: %d\n", atomic_load(&maxinflight));
	printf("%d queries: %d answered\n", N, atomic_load(&right));
	PQfinish(watch);
	return 0;
}
