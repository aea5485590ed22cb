package org.slimlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.slimlab.notebook.DisplaySink;
import org.slimlab.notebook.Rich;

class ProgressTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void oneThread() {
        Engine.getInstance();
        JniUtils.setNumThreads(1);
    }

    @Test
    void textPieces() {
        assertEquals("1:02:05", ProgressText.duration(3725));
        assertEquals("0:07", ProgressText.duration(6.6));
        assertEquals("##--", ProgressText.bar(5, 10, 4));
        StepReport r = new StepReport(new StepInfo(1, 10, 49, 100, 149), List.of("box", "cls"),
                new float[] {0.05f, 0.25f}, 0.01, 10.0, 50, 12, 320);
        assertEquals(5.0, r.rate(), 1e-12);
        assertEquals(10.0, r.etaSeconds(), 1e-12);
        assertEquals("  2/10 [##########----------] 50/100  box 0.0500  cls 0.2500  5.0 it/s  ETA 0:10",
                ProgressText.line(r));
    }

    @Test
    void consoleBarRefreshesOneLine() {
        TrainerTest.Setup s = TrainerTest.anchorSetup();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Trainer t = Trainer.builder(s.detector(), s.data(), tmp.resolve("c")).config(s.config().withEpochs(1))
                .validator(s.validator()).listener(new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8)))
                .build()) {
            t.run();
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        String[] lines = out.split("\n");
        assertTrue(lines[0].startsWith("training " + tmp.resolve("c") + ": epochs 1, 6 batches per epoch"), out);
        assertTrue(lines[1].startsWith("\r") && lines[1].contains("  1/1 [####################] 6/6  box "), out);
        assertTrue(lines[1].contains(" it/s  ETA 0:00") || lines[1].contains(" s/it  ETA 0:00"), out);
        assertTrue(lines[2].trim().startsWith("val/loss ") && lines[2].contains("time "), out);
        assertEquals("finished after 1 epochs; weights in " + tmp.resolve("c").resolve("weights"), lines[3]);
    }

    @Test
    void notebookShowsHtmlBarAndLossChart() throws Exception {
        List<Object> shown = new ArrayList<>();
        List<String> updates = new ArrayList<>();
        DisplaySink sink = new DisplaySink() {
            @Override
            public String display(Object value) {
                shown.add(value);
                return "id" + shown.size();
            }

            @Override
            public void update(String id, Object value) {
                updates.add(id);
                shown.set(Integer.parseInt(id.substring(2)) - 1, value);
            }

            @Override
            public boolean live() {
                return true;
            }
        };
        TrainerTest.Setup s = TrainerTest.setup(TinyNets.freeHead(2));
        try (Trainer t = Trainer.builder(s.detector(), s.data(), tmp.resolve("n")).config(s.config().withEpochs(2))
                .validator(s.validator()).listener(new NotebookProgress(sink)).build()) {
            t.run();
        }
        assertEquals(2, shown.size());
        Rich rich = (Rich) shown.get(0);
        String bar = rich.content();
        assertEquals("text/html", rich.mime());
        assertTrue(bar.startsWith("<div") && bar.contains("<progress value=\"1\" max=\"1\"")
                && bar.contains("finished after 2 epochs") && bar.contains("epoch 2: val/loss "), bar);
        assertTrue(rich.plain().startsWith("epoch 2/2 1/1 finished after 2 epochs\nepoch 2: val/loss "), rich.plain());
        assertTrue(updates.contains("id1") && updates.contains("id2"));
        XYChart chart = (XYChart) shown.get(1);
        assertEquals(List.of("box", "cls", "dfl"), new ArrayList<>(chart.getSeriesMap().keySet()));
        assertEquals(12, chart.getSeriesMap().get("dfl").getXData().length);
        byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        assertTrue(png.length > 1000);
    }

    @Test
    void notebookPlotsValidationMapPerEpoch() throws Exception {
        List<Object> shown = new ArrayList<>();
        DisplaySink sink = new DisplaySink() {
            @Override
            public String display(Object value) {
                shown.add(value);
                return "id" + shown.size();
            }

            @Override
            public void update(String id, Object value) {
                shown.set(Integer.parseInt(id.substring(2)) - 1, value);
            }

            @Override
            public boolean live() {
                return true;
            }
        };
        TrainerTest.Setup s = TrainerTest.setup(TinyNets.freeHead(2));
        NotebookProgress progress = new NotebookProgress(sink);
        try (Trainer t = Trainer.builder(s.detector(), s.data(), tmp.resolve("m")).config(s.config().withEpochs(3))
                .validator((model, epoch) -> Validation.detection(0.5, 0.4, 0.1 * (epoch + 1), 0.05 * (epoch + 1)))
                .listener(progress).build()) {
            t.run();
        }
        assertEquals(3, shown.size());
        XYChart metrics = (XYChart) shown.get(2);
        assertEquals(progress.metricsChart(), metrics);
        assertArrayEquals(new double[] {1, 2, 3}, metrics.getSeriesMap().get("mAP50").getXData());
        assertArrayEquals(new double[] {0.1, 0.2, 0.30000000000000004}, metrics.getSeriesMap().get("mAP50").getYData());
        assertArrayEquals(new double[] {0.05, 0.1, 0.15000000000000002}, metrics.getSeriesMap().get("mAP50-95").getYData());
    }
}
