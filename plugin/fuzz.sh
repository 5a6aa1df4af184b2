#!/bin/sh
# make fuzz: nothing either front end does may crash the compiler, and the
# two must agree.  Each csmith program gets go statements at random
# statement positions of its functions, calling helpers that take the
# program's globals (scalars, pointers, arrays, structs, unions) and
# constants of other types, directly or through a function pointer; it is
# compiled at a random -O level with the plugin (gcc), and with
# gocc-rewrite then clang, and each is run (GOCC_MAXPROCS=1, with a
# timeout).  Each helper adds its scalar arguments to a sum that the go
# site also adds to, synchronously; main joins the goroutines and the two
# sums must agree.  The two programs' outputs (csmith's checksum) must be
# the same.
#
# FUZZ_N programs (default 200) from seed FUZZ_SEED (default 1), with
# csmith.h from FUZZ_CSMITH_INC (default /usr/include/csmith).  Prints,
# per front end, "plugin: N programs: N ok, N compiler crashes, N wrong,
# N timeouts", then "N outputs differ"; failures are kept in
# <build>/plugin/fuzz/fail.  Exit 1 on a crash, a wrong result or a
# difference.
set -eu
build=$(cd "${1:-build}" && pwd)
n=${FUZZ_N:-200}
seed=${FUZZ_SEED:-1}
work=$build/plugin/fuzz
export FUZZ_PLUGIN=$build/plugin/gocc.so FUZZ_LIB=$build/runtime/libgocc.a
export FUZZ_REWRITE=$build/rewriter/gocc-rewrite
export FUZZ_CSMITH_INC=${FUZZ_CSMITH_INC:-/usr/include/csmith}
export FUZZ_INC=$(cd "$(dirname "$0")/../include" && pwd) FUZZ_WORK=$work
for f in "$FUZZ_PLUGIN" "$FUZZ_LIB" "$FUZZ_REWRITE"; do
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

# One program: prints "FRONT RESULT" for plugin and rewriter, RESULT one of
# ok, crash, wrong, timeout, skip; then "differ" if both ran and their
# outputs differ.
one='
	s=$1; d=$FUZZ_WORK/$s; mkdir -p "$d"
	skip() { echo "plugin skip"; echo "rewriter skip"; rm -rf "$d"; exit 0; }
	cd "$d" && csmith --seed "$s" --max-funcs 3 --max-block-depth 2 --max-block-size 4 >"$d/orig.c" 2>/dev/null || skip
	python3 "$FUZZ_WORK/insert.py" "$s" <"$d/orig.c" >"$d/go.c" || skip
	opt=$(echo "-O0 -O1 -O2 -O3 -Os" | cut -d" " -f$((s % 5 + 1)))
	echo "$opt" >"$d/opt"
	inc="-I $FUZZ_INC -I $FUZZ_CSMITH_INC"
	# build FRONT: the compile command for $d/FRONT from $d/go.c
	build() {
		case $1 in
		plugin) timeout 120 gcc $opt -w -fplugin="$FUZZ_PLUGIN" $inc "$d/go.c" \
				-o "$d/plugin" "$FUZZ_LIB" -lpthread -lm ;;
		rewriter) timeout 120 "$FUZZ_REWRITE" "$d/go.c" -o "$d/rw.c" -- $inc &&
			timeout 120 clang-14 $opt -w $inc "$d/rw.c" -o "$d/rewriter" \
				"$FUZZ_LIB" -lpthread -lm ;;
		esac
	}
	bad=0; ran=0
	for f in plugin rewriter; do
		build $f >"$d/$f.cc.log" 2>&1
		rc=$?
		if [ $rc -eq 124 ]; then echo "$f timeout"; continue; fi
		if [ $rc -ne 0 ]; then echo "$f crash"; bad=1; continue; fi
		GOCC_MAXPROCS=1 timeout 2 "$d/$f" >"$d/$f.run.log" 2>&1
		rc=$?
		if [ $rc -eq 124 ]; then echo "$f timeout"; continue; fi
		if [ $rc -ne 0 ] || ! grep -q "^checksum" "$d/$f.run.log"; then
			echo "$f wrong"; bad=1; continue
		fi
		echo "$f ok"; ran=$((ran + 1))
	done
	if [ $ran -eq 2 ] && ! cmp -s "$d/plugin.run.log" "$d/rewriter.run.log"; then
		echo differ; bad=1
	fi
	if [ $bad -eq 1 ]; then mv "$d" "$FUZZ_WORK/fail/"; else rm -rf "$d"; fi'
seq "$seed" $((seed + n - 1)) |
	xargs -P "$(nproc)" -I{} sh -c "$one" sh {} >"$work/results"

count() { grep -c "^$1\$" "$work/results" || true; }
status=0
for f in plugin rewriter; do
	ok=$(count "$f ok"); crash=$(count "$f crash"); wrong=$(count "$f wrong")
	timeouts=$(count "$f timeout"); skip=$(count "$f skip")
	echo "$f: $((ok + crash + wrong + timeouts)) programs: $ok ok, $crash compiler crashes, $wrong wrong, $timeouts timeouts ($skip skipped)"
	[ "$crash" -eq 0 ] && [ "$wrong" -eq 0 ] || status=1
done
differ=$(count differ)
echo "$differ outputs differ"
[ "$differ" -eq 0 ] || status=1
exit $status
