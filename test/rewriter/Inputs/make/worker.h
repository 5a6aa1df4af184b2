#include <gocc.h>
void worker(int id, gocc_chan *out);
