#include <gocc.h>

extern gocc_waitgroup wg;
extern int seen[2];

static void work(int x) { seen[1] = x; gocc_wg_done(&wg); }

void other(void)
{
    go work(2);
}
