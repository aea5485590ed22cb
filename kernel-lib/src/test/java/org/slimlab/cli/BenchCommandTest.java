package org.slimlab.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slimlab.model.ModelSpec;
import org.slimlab.model.ModelSummary;
import org.slimlab.report.LatencyTable;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code slim bench} as a user runs it: a baseline config against a pruned run, tables, CSV and JSON. */
class BenchCommandTest {


    private static CliRun slim(String... args) {
        return CliRun.of(args);
    }

    @Test
    @SuppressWarnings("unchecked")
    void timesABaselineAgainstAPrunedRunWithFlopsRatioAndSpeedUp(@TempDir Path dir) throws Exception {
        Path pruned = dir.resolve("p50");
        assertEquals(0, slim("prune", "--cfg", "yolov5n", "--percent", "50", "--method", "l1", "--out", pruned.toString()).code());
        Path csv = dir.resolve("latency.csv");
        CliRun r = slim("bench", "--cfg", "yolov5n", "--weights", pruned.toString(), "--img", "64", "--batch", "1,2",
                "--warmup", "0", "--runs", "1", "--csv", csv.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        Map<String, Object> json = new Yaml().load(r.last());
        List<Map<String, Object>> rows = (List<Map<String, Object>>) json.get("rows");
        assertEquals(2 * 2, rows.size());
        assertEquals(64, json.get("img"));
        assertEquals(1, json.get("batch"));
        assertEquals("cpu()", json.get("device"));
        double base64 = ModelSummary.of(ModelSpec.load("yolov5n"), 64).gflops();
        for (Map<String, Object> row : rows) {
            double ratio = ((Number) row.get("flops_ratio")).doubleValue();
            double speedup = ((Number) row.get("speedup")).doubleValue();
            assertTrue(((Number) row.get("latency_ms")).doubleValue() > 0, row.toString());
            if (row.get("model").equals("yolov5n")) {
                assertEquals(1.0, ratio, 1e-9);
                assertEquals(1.0, speedup, 1e-9);
            } else {
                assertEquals("p50", row.get("model"));
                assertTrue(ratio > 1.5, "half the channels of yolov5n cost well under its FLOPs: " + row);
                assertTrue(speedup > 0, row.toString());
            }
        }
        assertEquals(Math.round(base64 * 1e4) / 1e4, ((Number) rows.get(0).get("gflops")).doubleValue(), 1e-4);
        List<String> lines = Files.readAllLines(csv);
        assertEquals(LatencyTable.CSV_HEADER, lines.get(0));
        assertEquals(1 + rows.size(), lines.size());
        assertTrue(r.out().contains("speed x"), r.out());
    }

    @Test
    void badInputIsAOneLineError(@TempDir Path dir) {
        CliRun none = slim("bench", "--img", "64");
        assertEquals(2, none.code());
        assertEquals("error: bench: give a model with --weights RUN or --cfg FILE", none.err().strip());
        CliRun size = slim("bench", "--cfg", "yolov5n", "--img", "100", "--runs", "1", "--warmup", "0");
        assertEquals(2, size.code());
        assertTrue(size.err().strip().startsWith("error: ") && size.err().contains("multiple of 32"), size.err());
        assertEquals(1, size.err().strip().lines().count(), size.err());
        CliRun missing = slim("bench", "--weights", dir.resolve("nothing").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("nothing"), missing.err());
    }
}
