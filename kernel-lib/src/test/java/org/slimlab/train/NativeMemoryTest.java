package org.slimlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link NativeMemory#release()} in a child JVM as {@code ./slim} starts it (jemalloc preloaded, pages never decayed),
 * and in one without jemalloc.
 */
class NativeMemoryTest {
    private static final Path JEMALLOC = Path.of("/usr/lib/" + (System.getProperty("os.arch").equals("aarch64")
            ? "aarch64" : "x86_64") + "-linux-gnu/libjemalloc.so.2");
    private static final int BLOCKS = 3000;
    private static final long BLOCK = 256 * 1024;

    /** Child: allocates and touches 750 MiB in 256 KiB blocks, frees them, then releases; prints RSS in MiB. */
    public static void main(String[] args) throws IOException {
        long[] blocks = new long[BLOCKS];
        for (int i = 0; i < BLOCKS; i++) {
            blocks[i] = Native.malloc(BLOCK);
            new Pointer(blocks[i]).setMemory(0, BLOCK, (byte) 1);
        }
        long peak = rssMb();
        for (long b : blocks) {
            Native.free(b);
        }
        long freed = rssMb();
        boolean released = NativeMemory.release();
        System.out.println("jemalloc=" + NativeMemory.jemalloc() + " released=" + released + " peak=" + peak
                + " freed=" + freed + " after=" + rssMb());
    }

    private static long rssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    private static Map<String, Long> child(boolean jemalloc) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), NativeMemoryTest.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("LD_PRELOAD");
        pb.environment().remove("MALLOC_CONF");
        if (jemalloc) {
            pb.environment().put("LD_PRELOAD", JEMALLOC.toString());
            pb.environment().put("MALLOC_CONF", "dirty_decay_ms:-1,muzzy_decay_ms:-1");
        }
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.exitValue(), out);
        String last = out.lines().reduce((a, b) -> b).orElse("");
        Map<String, Long> m = new HashMap<>();
        Arrays.stream(last.split(" ")).map(kv -> kv.split("=")).forEach(kv -> m.put(kv[0],
                kv[1].equals("true") ? 1L : kv[1].equals("false") ? 0L : Long.parseLong(kv[1])));
        return m;
    }

    @Test
    void jemallocKeepsFreedPagesUntilReleased() throws Exception {
        assertTrue(Files.isRegularFile(JEMALLOC), JEMALLOC + " is missing: environment/setup installs libjemalloc2");
        Map<String, Long> m = child(true);
        assertEquals(1L, m.get("jemalloc"), m.toString());
        assertEquals(1L, m.get("released"), m.toString());
        assertTrue(m.get("peak") > 700, m.toString());
        assertTrue(m.get("freed") > m.get("peak") - 100, "never-decayed pages stay resident after free: " + m);
        assertTrue(m.get("after") < m.get("freed") - 500, "release() gives them back: " + m);
    }

    @Test
    void withoutJemallocReleaseDoesNothing() throws Exception {
        Map<String, Long> m = child(false);
        assertEquals(0L, m.get("jemalloc"), m.toString());
        assertEquals(0L, m.get("released"), m.toString());
    }
}
