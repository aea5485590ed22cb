package org.slimlab.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Random scenes whose metrics were computed by the NumPy reference in {@code eval/ap_reference.py} (written to
 * Ultralytics' matching, ap_per_class and confusion-matrix semantics): the Java evaluator must give the same
 * numbers.
 */
class ReferenceCrossCheckTest {
    private static final double TOL = 1e-12;

    @Test
    void evaluatorAgreesWithTheNumpyReference() throws Exception {
        JsonObject root;
        try (Reader r = new InputStreamReader(getClass().getResourceAsStream("/eval/reference_cases.json"),
                StandardCharsets.UTF_8)) {
            root = JsonParser.parseReader(r).getAsJsonObject();
        }
        JsonArray cases = root.getAsJsonArray("cases");
        assertEquals(3, cases.size());
        for (JsonElement c : cases) {
            check(c.getAsJsonObject());
        }
    }

    private static void check(JsonObject c) {
        int nc = c.get("nc").getAsInt();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < nc; i++) {
            names.add("c" + i);
        }
        DetectionEvaluator e = new DetectionEvaluator(names);
        for (JsonElement img : c.getAsJsonArray("images")) {
            JsonObject o = img.getAsJsonObject();
            e.add(Detections.of(floats(o.getAsJsonArray("dets"))), GroundTruth.of(floats(o.getAsJsonArray("gts"))));
        }
        DetMetrics m = e.result();
        JsonObject x = c.getAsJsonObject("expected");
        String seed = "seed " + c.get("seed").getAsInt();
        assertEquals(x.get("map50").getAsDouble(), m.map50(), TOL, seed);
        assertEquals(x.get("map50_95").getAsDouble(), m.map50_95(), TOL, seed);
        assertEquals(x.get("precision").getAsDouble(), m.precision(), TOL, seed);
        assertEquals(x.get("recall").getAsDouble(), m.recall(), TOL, seed);
        JsonArray classes = x.getAsJsonArray("classes");
        double[][] ap = m.ap().ap();
        assertEquals(classes.size(), ap.length, seed);
        for (int k = 0; k < ap.length; k++) {
            assertEquals(classes.get(k).getAsInt(), m.ap().classes()[k], seed);
            JsonArray row = x.getAsJsonArray("ap").get(k).getAsJsonArray();
            for (int t = 0; t < row.size(); t++) {
                assertEquals(row.get(t).getAsDouble(), ap[k][t], TOL, seed + " class " + k + " threshold " + t);
            }
        }
        JsonArray cm = x.getAsJsonArray("confusion");
        long[][] counts = m.confusionMatrix().counts();
        for (int i = 0; i <= nc; i++) {
            long[] expected = new long[nc + 1];
            for (int j = 0; j <= nc; j++) {
                expected[j] = cm.get(i).getAsJsonArray().get(j).getAsLong();
            }
            assertArrayEquals(expected, counts[i], seed + " confusion row " + i);
        }
    }

    private static float[][] floats(JsonArray rows) {
        float[][] out = new float[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            JsonArray r = rows.get(i).getAsJsonArray();
            out[i] = new float[r.size()];
            for (int j = 0; j < r.size(); j++) {
                out[i][j] = (float) r.get(j).getAsDouble();
            }
        }
        return out;
    }
}
