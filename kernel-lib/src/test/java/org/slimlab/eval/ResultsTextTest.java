package org.slimlab.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResultsTextTest {

    @Test
    void formatsNumbersAsCPercentG() {
        assertEquals("0.5", CFormat.g(0.5, 3));
        assertEquals("0.912", CFormat.g(0.91249, 3));
        assertEquals("1", CFormat.g(0.99951, 3));
        assertEquals("0", CFormat.g(0.0, 3));
        assertEquals("0.0123", CFormat.g(0.0123456, 3));
        assertEquals("0.000123", CFormat.g(0.000123456, 3));
        assertEquals("1.23e-05", CFormat.g(0.0000123456, 3));
        assertEquals("123", CFormat.g(123.4, 3));
        assertEquals("1.23e+03", CFormat.g(1234.5, 3));
        assertEquals("0.125", CFormat.g(0.125, 3));
        assertEquals("0.12", CFormat.g(0.125, 2));
        assertEquals("0.497", CFormat.f(0.4975, 3), "0.4975 is stored just below the half");
        assertEquals("0.12", CFormat.f(0.125, 2), "an exact half rounds to even");
        assertEquals("-1.50", CFormat.f(-1.5, 2));
    }

    @Test
    void printsLikeTheUltralyticsValidationTable() {
        DetectionEvaluator e = new DetectionEvaluator(List.of("cat", "dog"));
        e.add(Detections.of(new float[][] {{10, 10, 50, 50, 0.9f, 0}}), GroundTruth.of(new float[][] {
            {0, 10, 10, 50, 50}, {1, 60, 60, 90, 90}}));
        String[] lines = e.result().text().split(System.lineSeparator());
        assertEquals(" ".repeat(17) + "Class" + " ".repeat(5) + "Images" + "  Instances" + " ".repeat(6) + "Box(P"
                + " ".repeat(10) + "R" + " ".repeat(6) + "mAP50" + "  mAP50-95)", lines[0]);
        assertEquals(" ".repeat(19) + "all" + " ".repeat(10) + "1" + " ".repeat(10) + "2" + " ".repeat(8) + "0.5"
                + " ".repeat(8) + "0.5" + " ".repeat(6) + "0.497" + " ".repeat(6) + "0.497", lines[1]);
        assertEquals(" ".repeat(19) + "cat" + " ".repeat(10) + "1" + " ".repeat(10) + "1" + " ".repeat(10) + "1"
                + " ".repeat(10) + "1" + " ".repeat(6) + "0.995" + " ".repeat(6) + "0.995", lines[2]);
        assertEquals(" ".repeat(19) + "dog" + " ".repeat(10) + "1" + " ".repeat(10) + "1" + " ".repeat(10) + "0"
                + " ".repeat(10) + "0" + " ".repeat(10) + "0" + " ".repeat(10) + "0", lines[3]);
        assertEquals(true, lines[4].startsWith("Speed: "));
    }
}
