package org.slimlab.notebook;

import java.util.concurrent.CancellationException;

/**
 * Cooperative interruption of long-running work. The notebook kernel calls {@link #request()} when the
 * user interrupts a cell; loops in the library (training steps, evaluation batches) call {@link #check()}
 * or test {@link #interrupted()} at safe points, so that they stop within one step and leave consistent
 * state (a finished checkpoint, closed files) behind. Outside a notebook nothing requests an interrupt,
 * and a check costs one volatile read.
 */
public final class Interrupts {
    private static volatile boolean requested;

    private Interrupts() {
    }

    /** Asks every cooperating loop to stop at its next check. */
    public static void request() {
        requested = true;
    }

    /** Withdraws a request; the kernel calls this before each cell. */
    public static void clear() {
        requested = false;
    }

    /** True when a stop was requested or the calling thread was interrupted. Does not clear either. */
    public static boolean interrupted() {
        return requested || Thread.currentThread().isInterrupted();
    }

    /**
     * Throws when a stop was requested; call it where stopping is safe.
     *
     * @throws CancellationException with the message {@code "interrupted"} when {@link #interrupted()}
     */
    public static void check() {
        if (interrupted()) {
            throw new CancellationException("interrupted");
        }
    }
}
