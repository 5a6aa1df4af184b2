// The generated code adds no warnings: -Wall -Wextra -Wpadded and more
// stay silent on go statements (the labels, blocks and trampolines are
// the plugin's).  gocc.h is not the subject here: it is a system header.
// RUN: gcc -O2 -fplugin=%plugin -isystem %include -Wall -Wextra -Wpadded -Wshadow -Wunused -Wmissing-prototypes -Wstrict-prototypes -Wcast-align -Wpedantic -Wredundant-decls -Wnested-externs -Werror -c %s -o %t.o
#include <gocc.h>

struct odd { double d; char c[8]; };  // no padding of its own
void work(struct odd o, char c, short s);
void work(struct odd o, char c, short s) { (void)o; (void)c; (void)s; }

void spawn(struct odd o);
void spawn(struct odd o)
{
    go work(o, 'x', 3);
    for (int i = 0; i < 2; i++)
        go work(o, (char)i, (short)i);
}
