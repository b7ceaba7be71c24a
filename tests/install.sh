#!/bin/sh
# `cmake --install` into a temporary prefix; the installed boyin must find its
# voices in PREFIX/share/boyin.  A voice that exists only there proves it.
set -eu
build=$1
example=$2
prefix=$(mktemp -d /tmp/boyin-install-XXXXXX)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
test -x "$prefix/bin/boyin"
test -f "$prefix/share/boyin/voices/news.voice"
sed 's/^rate .*/rate 200/' "$prefix/share/boyin/voices/news.voice" > "$prefix/share/boyin/voices/installed-only.voice"
cd /
"$prefix/bin/boyin" -v installed-only --dry-run "$example" | grep -q '"voice":"installed-only"'
"$prefix/bin/boyin" -q -o "$prefix/out" "$example"
test -f "$prefix/out/manifest.json"
echo "installed boyin found its voices in $prefix/share/boyin"
