package org.slimlab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.LongBinaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every shipped lightweight variant's summary against a hand count: each row's parameters from the module
 * formulas (Conv = c1/g·c2·k² + 2·c2 with BatchNorm; GhostConv, DWConv, PConv, CSPPC, ADown, MobileNetV3 and
 * ShuffleNetV2 blocks written out below), summed to the model total, at nc=80.
 */
class VariantCountTest {
    private static final long NC = 80;

    static long conv(long c1, long c2, long k, long g) {
        return c1 / g * c2 * k * k + 2 * c2;
    }

    static long conv(long c1, long c2, long k) {
        return conv(c1, c2, k, 1);
    }

    static long dwConv(long c1, long c2, long k) {
        return conv(c1, c2, k, gcd(c1, c2));
    }

    static long ghostConv(long c1, long c2, long k) {
        return conv(c1, c2 / 2, k) + conv(c2 / 2, c2 / 2, 5, c2 / 2);
    }

    static long ghostBottleneck(long c) {
        return ghostConv(c, c / 2, 1) + ghostConv(c / 2, c, 1);
    }

    static long pConv(long c) {
        return 9 * (c / 4) * (c / 4);
    }

    static long c3(long c1, long c2, long n) {
        long h = c2 / 2;
        return 2 * conv(c1, h, 1) + conv(2 * h, c2, 1) + n * (conv(h, h, 1) + conv(h, h, 3));
    }

    static long c3Ghost(long c1, long c2, long n) {
        long h = c2 / 2;
        return 2 * conv(c1, h, 1) + conv(2 * h, c2, 1) + n * ghostBottleneck(h);
    }

    static long c2f(long c1, long c2, long n) {
        long h = c2 / 2;
        return conv(c1, 2 * h, 1) + conv((2 + n) * h, c2, 1) + n * 2 * conv(h, h, 3);
    }

    static long csppc(long c1, long c2, long n) {
        long h = c2 / 2;
        return conv(c1, 2 * h, 1) + conv((2 + n) * h, c2, 1) + n * 2 * pConv(h);
    }

    static long aDown(long c1, long c2) {
        return conv(c1 / 2, c2 / 2, 3) + conv(c1 / 2, c2 / 2, 1);
    }

    static long sppf(long c1, long c2) {
        return conv(c1, c1 / 2, 1) + conv(2 * c1, c2, 1);
    }

    static long anchorDetect(long... ch) {
        return Arrays.stream(ch).map(c -> (c + 1) * 3 * (NC + 5)).sum();
    }

    static long freeDetect(long... ch) {
        long box = Math.max(Math.max(16, ch[0] / 4), 64);
        long cls = Math.max(ch[0], Math.min(NC, 100));
        long sum = 16;
        for (long c : ch) {
            sum += conv(c, box, 3) + conv(box, box, 3) + box * 64 + 64 + conv(c, cls, 3) + conv(cls, cls, 3) + cls * NC + NC;
        }
        return sum;
    }

    /** torchvision's squeeze width: hidden/4 to the nearest multiple of 8, at least 8, within 10%. */
    static long squeeze(long hidden) {
        double v = hidden / 4.0;
        long w = Math.max(8, (long) (v + 4) / 8 * 8);
        return w < 0.9 * v ? w + 8 : w;
    }

    static long mobileNetV3(long inp, long oup, long hidden, long k, boolean se) {
        long s = se ? 2 * hidden * squeeze(hidden) + squeeze(hidden) + hidden : 0;
        long expand = inp == hidden ? 0 : inp * hidden + 2 * hidden;
        return expand + k * k * hidden + 2 * hidden + s + hidden * oup + 2 * oup;
    }

    static long shuffleNetV2(long inp, long oup, boolean stride2) {
        long b = oup / 2;
        if (stride2) {
            return 11 * inp + inp * b + 2 * b + inp * b + 2 * b + 11 * b + b * b + 2 * b;
        }
        return b * b + 2 * b + 11 * b + b * b + 2 * b;
    }

