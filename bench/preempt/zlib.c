/*
 * zlib: zlib's deflate (level 6, the default) of a 64 MiB buffer of
 * text-like data, words drawn from a small vocabulary by a fixed
 * generator: hashing, match search and Huffman coding, the inner loops of
 * a real library.  bench/preempt.sh compiles zlib's own sources (GCC's
 * copy) with this file, the same way.  A round deflates the next 4 MiB
 * (the last finishes the stream); the result is the compressed size and
 * the stream's Adler-32.
 */
#include "kernel.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "zlib.h"

enum { SIZE = 64 << 20, ROUNDS = 16 };

static const char *const words[] = {
	"the ", "goroutine ", "runs ", "on ", "its ", "own ", "thread ",
	"without ", "a ", "P, ", "and ", "safe ", "points ", "cost ",
	"little.\n", "channel ", "send ", "receive ", "select ", "mutex ",
	"sysmon ", "hands ", "off ", "when ", "work ", "waits; ", "gives ",
	"back ", "12345 ", "0x7f3a ", "(see ", "gocc.h) ",
};

/* Fill buf with words picked by an xorshift generator. */
static void fill(unsigned char *buf, size_t size)
{
	uint32_t x = 2463534242u;
	size_t n = 0;
	while (n < size) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		const char *w = words[x % (sizeof words / sizeof *words)];
		size_t len = strlen(w);
		if (len > size - n)
			len = size - n;
		memcpy(buf + n, w, len);
		n += len;
	}
}

static z_stream s;

void kernel_init(void)
{
	unsigned char *in = malloc(SIZE), *out;
	if (!in || deflateInit(&s, Z_DEFAULT_COMPRESSION) != Z_OK ||
	    !(out = malloc(deflateBound(&s, SIZE))))
		abort();
	fill(in, SIZE);
	s.next_in = in;
	s.next_out = out;
	s.avail_out = (uInt)deflateBound(&s, SIZE);
}

const char *kernel_round(int r)
{
	s.avail_in = SIZE / ROUNDS;
	if (r < ROUNDS - 1) {
		if (deflate(&s, Z_NO_FLUSH) != Z_OK || s.avail_in)
			abort();
		return NULL;
	}
	if (deflate(&s, Z_FINISH) != Z_STREAM_END || deflateEnd(&s) != Z_OK)
		abort();
	return kernel_result("%lu %08lx", s.total_out, s.adler);
}
