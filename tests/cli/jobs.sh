#!/bin/sh
# Synthesis in worker processes (--jobs):
#  1. the same bytes for every number of jobs (1, 2, 3, 8): an output
#     folder, a broadcast stream, an MP3, with Mandarin and English runs;
#  2. a worker that dies: exit 7, a message naming it, no final file;
#  3. SIGTERM and Ctrl-C (SIGINT to the process group): exit 143 / 130,
#     every worker gone (reaped, no zombie), no staging folder left.
#   jobs.sh BOYIN_BIN SOURCE_DIR
set -eu
bin=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

ex=$src/examples/zhenjiang-2022-11-18.txt
mixed=$tmp/mixed.txt
printf '苹果公司发布了iPhone 15，NASA宣布新的登月计划。\n\n世界卫生组织WHO表示，COVID-19疫情仍需关注。\n' > "$mixed"

# 1. byte-identical for every N
for n in 1 2 3 8; do
  "$bin" -q -j "$n" --date 2024-05-01 -o "$tmp/o$n" "$ex" "$mixed"
  "$bin" -q -j "$n" --date 2024-05-01 --preset broadcast -w - "$mixed" "$ex" > "$tmp/s$n.wav"
  "$bin" -q -j "$n" --date 2024-05-01 --preset podcast -w "$tmp/p$n.mp3" "$mixed"
done
for n in 2 3 8; do
  diff -r "$tmp/o1" "$tmp/o$n" >/dev/null || fail "-o with --jobs $n differs from --jobs 1"
  cmp -s "$tmp/s1.wav" "$tmp/s$n.wav" || fail "-w - with --jobs $n differs from --jobs 1"
  cmp -s "$tmp/p1.mp3" "$tmp/p$n.mp3" || fail "MP3 with --jobs $n differs from --jobs 1"
done
[ "$(ls "$tmp/o1" | grep -c '^0.*\.wav$')" -gt 40 ] || fail "too few segments in $tmp/o1"
echo "ok: the same bytes for --jobs 1, 2, 3 and 8"

long=$tmp/long.txt
for i in 1 2 3 4 5 6 7 8 9 10; do cat "$ex"; done > "$long"

# workers PID: the children of a running boyin (waits until they exist)
workers() {
  for i in $(seq 100); do
    w=$(pgrep -P "$1" || true)
    [ -n "$w" ] && { echo "$w"; return; }
    sleep 0.05
  done
}
# gone PIDS...: none of them is still a process (or a zombie)
gone() {
  for w in "$@"; do
    [ -z "$(ps -o stat= -p "$w" 2>/dev/null)" ] || fail "worker $w is still there ($(ps -o stat= -p "$w"))"
  done
}
staging_left() { ls -a "$1" 2>/dev/null | grep -q '^\.boyin-'; }

# 2. a worker that dies
"$bin" -q -j 2 -o "$tmp/dead" "$long" 2> "$tmp/dead.err" &
pid=$!
ws=$(workers "$pid")
sleep 0.5
kill -9 $(echo "$ws" | head -1)
rc=0; wait "$pid" || rc=$?
[ "$rc" -eq 7 ] || fail "a killed worker: exit $rc, want 7 ($(cat "$tmp/dead.err"))"
grep -q 'synthesis worker .* was killed by signal 9' "$tmp/dead.err" || fail "message: $(cat "$tmp/dead.err")"
[ "$(wc -l < "$tmp/dead.err")" -eq 1 ] || fail "more than one line: $(cat "$tmp/dead.err")"
[ ! -e "$tmp/dead/manifest.json" ] && [ ! -e "$tmp/dead/bulletin.wav" ] && [ ! -e "$tmp/dead/0001.wav" ] ||
  fail "a final file was left after a worker died"
staging_left "$tmp/dead" && fail "a staging folder was left after a worker died"
gone $ws
echo "ok: a dead worker: exit 7, one line, nothing written"

# 3. signals
for sig in TERM INT; do
  setsid "$bin" -q -j 3 -o "$tmp/sig$sig" "$long" 2> "$tmp/sig.err" &
  pid=$!
  ws=$(workers "$pid")
  sleep 0.5
  if [ $sig = INT ]; then env kill -s INT -- "-$pid"; want=130; else kill -TERM "$pid"; want=143; fi
  rc=0; wait "$pid" || rc=$?
  [ "$rc" -eq $want ] || fail "SIG$sig: exit $rc, want $want ($(cat "$tmp/sig.err"))"
  gone $ws
  staging_left "$tmp/sig$sig" && fail "SIG$sig left a staging folder"
  [ ! -e "$tmp/sig$sig/manifest.json" ] || fail "SIG$sig left a manifest"
  echo "ok: SIG$sig: exit $want, $(echo $ws | wc -w) workers gone, nothing left"
done
