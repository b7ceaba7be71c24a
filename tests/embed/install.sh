#!/bin/sh
# The installed boyin from outside the tree: `cmake --install` into a
# temporary prefix P, then check what is there, that the installed boyin and
# two programs written only against P/include/boyin.h and
# `pkg-config --cflags --libs boyin` find the voices in P/share/boyin, and
# that on_audio delivers every frame `boyin -o` writes for the same input.
#
#   install.sh MODE BUILD SOURCE CC BUILD_TYPE [SANITIZE]
#
# MODE relocated: install BUILD with --prefix P (not its CMAKE_INSTALL_PREFIX).
# MODE configured: configure and build a copy of SOURCE with
#   -DCMAKE_INSTALL_PREFIX=P and install that, so the data folder libboyin has
#   compiled in is P's; the programs then find the data with no help.
# SANITIZE (e.g. address,undefined; none when absent): the external programs are
# compiled with -fsanitize=SANITIZE too, so the sanitizer runtime that
# libboyin needs comes first.
# In both modes the programs run from outside P and find the data beside
# libboyin.
set -eu
mode=$1 build=$2 src=$3 cc=$4 build_type=$5 sanitize=${6:-}
example=$src/examples/zhenjiang-2022-11-18.txt
date=2022-11-18
tmp=$(mktemp -d /tmp/boyin-embed-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
P=$tmp/prefix
fail() { echo "install.sh: $*" >&2; exit 1; }

case $mode in
relocated)
  cmake --install "$build" --prefix "$P" >/dev/null ;;
configured)
  cmake -S "$src" -B "$tmp/build" -DCMAKE_C_COMPILER="$cc" -DCMAKE_BUILD_TYPE="$build_type" \
    -DBOYIN_SANITIZE="$sanitize" -DBUILD_TESTING=OFF -DCMAKE_INSTALL_PREFIX="$P" >/dev/null
  cmake --build "$tmp/build" --target boyin -j"$(nproc)" >/dev/null
  cmake --install "$tmp/build" >/dev/null ;;
*) fail "MODE is relocated or configured, not $mode" ;;
esac

# What is installed where.
for f in bin/boyin lib/libboyin.so lib/libboyin.so.0 include/boyin.h lib/pkgconfig/boyin.pc \
         share/boyin/voices/news.voice share/boyin/voices/zh/pinyin-words.tsv share/boyin/voices/zh.bin; do
  test -e "$P/$f" || fail "$P/$f is not installed"
done
readelf -d "$P/bin/boyin" | grep -q 'R.*PATH.*\$ORIGIN/\.\./lib' || fail "bin/boyin has no \$ORIGIN/../lib RUNPATH"
readelf -d "$P/lib/libboyin.so" | grep -q 'SONAME.*libboyin\.so\.0' || fail "libboyin.so has no SONAME libboyin.so.0"
# boyin.h includes only the C library's headers.
incs=$(sed -n 's/^#include <\(.*\)>.*/\1/p' "$P/include/boyin.h" | sort | tr '\n' ' ')
[ "$incs" = "signal.h stddef.h stdint.h stdio.h " ] || fail "boyin.h includes $incs"
# libboyin exports exactly the functions boyin.h declares (libboyin.map).
declared=$(sed -n 's/^[a-z].*[ *]\(boyin_[a-z_]*\)(.*/\1/p' "$P/include/boyin.h" | sort | tr '\n' ' ')
exported=$(nm -D --defined-only "$P/lib/libboyin.so" | awk '$2 == "T" { sub(/@.*/, "", $3); print $3 }' | grep '^boyin_' | sort | tr '\n' ' ')
[ "$declared" = "$exported" ] || fail "boyin.h declares: $declared
libboyin exports: $exported"

