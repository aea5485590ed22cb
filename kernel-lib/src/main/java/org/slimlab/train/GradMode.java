package org.slimlab.train;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Autograd recording is a per-thread switch in libtorch. The trainer turns it off on its own thread (a notebook
 * runs cells on worker threads where it starts on) and on only inside a gradient collector. The engine
 * is loaded first, since the switch lives in its native library.
 */
final class GradMode implements AutoCloseable {
    private final boolean previous;

    private GradMode(boolean enabled) {
        Engine.getInstance();
        previous = JniUtils.isGradMode();
        JniUtils.setGradMode(enabled);
    }

    /** Disables recording until {@link #close()} restores the previous state. */
    static GradMode off() {
        return new GradMode(false);
    }

    @Override
    public void close() {
        JniUtils.setGradMode(previous);
    }
}
