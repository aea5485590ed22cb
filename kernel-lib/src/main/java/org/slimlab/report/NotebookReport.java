package org.slimlab.report;

import org.slimlab.SlimException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Executes notebooks on a Jupyter kernel and renders them as HTML reports, through Jupyter's own nbclient and
 * nbconvert (a Python program shipped with this class, run by {@code python3}). The output folder receives, per
 * notebook, the executed {@code .ipynb} and its {@code .html} (inputs shown, Java highlighted, plots embedded, a
 * header recording the {@link Provenance}, seeds and wall time), then {@code index.html} and {@code report.json}.
 * Execution timestamps are never recorded, so two reports of the same commit differ only in their timings.
 */
public final class NotebookReport {
    /** Environment variable naming the Python interpreter with nbclient and nbconvert (default {@code /usr/bin/python3}). */
    public static final String PYTHON_ENV = "SLIMLAB_PYTHON";

    private static final String SCRIPT = "notebook_report.py";

    private final Path notebooks;
    private final Path out;
    private final List<String> only;
    private final boolean quick;
    private final String kernel;
    private final int timeoutSeconds;

    /**
     * A report of the notebooks {@code NN-*.ipynb} in {@code notebooks}.
     *
     * @param only file-name prefixes to keep (e.g. {@code 00}); empty keeps all
     * @param quick sets {@code SLIMLAB_QUICK=1} for the kernel
     * @param kernel kernelspec name
     * @param timeoutSeconds limit per cell
     */
    public NotebookReport(Path notebooks, Path out, List<String> only, boolean quick, String kernel, int timeoutSeconds) {
        this.notebooks = notebooks;
        this.out = out;
        this.only = List.copyOf(only);
        this.quick = quick;
        this.kernel = kernel;
        this.timeoutSeconds = timeoutSeconds;
    }

    /**
     * One notebook's outcome.
     *
     * @param notebook file name
     * @param seconds wall time
     * @param errors error outputs ("cell N: Name: message")
     */
    public record Outcome(String notebook, double seconds, List<String> errors) {
    }

    /**
     * The notebooks the report runs, in file-name order.
     *
     * @throws SlimException when the folder is missing or nothing matches
     */
    public List<Path> selected() {
        if (!Files.isDirectory(notebooks)) {
            throw new SlimException(notebooks + ": no such notebook folder");
        }
        try (Stream<Path> files = Files.list(notebooks)) {
            List<Path> list = files.filter(p -> p.getFileName().toString().matches("\\d+-.*\\.ipynb"))
                    .filter(p -> only.isEmpty() || only.stream().anyMatch(o -> p.getFileName().toString().startsWith(o)))
                    .sorted().toList();
            if (list.isEmpty()) {
                throw new SlimException(notebooks + ": no notebook NN-*.ipynb" + (only.isEmpty() ? "" : " matches --only " + String.join(",", only)));
            }
            return list;
        } catch (IOException e) {
            throw new SlimException(notebooks + ": cannot list the notebooks (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Runs the report; the renderer's progress lines go to this process's standard output and error.
     *
     * @return one outcome per notebook
     * @throws SlimException when Python or its Jupyter packages are missing, or the renderer fails outright
     */
    public List<Outcome> run() {
        List<Path> selected = selected();
        Path repo = notebooks.toAbsolutePath().normalize().getParent();
        try {
            Files.createDirectories(out);
            Path work = Files.createTempDirectory("slimlab-report");
            try {
                Path script = work.resolve(SCRIPT);
                try (InputStream in = NotebookReport.class.getResourceAsStream(SCRIPT)) {
                    Files.copy(in, script);
                }
                List<String> cmd = new ArrayList<>(List.of(python(), script.toString(), "--out", out.toString(),
                        "--kernel", kernel, "--timeout", Integer.toString(timeoutSeconds), "--home", repo.toString()));
                Provenance.collect(repo, quick).forEach((k, v) -> cmd.addAll(List.of("--fact", k + "=" + v)));
                Files.deleteIfExists(out.resolve("report.json"));
                selected.forEach(p -> cmd.add(p.toString()));
                ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
                if (quick) {
                    pb.environment().put("SLIMLAB_QUICK", "1");
                }
                int code = pb.start().waitFor();
                Path json = out.resolve("report.json");
                if (code > 1 || !Files.isRegularFile(json)) {
                    throw new SlimException("report: the notebook renderer failed (exit " + code + "); it needs python3 with "
                            + "nbclient and nbconvert (Debian: python3-nbclient python3-nbconvert), or " + PYTHON_ENV);
                }
                return outcomes(json);
            } finally {
                try (Stream<Path> files = Files.walk(work)) {
                    files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
                }
            }
        } catch (IOException e) {
            throw new SlimException(out + ": cannot write the report (" + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SlimException("report: interrupted", e);
        }
    }

    private static String python() {
        String p = System.getenv(PYTHON_ENV);
        return p == null || p.isBlank() ? "/usr/bin/python3" : p;
    }

    @SuppressWarnings("unchecked")
    private static List<Outcome> outcomes(Path json) throws IOException {
        Map<String, Object> doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(json));
        List<Outcome> list = new ArrayList<>();
        for (Map<String, Object> n : (List<Map<String, Object>>) doc.get("notebooks")) {
            list.add(new Outcome((String) n.get("notebook"), ((Number) n.get("seconds")).doubleValue(),
                    List.copyOf((List<String>) n.get("errors"))));
        }
        return list;
    }
}
