# Sourced by ./slim and the kernel's launch.sh, with $classpath set (entries ending in /* are folders of jars).
# DJL's PyTorch JNI (pytorch-jni-<libtorch>-<djl>.jar) is built against one libtorch release and reads that
# release's tensor layout inline. A libtorch of another release named by PYTORCH_LIBRARY_PATH (a pip install of
# PyTorch, say) loads, but fails with unresolved symbols or errors about tensors the code never made. This stops
# with a one-line error instead, when the folder says its version (torch/version.py of a PyTorch install,
# build-version of a libtorch archive); a folder that does not say is left to DJL.
if [ -n "${PYTORCH_LIBRARY_PATH:-}" ]; then
  slimlab_need=""
  IFS=: read -r -a slimlab_entries <<< "$classpath"
  for slimlab_entry in "${slimlab_entries[@]}"; do
    case "$slimlab_entry" in
      */\*)
        for slimlab_jar in "${slimlab_entry%\*}"pytorch-jni-*.jar; do
          [ -f "$slimlab_jar" ] || continue
          slimlab_need="$(basename "$slimlab_jar" .jar)"
          slimlab_need="${slimlab_need#pytorch-jni-}"
          slimlab_need="${slimlab_need%%-*}"
        done ;;
    esac
  done
  # DJL takes the first folder listed that holds libtorch.so (or a path to libtorch.so itself)
  slimlab_dir=""
  IFS=: read -r -a slimlab_entries <<< "$PYTORCH_LIBRARY_PATH"
  for slimlab_entry in "${slimlab_entries[@]}"; do
    if [ -f "$slimlab_entry/libtorch.so" ]; then
      slimlab_dir="$slimlab_entry"; break
    elif [ -f "$slimlab_entry" ] && [ "$(basename "$slimlab_entry")" = libtorch.so ]; then
      slimlab_dir="$(dirname "$slimlab_entry")"; break
    fi
  done
  slimlab_have=""
  if [ -n "$slimlab_dir" ] && [ -f "$slimlab_dir/../version.py" ]; then
    slimlab_have="$(sed -n "s/^__version__ *= *['\"]\([^'\"]*\)['\"].*/\1/p" "$slimlab_dir/../version.py" | head -n 1)"
  elif [ -n "$slimlab_dir" ] && [ -f "$slimlab_dir/../build-version" ]; then
    slimlab_have="$(head -n 1 "$slimlab_dir/../build-version" | tr -d '[:space:]')"
  fi
  if [ -n "$slimlab_need" ] && [ -n "$slimlab_have" ]; then
    case "$slimlab_have" in
      "$slimlab_need"|"$slimlab_need"+*) ;;
      *)
        echo "error: PYTORCH_LIBRARY_PATH: $slimlab_dir holds libtorch $slimlab_have, but DJL's PyTorch JNI here is" \
          "built for libtorch $slimlab_need; point it at a libtorch $slimlab_need (CPU or CUDA build) or unset it" >&2
        exit 2 ;;
    esac
  fi
  unset slimlab_need slimlab_entries slimlab_entry slimlab_jar slimlab_dir slimlab_have
fi
