package org.slimlab.kernel.execution;

/** Calls {@code Thread.stop()} where the running JDK still implements it (17 to 19). */
final class ThreadStopper {
    private static final int LAST_JDK_WITH_STOP = 19;

    private ThreadStopper() {
    }

    /** True when this JDK can stop a thread asynchronously. */
    static boolean supported() {
        return Runtime.version().feature() <= LAST_JDK_WITH_STOP;
    }

    /** Throws {@code ThreadDeath} in {@code thread}; false when the JDK refuses. */
    static boolean stop(Thread thread) {
        if (!supported()) {
            return false;
        }
        try {
            Thread.class.getMethod("stop").invoke(thread);
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
