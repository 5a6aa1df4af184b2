/*
 * hooks_syscall.c - libc's calls that cannot park run in the syscall
 * state (syscall.c): the thread blocks, but its P goes on to other
 * goroutines when the call lasts, or at once for a call known to block
 * (see hooks.c for when the hooks act).
 */
#include "runtime.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <pthread.h>
#include <stdarg.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* These are weak: where a static link also pulls libc's own definition,
 * libc's wins and the call simply blocks its thread, as it would anyway. */
#define SYSHOOK HOOK __attribute__((weak))

/* expr in the syscall state; enter is entersyscall, or entersyscallblock
 * for a call known to block. */
#define INSYSCALL(enter, type, expr) ({ \
	bool in = hooking(); \
	if (in) \
		enter(); \
	type r_ = (expr); \
	if (in) \
		exitsyscall(); \
	r_; })

SYSHOOK int fsync(int fd)
{
	return INSYSCALL(entersyscall, int, (int)syscall(SYS_fsync, fd));
}

SYSHOOK int fdatasync(int fd)
{
	return INSYSCALL(entersyscall, int, (int)syscall(SYS_fdatasync, fd));
}

SYSHOOK pid_t wait4(pid_t pid, int *status, int options, struct rusage *ru)
{
	if (options & WNOHANG)
		return (pid_t)syscall(SYS_wait4, pid, status, options, ru);
	return INSYSCALL(entersyscallblock, pid_t, (pid_t)syscall(SYS_wait4, pid, status, options, ru));
}

SYSHOOK pid_t waitpid(pid_t pid, int *status, int options)
{
	return wait4(pid, status, options, NULL);
}

SYSHOOK pid_t wait(int *status)
{
	return wait4(-1, status, 0, NULL);
}

/* open's third argument, there only with O_CREAT or O_TMPFILE. */
#define MODEARG(flags) ({ \
	mode_t mode_ = 0; \
	if ((flags) & (O_CREAT | __O_TMPFILE)) { \
		va_list ap; \
		va_start(ap, flags); \
		mode_ = va_arg(ap, mode_t); \
		va_end(ap); \
	} \
	mode_; })

/* open may wait for a FIFO's other end, or for a slow file system. */
SYSHOOK int openat(int dir, const char *path, int flags, ...)
{
	mode_t mode = MODEARG(flags);
	int fd = INSYSCALL(entersyscall, int, (int)syscall(SYS_openat, dir, path, flags, mode));
	if (fd >= 0)
		fdreset(fd, FD_UNKNOWN, false, false);
	return fd;
}

SYSHOOK int openat64(int dir, const char *path, int flags, ...)
	__attribute__((alias("openat")));

SYSHOOK int open(const char *path, int flags, ...)
{
	return openat(AT_FDCWD, path, flags, MODEARG(flags));
}

SYSHOOK int open64(const char *path, int flags, ...) __attribute__((alias("open")));

SYSHOOK int __open_2(const char *path, int flags)
{
	return openat(AT_FDCWD, path, flags);
}

SYSHOOK int __open64_2(const char *path, int flags) __attribute__((alias("__open_2")));

/* Functions that are more than a system call: libc's own, found past
 * ours. */
static void *next(const char *name)
{
	void *f = dlsym(RTLD_NEXT, name);
	if (!f)
		fatal("hooks: cannot find libc's %s", name);
	return f;
}

typedef int (*getaddrinfo_fn)(const char *, const char *, const struct addrinfo *,
			      struct addrinfo **);
typedef int (*getnameinfo_fn)(const struct sockaddr *, socklen_t, char *, socklen_t,
			      char *, socklen_t, int);

SYSHOOK int getaddrinfo(const char *node, const char *service, const struct addrinfo *hints,
			struct addrinfo **res)
{
	static getaddrinfo_fn real;
	/* Linking freeaddrinfo pulls libc's getaddrinfo into a static link,
	 * where dlsym finds nothing: there libc's wins over this weak one. */
	static void (*volatile keep)(struct addrinfo *) = freeaddrinfo;
	(void)keep;
	if (!real)
		real = (getaddrinfo_fn)next("getaddrinfo");
	return INSYSCALL(entersyscall, int, real(node, service, hints, res));
}

SYSHOOK int getnameinfo(const struct sockaddr *sa, socklen_t salen, char *host,
			socklen_t hostlen, char *serv, socklen_t servlen, int flags)
{
	static getnameinfo_fn real;
	static void (*volatile keep)(struct addrinfo *) = freeaddrinfo;
	(void)keep;
	if (!real)
		real = (getnameinfo_fn)next("getnameinfo");
	return INSYSCALL(entersyscall, int, real(sa, salen, host, hostlen, serv, servlen, flags));
}

/* A contended pthread mutex: wait for it in the syscall state. */
extern int __pthread_mutex_lock(pthread_mutex_t *) __attribute__((weak));

SYSHOOK int pthread_mutex_lock(pthread_mutex_t *mu)
{
	static int (*real)(pthread_mutex_t *);

	/* Past ours comes a sanitizer's, or libc's; a static link has no
	 * dlsym, but libc's own name. */
	if (!real)
		real = (int (*)(pthread_mutex_t *))dlsym(RTLD_NEXT, "pthread_mutex_lock");
	if (!real)
		real = __pthread_mutex_lock;
	if (!hooking())
		return real(mu);
	int r = pthread_mutex_trylock(mu);
	if (r != EBUSY)
		return r;
	return INSYSCALL(entersyscallblock, int, real(mu));
}
