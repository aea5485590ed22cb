#!/usr/bin/env bash
# Network slimming targets, measured from a trained baseline run:
#   sparsity training (train --sr) -> prune PERCENT% of the channels (METHOD) -> fine-tune,
#   parameters, GFLOPs and CPU latency at batch 1 and 16 (baseline and pruned timed side by side in one run),
#   mAP50 and mAP50-95 of every stage on the val split, and the pruned architecture trained from scratch for the
#   same total epochs (baseline + sparsity + fine-tuning) as the control at equal FLOPs.
# SR_EPOCHS=0 skips sparsity training and prunes the baseline itself.
# Writes OUT/slimming_targets.csv (default OUT: bench/out) and prints each target with its verdict.
#
# usage: bench/slimming_targets.sh BASELINE_RUN DATA_YAML [OUT]
# settings from the environment, defaults in brackets:
#   SR [1e-4]  SR_EPOCHS [10]  FT_EPOCHS [10]  PERCENT [50]  METHOD [slimming]  ROUND_TO [1]  BATCH [16]
#   IMG [the baseline's img]  OPTIMIZER [the baseline's optimizer]  WORKERS [2]  DEVICE [cpu]
#   SR_LR0, FT_LR0, SCRATCH_LR0 [train's defaults: the optimizer's lr0, 0.1x of it when fine-tuning]
#   LATENCY_IMG [IMG]  LATENCY_RUNS [20]  SCRATCH_EPOCHS [baseline epochs + SR_EPOCHS + FT_EPOCHS]
#   TRAIN_ARGS [none: more train options for every training, e.g. "--cos-lr --warmup-epochs 1 --nbs 16"]
set -euo pipefail

