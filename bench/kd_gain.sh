#!/usr/bin/env bash
# Distillation gain on FashionDet, through the command line only.
#   teacher: yolov5n, trained here or given as TEACHER=RUN (a trained run: a weak teacher teaches nothing);
#   student: the same rows at width multiple 0.125 (about a quarter of the FLOPs);
#   students trained with the same epochs without KD, with output KD and with output + CWD feature KD, per seed;
#   then the teacher pruned by 50 % and fine-tuned with and without KD.
# Prints one table (best validation mAP50 and mAP50-95 of every run) and writes it to bench/out/kd_gain.csv.
# Sizes come from the environment: TRAIN VAL IMG (dataset), EPOCHS (teacher and students), FT_EPOCHS, SEEDS,
# KD_FEAT (feature weight), OUT (a new folder of runs), TRAIN_ARGS (more options for every training).
# Measured: TEACHER=runs/baseline/v5n-256-short (bench/README.md) with TRAIN=2000 VAL=500 IMG=256 EPOCHS=3
# TRAIN_ARGS="--nbs 16 --hyp mosaic=0,scale=0.25,cls=1.0"; 800 images at 128 px train a teacher of mAP50 0.03.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
TRAIN=${TRAIN:-800}; VAL=${VAL:-200}; IMG=${IMG:-128}; EPOCHS=${EPOCHS:-10}; FT_EPOCHS=${FT_EPOCHS:-5}
SEEDS=${SEEDS:-"0 1"}; KD_FEAT=${KD_FEAT:-0.25}; OUT=${OUT:-runs/kd-gain}
if [ -e "$OUT" ]; then echo "error: $OUT exists; choose another OUT" >&2; exit 2; fi
mkdir -p "$OUT" bench/out
data="data/fashion-det-$TRAIN-$VAL-$IMG"
[ -f "$data/data.yaml" ] || ./slim data fashion-det --out "$data" --train "$TRAIN" --val "$VAL" --img "$IMG"
sed 's/^width_multiple: 0.25/width_multiple: 0.125/' kernel-lib/src/main/resources/org/slimlab/configs/yolov5n.yaml \
  > "$OUT/yolov5n-w0.125.yaml"
common=(--data "$data/data.yaml" --img "$IMG" --batch 16 --optimizer AdamW --warmup-epochs 1 --cos-lr --workers 1
  --project "$OUT")
read -r -a extra <<< "${TRAIN_ARGS:-}"
common+=("${extra[@]}")
if [ -n "${TEACHER:-}" ]; then
  teacher="$(realpath "$TEACHER")"
else
  ./slim train --cfg yolov5n "${common[@]}" --lr0 0.002 --epochs "$EPOCHS" --name teacher
  teacher="$OUT/teacher"
fi
for s in $SEEDS; do
  student=(--cfg "$OUT/yolov5n-w0.125.yaml" "${common[@]}" --lr0 0.002 --epochs "$EPOCHS" --seed "$s")
  ./slim train "${student[@]}" --name "seed$s-none"
  ./slim train "${student[@]}" --teacher "$teacher" --name "seed$s-out"
  ./slim train "${student[@]}" --teacher "$teacher" --kd-feat "$KD_FEAT" --name "seed$s-out-feat"
done
./slim prune --weights "$teacher" --percent 50 --out "$OUT/pruned"
ft=(--weights "$OUT/pruned" "${common[@]}" --epochs "$FT_EPOCHS" --lr0 0.0002)
./slim train "${ft[@]}" --name ft-none
./slim train "${ft[@]}" --teacher "$teacher" --kd-feat "$KD_FEAT" --name ft-kd
{
  echo "run,gflops,best_map50,best_map50_95"
  for r in "$OUT"/*/metrics.csv; do
    name=$(basename "$(dirname "$r")")
    g=$(./slim summary --weights "$(dirname "$r")" --img "$IMG" --json | tail -1 | sed 's/.*"gflops": *\([0-9.eE+-]*\).*/\1/')
    awk -F, -v n="$name" -v g="$g" 'NR==1 {for (i=1;i<=NF;i++) {if ($i=="metrics/mAP50") a=i; if ($i=="metrics/mAP50-95") b=i}; next}
      {if ($a>m50) m50=$a; if ($b>m) m=$b} END {printf "%s,%s,%.4f,%.4f\n", n, g, m50, m}' "$r"
  done
} > bench/out/kd_gain.csv
column -s, -t bench/out/kd_gain.csv
