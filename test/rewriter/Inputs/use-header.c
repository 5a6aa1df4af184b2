#include "hdr/spawn.h"
int main(void) { hspawn(); return 0; }