# boyin.pc: -I and -lboyin alone, its paths inside P wherever P is.
export PKG_CONFIG_PATH="$P/lib/pkgconfig"
cflags=$(pkg-config --cflags boyin | sed 's/ *$//') libs=$(pkg-config --libs boyin | sed 's/ *$//')
inc=${cflags#-I} libdir=${libs%% *} libdir=${libdir#-L}
[ "$cflags" = "-I$inc" ] && [ "$libs" = "-L$libdir -lboyin" ] || fail "boyin.pc gives '$cflags' '$libs'"
[ "$(cd "$inc" && pwd -P)" = "$(cd "$P/include" && pwd -P)" ] || fail "boyin.pc: includedir $inc is not P/include"
[ "$(cd "$libdir" && pwd -P)" = "$(cd "$P/lib" && pwd -P)" ] || fail "boyin.pc: libdir $libdir is not P/lib"
datadir=$(pkg-config --variable=datadir boyin)
test -f "$datadir/voices/news.voice" || fail "boyin.pc: datadir $datadir has no voices"
echo "installed: bin/boyin, lib/libboyin.so.0, include/boyin.h, lib/pkgconfig/boyin.pc, share/boyin/voices in $P"

# A voice that exists only in the installed data: whoever reads with it found P/share/boyin.
sed 's/^rate .*/rate 200/' "$P/share/boyin/voices/news.voice" > "$P/share/boyin/voices/installed-only.voice"
voice=installed-only

# The installed CLI, run from elsewhere, finds libboyin (RUNPATH) and its data,
# and the compiled tables installed beside it are usable there (the install
# kept the times of the .tsv files they were compiled from) and give what
# the .tsv files give.
cd "$tmp"
"$P/bin/boyin" -v $voice --dry-run "$example" | grep -q "\"voice\":\"$voice\"" || fail "installed boyin did not find its voices"
BOYIN_COMPILED_DATA=require "$P/bin/boyin" --dry-run "$example" > "$tmp/plan-compiled.jsonl" ||
  fail "the installed share/boyin/voices/zh.bin is not usable"
BOYIN_COMPILED_DATA=off "$P/bin/boyin" --dry-run "$example" > "$tmp/plan-tsv.jsonl"
cmp -s "$tmp/plan-compiled.jsonl" "$tmp/plan-tsv.jsonl" || fail "the installed zh.bin gives another plan than the .tsv files"
"$P/bin/boyin" -q -v $voice --date $date -o "$tmp/cli" "$example"
test -f "$tmp/cli/manifest.json" || fail "boyin -o wrote no manifest.json"

# Two programs in a folder of their own, built with the installed header and
# boyin.pc only (the -rpath is because P/lib is not where the loader looks).
mkdir "$tmp/apps"
san=""
[ -z "$sanitize" ] || san="-fsanitize=$sanitize"
for app in onaudio outdir; do
  # shellcheck disable=SC2086
  "$cc" -std=c11 -Wall -Wextra -Werror $san "$src/tests/embed/$app.c" $(pkg-config --cflags --libs boyin) \
    -Wl,-rpath,"$P/lib" -o "$tmp/apps/$app"
done
unset BOYIN_DATA_DIR # found beside libboyin

# (a) on_audio: the example in pieces; every segment's frames are the samples
# of the segment `boyin -o` wrote, and so is the total.
# The date is a tag, for files only: with on_audio alone the session refuses
# it (and it changes no audio), so the program leaves it unset ("-").
"$tmp/apps/onaudio" "$example" - $voice > "$tmp/onaudio.txt" || fail "onaudio failed"
# (In the manifest a segment's "index" comes before its "samples"; skipped
# chunks have index 0 and no samples, the bulletin has samples and no index.)
grep -o '"index": *[0-9]*\|"samples": *[0-9]*' "$tmp/cli/manifest.json" | tr -d '" ' | awk -F: '
  $1 == "index" { i = $2 } $1 == "samples" && i > 0 { print "segment " i " " $2; i = 0 }' > "$tmp/manifest.txt"
grep '^segment ' "$tmp/onaudio.txt" > "$tmp/callback.txt" || true
total=$(sed -n 's/^total //p' "$tmp/onaudio.txt")
expected=$(awk '{ n += $3 } END { print n + 0 }' "$tmp/manifest.txt")
segs=$(wc -l < "$tmp/manifest.txt")
[ "$segs" -gt 0 ] || fail "no segments in the manifest"
if ! cmp -s "$tmp/manifest.txt" "$tmp/callback.txt" || [ "$total" != "$expected" ]; then
  diff "$tmp/manifest.txt" "$tmp/callback.txt" | head -20 >&2 || true
  fail "on_audio gave $total frames in $(wc -l < "$tmp/callback.txt") segments; boyin -o wrote $expected samples in $segs"
fi
echo "on_audio: $total frames in $segs segments, as boyin -o wrote"

# (b) output_dir: a folder with its manifest, read with the installed voice.
"$tmp/apps/outdir" "$tmp/out" $date $voice "镇江今天多云转晴。明天有小雨，出门请带伞。" || fail "outdir failed"
test -f "$tmp/out/manifest.json" || fail "output_dir: no manifest.json"
grep -q "\"voice\": *\"$voice\"" "$tmp/out/manifest.json" || fail "output_dir: the manifest is not in voice $voice"
test -f "$tmp/out/0001.wav" && test -f "$tmp/out/bulletin.wav" || fail "output_dir: no 0001.wav or bulletin.wav"
echo "output_dir: $(ls "$tmp/out" | wc -l) files with manifest.json"
