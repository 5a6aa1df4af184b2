# bench/compile/common.sh - sourced by the compile benchmarks: the program
# both compile, the interleaved repetitions and the median.

# csmith_big FILE: the large csmith program (the same for every run), made
# in FILE's folder, where csmith leaves its platform.info.
csmith_big() {
	(cd "$(dirname "$1")" && csmith --seed 7 --max-funcs 120 --max-block-depth 5) >"$1"
}

# cputime CMD FILE: run the shell command CMD; append its CPU time (user +
# system, all its processes) to FILE.  Uses $work for the time's output.
cputime() {
	/usr/bin/time -f "%U %S" -o "$work/t" sh -c "$1" >/dev/null 2>&1
	awk '{ print $1 + $2 }' "$work/t" >>"$2"
}

# interleave REPS WHAT A B: the caller's `run WHAT A` and `run WHAT B`, REPS
# times, the order alternating so that both see the same machine.
interleave() {
	i=0
	while [ $i -lt "$1" ]; do
		if [ $((i % 2)) -eq 0 ]; then
			run "$2" "$3"; run "$2" "$4"
		else
			run "$2" "$4"; run "$2" "$3"
		fi
		i=$((i + 1))
	done
}

# median FILE: the median of FILE's numbers, one a line.
median() {
	sort -n "$1" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
