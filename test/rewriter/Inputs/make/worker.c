#include "worker.h"

static void square(int id, gocc_chan *out)
{
	int v = id * id;
	gocc_chan_send(out, &v);
}

void worker(int id, gocc_chan *out)
{
	go square(id, out);
}
