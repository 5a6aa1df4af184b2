#!/bin/sh
# differential.sh PLUGIN INCLUDE LIBGOCC REWRITE OUT FILE...: each FILE is
# built with the plugin and with gocc-rewrite + clang; both must print the
# same output (sorted: goroutines interleave), or, when the build fails,
# the same first "error:" line.  Prints "same NAME" or "DIFFER NAME".
plugin=$1 inc=$2 lib=$3 rewrite=$4 out=$5
shift 5
mkdir -p "$out"
for f in "$@"; do
	n=$(basename "$f" .c)
	if gcc -O2 -fplugin="$plugin" -I "$inc" "$f" -o "$out/$n.gcc" "$lib" -lpthread -lm 2>"$out/$n.gcc.err"; then
		"$out/$n.gcc" | sort >"$out/$n.gcc.out"
	else
		grep -m1 'error:' "$out/$n.gcc.err" | sed 's/.*error: //' >"$out/$n.gcc.out"
	fi
	if "$rewrite" "$f" -o "$out/$n.rw.c" -- -I "$inc" 2>"$out/$n.rw.err" &&
	   clang-14 -O2 -I "$inc" "$out/$n.rw.c" -o "$out/$n.clang" "$lib" -lpthread -lm 2>>"$out/$n.rw.err"; then
		"$out/$n.clang" | sort >"$out/$n.rw.out"
	else
		grep -m1 'error:' "$out/$n.rw.err" | sed 's/.*error: //' >"$out/$n.rw.out"
	fi
	if cmp -s "$out/$n.gcc.out" "$out/$n.rw.out"; then echo "same $n"; else echo "DIFFER $n"; fi
done
