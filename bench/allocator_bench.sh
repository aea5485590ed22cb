#!/usr/bin/env bash
# jemalloc's page decay against training speed and memory: the same short YOLOv5n training (a 200-image
# FashionDet at 256 px, EPOCHS epochs, default 3) under each MALLOC_CONF in turn, the first one again at the end
# to show the machine's drift. Prints per-epoch seconds (the first epoch includes warm-up) and the peak resident
# memory; writes bench/out/allocator.csv. Needs Debian's dataset-fashion-mnist.
#   bench/allocator_bench.sh ["dirty_decay_ms:-1,muzzy_decay_ms:-1" "dirty_decay_ms:10000,muzzy_decay_ms:0" ...]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
out=bench/out/allocator
mkdir -p "$out"
[ -f "$out/data/data.yaml" ] || ./slim data fashion-det --out "$out/data" --train 200 --val 50 --img 256 >/dev/null 2>&1
if [ $# -eq 0 ]; then
  set -- "dirty_decay_ms:-1,muzzy_decay_ms:-1" "dirty_decay_ms:10000,muzzy_decay_ms:0" \
    "dirty_decay_ms:60000,muzzy_decay_ms:60000" "dirty_decay_ms:-1,muzzy_decay_ms:-1"
fi
csv=bench/out/allocator.csv
echo "malloc_conf,epoch_seconds,peak_rss_mib" > "$csv"
i=0
for conf in "$@"; do
  i=$((i + 1))
  name="run$i"
  rm -rf "$out/runs/$name"
  MALLOC_CONF="$conf" ./slim train --cfg yolov5n --data "$out/data/data.yaml" --img 256 --batch 16 --nbs 16 \
    --epochs "${EPOCHS:-3}" --optimizer AdamW --warmup-epochs 0 --hyp mosaic=0 --workers 1 --seed 0 \
    --project "$out/runs" --name "$name" > "$out/$name.log" 2>&1 &
  pid=$!
  peak=0
  while kill -0 "$pid" 2>/dev/null; do
    j=$(pgrep -f "org.slimlab.cli.Main train.*--name $name" | head -1 || true)
    r=$(awk '/VmRSS/{print $2}' "/proc/$j/status" 2>/dev/null || true)
    [ "${r:-0}" -gt "$peak" ] && peak=$r
    sleep 1
  done
  wait "$pid"
  secs=$(awk -F, 'NR > 1 {printf "%s%.1f", (NR > 2 ? " " : ""), $NF}' "$out/runs/$name/metrics.csv")
  printf '%-45s epochs %s s, peak RSS %d MiB\n' "$conf" "$secs" $((peak / 1024))
  echo "\"$conf\",$secs,$((peak / 1024))" >> "$csv"
done
