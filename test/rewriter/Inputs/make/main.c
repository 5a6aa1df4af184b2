#include <stdio.h>
#include "worker.h"

int main(void)
{
	gocc_chan *c = gocc_chan_make(sizeof(int), 0);
	int sum = 0, v;
	for (int i = 1; i <= 10; i++)
		go worker(i, c);
	for (int i = 0; i < 10; i++) {
		gocc_chan_recv(c, &v);
		sum += v;
	}
	printf("sum %d from %s\n", sum, __FILE__);
	return 0;
}
