# gocc-gdb.py - gdb's commands for gocc's goroutines (Go's runtime-gdb.py):
#
#   info goroutines       each goroutine: * if it is on a thread, its id,
#                         its state, and where it is: its innermost frame
#                         in the program's own code, not libgocc's or a
#                         shared library's
#   goroutine N CMD       run gdb's CMD (bt, info locals, frame 3 ...) on
#                         goroutine N's stack; N may be `all`
#
# libgocc embeds this script in its .debug_gdb_scripts section, so gdb
# loads it with any program linked with libgocc once auto-load safe-path
# allows the program (`gdb -iex 'add-auto-load-safe-path /'`); `source` it
# otherwise.  It reads only the descriptor gocc_debug (runtime/debugger.c
# documents it) and memory: no DWARF for libgocc is needed.
#
# A goroutine that runs on a thread (its M's, or a thread of the program's
# own) is shown as that thread.  A switched-out one is unwound from the
# registers its context switch saved.  Go writes those into the thread's
# registers for the command and back; a core file's registers cannot be
# written, so a Python unwinder hands them to gdb as the callers' of the
# selected thread's frame 0 instead, which works on both and never
# writes to the process.  That frame 0 stays the thread's: `bt` hides it,
# so a switched-out goroutine's frames are numbered from 1.  The register
# names come from the descriptor, so nothing here is x86-64's: tested
# there, and AArch64's frame is described too, untried.

import itertools
import os
import struct

import gdb
import gdb.unwinder


class Runtime:
    """The program's gocc runtime, read through its descriptor."""

    VERSION = 1
    FIELDS = ("version size g1 g1bound slabs allm waitreasons frame srcfile"
              " nwaitreasons slab_next slab_used slab_gs"
              " g_size g_sp g_stklo g_goid g_status g_waitreason g_foreign"
              " g_tid g_gopc m_alllink m_curg m_tid"
              " gidle grunnable grunning gwaiting gdead gsyscall").split()
    LAYOUT = "<II7Q16I6B"

    def __init__(self):
        try:
            addr = int(gdb.parse_and_eval("(unsigned long)&gocc_debug"))
        except gdb.error:
            raise gdb.GdbError("no gocc runtime here (no symbol gocc_debug)")
        self.mem = gdb.selected_inferior()
        d = dict(zip(self.FIELDS, struct.unpack(
            self.LAYOUT, self.read(addr, struct.calcsize(self.LAYOUT)))))
        if d["version"] != self.VERSION:
            raise gdb.GdbError("gocc_debug is version %d; this script reads "
                               "version %d" % (d["version"], self.VERSION))
        self.__dict__.update(d)
        self.srcdir = os.path.dirname(self.string(self.srcfile)) + "/"
        self.reasons = [self.string(self.word(self.waitreasons + 8 * i))
                        for i in range(self.nwaitreasons)]
        sp, size, n = struct.unpack("<8sII", self.read(self.frame, 16))
        self.spreg, self.framesize = sp.rstrip(b"\0").decode(), size
        self.regs = []
        for i in range(n):
            name, off = struct.unpack("<8sI", self.read(self.frame + 16 + 12 * i, 12))
            self.regs.append((name.rstrip(b"\0").decode(), off))

    def read(self, addr, n):
        return self.mem.read_memory(addr, n).tobytes()

    def word(self, addr):
        return struct.unpack("<Q", self.read(addr, 8))[0]

    def string(self, addr):
        s = b""
        while b"\0" not in s:
            s += self.read(addr + len(s), 64)
        return s[:s.index(b"\0")].decode()

    def goroutines(self):
        """Every live G, as G objects: main first, then the slabs."""
        if self.read(self.g1bound, 1)[0]:
            yield G(self, self.g1)
        slab = self.word(self.slabs)
        while slab:
            used = self.word(slab + self.slab_used)
            for i in range(used):
                g = G(self, slab + self.slab_gs + i * self.g_size)
                if g.status not in (self.gidle, self.gdead):
                    yield g
            slab = self.word(slab + self.slab_next)

    def threads(self):
        """{G address: kernel tid} for the Gs that Ms run now."""
        on = {}
        m = self.word(self.allm)
        while m:
            curg = self.word(m + self.m_curg)
            if curg:
                on[curg] = struct.unpack("<i", self.read(m + self.m_tid, 4))[0]
            m = self.word(m + self.m_alllink)
        return on

    def find(self, goid):
        for g in self.goroutines():
            if g.goid == goid:
                return g
        raise gdb.GdbError("no goroutine %d" % goid)


class G:
    def __init__(self, rt, addr):
        self.rt, self.addr = rt, addr
        b = rt.read(addr, rt.g_size)
        field = lambda fmt, off: struct.unpack_from(fmt, b, off)[0]
        self.goid = field("<q", rt.g_goid)
        self.status = field("<B", rt.g_status)
        self.waitreason = field("<B", rt.g_waitreason)
        self.foreign = field("<B", rt.g_foreign)
        self.tid = field("<i", rt.g_tid)
        self.sp = field("<Q", rt.g_sp)
        self.stklo = field("<Q", rt.g_stklo)
        self.gopc = field("<Q", rt.g_gopc)

    def state(self):
        rt = self.rt
        s = {rt.grunnable: "runnable", rt.grunning: "running",
             rt.gsyscall: "syscall"}.get(self.status)
        if self.status == rt.gwaiting:
            s = rt.reasons[self.waitreason] if self.waitreason < len(rt.reasons) else "waiting"
        if s is None:
            s = "status %d" % self.status
        return s + (", thread" if self.foreign else "")

    def thread(self, running):
        """The gdb thread g runs on, or None if it is switched out."""
        tid = running.get(self.addr) or (self.tid if self.foreign else None)
        if not tid:
            return None
        for t in gdb.selected_inferior().threads():
            if t.ptid[1] == tid:
                return t
        raise gdb.GdbError("goroutine %d runs on thread %d, which gdb does not "
                           "show" % (self.goid, tid))

    def savedregs(self):
        """The registers of the code g resumes in, from its switch frame."""
        rt = self.rt
        regs = {name: rt.word(self.sp + off) for name, off in rt.regs}
        regs[rt.spreg] = self.sp + rt.framesize
        return regs


