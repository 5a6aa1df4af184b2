#!/bin/sh
# Run every lit test against the build in $1 and end with the line CI reads:
# "N passed, N failed".  LIT_ARGS: more lit options (a filter, -j).  A test
# that hangs fails after 600 s (none takes a tenth of that) instead of
# holding up the run.
build=$(cd "${1:-build}" && pwd)
top=$(cd "$(dirname "$0")/.." && pwd)
out=$(mktemp)
/usr/bin/python3 /usr/lib/llvm-14/build/utils/lit/lit.py -v --timeout 600 \
	--param build_dir="$build" ${LIT_ARGS:-} "$top/test" 2>&1 | tee "$out"
passed=$(sed -n 's/^ *\(Passed\|Expectedly Failed\) *: *\([0-9]*\).*/\2/p' "$out" | awk '{s+=$1} END {print s+0}')
failed=$(sed -n 's/^ *\(Failed\|Unexpectedly Passed\|Unresolved\|Timed Out\) *: *\([0-9]*\).*/\2/p' "$out" | awk '{s+=$1} END {print s+0}')
rm -f "$out"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
