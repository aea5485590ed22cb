package org.slimlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.io.DataInputStream;
import java.io.IOException;
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

class TrainerTest {
    @TempDir
    Path tmp;

    /** The test tensors are tiny: one intra-op thread avoids synchronisation costs on a busy machine. */
    @BeforeAll
    static void oneThread() {
        Engine.getInstance();
        JniUtils.setNumThreads(1);
    }

    /** Everything a test run needs. */
    record Setup(TrainableDetector detector, EpochData data, TrainConfig config, Validator validator) {
    }

    /** Tiny anchor-based run: 3 epochs of 6 batches of 4 images, 32 px; validation = loss on a fixed batch. */
    static Setup anchorSetup() {
        return setup(TinyNets.anchorHead(3));
    }

    static Setup setup(HeadSpec head) {
        TrainConfig cfg = TrainConfig.of().withEpochs(3).withBatch(4).withImgSize(Synthetic.IMG).withSeed(5)
                .withSavePeriodSteps(1).with("data", "synthetic");
        TrainBatch val = Synthetic.batch(new SplittableRandom(99), 4, head.nc());
        DetectionLoss loss = DetectionLoss.forHead(head, LossConfig.of(head, cfg));
        Validator v = (model, epoch) -> {
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray x = m.create(val.images(), new Shape(val.n(), 3, val.h(), val.w()));
                NDList out = model.forward(new ParameterStore(m, false), new NDList(x), false);
                float[] parts = loss.compute(out, val.targets(), val.h(), val.w()).parts();
                double total = parts[0] + parts[1] + parts[2];
                return new Validation(Map.of("val/loss", total), -total);
            }
        };
        return new Setup(Synthetic.detector(head), Synthetic.data(7, 6, 4, head.nc()), cfg, v);
    }

    private static TrainResult train(Setup s, Path dir, boolean resume, TrainListener... listeners) {
        Trainer.Builder b = Trainer.builder(s.detector(), s.data(), dir).config(s.config()).resume(resume)
                .validator(s.validator());
        for (TrainListener l : listeners) {
            b.listener(l);
        }
        try (Trainer t = b.build()) {
            return t.run();
        }
    }

    @Test
    void writesTheRunDirectory() throws Exception {
        Setup s = anchorSetup();
        Path dir = tmp.resolve("run");
        TrainResult r = train(s, dir, false);
        assertEquals(3, r.epochsDone());
        assertFalse(r.stopped());
        RunDir run = new RunDir(dir);
        assertTrue(Files.readString(run.modelYaml()).contains("nc: 3"));
        String args = Files.readString(run.argsYaml());
        assertTrue(args.contains("seed: 5") && args.contains("data: synthetic") && args.contains("epochs: 3")
                && args.contains("lr0: 0.01") && args.contains("box: 0.05") && !args.contains("null"), args);
        assertEquals(s.config().resolved(HeadSpec.Kind.ANCHOR_BASED), ArgsYaml.read(args, "args.yaml"));
        List<String> csv = Files.readAllLines(run.metricsCsv());
        assertEquals("epoch,train/box_loss,train/obj_loss,train/cls_loss,val/loss,lr/pg0,lr/pg1,lr/pg2,time", csv.get(0));
        assertEquals(4, csv.size());
        assertTrue(csv.get(3).startsWith("3,"));
        // the saved EMA weights load into a fresh block and reproduce the validation figure of their epoch
        try (NDManager m = NDManager.newBaseManager()) {
            Block b = s.detector().newBlock();
            b.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            try (DataInputStream in = new DataInputStream(Files.newInputStream(run.bestWeights()))) {
                b.loadParameters(m, in);
            }
            double val = -s.validator().validate(b, 0).fitness();
            assertEquals(-r.bestFitness(), val, 1e-6);
        }
        assertTrue(Files.exists(run.checkpoint()) && Files.exists(run.lastWeights()));
        SlimException again = assertThrows(SlimException.class, () -> train(s, dir, false));
        assertTrue(again.getMessage().endsWith("already holds a run (weights/last.ckpt); resume it or choose another name"));
    }

    @Test
    void bothHeadsLearnTheSyntheticBoxes() throws Exception {
        for (HeadSpec head : List.of(TinyNets.anchorHead(3), TinyNets.freeHead(3))) {
            Setup s = setup(head);
            for (TrainConfig.OptimizerKind opt : TrainConfig.OptimizerKind.values()) {
                TrainConfig cfg = s.config().withEpochs(6).withWarmupEpochs(0).withOptimizer(opt).withLr0(opt == TrainConfig.OptimizerKind.SGD ? 0.1 : 0.01).with("nbs", 4)
                        .with("ema_decay", 0.5).withSavePeriodSteps(0);
                Path dir = tmp.resolve(head.kind() + "-" + opt);
                train(new Setup(s.detector(), s.data(), cfg, s.validator()), dir, false);
                List<String> rows = Files.readAllLines(dir.resolve("metrics.csv"));
                double[] first = trainAndVal(rows.get(1));
                double[] last = trainAndVal(rows.get(6));
                String what = head.kind() + " " + opt + ": " + rows;
                assertTrue(last[0] < 0.92 * first[0], "training loss " + what);
                assertTrue(last[1] < first[1], "validation loss " + what);
            }
        }
    }

    /** Sum of the three training loss columns and the validation loss of a metrics row. */
    private static double[] trainAndVal(String row) {
        String[] c = row.split(",");
        return new double[] {Double.parseDouble(c[1]) + Double.parseDouble(c[2]) + Double.parseDouble(c[3]),
            Double.parseDouble(c[4])};
    }

    @Test
    void sameSeedGivesIdenticalRuns() throws Exception {
        Setup s = setup(TinyNets.freeHead(2));
        train(s, tmp.resolve("a"), false);
        train(s, tmp.resolve("b"), false);
        assertEquals(withoutTime(tmp.resolve("a")), withoutTime(tmp.resolve("b")));
        assertArrayEquals(Files.readAllBytes(new RunDir(tmp.resolve("a")).lastWeights()),
                Files.readAllBytes(new RunDir(tmp.resolve("b")).lastWeights()));
        Setup other = new Setup(s.detector(), s.data(), s.config().withSeed(6), s.validator());
        train(other, tmp.resolve("c"), false);
        assertFalse(Files.readString(tmp.resolve("a/metrics.csv")).equals(Files.readString(tmp.resolve("c/metrics.csv"))));
    }

    @Test
    void stopAndResumeEndsLikeAnUninterruptedRun() throws Exception {
        Setup s = anchorSetup();
        train(s, tmp.resolve("ref"), false);
        // stop mid-epoch 2 (gradients pending between optimizer steps), then resume
        AtomicInteger batches = new AtomicInteger();
        Trainer.Builder b = Trainer.builder(s.detector(), s.data(), tmp.resolve("cut")).config(s.config())
                .validator(s.validator()).stopWhen(() -> batches.get() == 9)
                .listener(new TrainListener() {
                    @Override
                    public void onStep(StepReport r) {
                        batches.incrementAndGet();
                    }
                });
        TrainResult stopped;
        try (Trainer t = b.build()) {
            stopped = t.run();
        }
        assertTrue(stopped.stopped());
        assertEquals(1, stopped.epochsDone());
        assertEquals(2, Files.readAllLines(tmp.resolve("cut/metrics.csv")).size());
        TrainResult resumed = train(s, tmp.resolve("cut"), true);
        assertFalse(resumed.stopped());
        assertSameRun(tmp.resolve("ref"), tmp.resolve("cut"));
    }

    @Test
    void interruptStopsWithinTwoSecondsAndResumes() throws Exception {
        Setup s = anchorSetup();
        train(s, tmp.resolve("ref"), false);
        AtomicInteger steps = new AtomicInteger();
        TrainResult[] result = new TrainResult[1];
        boolean[] flagKept = new boolean[1];
        Thread worker = new Thread(() -> {
            result[0] = train(s, tmp.resolve("int"), false, new TrainListener() {
                @Override
                public void onStep(StepReport r) {
                    steps.incrementAndGet();
                    try {
                        Thread.sleep(40);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            flagKept[0] = Thread.currentThread().isInterrupted();
        });
        worker.start();
        while (steps.get() < 8) {
            Thread.sleep(5);
        }
        long t0 = System.nanoTime();
        worker.interrupt();
        worker.join(10_000);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(seconds < 2, "stopped after " + seconds + " s");
        assertTrue(result[0].stopped());
        assertTrue(flagKept[0], "the interrupt stays visible to the caller");
        train(s, tmp.resolve("int"), true);
        assertSameRun(tmp.resolve("ref"), tmp.resolve("int"));
    }

    @Test
    void resumesAfterSigkillBitForBit() throws Exception {
        Path ref = tmp.resolve("ref");
        Path cut = tmp.resolve("cut");
        assertEquals(0, child(ref, "fresh", 0, null).waitFor());
        Process p = child(cut, "fresh", 80, "step 1 3");
        p.waitFor();
        assertTrue(Files.exists(new RunDir(cut).checkpoint()));
        assertTrue(Files.readAllLines(cut.resolve("metrics.csv")).size() < 4, "killed before the end");
        assertEquals(0, child(cut, "resume", 0, null).waitFor());
        assertSameRun(ref, cut);
    }

    /** Runs {@link ResumeChild}; with {@code killAt}, SIGKILLs it once that line was printed. */
    private static Process child(Path dir, String mode, long delay, String killAt) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true",
                "-Dai.djl.pytorch.num_threads=1"));
        String cache = System.getProperty("DJL_CACHE_DIR");
        if (cache != null) {
            cmd.add("-DDJL_CACHE_DIR=" + cache);
        }
        cmd.addAll(List.of(ResumeChild.class.getName(), dir.toString(), mode, String.valueOf(delay)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.equals(killAt)) {
                    p.destroyForcibly();
                    break;
                }
            }
        }
        return p;
    }

    @Test
    void nonFiniteLossStopsWithOneLineAndKeepsTheCheckpoint() throws Exception {
        Setup s = anchorSetup();
        Path dir = tmp.resolve("nan");
        byte[][] before = new byte[1][];
        ExtraLoss poison = new ExtraLoss() {
            @Override
            public String name() {
                return "poison";
            }

            @Override
            public NDArray compute(NDArray images, NDList outputs, TrainBatch batch, StepInfo step) {
                if (step.epoch() == 1 && step.batch() == 2) {
                    try {
                        before[0] = Files.readAllBytes(new RunDir(dir).checkpoint());
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                    return outputs.get(0).sum().mul(outputs.get(0).getManager().create(Float.NaN));
                }
                return outputs.get(0).sum().mul(outputs.get(0).getManager().create(0f));
            }
        };
        List<TrainResult> finished = new ArrayList<>();
        try (Trainer t = Trainer.builder(s.detector(), s.data(), dir).config(s.config()).extraLoss(poison)
                .listener(new TrainListener() {
                    @Override
                    public void onFinish(TrainResult r) {
                        finished.add(r);
                    }
                }).build()) {
            SlimException e = assertThrows(SlimException.class, t::run);
            assertTrue(e.getMessage().startsWith("loss is NaN at epoch 2/3, batch 3/6 (box "), e.getMessage());
            assertTrue(e.getMessage().contains("; training stopped, last good checkpoint kept: " + new RunDir(dir).checkpoint()),
                    e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        }
        assertEquals(1, finished.size());
        assertTrue(finished.get(0).stopped());
        assertArrayEquals(before[0], Files.readAllBytes(new RunDir(dir).checkpoint()));
        assertEquals("epoch,train/box_loss,train/obj_loss,train/cls_loss,train/poison,lr/pg0,lr/pg1,lr/pg2,time",
                Files.readAllLines(dir.resolve("metrics.csv")).get(0));
    }

    @Test
    void gradientHookSeesEveryBatchBeforeTheStep() {
        Setup s = anchorSetup();
        List<Long> seen = new ArrayList<>();
        double[] gammaGrad = new double[1];
        GradientHook hook = (grads, step) -> {
            seen.add(step.globalBatch());
            grads.forEach(e -> e.parameter().getType() == Parameter.Type.GAMMA,
                    (w, g) -> gammaGrad[0] += g.abs().sum().getFloat());
        };
        try (Trainer t = Trainer.builder(s.detector(), s.data(), tmp.resolve("hook"))
                .config(s.config().withEpochs(1)).gradientHook(hook).build()) {
            t.run();
        }
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), seen);
        assertTrue(gammaGrad[0] > 0);
    }

    @Test
    void holdsNoMoreArraysAsEpochsGoBy() {
        for (HeadSpec head : List.of(TinyNets.anchorHead(3), TinyNets.freeHead(3))) {
            Setup s = setup(head);
            List<Integer> live = new ArrayList<>();
            Trainer[] trainer = new Trainer[1];
            try (Trainer t = Trainer.builder(s.detector(), s.data(), tmp.resolve("mem" + head.kind()))
                    .config(s.config().withEpochs(3)).validator(s.validator())
                    .listener(new TrainListener() {
                        @Override
                        public void onEpochEnd(int epoch, Map<String, Double> row) {
                            live.add(trainer[0].liveArrays());
                        }
                    }).build()) {
                trainer[0] = t;
                t.run();
            }
            assertEquals(3, live.size());
            assertEquals(live.get(0), live.get(2), head.kind() + " " + live);
        }
    }

    @Test
    void aTimeBudgetPlansTheEpochsThatFit() {
        assertEquals(9, Trainer.plannedEpochs(1, 200, 1800));
        assertEquals(8, Trainer.plannedEpochs(2, 410, 1800));
        assertEquals(3, Trainer.plannedEpochs(3, 600, 799.99));
        assertEquals(4, Trainer.plannedEpochs(3, 600, 800));
        assertEquals(2, Trainer.plannedEpochs(2, 2000, 1800));
        assertThrows(IllegalArgumentException.class, () -> Trainer.plannedEpochs(0, 0, 1800));
    }

    @Test
    void aSpentTimeBudgetEndsTheRunAfterItsEpochOnAFinishedPlan() throws Exception {
        Setup s = anchorSetup();
        Path dir = tmp.resolve("short");
        Setup budget = new Setup(s.detector(), s.data(), s.config().withEpochs(3).withTime(1e-9), s.validator());
        TrainResult r = train(budget, dir, false);
        assertEquals(1, r.epochsDone());
        assertFalse(r.stopped());
        RunDir run = new RunDir(dir);
        assertEquals(2, Files.readAllLines(run.metricsCsv()).size());
        String args = Files.readString(run.argsYaml());
        assertTrue(args.contains("epochs: 1\n") && args.contains("time: 1.0E-9"), args);
    }

    /** The setup's validator, recording the epochs it validates and naming its one column. */
    private static Validator recording(Setup s, List<Integer> epochs) {
        return new Validator() {
            @Override
            public Validation validate(Block model, int epoch) {
                epochs.add(epoch);
                return s.validator().validate(model, epoch);
            }

            @Override
            public List<String> metricNames() {
                return List.of("val/loss");
            }
        };
    }

    @Test
    void withoutPerEpochValidationOnlyTheLastEpochIsValidatedAndItIsTheBest() throws Exception {
        Setup s = anchorSetup();
        List<Integer> validated = new java.util.ArrayList<>();
        Setup noval = new Setup(s.detector(), s.data(), s.config().withVal(false), recording(s, validated));
        Path dir = tmp.resolve("noval");
        TrainResult r = train(noval, dir, false);
        assertEquals(3, r.epochsDone());
        assertEquals(List.of(2), validated);
        assertEquals(2, r.bestEpoch());
        RunDir run = new RunDir(dir);
        List<String> csv = Files.readAllLines(run.metricsCsv());
        assertEquals("epoch,train/box_loss,train/obj_loss,train/cls_loss,val/loss,lr/pg0,lr/pg1,lr/pg2,time", csv.get(0));
        assertEquals("NaN", csv.get(1).split(",")[4]);
        assertEquals("NaN", csv.get(2).split(",")[4]);
        assertEquals(-r.bestFitness(), Double.parseDouble(csv.get(3).split(",")[4]), 1e-5);
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(run.bestWeights()), Files.readAllBytes(run.lastWeights())));
        assertTrue(Files.readString(run.argsYaml()).contains("val: false"));
    }

    @Test
    void withoutPerEpochValidationASpentTimeBudgetValidatesTheEpochItEndsOn() throws Exception {
        Setup s = anchorSetup();
        List<Integer> validated = new java.util.ArrayList<>();
        Setup noval = new Setup(s.detector(), s.data(), s.config().withEpochs(3).withTime(1e-9).withVal(false),
                recording(s, validated));
        TrainResult r = train(noval, tmp.resolve("noval-budget"), false);
        assertEquals(1, r.epochsDone());
        assertEquals(List.of(0), validated);
        List<String> csv = Files.readAllLines(new RunDir(tmp.resolve("noval-budget")).metricsCsv());
        assertEquals(2, csv.size());
        assertTrue(Double.isFinite(Double.parseDouble(csv.get(1).split(",")[4])), csv.get(1));
    }

    @Test
    void aTimeBudgetGrowsThePlanTheScheduleFollowsItAndAResumeKeepsIt() throws Exception {
        Setup s = anchorSetup();
        Path dir = tmp.resolve("budget");
        TrainConfig cfg = s.config().withEpochs(1).withTime(1).withWarmupEpochs(0);
        Setup budget = new Setup(s.detector(), s.data(), cfg, s.validator());
        AtomicInteger ended = new AtomicInteger();
        AtomicInteger firstPlan = new AtomicInteger();
        TrainListener count = new TrainListener() {
            @Override
            public void onEpochEnd(int epoch, Map<String, Double> row) {
                if (ended.incrementAndGet() == 1 && epoch == 0) {
                    try {
                        firstPlan.set(ArgsYaml.read(Files.readString(new RunDir(dir).argsYaml()), "args").epochs());
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }
        };
        Trainer.Builder b = Trainer.builder(budget.detector(), budget.data(), dir).config(budget.config())
                .validator(budget.validator()).listener(count).stopWhen(() -> ended.get() >= 2);
        try (Trainer t = b.build()) {
            assertTrue(t.run().stopped());
        }
        RunDir run = new RunDir(dir);
        int planned = ArgsYaml.read(Files.readString(run.argsYaml()), "args.yaml").epochs();
        assertTrue(firstPlan.get() > 100, "an hour holds many sub-second epochs, planned " + firstPlan.get());
        // the second epoch ran on the schedule planned after the first: linear lf(1) = (1 - 1/E)(1 - lrf) + lrf,
        // where the requested single epoch would have given lf(1) = lrf
        List<String> csv = Files.readAllLines(run.metricsCsv());
        String[] head = csv.get(0).split(",");
        String[] second = csv.get(2).split(",");
        int pg0 = List.of(head).indexOf("lr/pg0");
        double lf = (1 - 1.0 / firstPlan.get()) * 0.99 + 0.01;
        assertEquals(0.01 * lf, Double.parseDouble(second[pg0]), 1e-8);
        Checkpoint ck = Checkpoint.read(run.checkpoint());
        double epochSeconds = Double.parseDouble(csv.get(1).split(",")[head.length - 1])
                + Double.parseDouble(second[head.length - 1]);
        assertTrue(ck.state.trainSeconds >= epochSeconds && epochSeconds > 0, ck.state.trainSeconds + " s");
        assertEquals(planned, ArgsYaml.read(ck.argsYaml, "checkpoint").epochs());
        // resumed, the budget counts the time already spent: one more epoch re-plans from three
        ended.set(0);
        Trainer.Builder again = Trainer.builder(budget.detector(), budget.data(), dir).resume(true)
                .validator(budget.validator()).listener(count).stopWhen(() -> ended.get() >= 1);
        try (Trainer t = again.build()) {
            assertTrue(t.run().stopped());
        }
        Checkpoint after = Checkpoint.read(run.checkpoint());
        assertTrue(after.state.trainSeconds > ck.state.trainSeconds);
        assertEquals(Trainer.plannedEpochs(3, after.state.trainSeconds, 3600),
                ArgsYaml.read(Files.readString(run.argsYaml()), "args.yaml").epochs());
    }

    @Test
    void badArgumentsAreNamed() {
        Setup s = anchorSetup();
        SlimException img = assertThrows(SlimException.class, () -> train(new Setup(s.detector(), s.data(),
                s.config().withImgSize(40), s.validator()), tmp.resolve("img"), false));
        assertEquals("argument 'img': 40 is not a multiple of the largest stride 16", img.getMessage());
        SlimException opt = assertThrows(SlimException.class, () -> ArgsYaml.read("optimizer: Lion\n", "args.yaml"));
        assertEquals("argument 'optimizer': unknown optimizer 'Lion' (SGD, AdamW)", opt.getMessage());
        SlimException num = assertThrows(SlimException.class, () -> ArgsYaml.read("lrf: fast\n", "run/args.yaml"));
        assertEquals("run/args.yaml: argument 'lrf' must be a number, got 'fast'", num.getMessage());
        SlimException none = assertThrows(SlimException.class, () -> train(s, tmp.resolve("none"), true));
        assertEquals(tmp.resolve("none/weights/last.ckpt") + ": no checkpoint to resume from", none.getMessage());
        SlimException time = assertThrows(SlimException.class, () -> train(new Setup(s.detector(), s.data(),
                s.config().withTime(-0.5), s.validator()), tmp.resolve("time"), false));
        assertEquals("argument 'time': a budget in hours must be 0 (none) or more, got -0.5", time.getMessage());
    }

    @Test
    void damagedCheckpointIsReportedNotLoaded() throws Exception {
        Setup s = anchorSetup();
        Path dir = tmp.resolve("dmg");
        try (Trainer t = Trainer.builder(s.detector(), s.data(), dir).config(s.config().withEpochs(1)).build()) {
            t.run();
        }
        Path ck = new RunDir(dir).checkpoint();
        byte[] bytes = Files.readAllBytes(ck);
        bytes[bytes.length / 2] ^= 1;
        Files.write(ck, bytes);
        SlimException e = assertThrows(SlimException.class, () -> train(s, dir, true));
        assertEquals(ck + ": checkpoint is damaged (checksum mismatch)", e.getMessage());
        Files.write(ck, java.util.Arrays.copyOf(bytes, 100));
        assertThrows(SlimException.class, () -> train(s, dir, true));
    }

    private static void assertSameRun(Path a, Path b) throws IOException {
        assertEquals(withoutTime(a), withoutTime(b));
        for (Path f : List.of(Path.of("weights/last.params"), Path.of("weights/best.params"))) {
            assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f.toString());
        }
    }

    /** metrics.csv without its wall-clock column. */
    private static List<String> withoutTime(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("metrics.csv"))) {
            out.add(line.substring(0, line.lastIndexOf(',')));
        }
        return out;
    }
}
