#!/usr/bin/env bash
# Data loading against the model's consumption rate at 256 and 320 px (org.slimlab.bench.LoaderBench):
# loader images/s with augmentation for 1 and 2 workers, YOLOv5n training-step images/s, and a loader-fed
# training loop with its data-wait share. Writes bench/out/loader.csv. BATCHES (default 20) per measurement.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
cd "$repo"
mvn -q -B -o -pl kernel-lib -DskipTests package
for lib in /usr/lib/x86_64-linux-gnu/libjemalloc.so.2 /usr/lib/aarch64-linux-gnu/libjemalloc.so.2; do
  if [ -f "$lib" ]; then
    export LD_PRELOAD="$lib" MALLOC_CONF="${MALLOC_CONF:-dirty_decay_ms:-1,muzzy_decay_ms:-1}"
    break
  fi
done
echo "load: $(uptime)"
lib=kernel-lib/target
exec java -Djava.awt.headless=true -Dai.djl.offline=true \
  -cp "$lib/classes:$lib/test-classes:$lib/lib/*" org.slimlab.bench.LoaderBench \
  bench/out/loader-data bench/out/loader.csv "${BATCHES:-20}"
