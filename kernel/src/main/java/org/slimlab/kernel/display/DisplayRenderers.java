package org.slimlab.kernel.display;

import org.dflib.jjava.jupyter.kernel.display.Renderer;

/**
 * Registers SlimLab's renderers: XChart charts, Tablesaw tables and {@link org.slimlab.notebook.Rich}
 * text. {@code BufferedImage}s and strings are rendered by the base kernel already.
 */
public final class DisplayRenderers {

    private DisplayRenderers() {
    }

    public static void registerAll(Renderer renderer) {
        ChartRenderer.register(renderer);
        TableRenderer.register(renderer);
        RichRenderer.register(renderer);
    }
}
