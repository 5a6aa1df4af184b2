#!/bin/sh
# make fuzz: nothing the plugin does may crash the compiler.  Each csmith
# program gets go statements at random statement positions of its
# functions, calling helpers that take the program's globals (scalars,
# pointers, arrays, structs, unions) and constants of other types, directly
# or through a function pointer; it is compiled with the plugin at a random
# -O level and run (GOCC_MAXPROCS=1, with a timeout).  Each helper adds its
# scalar arguments to a sum that the go site also adds to, synchronously;
# main joins the goroutines and the two sums must agree.
#
# FUZZ_N programs (default 200) from seed FUZZ_SEED (default 1).  Prints
# "N programs: N ok, N compiler crashes, N wrong, N timeouts"; failures are
# kept in <build>/plugin/fuzz/fail.  Exit 1 on a crash or a wrong result.
set -eu
build=$(cd "${1:-build}" && pwd)
n=${FUZZ_N:-200}
seed=${FUZZ_SEED:-1}
work=$build/plugin/fuzz
export FUZZ_PLUGIN=$build/plugin/gocc.so FUZZ_LIB=$build/runtime/libgocc.a
export FUZZ_INC=$(cd "$(dirname "$0")/../include" && pwd) FUZZ_WORK=$work
for f in "$FUZZ_PLUGIN" "$FUZZ_LIB"; do
	[ -f "$f" ] || { echo "fuzz: $f missing (build first)" >&2; exit 1; }
done
command -v csmith >/dev/null || { echo "fuzz: csmith missing (apt install csmith)" >&2; exit 1; }
rm -rf "$work"
mkdir -p "$work/fail"

# insert.py SEED < csmith.c > with-go.c
cat >"$work/insert.py" <<'EOF'
import random, re, sys
rng = random.Random(int(sys.argv[1]))
lines = sys.stdin.read().split('\n')
glob = re.compile(r'^static (.*?)\b(g_\d+)\b((?:\[\d+\])*) = ')
scalar = []     # globals whose value the helper can check: ints, pointers, arrays
other = []      # structs and unions: passed, not checked
first_fn = None
for i, l in enumerate(lines):
    m = glob.match(l)
    if m:
        agg = re.search(r'\b(struct|union)\b', m.group(1)) and '*' not in m.group(1) \
            and not m.group(3)
        (other if agg else scalar).append(m.group(2))
    if first_fn is None and re.match(r'^static .*\bfunc_\d+\(.*\)$', l):
        first_fn = i
consts = ['7', '-3L', '42ULL', "'c'", '(short)-9', '(_Bool)1', '(__int128)5',
          '2.5', '0.5f', '1.25L', '"str"', '(void *)0']
helpers, sites = [], []

def go_stmt(k):
    args = rng.sample(scalar, min(len(scalar), rng.randint(0, 4))) + \
        rng.sample(other, min(len(other), rng.randint(0, 2))) + \
        rng.sample(consts, rng.randint(0, 3))
    rng.shuffle(args)
    params = ', '.join('__typeof__(%s) a%d' % (a, j) for j, a in enumerate(args)) or 'void'
    check = [j for j, a in enumerate(args) if a not in other]
    body = ''.join(' __gocc_fz_add((uint64_t)(uintptr_t)a%d);' % j
                   if '"' in args[j] or 'void' in args[j] or args[j] in scalar
                   else ' __gocc_fz_add((uint64_t)a%d);' % j for j in check)
    helpers.append('static void __gocc_fz_%d(%s) {%s }' % (k, params, body))
    helpers.append('static void (*__gocc_fzp_%d)(%s) = __gocc_fz_%d;' % (k, params, k))
    expect = ''.join(' __gocc_fz_expect((uint64_t)(uintptr_t)(%s));' % args[j]
                     if '"' in args[j] or 'void' in args[j] or args[j] in scalar
                     else ' __gocc_fz_expect((uint64_t)(%s));' % args[j] for j in check)
    callee = rng.choice(['__gocc_fz_%d', '(*__gocc_fzp_%d)', '__gocc_fzp_%d']) % k
    return '{%s go %s(%s); }' % (expect, callee, ', '.join(args))

