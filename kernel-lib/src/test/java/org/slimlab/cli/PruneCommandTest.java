package org.slimlab.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slimlab.model.ModelSpec;
import org.slimlab.model.YoloModel;
import org.slimlab.slim.PruneReport;
import org.slimlab.slim.PrunedRun;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code slim prune} as a user runs it. */
class PruneCommandTest {


    private static CliRun slim(String... args) {
        return CliRun.of(args);
    }

    private static Path parent(Path dir) {
        Path run = dir.resolve("base");
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(1);
            YoloModel.build(ModelSpec.load("yolov5n").withNc(2)).initialize(m).save(run);
        }
        return run;
    }

    @Test
    void prunesARunIntoANewRunWithJsonFigures(@TempDir Path dir) throws Exception {
        Path base = parent(dir);
        Files.writeString(base.resolve("args.yaml"), "data: data/fashion-det.yaml\nimg: 320\n");
        Path out = dir.resolve("pruned");
        CliRun r = slim("prune", "--weights", base.toString(), "--percent", "50", "--round-to", "8", "--ignore", "0,24",
                "--img", "320", "--out", out.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.last().matches("\\{\"parameters_before\":\\d+,\"parameters_after\":\\d+,\"parameters_ratio\":[\\d.]+,"
                + "\"gflops_before\":[\\d.]+,\"gflops_after\":[\\d.]+,\"gflops_ratio\":[\\d.]+,\"gflops_img\":320,"
                + "\"removed_channels\":\\d+,\"prunable_channels\":\\d+,\"run\":\".*pruned\"}"), r.last());
        assertTrue(r.out().contains("removed ") && r.out().contains("parameters"), r.out());
        assertFalse(r.out().contains("channels-last"), "widths rounded to 8 keep channels-last: " + r.out());
        Map<String, Object> args = PrunedRun.readArgs(out);
        assertEquals("prune", args.get("command"));
        assertEquals(base.toAbsolutePath().normalize().toString(), args.get("parent"));
        assertEquals("data/fashion-det.yaml", args.get("data"));
        assertEquals(8, args.get("round_to"));
        assertEquals(List.of(0, 24), args.get("ignored_rows"));
        long before = ((Number) args.get("parameters_before")).longValue();
        long after = ((Number) args.get("parameters_after")).longValue();
        assertTrue(after < 0.5 * before, before + " -> " + after);
        try (NDManager m = NDManager.newBaseManager()) {
            assertEquals(after, YoloModel.load(out, m).parameterCount());
        }
        CliRun summary = slim("summary", "--weights", out.toString(), "--json");
        assertEquals(0, summary.code(), summary.err());
        assertTrue(summary.last().contains("\"parameters\":" + after), summary.last());
    }

    @Test
    void layersRemovesWholeBlocksThenPercentPrunesChannels(@TempDir Path dir) throws Exception {
        Path base = parent(dir);
        Path out = dir.resolve("layers");
        CliRun r = slim("prune", "--weights", base.toString(), "--layers", "2", "--percent", "30", "--img", "320",
                "--out", out.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.last().contains("\"removed_layers\":2"), r.last());
        assertTrue(r.out().contains("model.4.m.0") && r.out().contains("model.6.m.0"), r.out());
        assertTrue(r.out().contains("turn channels-last activations off") && r.out().contains("--round-to 8 keeps them"), r.out());
        assertTrue(Files.size(out.resolve("prune_rows.png")) > 1000 && Files.size(out.resolve("prune_channels.png")) > 1000);
        List<String> channels = Files.readAllLines(out.resolve("prune_channels.csv"));
        assertEquals(2, channels.stream().filter(l -> l.contains("," + PruneReport.REMOVED + ",")).count() / 2, channels.toString());
        Map<String, Object> args = PrunedRun.readArgs(out);
        assertEquals(List.of("model.4.m.0", "model.6.m.0"), args.get("removed_layers"));
        ModelSpec spec = ModelSpec.loadRun(out);
        assertEquals(5 - 2, spec.row(4).number() + spec.row(6).number(), spec.toYaml());
        try (NDManager m = NDManager.newBaseManager()) {
            assertEquals(((Number) args.get("parameters_after")).longValue(), YoloModel.load(out, m).parameterCount());
        }
        CliRun tooMany = slim("prune", "--weights", base.toString(), "--layers", "9", "--out", dir.resolve("x").toString());
        assertEquals(2, tooMany.code());
        assertEquals("error: prune: --layers 9, but base has only 3 removable blocks and branches", tooMany.err().strip());
        CliRun nothing = slim("prune", "--weights", base.toString(), "--out", dir.resolve("x").toString());
        assertEquals("error: prune: give --percent P (channels), --layers N (whole blocks), or both", nothing.err().strip());
    }

    @Test
    void badInputIsAOneLineError(@TempDir Path dir) {
        Path base = parent(dir);
        String out = dir.resolve("o").toString();
        CliRun fraction = slim("prune", "--weights", base.toString(), "--percent", "0.5", "--out", out);
        assertEquals(2, fraction.code());
        assertEquals("error: prune: --percent is a percentage (0 < P < 100): write 50 for 0.5 of the channels, not 0.5",
                fraction.err().strip());
        CliRun missing = slim("prune", "--weights", dir.resolve("nothing").toString(), "--percent", "50", "--out", out);
        assertEquals(2, missing.code());
        assertTrue(missing.err().strip().matches("error: .*nothing: no model.yaml \\(not a model or run directory\\)"), missing.err());
        CliRun ignore = slim("prune", "--weights", base.toString(), "--percent", "50", "--ignore", "cv1", "--out", out);
        assertEquals("error: prune: --ignore takes rows (3, 5-7) or convolutions (model.2.cv1), got 'cv1'", ignore.err().strip());
        CliRun empty = slim("prune", "--weights", base.toString(), "--percent", "97", "--min-keep", "0", "--out", out);
        assertEquals(2, empty.code());
        assertTrue(empty.err().startsWith("error: prune: 97% would remove every channel of model."), empty.err());
        assertEquals(1, empty.err().strip().lines().count());
        CliRun method = slim("prune", "--weights", base.toString(), "--percent", "50", "--method", "lamp", "--out", out);
        assertTrue(method.err().contains("unknown --method 'lamp'"), method.err());
        assertTrue(Files.notExists(dir.resolve("o")));
    }
}
