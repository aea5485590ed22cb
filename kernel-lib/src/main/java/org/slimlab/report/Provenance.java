package org.slimlab.report;

import ai.djl.engine.Engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What a report ran on: the git commit of the checkout (with {@code +dirty} when tracked files changed), Java,
 * DJL, the engine and its native library version, the device, CPU cores, operating system and quick mode.
 * Loads the DJL engine.
 */
public final class Provenance {
    private Provenance() {
    }

    /**
     * The facts, in display order, for a checkout at {@code repo}.
     *
     * @param quick whether the report runs in quick mode
     */
    public static Map<String, Object> collect(Path repo, boolean quick) {
        Engine engine = Engine.getInstance();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("commit", commit(repo));
        p.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        p.put("djl", Engine.getDjlVersion());
        p.put("engine", engine.getEngineName() + " " + engine.getVersion());
        p.put("device", engine.defaultDevice().toString());
        p.put("cpus", Runtime.getRuntime().availableProcessors());
        p.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        p.put("quick", quick ? "on (SLIMLAB_QUICK=1)" : "off");
        return p;
    }

    /** {@code git rev-parse HEAD} of {@code repo}, {@code +dirty} appended when tracked files differ; "unknown" outside git. */
    static String commit(Path repo) {
        String head = git(repo, "rev-parse", "HEAD");
        if (head == null || head.isEmpty()) {
            return "unknown (not a git checkout)";
        }
        String changes = git(repo, "status", "--porcelain", "--untracked-files=no");
        return changes == null || changes.isEmpty() ? head : head + "+dirty";
    }

    private static String git(Path repo, String... args) {
        String[] cmd = new String[args.length + 3];
        cmd[0] = "git";
        cmd[1] = "-C";
        cmd[2] = repo.toString();
        System.arraycopy(args, 0, cmd, 3, args.length);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
