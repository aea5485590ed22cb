package org.slimlab.slim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.Pair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slimlab.SlimException;
import org.slimlab.model.ModelSpec;
import org.slimlab.model.YoloModel;
import org.slimlab.train.EpochData;
import org.slimlab.train.RunDir;
import org.slimlab.train.TrainBatch;
import org.slimlab.train.TrainConfig;
import org.slimlab.train.TrainListener;
import org.slimlab.train.TrainResult;
import org.slimlab.train.Trainer;
import org.slimlab.train.Weights;
import org.slimlab.train.YoloDetector;

/**
 * Distillation inside the trainer: a yolov5n teacher and its pruned copy as student, 64 px, two epochs of two
 * batches.
 */
class DistillTrainingTest {
    private static final int IMG = 64;

    @TempDir
    static Path dir;
    private static Path teacherRun;
    private static Path studentRun;

    @BeforeAll
    static void runs() {
        Engine.getInstance();
        JniUtils.setNumThreads(1);
        try (NDManager m = NDManager.newBaseManager()) {
            YoloModel teacher = Fixtures.model("yolov5n", m, 7);
            teacherRun = dir.resolve("teacher");
            teacher.save(teacherRun);
            YoloModel pruned = Pruner.prune(teacher, PruneOptions.percent(50), m);
            studentRun = dir.resolve("student");
            pruned.save(studentRun);
        }
    }

    private static EpochData data() {
        return EpochData.of(2, epoch -> {
            List<TrainBatch> list = new ArrayList<>();
            for (int b = 0; b < 2; b++) {
                SplittableRandom r = new SplittableRandom(epoch * 31L + b);
                float[] img = new float[2 * 3 * IMG * IMG];
                for (int i = 0; i < img.length; i++) {
                    img[i] = (float) r.nextDouble();
                }
                float[][] targets = {{0, r.nextInt(3), 0.4f, 0.5f, 0.3f, 0.4f}, {1, r.nextInt(3), 0.6f, 0.4f, 0.5f, 0.3f}};
                list.add(new TrainBatch(img, 2, IMG, IMG, targets));
            }
            return list.iterator();
        });
    }

    private static TrainConfig config(DistillConfig kd) {
        TrainConfig c = TrainConfig.of().withEpochs(2).withBatch(2).withImgSize(IMG).withSeed(5).with("nbs", 2);
        for (Map.Entry<String, Object> e : kd.toArgs().entrySet()) {
            c = c.with(e.getKey(), e.getValue());
        }
        return c;
    }

    private static DistillConfig kd() {
        return DistillConfig.of(teacherRun).withFeat(1, DistillConfig.FeatureType.MIMIC).withOffLast(1);
    }

    /** A listener that adds each epoch's metrics row to {@code rows}. */
    private static TrainListener collecting(List<Map<String, Double>> rows) {
        return new TrainListener() {
            @Override
            public void onEpochEnd(int epoch, Map<String, Double> row) {
                rows.add(row);
            }
        };
    }

    private static Trainer.Builder builder(Path run, TrainConfig cfg, YoloDetector student) throws Exception {
        Trainer.Builder b = Trainer.builder(student, data(), run).config(cfg)
                .initialWeights(Files.readAllBytes(studentRun.resolve(YoloModel.BEST_WEIGHTS)));
        Distillation.install(b, cfg, student);
        return b;
    }

