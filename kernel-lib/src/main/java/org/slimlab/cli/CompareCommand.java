package org.slimlab.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slimlab.SlimException;
import org.slimlab.data.Augment;
import org.slimlab.report.Comparison;
import org.slimlab.report.ComparisonRunner;
import org.slimlab.report.Latency;
import org.slimlab.report.VariantRow;
import org.slimlab.train.ConsoleProgress;
import org.slimlab.train.RunDir;
import org.slimlab.train.Hyperparameters;
import org.slimlab.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./slim compare}: one table of parameters, GFLOPs, latency and mAP, either of trained runs
 * ({@code compare RUN...}) or of model configs that it first trains with the same schedule and seed
 * ({@code compare --cfgs a,b,c --data DATA}), optionally width-scaled to equal GFLOPs.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compare trained runs (RUN...), or train model configs with one schedule and seed (--cfgs) and "
                + "compare them: parameters, GFLOPs, CPU latency at batch 1 and 16, GPU latency when there is a GPU, "
                + "mAP50, mAP50-95, training time.",
            "Writes compare.csv, map_vs_latency.png and map_vs_gflops.png (Pareto fronts marked) to --project."})
public final class CompareCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RUN", arity = "0..*", description = "trained run directories to compare")
    private List<Path> runs = new ArrayList<>();

    @Option(names = "--cfgs", split = ",", paramLabel = "CFG", description = "model configs to train and compare (a,b,c)")
    private List<String> cfgs = new ArrayList<>();

    @Option(names = "--data", paramLabel = "DATA", description = "Ultralytics data yaml (with --cfgs)")
    private Path data;

    @Option(names = "--epochs", defaultValue = "100", paramLabel = "N", description = "epochs per model (default: ${DEFAULT-VALUE})")
    private int epochs;

    @Option(names = "--img", paramLabel = "PX",
            description = "training and latency image side (default: 640 with --cfgs, the first run's otherwise)")
    private Integer img;

    @Option(names = "--batch", defaultValue = "16", paramLabel = "B", description = "training batch (default: ${DEFAULT-VALUE})")
    private int batch;

    @Option(names = "--nbs", defaultValue = "64", paramLabel = "N",
            description = "nominal batch: gradients are accumulated over N/B batches (default: ${DEFAULT-VALUE})")
    private int nbs;

    @Option(names = "--optimizer", defaultValue = "SGD", paramLabel = "SGD|AdamW", description = "optimizer (default: ${DEFAULT-VALUE})")
    private String optimizer;

    @Option(names = "--lr0", paramLabel = "X", description = "initial learning rate (default: 0.01 SGD, 0.001 AdamW)")
    private Double lr0;

    @Option(names = "--cos-lr", description = "cosine learning-rate schedule (default: linear)")
    private boolean cosLr;

    @Option(names = "--warmup-epochs", paramLabel = "X", description = "warm-up epochs (default: 3)")
    private Double warmupEpochs;

    @Option(names = "--no-augment", description = "train without augmentation")
    private boolean noAugment;

    @Option(names = "--hyp", split = ",", paramLabel = "KEY=VALUE|FILE",
            description = "override hyperparameters of every run, as train --hyp does, e.g. --hyp cls=1.0,mosaic=0")
    private List<String> hyp = List.of();

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "random seed of every run (default: ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "cpu|gpu", description = "training device (default: ${DEFAULT-VALUE})")
    private String device;

    @Option(names = "--workers", defaultValue = "2", paramLabel = "W", description = "data loading threads (default: ${DEFAULT-VALUE})")
    private int workers;

    @Option(names = "--equal-gflops", paramLabel = "REF",
            description = "width-scale every config to the GFLOPs of this reference config before training")
    private String reference;

    @Option(names = "--tolerance", defaultValue = "0.03", paramLabel = "F",
            description = "relative GFLOPs gap the width search aims for, at most 0.10 (default: ${DEFAULT-VALUE})")
    private double tolerance;

    @Option(names = "--latency-runs", defaultValue = "10", paramLabel = "N",
            description = "timed rounds per model and batch size, after " + Latency.DEFAULT_WARMUP
                    + " warm-up rounds (default: ${DEFAULT-VALUE})")
    private int latencyRuns;

    @Option(names = "--project", paramLabel = "DIR", description = "folder of the runs, table and plots (default: runs/compare)")
    private Path project = ComparisonRunner.DEFAULT_PROJECT;

    @Option(names = "--json", description = "print rows (one object per model), csv and failed (variants whose "
            + "training failed) as one JSON object on the last line")
    private boolean json;

    @Spec
    private CommandSpec command;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        Comparison c;
        Path csv;
        List<String> failed = List.of();
        if (!cfgs.isEmpty()) {
            if (!runs.isEmpty()) {
                throw new SlimException("compare: give trained runs or --cfgs, not both");
            }
            ComparisonRunner.Result r = trainAndCompare(out);
            c = r.comparison();
            csv = r.csv();
            for (ComparisonRunner.Variant v : r.variants()) {
                out.println(v);
            }
            failed = r.failed();
            for (String f : failed) {
                out.println("failed: " + f);
            }
        } else {
            if (runs.isEmpty()) {
                throw new SlimException("compare: give trained run directories, or --cfgs a,b,c --data DATA to train them");
            }
            if (reference != null || data != null) {
                throw new SlimException("compare: --equal-gflops and --data apply to --cfgs only");
            }
            int px = img != null ? img : TrainConfig.load(new RunDir(runs.get(0)).argsYaml()).imgSize();
            c = Comparison.measure(runs, Collections.nCopies(runs.size(), Double.NaN), Comparison.Timing.of(px, latencyRuns));
            csv = c.save(project);
        }
        out.print(c.text());
        out.printf(Locale.ROOT, "saved %s, %s, %s%n", csv, csv.resolveSibling(Comparison.LATENCY_PNG),
                csv.resolveSibling(Comparison.GFLOPS_PNG));
        if (json) {
            out.println(new JsonOut().put("rows", c.rows().stream().map(CompareCommand::jsonRow).toList())
                    .put("csv", csv.toString()).put("failed", failed));
        }
        out.flush();
        return 0;
    }

    private ComparisonRunner.Result trainAndCompare(PrintWriter out) {
        if (data == null) {
            throw new SlimException("compare: --cfgs needs --data DATA (a data yaml)");
        }
        if (!Files.isRegularFile(data)) {
            throw new SlimException(data + ": no such data yaml");
        }
        if (nbs < 1) {
            throw new SlimException("--nbs must be at least 1, got " + nbs);
        }
        Hyperparameters h = Hyperparameters.parse(hyp);
        Augment augment = h.augment(noAugment);
        TrainConfig config = h.apply(TrainConfig.of().withEpochs(epochs).withBatch(batch).withImgSize(img == null ? 640 : img)
                .withSeed(seed).withDevice(device).withCosLr(cosLr).with("nbs", nbs)
                .withOptimizerChoices(optimizer, lr0, warmupEpochs));
        return ComparisonRunner.builder(cfgs, data).config(config).project(project).equalGflops(reference)
                .tolerance(tolerance).latencyRuns(latencyRuns).workers(workers)
                .augment(augment)
                .listener(() -> new ConsoleProgress(out)).log(out::println).build().run();
    }

    private static Map<String, Object> jsonRow(VariantRow r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.name());
        m.put("width_factor", r.widthFactor());
        m.put("parameters", r.parameters());
        m.put("gflops", r.gflops());
        m.put("cpu_b1_ms", r.cpuB1Ms());
        m.put("cpu_b16_ms", r.cpuB16Ms());
        m.put("gpu_b1_ms", r.gpuB1Ms());
        m.put("gpu_b16_ms", r.gpuB16Ms());
        m.put("map50", r.map50());
        m.put("map50_95", r.map50_95());
        m.put("train_s", r.trainSeconds());
        m.put("run", r.run().toString());
        return m;
    }
}
