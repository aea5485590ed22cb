package org.slimlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slimlab.data.TestData;
import picocli.CommandLine;

class DataCommandTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void fashionDetWritesTheDatasetAndReportsImagesAndObjects() throws Exception {
        Path src = TestData.tinyFashionMnist(dir.resolve("src"), 30, 10);
        Path out = dir.resolve("fd");
        Run r = run("data", "fashion-det", "--out", out.toString(), "--train", "5", "--val", "3", "--img", "64",
                "--seed", "2", "--source", src.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).matches("split\\s+images\\s+objects"), lines.get(0));
        long objects;
        try (Stream<Path> labels = Files.walk(out.resolve("labels"))) {
            objects = labels.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.readAllLines(p).size();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).sum();
        }
        assertEquals("{\"images\":8,\"objects\":" + objects + "}", lines.get(lines.size() - 1));
        assertTrue(Files.isRegularFile(out.resolve("images/val/val_000002.jpg")));
        assertTrue(Files.readString(out.resolve("data.yaml")).contains("names: ['T-shirt/top', 'Trouser'"));
    }

    @Test
    void badInputIsOneErrorLineAndExitTwo() {
        Run missing = run("data", "fashion-det", "--out", dir.resolve("x").toString(), "--source",
                dir.resolve("none").toString());
        assertEquals(2, missing.code());
        assertEquals("error: Fashion-MNIST not found: no train-images-idx3-ubyte.gz in " + dir.resolve("none")
                + "; install it with 'apt-get install dataset-fashion-mnist' or set FASHION_MNIST_DIR to its folder",
                missing.err().strip());
        Run img = run("data", "fashion-det", "--out", dir.resolve("x").toString(), "--img", "8");
        assertEquals(2, img.code());
        assertEquals("error: fashion-det: --img must be 32..4096, got 8", img.err().strip());
    }

    @Test
    void dataWithoutSubcommandPrintsUsage() {
        Run r = run("data");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("fashion-det"), r.out());
    }
}
