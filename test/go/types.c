// Every C type passes through a go statement intact: each goroutine
// formats what it received and main prints the results in order.  Empty
// structs (GNU C) make an argument block of no bytes.
// RUN: %cc-gocc %s -o %t.gcc %libgocc && %t.gcc | FileCheck %s
// RUN: %rewrite %s -o %t.rw.c -- -I %include && %clang %t.rw.c -o %t.clang %libgocc && %t.clang | FileCheck %s
#include <gocc.h>
#include <complex.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static gocc_waitgroup wg;
static char out[32][128];

#define SAY(i, ...) (snprintf(out[i], sizeof out[i], __VA_ARGS__), gocc_wg_done(&wg))

enum color { RED, GREEN = 7 };
typedef int v4si __attribute__((vector_size(16)));
typedef double v4df __attribute__((vector_size(32)));
union pun { float f; uint32_t u; };
struct pair { char c; double d; };
struct small { char c[3]; };
struct none {};

static void ints(signed char a, unsigned char b, short c, unsigned short d, int e,
		 unsigned f, long g, unsigned long long h, _Bool i, bool j)
{
	SAY(0, "%d %u %d %u %d %u %ld %llu %d %d", a, b, c, d, e, f, g, h, i, j);
}

static void wide(__int128 a, unsigned __int128 b)
{
	SAY(1, "%" PRIx64 "%016" PRIx64 " %" PRIu64, (uint64_t)(a >> 64), (uint64_t)a,
	    (uint64_t)(b >> 100));
}

static void floats(float a, double b, long double c, _Complex double d,
		   _Complex float e, _Complex long double f)
{
	SAY(2, "%g %g %Lg %g%+gi %g%+gi %Lg%+Lgi", a, b, c, creal(d), cimag(d),
	    crealf(e), cimagf(e), creall(f), cimagl(f));
}

static void vectors(v4si a, v4df b)
{
	SAY(3, "%d %d %g %g", a[0], a[3], b[0], b[3]);
}

static void misc(enum color c, const char *s, int *p, int (*fn)(int), union pun u,
		 struct pair pr, struct small sm, int arr[])
{
	SAY(4, "%d %s %d %d %08" PRIx32 " %c %g %.3s %d", c, s, *p, fn(20), u.u, pr.c,
	    pr.d, sm.c, arr[2]);
}

static int twice(int x) { return 2 * x; }

static int made;
static struct none mknone(void)
{
	made++;
	return (struct none){};
}

static void empty(struct none a, struct none b)
{
	SAY(5, "empty, arguments made first: %d", made);
}

static void empty_by_pointer(struct none a)
{
	SAY(6, "empty by pointer");
}

int main(void)
{
	gocc_wg_add(&wg, 7);
	go ints(-128, 255, -32768, 65535, INT32_MIN, UINT32_MAX, INT64_MIN,
		UINT64_MAX, 1, true);
	__int128 big = ((__int128)0x0123456789abcdefLL << 64) | 0xfedcba9876543210ULL;
	go wide(big, (unsigned __int128)1 << 127);
	go floats(1.5f, 1e300, 1.25L, 1.0 + 2.0 * I, 3.0f - 4.0f * I, 5.0L + 6.0L * I);
	v4si vi = {1, 2, 3, 4};
	v4df vd = {0.5, 1.5, 2.5, 3.5};
	go vectors(vi, vd);
	int x = 42, arr[3] = {7, 8, 9};
	union pun u = {.f = 1.0f};
	struct pair pr = {'q', 2.25};
	struct small sm = {{'a', 'b', 'c'}};
	go misc(GREEN, "str", &x, twice, u, pr, sm, arr);
	go empty(mknone(), mknone());
	void (*ep)(struct none) = empty_by_pointer;
	struct none none;
	go ep(none);
	gocc_wg_wait(&wg);
	for (int i = 0; i < 7; i++)
		puts(out[i]);
	return 0;
}
// CHECK: -128 255 -32768 65535 -2147483648 4294967295 -9223372036854775808 18446744073709551615 1 1
// CHECK-NEXT: 123456789abcdeffedcba9876543210 134217728
// CHECK-NEXT: 1.5 1e+300 1.25 1+2i 3-4i 5+6i
// CHECK-NEXT: 1 4 0.5 3.5
// CHECK-NEXT: 7 str 42 40 3f800000 q 2.25 abc 9
// CHECK-NEXT: empty, arguments made first: 2
// CHECK-NEXT: empty by pointer
