#!/bin/sh
# What a run that only prints needs at start, and that the compiled tables
# change nothing.
#   startup.sh BOYIN_BIN SOURCE_DIR
# 1. The plan (--dry-run), the plan with phonemes (-x) and the pinyin of the
#    example article and the shared corpus articles (when ../shared/corpus
#    or $BOYIN_CORPUS is there) are the same bytes with the compiled tables
#    (BOYIN_COMPILED_DATA=require: the build's voices/zh.bin must be used)
#    and with the .tsv files parsed (=off).
# 2. --pinyin and --dry-run on Simplified text load none of the libraries
#    boyin loads when first used (src/base/dynlib.h): not eSpeak-NG, OpenCC,
#    PortAudio, libsndfile, libsoxr or libebur128 (the dynamic linker's
#    LD_DEBUG=files lists every library a process loads); Traditional text
#    loads OpenCC and nothing else, -x eSpeak-NG.
set -eu
bin=$1 src=$2
corpus=${BOYIN_CORPUS:-$src/../shared/corpus}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "startup.sh: $*" >&2; exit 1; }

articles=$src/examples/zhenjiang-2022-11-18.txt
if [ -d "$corpus" ]; then
  for f in "$corpus"/*.txt; do [ -f "$f" ] && articles="$articles $f"; done
fi
n=0
for a in $articles; do
  for mode in "--dry-run" "--dry-run -x" "--pinyin"; do
    # shellcheck disable=SC2086
    BOYIN_COMPILED_DATA=require "$bin" $mode "$a" > "$tmp/compiled" || fail "$mode $a failed with the compiled tables"
    # shellcheck disable=SC2086
    BOYIN_COMPILED_DATA=off "$bin" $mode "$a" > "$tmp/tsv" || fail "$mode $a failed with the .tsv files"
    cmp -s "$tmp/compiled" "$tmp/tsv" || fail "$mode $a: another output with the compiled tables than with the .tsv files"
    [ -s "$tmp/tsv" ] || fail "$mode $a printed nothing"
    n=$((n + 1))
  done
done
echo "startup: $n outputs the same with the compiled tables and the .tsv files"

# loaded ARGS...: the libraries boyin loads after start for ARGS (LD_DEBUG).
loaded() {
  LD_DEBUG=files "$bin" "$@" 2>&1 >/dev/null | sed -n 's/.*file=\([^ ]*\).*dynamically loaded by.*/\1/p' | sort -u | tr '\n' ' '
}
later='espeak-ng|opencc|portaudio|sndfile|soxr|ebur128|asound|jack'
printf '今日镇江讯，省委书记在镇江调研。\n' > "$tmp/simplified.txt"
printf '這是繁體中文的新聞。\n' > "$tmp/traditional.txt"
for mode in --pinyin --dry-run; do
  got=$(loaded $mode "$tmp/simplified.txt")
  if echo "$got" | grep -Eq "$later"; then fail "$mode on Simplified text loaded: $got"; fi
done
got=$(loaded --pinyin "$tmp/traditional.txt")
echo "$got" | grep -q opencc || fail "--pinyin on Traditional text did not load OpenCC (loaded: $got)"
if echo "$got" | grep -Eq "espeak-ng|portaudio|sndfile"; then fail "--pinyin on Traditional text loaded: $got"; fi
got=$(loaded --dry-run -x "$tmp/simplified.txt")
echo "$got" | grep -q espeak-ng || fail "-x did not load eSpeak-NG (loaded: $got)"
echo "startup: --pinyin and --dry-run load no audio or speech library; Traditional text loads OpenCC, -x eSpeak-NG"
