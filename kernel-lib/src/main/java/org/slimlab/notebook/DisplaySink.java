package org.slimlab.notebook;

/**
 * Where rich output goes. The Jupyter kernel installs a sink that publishes display_data (and replaces
 * it in place by display id); without a kernel the console sink prints text. kernel-lib never depends
 * on Jupyter: this interface is the whole contract.
 */
public interface DisplaySink {
    /** Shows {@code value} (a chart, table, image, or text) and returns a display id for later updates. */
    String display(Object value);

    /** Replaces the output shown under {@code id} with {@code value}. */
    void update(String id, Object value);

    /** True when output can be replaced in place (notebooks), false for a plain console. */
    boolean live();
}
