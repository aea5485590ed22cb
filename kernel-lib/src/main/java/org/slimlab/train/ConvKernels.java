package org.slimlab.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.slimlab.SlimException;
import org.slimlab.model.ChannelsLast;

/**
 * A check of libtorch's CPU convolution kernels. On some CPUs (an AMD EPYC with AVX-512 among them) the
 * oneDNN kernels that libtorch 2.7.1 picks for AVX and above return non-finite gradients for 3×3 convolutions
 * whose channel counts are not multiples of 16, which pruned and width-scaled models always have: training
 * such a model then stops with a NaN after a few batches. Limiting oneDNN to SSE4.1 code
 * ({@code ONEDNN_MAX_CPU_ISA=SSE41}, read when libtorch loads) avoids them at a cost in speed.
 *
 * <p>The launchers ({@code ./slim} and the kernel's {@code launch.sh}) run {@link #main} once per CPU model
 * and set the variable where it is needed; {@link #requireFiniteGradients} guards training in any other
 * process, so nobody trains on garbage gradients without being told why.
 */
public final class ConvKernels {
    /** The oneDNN variable that limits its instruction set. */
    public static final String ISA_ENV = "ONEDNN_MAX_CPU_ISA";
    /** Exit status of {@link #main} when the kernels are faulty. */
    public static final int FAULTY = 3;
    private static final int[][] SHAPES = {{20, 24}, {20, 16}, {20, 11}, {27, 16}, {27, 24}, {13, 24}, {13, 16},
        {8, 24}, {8, 11}};
    private static final int REPEATS = 4;
    private static volatile Boolean finite;

    private ConvKernels() {
    }

    /**
     * Whether 3×3 convolutions with odd channel counts give finite gradients on the CPU (computed once per
     * process; well under a second).
     */
    public static boolean gradientsFinite() {
        Boolean known = finite;
        if (known == null) {
            known = probe(false);
            finite = known;
        }
        return known;
    }

    /**
     * Throws a one-line {@link SlimException} naming the fix when {@code device} is a CPU whose convolution
     * kernels are faulty and {@value #ISA_ENV} is unset. A value set by the user is their choice (native kernels
     * train models whose widths are all multiples of 16 about twice as fast here) and is left alone; a run that
     * diverges then says why ({@link #divergenceHint}). Does nothing on a GPU.
     */
    public static void requireFiniteGradients(Device device) {
        if (device.isGpu() || gradientsFinite() || System.getenv(ISA_ENV) != null) {
            return;
        }
        throw new SlimException("libtorch's oneDNN convolutions return non-finite gradients on this CPU for channel "
                + "counts that are not multiples of 16; set " + ISA_ENV + "=SSE41 before starting (./slim and the "
                + "SlimLab kernel do so by themselves unless an earlier check, kept in the DJL cache as "
                + "slimlab-conv-check-*, missed the fault: delete those files to check again)");
    }

    /**
     * For the message of a run that diverged on {@code device}: a pointer to the CPU fault and its fix unless
     * oneDNN is already limited to SSE4.1 or the run is on a GPU, else "". The fault shows on uninitialised
     * memory, so a check inside a busy process can miss it; the launchers check in a fresh one.
     */
    public static String divergenceHint(Device device) {
        if (device.isGpu() || "SSE41".equalsIgnoreCase(System.getenv(ISA_ENV))) {
            return "";
        }
        return "; where libtorch's oneDNN convolutions give non-finite gradients (./slim checks this CPU on start), "
                + ISA_ENV + "=SSE41 avoids them";
    }

    private static boolean probe(boolean poison) {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            for (int[] s : SHAPES) {
                for (int r = 0; r < REPEATS; r++) {
                    for (boolean channelsLast : new boolean[] {false, true}) {
                        try (NDManager step = m.newSubManager()) {
                            if (!finiteGradients(step, s[0], s[1], channelsLast, poison)) {
                                return false;
                            }
                        }
                    }
                }
            }
            return true;
        }
    }

    /** One convolution's gradients, with the input laid out as models lay it out (see {@link ChannelsLast}) or not. */
    private static boolean finiteGradients(NDManager m, int in, int out, boolean channelsLast, boolean poison) {
        if (poison) {
            poison(in, out);
        }
        SplittableRandom random = new SplittableRandom(in * 31L + out);
        NDArray x = m.create(values(random, 4 * in * 24 * 24, 1), new Shape(4, in, 24, 24));
        NDArray w = m.create(values(random, out * in * 9, 0.1f), new Shape(out, in, 3, 3));
        x.setRequiresGradient(true);
        w.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray input = channelsLast ? ChannelsLast.of(x) : x;
            NDArray y = Conv2d.conv2d(input, w, null, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1)
                    .singletonOrThrow();
            gc.backward(y.square().sum());
        }
        return allFinite(x.getGradient()) && allFinite(w.getGradient());
    }

    /**
     * Fills memory of the sizes the check is about to allocate with NaN and frees it again, so that a kernel
     * that reads memory it never wrote picks up NaN instead of whatever happened to be there: the fault then
     * shows every time rather than now and then. Only the fresh process of {@link #main} does this: in a process
     * that goes on to train, freed NaN memory would be handed to its tensors.
     */
    private static void poison(int in, int out) {
        long[] sizes = {4L * in * 24 * 24, (long) out * in * 9, 4L * out * 24 * 24, 4L * Math.max(in, out) * 26 * 26 * 9};
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            for (long n : sizes) {
                m.full(new Shape(n), Float.NaN);
            }
        }
    }

    /** Uniform values in [-scale, scale), from the check's own generator: the engine's seed stays untouched. */
    private static float[] values(SplittableRandom random, int n, float scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextDouble(-scale, scale);
        }
        return v;
    }

    private static boolean allFinite(NDArray a) {
        for (float v : a.toFloatArray()) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** Exits with 0 when the CPU kernels give finite gradients, {@value #FAULTY} when they do not. */
    public static void main(String[] args) {
        boolean ok = probe(true);
        System.out.println(ok ? "convolution gradients finite" : "convolution gradients not finite: use ONEDNN_MAX_CPU_ISA=SSE41");
        System.exit(ok ? 0 : FAULTY);
    }
}
