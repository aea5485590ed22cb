package org.slimlab.kernel;

import org.dflib.jjava.jupyter.kernel.BaseKernel;

/** Notebook functions the kernel adds next to {@code display}; imported statically into every notebook. */
public final class Notebook {

    private Notebook() {
    }

    /** Clears the current cell's output now. */
    public static void clearOutput() {
        clearOutput(false);
    }

    /** Clears the current cell's output; with {@code wait}, only when new output arrives (no flicker). */
    public static void clearOutput(boolean wait) {
        ((JavaKernel) BaseKernel.notebookKernel()).clearOutput(wait);
    }
}
