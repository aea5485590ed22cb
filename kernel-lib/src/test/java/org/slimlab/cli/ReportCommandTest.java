package org.slimlab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slimlab.report.NotebookReport;
import org.slimlab.report.Provenance;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code slim report}: notebook selection, bad input and the provenance it records. Executing notebooks needs
 * Jupyter and the kernelspec; tests/test_report.py covers that end to end.
 */
class ReportCommandTest {

    private static int slim(StringWriter err, String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void selectsNumberedNotebooksInOrderAndFiltersByPrefix(@TempDir Path dir) throws Exception {
        for (String name : List.of("01-train.ipynb", "00-welcome.ipynb", "10-last.ipynb", "scratch.ipynb", "02-notes.md")) {
            Files.writeString(dir.resolve(name), "{}");
        }
        List<Path> all = new NotebookReport(dir, dir.resolve("out"), List.of(), true, "slimlab", 60).selected();
        assertEquals(List.of("00-welcome.ipynb", "01-train.ipynb", "10-last.ipynb"),
                all.stream().map(p -> p.getFileName().toString()).toList());
        List<Path> some = new NotebookReport(dir, dir.resolve("out"), List.of("00", "10"), true, "slimlab", 60).selected();
        assertEquals(List.of("00-welcome.ipynb", "10-last.ipynb"), some.stream().map(p -> p.getFileName().toString()).toList());
    }

    @Test
    void badInputIsAOneLineError(@TempDir Path dir) throws Exception {
        StringWriter missing = new StringWriter();
        assertEquals(2, slim(missing, "report", "--notebooks", dir.resolve("none").toString(), "--out", dir.resolve("r").toString()));
        assertEquals("error: " + dir.resolve("none") + ": no such notebook folder", missing.toString().strip());
        Files.writeString(dir.resolve("00-welcome.ipynb"), "{}");
        StringWriter unmatched = new StringWriter();
        assertEquals(2, slim(unmatched, "report", "--notebooks", dir.toString(), "--only", "07", "--out", dir.resolve("r").toString()));
        assertEquals("error: " + dir + ": no notebook NN-*.ipynb matches --only 07", unmatched.toString().strip());
        assertFalse(Files.exists(dir.resolve("r")), "nothing is written for bad input");
    }

    @Test
    void provenanceNamesCommitJavaDjlLibtorchAndDevice() {
        Path repo = Path.of("..").toAbsolutePath().normalize();
        Map<String, Object> p = Provenance.collect(repo, true);
        assertEquals(List.of("commit", "java", "djl", "engine", "device", "cpus", "os", "quick"), List.copyOf(p.keySet()));
        assertTrue(p.get("commit").toString().matches("[0-9a-f]{40}(\\+dirty)?"), p.toString());
        assertTrue(p.get("java").toString().startsWith(System.getProperty("java.version")), p.toString());
        assertTrue(p.get("engine").toString().startsWith("PyTorch 2."), p.toString());
        assertEquals("cpu()", p.get("device"));
        assertEquals("on (SLIMLAB_QUICK=1)", p.get("quick"));
        assertTrue(Provenance.collect(Path.of("/"), false).get("commit").toString().startsWith("unknown"));
    }
}
