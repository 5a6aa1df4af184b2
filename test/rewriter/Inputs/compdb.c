#include "work.h"
void m(void) { go work(ARG); }
