void work(int);
#define G go
void f(void) { G work(1); }