def code(l):
    return re.sub(r'/\*.*?\*/', '', l).strip()

out, depth, k = [], 0, 0
for i, l in enumerate(lines):
    c = code(l)
    if depth > 0 and first_fn is not None and i > first_fn and rng.random() < 0.25:
        prev = code(lines[i - 1])
        if prev.endswith((';', '{', '}')) and c and not c.startswith(('}', 'else')):
            out.append(go_stmt(k))
            k += 1
    if re.match(r'^\s*platform_main_end\(', l):
        out.append('    while (gocc_numgoroutine() > 1) gocc_yield();')
        out.append('    if (__gocc_fz_sum != __gocc_fz_want) { printf("gocc fuzz: sums differ\\n"); return 1; }')
    out.append(l)
    if first_fn is not None and i >= first_fn:
        depth += c.count('{') - c.count('}')
if first_fn is None:
    sys.exit(1)
pre = ['#include <gocc.h>',
       'static uint64_t __gocc_fz_sum, __gocc_fz_want;',
       'static void __gocc_fz_add(uint64_t v) { __atomic_fetch_add(&__gocc_fz_sum, v, __ATOMIC_RELAXED); }',
       'static void __gocc_fz_expect(uint64_t v) { __gocc_fz_want += v; }']
out[first_fn:first_fn] = helpers
print('\n'.join(pre + out))
EOF

# One program: prints "ok", "crash", "wrong", "timeout" or "skip".
one='
	s=$1; d=$FUZZ_WORK/$s; mkdir -p "$d"
	cd "$d" && csmith --seed "$s" --max-funcs 3 --max-block-depth 2 --max-block-size 4 >"$d/orig.c" 2>/dev/null ||
		{ echo skip; rm -rf "$d"; exit 0; }
	python3 "$FUZZ_WORK/insert.py" "$s" <"$d/orig.c" >"$d/go.c" ||
		{ echo skip; rm -rf "$d"; exit 0; }
	opt=$(echo "-O0 -O1 -O2 -O3 -Os" | cut -d" " -f$((s % 5 + 1)))
	timeout 120 gcc $opt -w -fplugin="$FUZZ_PLUGIN" -I "$FUZZ_INC" -I /usr/include/csmith \
		"$d/go.c" -o "$d/prog" "$FUZZ_LIB" -lpthread -lm >"$d/cc.log" 2>&1
	rc=$?
	if [ $rc -eq 124 ]; then echo timeout; rm -rf "$d"; exit 0; fi
	if [ $rc -ne 0 ]; then echo crash; echo "$opt" >"$d/opt"; mv "$d" "$FUZZ_WORK/fail/"; exit 0; fi
	GOCC_MAXPROCS=1 timeout 2 "$d/prog" >"$d/run.log" 2>&1
	rc=$?
	if [ $rc -eq 124 ]; then echo timeout; rm -rf "$d"; exit 0; fi
	if [ $rc -ne 0 ] || ! grep -q "^checksum" "$d/run.log"; then
		echo wrong; echo "$opt" >"$d/opt"; mv "$d" "$FUZZ_WORK/fail/"; exit 0
	fi
	echo ok; rm -rf "$d"'
seq "$seed" $((seed + n - 1)) |
	xargs -P "$(nproc)" -I{} sh -c "$one" sh {} >"$work/results"

count() { grep -c "^$1\$" "$work/results" || true; }
ok=$(count ok); crash=$(count crash); wrong=$(count wrong)
timeouts=$(count timeout); skip=$(count skip)
echo "$((ok + crash + wrong + timeouts)) programs: $ok ok, $crash compiler crashes, $wrong wrong, $timeouts timeouts ($skip skipped)"
[ "$crash" -eq 0 ] && [ "$wrong" -eq 0 ]
