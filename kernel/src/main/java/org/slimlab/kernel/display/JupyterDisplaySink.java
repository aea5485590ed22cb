package org.slimlab.kernel.display;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.slimlab.notebook.DisplaySink;

import java.util.UUID;

/**
 * Library output in the notebook: {@link #display} publishes display_data under a fresh display id,
 * {@link #update} replaces it in place (update_display_data). Used for live progress bars and plots.
 * Output produced while no cell runs has nowhere to go and is dropped.
 */
public final class JupyterDisplaySink implements DisplaySink {
    private final BaseKernel kernel;

    public JupyterDisplaySink(BaseKernel kernel) {
        this.kernel = kernel;
    }

    @Override
    public String display(Object value) {
        DisplayData data = render(value);
        String id = data.hasDisplayId() ? data.getDisplayId() : UUID.randomUUID().toString();
        data.setDisplayId(id);
        kernel.display(data);
        return id;
    }

    @Override
    public void update(String id, Object value) {
        kernel.getIO().display.updateDisplay(id, render(value));
    }

    @Override
    public boolean live() {
        return true;
    }

    private DisplayData render(Object value) {
        return value instanceof DisplayData d ? new DisplayData(d) : kernel.getRenderer().render(value);
    }
}
