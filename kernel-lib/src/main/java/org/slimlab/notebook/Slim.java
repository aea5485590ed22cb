package org.slimlab.notebook;

import ai.djl.Device;
import ai.djl.engine.Engine;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The notebook facade. The SlimLab kernel imports it statically ({@code import static
 * org.slimlab.notebook.Slim.*;}), so notebooks call these methods by their short names.
 * The kernel also imports {@code display}, {@code updateDisplay}, {@code render}, {@code eval},
 * {@code printf}, {@code lineMagic} and {@code cellMagic}; methods here must not reuse those names.
 */
public final class Slim {
    /** Environment variable that switches notebooks and reports to their small, fast variant. */
    public static final String QUICK_ENV = "SLIMLAB_QUICK";

    private Slim() {
    }

    /**
     * True when {@code SLIMLAB_QUICK=1} is set: notebooks shrink data and steps so that they run end to
     * end in minutes on two CPU cores.
     */
    public static boolean quick() {
        return "1".equals(System.getenv(QUICK_ENV));
    }

    /** The device DJL computes on by default: the first GPU when libtorch sees one, else the CPU. */
    public static Device device() {
        return Engine.getInstance().defaultDevice();
    }

    /**
     * A two-column table ({@code property}, {@code value}) describing where the notebook runs: Java, DJL,
     * the engine and its native library version, device, GPU count, CPU cores, heap, operating system,
     * memory allocator and quick mode. Loads the DJL engine if it is not loaded yet.
     */
    public static Table environment() {
        Engine engine = Engine.getInstance();
        Runtime rt = Runtime.getRuntime();
        List<String[]> rows = new ArrayList<>();
        rows.add(row("Java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"));
        rows.add(row("JVM", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version")));
        rows.add(row("DJL", Engine.getDjlVersion()));
        rows.add(row("Engine", engine.getEngineName() + " " + engine.getVersion()));
        rows.add(row("Device", engine.defaultDevice().toString()));
        rows.add(row("GPUs", Integer.toString(engine.getGpuCount())));
        rows.add(row("CPU cores", Integer.toString(rt.availableProcessors())));
        rows.add(row("Max heap", (rt.maxMemory() >> 20) + " MiB"));
        rows.add(row("OS", System.getProperty("os.name") + " " + System.getProperty("os.version")
                + " " + System.getProperty("os.arch")));
        rows.add(row("Allocator", allocator(System.getenv())));
        rows.add(row("Quick mode", quick() ? "on (" + QUICK_ENV + "=1)" : "off"));
        StringColumn property = StringColumn.create("property");
        StringColumn value = StringColumn.create("value");
        for (String[] r : rows) {
            property.append(r[0]);
            value.append(r[1]);
        }
        return Table.create("environment", property, value);
    }

    /** Names the native allocator preloaded into this process ({@code jemalloc} or the C library's). */
    static String allocator(Map<String, String> env) {
        String preload = env.getOrDefault("LD_PRELOAD", "");
        return preload.contains("jemalloc") ? "jemalloc (" + env.getOrDefault("MALLOC_CONF", "defaults") + ")" : "glibc malloc";
    }

    private static String[] row(String property, String value) {
        return new String[] {property, value};
    }
}
