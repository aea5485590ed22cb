#!/usr/bin/env bash
# Knowledge distillation's time and memory overhead per training step (see KdOverhead.java for the options).
# Prints a table and writes bench/out/kd_overhead.csv. Runs on the CPU with the same allocator settings as ./slim.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
./slim --version >/dev/null   # builds kernel-lib when its sources changed
lib="$here/kernel-lib/target"
for f in /usr/lib/x86_64-linux-gnu/libjemalloc.so.2 /usr/lib/aarch64-linux-gnu/libjemalloc.so.2; do
  if [ -f "$f" ]; then
    export LD_PRELOAD="$f${LD_PRELOAD:+:$LD_PRELOAD}"
    export MALLOC_CONF="${MALLOC_CONF:-dirty_decay_ms:-1,muzzy_decay_ms:-1}"
    break
  fi
done
exec java -Djava.awt.headless=true -Dai.djl.offline=true -cp "$lib/kernel-lib-0.1.0-SNAPSHOT.jar:$lib/lib/*" \
  bench/KdOverhead.java "$@"
