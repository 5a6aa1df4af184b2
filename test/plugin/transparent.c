// A translation unit without go statements compiles to the same assembly
// with and without the plugin, also where go is an ordinary identifier;
// the plugin only defines __GOCC__.
// RUN: gcc -O2 -S %s -o %t.plain.s
// RUN: gcc -O2 -S -fplugin=%plugin %s -o %t.plugin.s
// RUN: grep -v '\.ident' %t.plain.s > %t.plain
// RUN: grep -v '\.ident' %t.plugin.s > %t.plugin
// RUN: diff %t.plain %t.plugin
// RUN: gcc -fplugin=%plugin -E -dM %s | FileCheck %s --check-prefix=MACRO
// MACRO: #define __GOCC__ 1
#include <stdio.h>

struct go { int go; };
typedef int (*go_fn)(int);

static int go(int x) { return x * 3; }

int main(int argc, char **argv)
{
    struct go g = { go(argc) };
    go_fn f = go;
    int r = g.go + f(2);
    if (r > 100)
        goto go;
    printf("%d\n", r);
go:
    return 0;
}