if [ $# -lt 2 ]; then
  sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
base="$(realpath "$1")"
data="$(realpath "$2")"
out="$(realpath -m "${3:-$here/bench/out}")"
for f in "$base/model.yaml" "$base/args.yaml" "$data"; do
  [ -f "$f" ] || { echo "error: $f not found" >&2; exit 2; }
done

arg() { sed -n "s/^$1: *//p" "$base/args.yaml" | head -n 1 | tr -d "'\""; }
SR="${SR:-1e-4}"
SR_EPOCHS="${SR_EPOCHS:-10}"
FT_EPOCHS="${FT_EPOCHS:-10}"
PERCENT="${PERCENT:-50}"
METHOD="${METHOD:-slimming}"
ROUND_TO="${ROUND_TO:-1}"
IMG="${IMG:-$(arg img)}"
BATCH="${BATCH:-16}"
OPTIMIZER="${OPTIMIZER:-$(arg optimizer)}"
OPTIMIZER="${OPTIMIZER:-SGD}"
WORKERS="${WORKERS:-2}"
DEVICE="${DEVICE:-cpu}"
LATENCY_IMG="${LATENCY_IMG:-$IMG}"
LATENCY_RUNS="${LATENCY_RUNS:-20}"
base_epochs="$(arg epochs)"
SCRATCH_EPOCHS="${SCRATCH_EPOCHS:-$(( ${base_epochs:-0} + SR_EPOCHS + FT_EPOCHS ))}"

mkdir -p "$out"
log="$out/slimming_targets.log"
: > "$log"
slim() { (cd "$here" && ./slim "$@") | tee -a "$log" | tail -n 1; }
field() { python3 -c 'import json,sys; v=json.loads(sys.argv[1]).get(sys.argv[2]); print("" if v is None else v)' "$1" "$2"; }
train_common=(--data "$data" --img "$IMG" --batch "$BATCH" --optimizer "$OPTIMIZER" --workers "$WORKERS" --device "$DEVICE"
  --project "$out" --json)
read -r -a extra <<< "${TRAIN_ARGS:-}"
train_common+=("${extra[@]}")

echo "== baseline: $base"
base_val="$(slim val --weights "$base" --data "$data" --img "$IMG" --json)"

lr() { if [ -n "$1" ]; then echo --lr0 "$1"; fi; }
if [ "$SR_EPOCHS" -gt 0 ]; then
  echo "== sparsity training: --sr $SR for $SR_EPOCHS epochs"
  sparse_json="$(slim train --weights "$base" --sr "$SR" --epochs "$SR_EPOCHS" $(lr "${SR_LR0:-}") "${train_common[@]}" --name sparse)"
  sparse="$(field "$sparse_json" run)"
  sparse_val="$(slim val --weights "$sparse" --data "$data" --img "$IMG" --json)"
else
  echo "== no sparsity training: pruning the baseline"
  sparse="$base"
  sparse_val="$base_val"
fi

echo "== pruning $PERCENT% of the prunable channels ($METHOD)"
pruned="$out/pruned"
rm -rf "$pruned"
prune="$(slim prune --weights "$sparse" --method "$METHOD" --percent "$PERCENT" --round-to "$ROUND_TO" --img 640 --latency --latency-img "$LATENCY_IMG" \
  --latency-runs "$LATENCY_RUNS" --out "$pruned" --json)"
pruned_val="$(slim val --weights "$pruned" --data "$data" --img "$IMG" --json)"

echo "== fine-tuning for $FT_EPOCHS epochs"
tuned_json="$(slim train --weights "$pruned" --epochs "$FT_EPOCHS" $(lr "${FT_LR0:-}") "${train_common[@]}" --name finetuned)"
tuned="$(field "$tuned_json" run)"
tuned_val="$(slim val --weights "$tuned" --data "$data" --img "$IMG" --json)"

echo "== the pruned architecture from scratch for $SCRATCH_EPOCHS epochs"
scratch_json="$(slim train --cfg "$pruned/model.yaml" --epochs "$SCRATCH_EPOCHS" $(lr "${SCRATCH_LR0:-}") "${train_common[@]}" \
  --name scratch)"
scratch="$(field "$scratch_json" run)"
scratch_val="$(slim val --weights "$scratch" --data "$data" --img "$IMG" --json)"

csv="$out/slimming_targets.csv"
python3 - "$csv" "$base" "$sparse" "$pruned" "$tuned" "$scratch" "$prune" "$base_val" "$sparse_val" "$pruned_val" \
  "$tuned_val" "$scratch_val" <<'PY'
import csv, json, sys
path, base, sparse, pruned, tuned, scratch = sys.argv[1:7]
p = json.loads(sys.argv[7])
vals = [json.loads(v) for v in sys.argv[8:13]]
before = (p["parameters_before"], p["gflops_before"], p.get("latency_ms_b1_before"), p.get("latency_ms_b16_before"))
after = (p["parameters_after"], p["gflops_after"], p.get("latency_ms_b1_after"), p.get("latency_ms_b16_after"))
rows = [("baseline", base, before), ("sparse", sparse, before), ("pruned", pruned, after),
        ("finetuned", tuned, after), ("scratch", scratch, after)]
head = ["stage", "run", "parameters", "gflops_640", "latency_ms_b1", "latency_ms_b16", "map50", "map50_95"]
table = [[s, r, *fig, v["map50"], v["map50_95"]] for (s, r, fig), v in zip(rows, vals) if s != "sparse" or r != base]
with open(path, "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(head)
    w.writerows(table)
for row in [head] + table:
    print("  ".join(str(c) for c in row))
b, t, s = vals[0], vals[3], vals[4]
checks = [
    ("parameters <= 0.5x", after[0] / before[0], after[0] <= 0.5 * before[0]),
    ("GFLOPs <= 0.6x", after[1] / before[1], after[1] <= 0.6 * before[1]),
    ("latency batch 1 <= 0.7x", after[2] / before[2], after[2] <= 0.7 * before[2]),
    ("latency batch 16 <= 0.7x", after[3] / before[3], after[3] <= 0.7 * before[3]),
    ("mAP50 drop after fine-tuning <= 1.0 point", 100 * (b["map50"] - t["map50"]), b["map50"] - t["map50"] <= 0.01),
    ("fine-tuned mAP50 above scratch", 100 * (t["map50"] - s["map50"]), t["map50"] > s["map50"]),
]
for name, value, ok in checks:
    print(f"{'PASS' if ok else 'FAIL'}  {name}: {value:.3f}")
PY
echo "wrote $csv (commands' output in $log)"
