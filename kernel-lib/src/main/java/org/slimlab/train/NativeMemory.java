package org.slimlab.train;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;

/**
 * Hands native memory that the allocator keeps for reuse back to the operating system.
 *
 * <p>{@code ./slim} and the kernel preload jemalloc with {@code dirty_decay_ms:-1,muzzy_decay_ms:-1}: freed libtorch
 * tensors stay mapped and are reused by the next step, which makes a training step several times faster than with
 * any finite decay here (bench/README.md). The price is that pages freed by one model are kept after its training
 * ends; a process that trains model after model (a comparison, a notebook) grew by gigabytes per model, until a
 * seven-model comparison was killed for want of memory. {@link #release()} purges those pages once a training is
 * over, through jemalloc's {@code mallctl("arena.<all>.purge")}; without jemalloc it does nothing.
 */
public final class NativeMemory {
    /** jemalloc's {@code MALLCTL_ARENAS_ALL}: the pseudo-index of every arena. */
    private static final int ALL_ARENAS = 4096;
    private static final Function MALLCTL = lookup();

    private NativeMemory() {
    }

    private static Function lookup() {
        try {
            return NativeLibrary.getProcess().getFunction("mallctl");
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return null;
        }
    }

    /** Whether this process allocates with jemalloc (the only allocator {@link #release()} acts on). */
    public static boolean jemalloc() {
        return MALLCTL != null;
    }

    /**
     * Gives the pages that jemalloc keeps unused back to the system.
     *
     * @return true when jemalloc purged them, false without jemalloc or when it refused
     */
    public static boolean release() {
        if (MALLCTL == null) {
            return false;
        }
        try {
            return MALLCTL.invokeInt(new Object[] {"arena." + ALL_ARENAS + ".purge", null, null, null, 0L}) == 0;
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return false;
        }
    }
}
