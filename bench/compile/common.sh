# bench/compile/common.sh - sourced by the compile benchmarks (the programs
# they compile), by bench/io.sh and bench/preempt.sh: the inputs, the
# interleaved repetitions and the median.

# csmith_big FILE: the large csmith program (the same for every run), made
# in FILE's folder, where csmith leaves its platform.info.
csmith_big() {
	(cd "$(dirname "$1")" && csmith --seed 7 --max-funcs 120 --max-block-depth 5) >"$1"
}

# zlib_sources DIR: zlib's headers and the sources of deflate (adler32.c,
# crc32.c, deflate.c, trees.c, zutil.c) in DIR, from the copy of zlib in
# GCC's source package (gcc-12-source); extracted once.
zlib_sources() {
	[ -s "$1/zutil.c" ] && return
	rm -rf "$1.tmp" && mkdir -p "$1.tmp" &&
	tar -xf "$(ls /usr/src/gcc-12/gcc-12*.tar.* | head -n 1)" -C "$1.tmp" \
		--strip-components=2 --wildcards --no-wildcards-match-slash \
		'*/zlib/*.h' '*/zlib/adler32.c' '*/zlib/crc32.c' \
		'*/zlib/deflate.c' '*/zlib/trees.c' '*/zlib/zutil.c' &&
	rm -rf "$1" && mv "$1.tmp" "$1"
}

# cputime CMD FILE: run the shell command CMD; append its CPU time (user +
# system, all its processes) to FILE.  Uses $work for the time's output.
cputime() {
	/usr/bin/time -f "%U %S" -o "$work/t" sh -c "$1" >/dev/null 2>&1
	awk '{ print $1 + $2 }' "$work/t" >>"$2"
}

# interleave REPS WHAT SIDE...: the caller's `run WHAT SIDE` for every
# SIDE, REPS times, the order rotating (A B C, B C A, C A B, ...; for two,
# alternating) so that all see the same machine and none always goes first.
# bench/io.sh uses it too.
interleave() {
	local reps=$1 what=$2 i=0 side first
	shift 2
	while [ $i -lt "$reps" ]; do
		for side in "$@"; do
			run "$what" "$side"
		done
		first=$1
		shift
		set -- "$@" "$first"
		i=$((i + 1))
	done
}

# median FILE: the median of FILE's numbers, one a line.
median() {
	sort -n "$1" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