    @Test
    void teacherStaysFrozenAdaptersFitThePrunedStudentAndStayOutOfItsWeights() throws Exception {
        YoloDetector student = new YoloDetector(ModelSpec.loadRun(studentRun));
        Teacher teacher = new Teacher(teacherRun);
        DistillConfig kd = kd();
        FeatureKdLoss feat = new FeatureKdLoss(teacher, kd);
        Path run = dir.resolve("kd");
        byte[] teacherBytes = Files.readAllBytes(teacherRun.resolve(YoloModel.BEST_WEIGHTS));
        List<Map<String, Double>> rows = new ArrayList<>();
        try (Trainer t = Trainer.builder(student, data(), run).config(config(kd))
                .initialWeights(Files.readAllBytes(studentRun.resolve(YoloModel.BEST_WEIGHTS)))
                .extraLoss(new OutputKdLoss(teacher, student.head(), kd)).extraLoss(feat)
                .listener(collecting(rows)).build()) {
            TrainResult r = t.run();
            assertEquals(2, r.epochsDone());
            YoloModel tm = teacher.load(null);
            for (Pair<String, Parameter> p : tm.getParameters()) {
                assertFalse(p.getValue().requiresGradient(), p.getKey());
                assertNull(JniUtils.getGradient((PtNDArray) p.getValue().getArray()), p.getKey() + " has a gradient");
            }
            assertArrayEquals(teacherBytes, Weights.toBytes(tm), "teacher weights or BatchNorm statistics changed");

            YoloModel pruned = (YoloModel) t.model();
            int[] rowsIn = pruned.headInputs();
            FeatureAdapters adapters = (FeatureAdapters) feat.trainable();
            assertEquals(3, adapters.levels());
            int i = 0;
            for (Pair<String, Parameter> p : adapters.getParameters()) {
                if (p.getKey().endsWith("weight")) {
                    int l = i++;
                    assertTrue(adapters.adapts(l));
                    int cs = pruned.outChannels(rowsIn[l]);
                    int ct = tm.outChannels(tm.headInputs()[l]);
                    assertTrue(cs < ct, "level " + l + ": pruned width " + cs + " vs " + ct);
                    assertEquals(new Shape(ct, cs, 1, 1), p.getValue().getArray().getShape(), "adapter of level " + l);
                }
            }
            assertEquals(3, i);
        }
        assertTrue(rows.get(0).get("train/kd_out") > 0 && rows.get(0).get("train/kd_feat") > 0, rows.get(0).toString());
        assertEquals(0.0, rows.get(1).get("train/kd_out").doubleValue(), "distillation is off in the last epoch");
        assertEquals(0.0, rows.get(1).get("train/kd_feat").doubleValue());
        byte[] saved = Files.readAllBytes(new RunDir(run).lastWeights());
        try (NDManager m = NDManager.newBaseManager()) {
            YoloModel fresh = YoloModel.build(ModelSpec.loadRun(studentRun)).initialize(m);
            assertEquals(Weights.toBytes(fresh).length, saved.length, "student weights hold only the student");
            YoloModel.load(run, m);
        }
    }

    @Test
    void featureDistillationHoldsNoMoreArraysAsEpochsGoBy() throws Exception {
        YoloDetector student = new YoloDetector(ModelSpec.loadRun(studentRun));
        DistillConfig kd = DistillConfig.of(teacherRun).withFeat(1, DistillConfig.FeatureType.CWD);
        TrainConfig cfg = config(kd).withEpochs(3);
        List<Integer> live = new ArrayList<>();
        Trainer[] trainer = new Trainer[1];
        Trainer.Builder b = builder(dir.resolve("kd-mem"), cfg, student).listener(new TrainListener() {
            @Override
            public void onEpochEnd(int epoch, Map<String, Double> row) {
                live.add(trainer[0].liveArrays());
            }
        });
        try (Trainer t = b.build()) {
            trainer[0] = t;
            t.run();
        }
        assertEquals(3, live.size());
        assertEquals(live.get(0), live.get(2), "arrays alive after each epoch: " + live);
    }

