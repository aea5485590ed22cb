package org.slimlab.notebook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where the notebooks keep data and runs: the SlimLab checkout. Notebooks run in {@code notebooks/}, the CLI in the
 * checkout itself, and both must find the same {@code data/} and {@code runs/} folders.
 */
final class Workspace {
    /** Environment variable naming the checkout explicitly. */
    static final String HOME_ENV = "SLIMLAB_HOME";
    /** The file that marks a checkout. */
    static final String MARKER = "data/fashion-det.yaml";

    private Workspace() {
    }

    /**
     * {@code $SLIMLAB_HOME} when set, else the nearest folder at or above {@code start} that holds
     * {@value #MARKER}, else {@code start}.
     */
    static Path home(Map<String, String> env, Path start) {
        String set = env.get(HOME_ENV);
        if (set != null && !set.isBlank()) {
            return Path.of(set).toAbsolutePath().normalize();
        }
        Path dir = start.toAbsolutePath().normalize();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(MARKER))) {
                return p;
            }
        }
        return dir;
    }

    /** Deletes a run directory and everything in it, so that a notebook cell can run again; absent is fine. */
    static void deleteRun(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace " + dir, e);
        }
    }
}