class FrameId:
    def __init__(self, sp, pc):
        self.sp, self.pc = sp, pc


class SwitchedOut(gdb.unwinder.Unwinder):
    """While g is set, the caller of the selected thread's frame 0 is the
    code that the switched-out goroutine g resumes in."""

    def __init__(self):
        super().__init__("gocc-goroutine")
        self.g = None

    def __call__(self, pending):
        if self.g is None or pending.level() != 0:
            return None
        # gdb ends a backtrace whose frames go down the stack: frame 0 must
        # seem to lie below the goroutine's frames, wherever the thread's
        # own stack is.
        info = pending.create_unwind_info(FrameId(
            gdb.Value(self.g.sp), pending.read_register("pc")))
        for name, value in self.g.savedregs().items():
            info.add_saved_register(name, gdb.Value(value).cast(
                pending.read_register(name).type))
        return info


class HideThreadFrame:
    """bt's frame filter, on while SwitchedOut is: frame 0 is the thread's."""

    def __init__(self):
        self.name, self.priority, self.enabled = "gocc-goroutine", 100, False

    def filter(self, frames):
        return itertools.islice(frames, 1, None)


unwinder = SwitchedOut()
gdb.unwinder.register_unwinder(None, unwinder, replace=True)
hideframe = HideThreadFrame()
gdb.frame_filters[hideframe.name] = hideframe


def ongoroutine(g, running, fn):
    """fn(first frame of g), with gdb's frames g's; fn(None) if g has not
    run yet."""
    t = g.thread(running)
    if t:
        was = gdb.selected_thread()
        t.switch()
        try:
            return fn(gdb.newest_frame())
        finally:
            was.switch()
    if not g.stklo:
        return fn(None)
    unwinder.g, hideframe.enabled = g, True
    gdb.invalidate_cached_frames()
    try:
        return fn(gdb.newest_frame().older())
    finally:
        unwinder.g, hideframe.enabled = None, False
        gdb.invalidate_cached_frames()


def located(frame_or_pc):
    """function at file:line, or what gdb knows of it."""
    if isinstance(frame_or_pc, gdb.Frame):
        name, sal = frame_or_pc.name(), frame_or_pc.find_sal()
        pc = frame_or_pc.pc()
    else:
        pc = frame_or_pc
        block, sal = gdb.block_for_pc(pc), gdb.find_pc_line(pc)
        name = block.function.name if block and block.function else None
    where = name or "0x%x" % pc
    if sal.symtab:
        where += " at %s:%d" % (sal.symtab.filename, sal.line)
    return where


def where(rt, g, frame):
    """Where g is: the innermost frame of the program's own code (in the
    executable, not a shared library; with source lines, outside libgocc's
    directory; not a gocc_ function), else the innermost."""
    if frame is None:
        return "not started, made by " + located(g.gopc - 1)
    first = frame
    while frame is not None:
        sal, name = frame.find_sal(), frame.name() or ""
        if (sal.symtab and not gdb.solib_name(frame.pc()) and
                not name.startswith("gocc_") and
                not os.path.normpath(sal.symtab.filename).startswith(rt.srcdir)):
            return located(frame)
        frame = frame.older()
    return located(first)


class InfoGoroutines(gdb.Command):
    """List the goroutines: * for one on a thread (its LWP shown),
its id, its state, and where it is: its innermost frame in the program's
own code (not libgocc's or a shared library's)."""

    def __init__(self):
        super().__init__("info goroutines", gdb.COMMAND_STACK, gdb.COMPLETE_NONE)

    def invoke(self, arg, from_tty):
        rt = Runtime()
        running = rt.threads()
        for g in rt.goroutines():
            t = g.thread(running)
            at = ongoroutine(g, running, lambda f: where(rt, g, f))
            print("%s %d [%s] %s%s" % ("*" if t else " ", g.goid, g.state(), at,
                                       " (LWP %d)" % t.ptid[1] if t else ""))


class Goroutine(gdb.Command):
    """goroutine N CMD: run gdb's CMD on goroutine N's stack (N: an id or
`all`).  A switched-out goroutine's frames start at 1: frame 0 is the
selected thread's."""

    def __init__(self):
        super().__init__("goroutine", gdb.COMMAND_STACK, gdb.COMPLETE_NONE)

    def invoke(self, arg, from_tty):
        args = arg.split(None, 1)
        if len(args) != 2:
            raise gdb.GdbError("usage: goroutine N|all CMD")
        rt = Runtime()
        running = rt.threads()
        gs = (list(rt.goroutines()) if args[0] == "all"
              else [rt.find(int(gdb.parse_and_eval(args[0])))])
        for g in gs:
            print("goroutine %d [%s]:" % (g.goid, g.state()))
            ongoroutine(g, running, lambda f: gdb.execute(args[1]) if f
                        else print(where(rt, g, None)))


InfoGoroutines()
Goroutine()
