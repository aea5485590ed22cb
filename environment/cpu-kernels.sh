# Sourced by ./slim and the kernel's launch.sh, with $java (the java command) and $classpath (a classpath
# holding kernel-lib) set. On CPUs whose oneDNN convolution kernels in libtorch return non-finite gradients
# for channel counts that are not multiples of 16 (see org.slimlab.train.ConvKernels), it limits oneDNN to
# SSE4.1 code. The check runs once per CPU model and libtorch build; its answer is kept in the DJL cache.
# A value of ONEDNN_MAX_CPU_ISA set by the user is left alone.
if [ -z "${ONEDNN_MAX_CPU_ISA:-}" ] && [ -r /proc/cpuinfo ]; then
  slimlab_cpu_key="$( { grep -m1 '^model name' /proc/cpuinfo; grep -m1 '^flags' /proc/cpuinfo; echo "$classpath"; } \
    | md5sum | cut -c1-16)"
  slimlab_cpu_file="${DJL_CACHE_DIR:-$HOME/.djl.ai}/slimlab-conv-check-$slimlab_cpu_key"
  if [ ! -f "$slimlab_cpu_file" ]; then
    mkdir -p "$(dirname "$slimlab_cpu_file")"
    # two checks in fresh processes; one finding the fault is enough
    slimlab_cpu_answer=native
    for slimlab_cpu_try in 1 2; do
      "$java" -Djava.awt.headless=true -Dai.djl.offline=true -cp "$classpath" org.slimlab.train.ConvKernels >/dev/null 2>&1 \
        && slimlab_cpu_rc=0 || slimlab_cpu_rc=$?
      case $slimlab_cpu_rc in
        0) ;;
        3) slimlab_cpu_answer=SSE41; break ;;
        *) slimlab_cpu_answer=""; break ;;
      esac
    done
    if [ -n "$slimlab_cpu_answer" ]; then
      echo "$slimlab_cpu_answer" > "$slimlab_cpu_file"
    fi
  fi
  if [ -f "$slimlab_cpu_file" ] && [ "$(cat "$slimlab_cpu_file")" = SSE41 ]; then
    export ONEDNN_MAX_CPU_ISA=SSE41
  fi
  unset slimlab_cpu_key slimlab_cpu_file slimlab_cpu_answer slimlab_cpu_try slimlab_cpu_rc
fi