    /**
     * The YOLOv5n skeleton at width 0.25 (16, 32, 64, 128, 256 channels) with its stride-2 convolutions,
     * C3 blocks and head 1×1 convolutions given: {@code down(c1, c2)}, {@code csp(c1, c2, n)}, {@code lateral(c1, c2)}.
     */
    static List<Long> yolov5n(LongBinaryOperator down, Csp csp, LongBinaryOperator lateral) {
        return List.of(conv(3, 16, 6), down.applyAsLong(16, 32), csp.of(32, 32, 1), down.applyAsLong(32, 64),
                csp.of(64, 64, 2), down.applyAsLong(64, 128), csp.of(128, 128, 3), down.applyAsLong(128, 256),
                csp.of(256, 256, 1), sppf(256, 256), lateral.applyAsLong(256, 128), 0L, 0L, csp.of(256, 128, 1),
                lateral.applyAsLong(128, 64), 0L, 0L, csp.of(128, 64, 1), down.applyAsLong(64, 64), 0L,
                csp.of(128, 128, 1), down.applyAsLong(128, 128), 0L, csp.of(256, 256, 1), anchorDetect(64, 128, 256));
    }

    /** The YOLOv8n skeleton (16 ... 256 channels) with its stride-2 convolutions after row 1 and C2f blocks given. */
    static List<Long> yolov8n(LongBinaryOperator down, Csp csp) {
        return List.of(conv(3, 16, 3), conv(16, 32, 3), csp.of(32, 32, 1), down.applyAsLong(32, 64), csp.of(64, 64, 2),
                down.applyAsLong(64, 128), csp.of(128, 128, 2), down.applyAsLong(128, 256), csp.of(256, 256, 1),
                sppf(256, 256), 0L, 0L, csp.of(384, 128, 1), 0L, 0L, csp.of(192, 64, 1), down.applyAsLong(64, 64), 0L,
                csp.of(192, 128, 1), down.applyAsLong(128, 128), 0L, csp.of(384, 256, 1), freeDetect(64, 128, 256));
    }

    /** The head both torchvision-backbone variants share, after their backbone rows. */
    static List<Long> smallHead(long p3, long p4, long p5) {
        return List.of(conv(p5, 128, 1), 0L, 0L, c3(128 + p4, 128, 1), conv(128, 64, 1), 0L, 0L, c3(64 + p3, 64, 1),
                conv(64, 64, 3), 0L, c3(128, 128, 1), conv(128, 128, 3), 0L, c3(256, 256, 1), anchorDetect(64, 128, 256));
    }

    static List<Long> mobileNetV3Small() {
        List<Long> rows = new ArrayList<>(List.of(conv(3, 16, 3), mobileNetV3(16, 16, 16, 3, true),
                mobileNetV3(16, 24, 72, 3, false), mobileNetV3(24, 24, 88, 3, false), mobileNetV3(24, 40, 96, 5, true),
                mobileNetV3(40, 40, 240, 5, true), mobileNetV3(40, 40, 240, 5, true), mobileNetV3(40, 48, 120, 5, true),
                mobileNetV3(48, 48, 144, 5, true), mobileNetV3(48, 96, 288, 5, true), mobileNetV3(96, 96, 576, 5, true),
                mobileNetV3(96, 96, 576, 5, true)));
        rows.addAll(smallHead(24, 48, 96));
        return rows;
    }

    static List<Long> shuffleNetV2Half() {
        List<Long> rows = new ArrayList<>(List.of(conv(3, 24, 3), 0L, shuffleNetV2(24, 48, true),
                3 * shuffleNetV2(48, 48, false), shuffleNetV2(48, 96, true), 7 * shuffleNetV2(96, 96, false),
                shuffleNetV2(96, 192, true), 3 * shuffleNetV2(192, 192, false)));
        rows.addAll(smallHead(48, 96, 192));
        return rows;
    }

    /** A CSP block's parameters from its input and output widths and inner repeats. */
    interface Csp {
        long of(long c1, long c2, long n);
    }

