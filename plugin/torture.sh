#!/bin/sh
# make torture: the plugin must be invisible to code without go statements.
# Every file of GCC's own gcc.c-torture/execute suite (from Debian's
# gcc-12-source) is compiled at -O2 -S with and without the plugin and the
# assembly compared, .ident aside.  Prints "N identical, N differ"; files
# gcc itself rejects are skipped and counted apart.  Exit 1 if any differ.
# With --extract BUILD it only unpacks the suite (bench/compile/plugin.sh).
set -eu
extract_only=false
[ "${1:-}" = --extract ] && { extract_only=true; shift; }
build=$(cd "${1:-build}" && pwd)
plugin=$build/plugin/gocc.so
tarball=${GCC_SOURCE_TARBALL:-/usr/src/gcc-12/gcc-12.2.0-dfsg.tar.xz}
cache=$build/plugin/torture
src=$cache/execute

[ -f "$plugin" ] || { echo "torture: no plugin at $plugin" >&2; exit 1; }
if [ ! -d "$src" ]; then
	[ -f "$tarball" ] || { echo "torture: $tarball missing (apt install gcc-12-source)" >&2; exit 1; }
	mkdir -p "$cache"
	tar -xJf "$tarball" -C "$cache" --strip-components=4 --wildcards \
		'*/gcc/testsuite/gcc.c-torture/execute/*'
fi
$extract_only && exit 0

out=$cache/out
rm -rf "$out"
mkdir -p "$out"
# One line per file: "same", "differ" or "skip", and the file.
compare='
	f=$1; o=$2/$(echo "$f" | tr / _)
	gcc -O2 -S -w "$f" -o "$o.a.s" 2>/dev/null || { echo "skip $f"; exit 0; }
	gcc -O2 -S -w -fplugin="$3" "$f" -o "$o.b.s" 2>"$o.err" ||
		{ echo "differ $f"; exit 0; }
	grep -v "^[[:space:]]*\.ident" "$o.a.s" >"$o.a"
	grep -v "^[[:space:]]*\.ident" "$o.b.s" >"$o.b"
	if cmp -s "$o.a" "$o.b"; then echo "same $f"; rm -f "$o".*; else echo "differ $f"; fi'
cd "$src"
find . -name '*.c' | sort |
	xargs -P "$(nproc)" -I{} sh -c "$compare" sh {} "$out" "$plugin" >"$out/results"

same=$(grep -c '^same ' "$out/results" || true)
differ=$(grep -c '^differ ' "$out/results" || true)
skip=$(grep -c '^skip ' "$out/results" || true)
grep '^differ ' "$out/results" | sed 's/^differ /torture: differs: /' || true
echo "$same identical, $differ differ ($skip skipped: gcc rejects them without the plugin)"
[ "$differ" -eq 0 ]
