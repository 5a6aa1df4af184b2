/*
 * env.c - the runtime's settings from the environment: the numbers of
 * GOCC_MAXPROCS and GOCC_MAXTHREADS, and GOCC_DEBUG, a comma-separated
 * list of name=value like Go's GODEBUG (Go's parsedebugvars).  A setting
 * the runtime does not know, or a value it cannot take, stops the program
 * with a message naming the variable and the item: a misspelt debug
 * setting that was silently ignored would leave its user looking at no
 * output and wondering why.
 */
#include "runtime.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct debugvars debug;

int32_t envnum(const char *name, int32_t dflt, int32_t max)
{
	const char *env = getenv(name);

	if (!env || !*env)
		return dflt;
	char *end;
	long n = strtol(env, &end, 10);
	if (*end || n < 1)
		fatal("%s=%s: want a positive number", name, env);
	return n > max ? max : (int32_t)n;
}

/* GOCC_DEBUG's names; a new setting adds its field and its line. */
static const struct {
	const char *name;
	int32_t *value;
	int32_t max;
	const char *want;
} debugvars[] = {
	{ "schedtrace", &debug.schedtrace, INT32_MAX, "a number of milliseconds (0: off)" },
	{ "scheddetail", &debug.scheddetail, 1, "0 or 1" },
	{ "preemptwarn", &debug.preemptwarn, 1, "0 or 1" },
};

/* Set the setting of item [s, s+len), "name=value". */
static void setdebugvar(const char *s, size_t len)
{
	const char *eq = memchr(s, '=', len);
	size_t namelen = eq ? (size_t)(eq - s) : len;

	for (size_t i = 0; i < sizeof debugvars / sizeof debugvars[0]; i++) {
		if (strlen(debugvars[i].name) != namelen ||
		    memcmp(debugvars[i].name, s, namelen) != 0)
			continue;
		const char *v = eq ? eq + 1 : NULL;
		char *end = NULL;
		long n = v && v < s + len ? strtol(v, &end, 10) : -1;
		if (!v || end != s + len || n < 0 || n > debugvars[i].max)
			fatal("GOCC_DEBUG: %.*s: want %s=%s", (int)len, s,
			      debugvars[i].name, debugvars[i].want);
		*debugvars[i].value = (int32_t)n;
		return;
	}
	char known[200];
	size_t k = 0;
	for (size_t i = 0; i < sizeof debugvars / sizeof debugvars[0]; i++)
		k += (size_t)snprintf(known + k, sizeof known - k, "%s%s",
				      k ? ", " : "", debugvars[i].name);
	fatal("GOCC_DEBUG: %.*s: unknown setting (known: %s)", (int)len, s, known);
}

void parsedebugvars(void)
{
	const char *env = getenv("GOCC_DEBUG");

	for (const char *s = env; s && *s; ) {
		size_t len = strcspn(s, ",");
		if (len > 0)
			setdebugvar(s, len);
		s += len + (s[len] == ',');
	}
}