    static final Map<String, List<Long>> HAND = Map.ofEntries(
            Map.entry("yolov5n", yolov5n((a, b) -> conv(a, b, 3), VariantCountTest::c3, (a, b) -> conv(a, b, 1))),
            Map.entry("yolov5n-ghost", yolov5n((a, b) -> ghostConv(a, b, 3), VariantCountTest::c3Ghost,
                    (a, b) -> ghostConv(a, b, 1))),
            Map.entry("yolov5n-dwconv", yolov5n((a, b) -> dwConv(a, b, 3), VariantCountTest::c3, (a, b) -> conv(a, b, 1))),
            Map.entry("yolov5n-fasternet", yolov5n((a, b) -> conv(a, b, 3), VariantCountTest::csppc, (a, b) -> conv(a, b, 1))),
            Map.entry("yolov5n-adown", yolov5n(VariantCountTest::aDown, VariantCountTest::c3, (a, b) -> conv(a, b, 1))),
            Map.entry("yolov5n-mobilenetv3", mobileNetV3Small()),
            Map.entry("yolov5n-shufflenetv2", shuffleNetV2Half()),
            Map.entry("yolov8n", yolov8n((a, b) -> conv(a, b, 3), VariantCountTest::c2f)),
            Map.entry("yolov8n-csppc", yolov8n((a, b) -> conv(a, b, 3), VariantCountTest::csppc)),
            Map.entry("yolov8n-adown", yolov8n(VariantCountTest::aDown, VariantCountTest::c2f)),
            Map.entry("yolov8n-csppc-adown", yolov8n(VariantCountTest::aDown, VariantCountTest::csppc)));

    @ParameterizedTest
    @ValueSource(strings = {"yolov5n", "yolov5n-ghost", "yolov5n-dwconv", "yolov5n-fasternet", "yolov5n-adown",
        "yolov5n-mobilenetv3", "yolov5n-shufflenetv2", "yolov8n", "yolov8n-csppc", "yolov8n-adown", "yolov8n-csppc-adown"})
    void summaryMatchesTheHandCount(String cfg) {
        ModelSummary s = ModelSummary.of(ModelSpec.load(cfg));
        List<Long> expected = HAND.get(cfg);
        List<Long> counted = s.rows().stream().map(ModelSummary.Row::params).toList();
        assertEquals(expected, counted, cfg + " per row");
        assertEquals(expected.stream().mapToLong(Long::longValue).sum(), s.parameters(), cfg + " total");
    }

    @ParameterizedTest
    @ValueSource(strings = {"yolov5n-ghost", "yolov5n-dwconv", "yolov5n-fasternet", "yolov5n-adown", "yolov5n-mobilenetv3",
        "yolov5n-shufflenetv2", "yolov8n-csppc", "yolov8n-adown", "yolov8n-csppc-adown"})
    void everyVariantIsLighterThanItsBaseAndItsHeaderSaysSo(String cfg) {
        String base = cfg.startsWith("yolov8n") ? "yolov8n" : "yolov5n";
        ModelSummary v = ModelSummary.of(ModelSpec.load(cfg));
        ModelSummary b = ModelSummary.of(ModelSpec.load(base));
        assertTrue(v.gflops() < b.gflops(), cfg + " " + v.gflops() + " vs " + b.gflops());
        String header = ModelSpec.load(cfg).header();
        for (String part : List.of("What changed", "Why:", "Arithmetic")) {
            assertTrue(header.contains(part), cfg + " header lacks '" + part + "'");
        }
        String line = String.format(java.util.Locale.ROOT, "Summary (nc=80, 640): %d layers, %d parameters, %.1f GFLOPs; %s: "
                + "%d layers, %d parameters, %.1f GFLOPs.", v.layers(), v.parameters(), v.gflops(), base, b.layers(),
                b.parameters(), b.gflops());
        assertTrue(header.contains(line), cfg + " header summary, expected: " + line);
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
