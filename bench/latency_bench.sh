#!/usr/bin/env bash
# Inference latency of a baseline against pruned models, batch 1 and 16 at 320 and 640 px, with the FLOPs
# ratio next to the measured speed-up (./slim bench; models run in alternation, median of --runs).
#
#   bench/latency_bench.sh                     yolov5n against itself pruned by 30 % and 50 % (L1, fresh weights)
#   bench/latency_bench.sh BASE_RUN RUN...     your runs: the first is the reference
#
# RUNS (default 10) and WARMUP (default 3) set the timed and untimed runs per model and size; PERCENTS
# (default "30 50") the pruning ratios of the default models. Writes bench/out/latency.csv.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
out="$repo/bench/out"
mkdir -p "$out"
models=()
if [ $# -eq 0 ]; then
  for p in ${PERCENTS:-30 50}; do
    [ -f "$out/runs/yolov5n-p$p/model.yaml" ] || "$repo/slim" prune --cfg yolov5n --percent "$p" --method l1 \
      --out "$out/runs/yolov5n-p$p" > /dev/null
  done
  models=(--cfg yolov5n)
  for p in ${PERCENTS:-30 50}; do models+=(--weights "$out/runs/yolov5n-p$p"); done
else
  for run in "$@"; do models+=(--weights "$run"); done
fi
echo "load: $(uptime)"
"$repo/slim" bench "${models[@]}" --img 320,640 --batch 1,16 --runs "${RUNS:-10}" --warmup "${WARMUP:-3}" --csv "$out/latency.csv"
