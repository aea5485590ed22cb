package org.slimlab.notebook;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlimTest {

    @Test
    void environmentDescribesJavaDjlAndTheDevice() {
        Table env = Slim.environment();
        assertEquals(java.util.List.of("property", "value"), env.columnNames());
        Map<String, String> rows = new java.util.HashMap<>();
        for (int i = 0; i < env.rowCount(); i++) {
            rows.put(env.stringColumn("property").get(i), env.stringColumn("value").get(i));
        }
        assertTrue(rows.get("Java").startsWith(System.getProperty("java.version")), rows.toString());
        assertTrue(rows.get("Engine").startsWith("PyTorch "), rows.toString());
        assertEquals(Slim.device().toString(), rows.get("Device"));
        assertEquals(String.valueOf(Runtime.getRuntime().availableProcessors()), rows.get("CPU cores"));
        assertEquals(Slim.quick() ? "on (SLIMLAB_QUICK=1)" : "off", rows.get("Quick mode"));
    }

    @Test
    void quickFollowsTheEnvironmentVariable() {
        assertEquals("1".equals(System.getenv("SLIMLAB_QUICK")), Slim.quick());
    }

    @Test
    void allocatorNamesJemallocWhenPreloaded() {
        assertEquals("jemalloc (dirty_decay_ms:-1)", Slim.allocator(
                Map.of("LD_PRELOAD", "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2", "MALLOC_CONF", "dirty_decay_ms:-1")));
        assertEquals("glibc malloc", Slim.allocator(Map.of()));
    }
}
