#!/bin/sh
# Renders that must not change while the code is reshaped: the example
# article (always) and the shared corpus articles (when ../shared/corpus or
# $BOYIN_CORPUS is there), each with the default preset, broadcast and
# podcast MP3, --date fixed.  For each render, the SHA-256 of the bulletin,
# of all segment files together, of the subtitles, chapters and manifest;
# and of the -w - stream (podcast WAV).
#   golden.sh BOYIN_BIN SOURCE_DIR check    compare with tests/data/golden.tsv
#   golden.sh BOYIN_BIN SOURCE_DIR record   write it (after a change meant
#                                           to change the output)
set -eu
bin=$1 src=$2 mode=${3:-check}
want=$src/tests/data/golden.tsv
corpus=${BOYIN_CORPUS:-$src/../shared/corpus}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

articles=$src/examples/zhenjiang-2022-11-18.txt
if [ -d "$corpus" ]; then
  for f in "$corpus"/news-*.txt; do [ -f "$f" ] && articles="$articles $f"; done
fi

sum() { sha256sum "$@" | cut -c1-16; }
segs() { cat "$@" | sha256sum | cut -c1-16; }

for a in $articles; do
  name=$(basename "$a" .txt)
  for cfg in default broadcast podcast-mp3 stream; do
    out=$tmp/$name-$cfg
    case $cfg in
      default) "$bin" -q --date 2024-05-01 -o "$out" "$a" ;;
      broadcast) "$bin" -q --date 2024-05-01 --preset broadcast -o "$out" "$a" ;;
      podcast-mp3) "$bin" -q --date 2024-05-01 --preset podcast --format mp3 -o "$out" "$a" ;;
      stream) "$bin" -q --date 2024-05-01 --preset podcast -w - "$a" > "$out.wav"
              printf '%s\t%s\t%s\t%s\n' "$name" "$cfg" stream "$(sum "$out.wav")"
              continue ;;
    esac
    for f in "$out"/bulletin.* "$out"/chapters.json "$out"/manifest.json; do
      printf '%s\t%s\t%s\t%s\n' "$name" "$cfg" "$(basename "$f")" "$(sum "$f")"
    done
    printf '%s\t%s\t%s\t%s\n' "$name" "$cfg" segments "$(segs "$out"/0*)"
  done
done > "$tmp/got.tsv"
# Two items, with the pause between items.
ex=$src/examples/zhenjiang-2022-11-18.txt
"$bin" -q --date 2024-05-01 --item-pause 1500 -o "$tmp/items" "$ex" "$ex"
for f in "$tmp/items"/bulletin.* "$tmp/items"/chapters.json "$tmp/items"/manifest.json; do
  printf '%s\t%s\t%s\t%s\n' two-items default "$(basename "$f")" "$(sum "$f")"
done >> "$tmp/got.tsv"

if [ "$mode" = record ]; then
  cp "$tmp/got.tsv" "$want"
  echo "golden: recorded $(wc -l < "$want") checksums in $want"
  exit 0
fi
# Only the articles present here are compared.
cut -f1 "$tmp/got.tsv" | sort -u | sed 's/.*/^&\t/' > "$tmp/names"
grep -f "$tmp/names" "$want" | sort > "$tmp/want.tsv" || true
sort "$tmp/got.tsv" > "$tmp/got.sorted"
if ! diff -u "$tmp/want.tsv" "$tmp/got.sorted"; then
  echo "golden: the renders changed (lines above: - expected, + got)." >&2
  echo "If the change is meant, record them: tests/golden.sh BIN SRC record" >&2
  exit 1
fi
echo "golden: $(wc -l < "$tmp/got.sorted") checksums match ($(wc -l < "$tmp/names") articles)"