    @Test
    void anAfpnStudentLearnsFromAYolov8nTeacherThroughBothTerms() throws Exception {
        // yolov8n-lite (CSPPC, ADown, AFPN) under a yolov8n teacher: the same anchor-free head shapes, narrower
        // neck outputs, so the output term compares the heads directly and the feature term needs adapters
        Path v8Teacher = dir.resolve("v8-teacher");
        try (NDManager m = NDManager.newBaseManager()) {
            Fixtures.model("yolov8n", m, 11).save(v8Teacher);
        }
        YoloDetector student = new YoloDetector(ModelSpec.load("yolov8n-lite").withNc(3));
        Teacher teacher = new Teacher(v8Teacher);
        DistillConfig kd = DistillConfig.of(v8Teacher).withFeat(0.25, DistillConfig.FeatureType.CWD);
        FeatureKdLoss feat = new FeatureKdLoss(teacher, kd);
        byte[] teacherBytes = Files.readAllBytes(v8Teacher.resolve(YoloModel.BEST_WEIGHTS));
        List<Map<String, Double>> rows = new ArrayList<>();
        TrainConfig cfg = config(kd).withEpochs(1);
        try (Trainer t = Trainer.builder(student, data(), dir.resolve("lite-kd")).config(cfg)
                .extraLoss(new OutputKdLoss(teacher, student.head(), kd)).extraLoss(feat)
                .listener(collecting(rows)).build()) {
            assertEquals(1, t.run().epochsDone());
            YoloModel tm = teacher.load(null);
            assertArrayEquals(teacherBytes, Weights.toBytes(tm), "teacher weights or BatchNorm statistics changed");
            YoloModel lite = (YoloModel) t.model();
            FeatureAdapters adapters = (FeatureAdapters) feat.trainable();
            assertEquals(3, adapters.levels());
            int adapted = 0;
            for (int l = 0; l < 3; l++) {
                int cs = lite.outChannels(lite.headInputs()[l]);
                int ct = tm.outChannels(tm.headInputs()[l]);
                assertEquals(cs != ct, adapters.adapts(l), "level " + l + ": " + cs + " vs " + ct);
                adapted += adapters.adapts(l) ? 1 : 0;
            }
            assertTrue(adapted > 0, "the AFPN neck hands the head narrower maps than yolov8n's");
        }
        double out = rows.get(0).get("train/kd_out");
        double fd = rows.get(0).get("train/kd_feat");
        assertTrue(out > 0 && Double.isFinite(out) && fd > 0 && Double.isFinite(fd), rows.get(0).toString());
    }

    @Test
    void resumedDistillationEndsBitForBitLikeAnUninterruptedRun() throws Exception {
        YoloDetector student = new YoloDetector(ModelSpec.loadRun(studentRun));
        TrainConfig cfg = config(kd().withOffLast(0));
        try (Trainer t = builder(dir.resolve("whole"), cfg, student).build()) {
            t.run();
        }
        AtomicInteger steps = new AtomicInteger();
        Trainer.Builder cut = builder(dir.resolve("cut"), cfg, student).stopWhen(() -> steps.getAndIncrement() == 3);
        try (Trainer t = cut.build()) {
            assertTrue(t.run().stopped());
        }
        TrainConfig resumedArgs = TrainConfig.load(new RunDir(dir.resolve("cut")).argsYaml());
        assertEquals(teacherRun.toString(), resumedArgs.toMap().get("teacher"));
        Trainer.Builder again = Trainer.builder(student, data(), dir.resolve("cut")).resume(true);
        Distillation.install(again, resumedArgs, student);
        try (Trainer t = again.build()) {
            assertFalse(t.run().stopped());
        }
        assertArrayEquals(Files.readAllBytes(new RunDir(dir.resolve("whole")).lastWeights()),
                Files.readAllBytes(new RunDir(dir.resolve("cut")).lastWeights()));
    }

    @Test
    void aTeacherOfOtherClassesIsAOneLineError() {
        YoloDetector student = new YoloDetector(ModelSpec.loadRun(studentRun).withNc(5));
        TrainConfig cfg = config(kd()).with("data", "/data/other.yaml");
        SlimException e = assertThrows(SlimException.class,
                () -> Distillation.install(Trainer.builder(student, data(), dir.resolve("x")), cfg, student));
        assertEquals("teacher " + teacherRun + " detects 3 classes but the data /data/other.yaml has 5", e.getMessage());
    }
}
