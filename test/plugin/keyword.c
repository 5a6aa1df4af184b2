// -fplugin-arg-gocc-keyword=NAME picks another word; go is then an
// ordinary identifier.  An empty NAME turns the keyword off and leaves the
// API (and __GOCC__).  A NAME that is not an identifier, or an unknown
// option, is an error.
// RUN: gcc -O2 -fplugin=%plugin -fplugin-arg-gocc-keyword=spawn -I %include %s -o %t %libgocc && %t | FileCheck %s
// RUN: gcc -O2 -fplugin=%plugin -fplugin-arg-gocc-keyword= -I %include -DOFF %s -o %t.off %libgocc && %t.off | FileCheck %s --check-prefix=OFF
// RUN: not gcc -fplugin=%plugin -fplugin-arg-gocc-keyword=2go -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=BADNAME
// RUN: not gcc -fplugin=%plugin -fplugin-arg-gocc-keywrd=x -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=BADOPT
// BADNAME: error: gocc plugin: '-fplugin-arg-gocc-keyword=2go': not an identifier
// BADOPT: error: gocc plugin: unknown option '-fplugin-arg-gocc-keywrd'
#include <gocc.h>
#include <stdio.h>

static gocc_waitgroup wg;
static int seen;

static int go(int x) { return x * 2; }
static void work(int x) { seen = x; gocc_wg_done(&wg); }
static void done(void *wg) { gocc_wg_done(wg); }

int main(void)
{
    gocc_wg_add(&wg, 1);
#ifdef OFF
    gocc_go(done, &wg);
    seen = go (21);
#else
    spawn work(go (21));
#endif
    gocc_wg_wait(&wg);
    // CHECK: seen 42 __GOCC__ 1
    // OFF: seen 42 __GOCC__ 1
    printf("seen %d __GOCC__ %d\n", seen, __GOCC__);
    return 0;
}
