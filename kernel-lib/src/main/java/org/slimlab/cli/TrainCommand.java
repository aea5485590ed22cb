package org.slimlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slimlab.SlimException;
import org.slimlab.data.Augment;
import org.slimlab.eval.DetMetrics;
import org.slimlab.train.ConsoleProgress;
import org.slimlab.train.DetectionTraining;
import org.slimlab.train.Hyperparameters;
import org.slimlab.train.RunDir;
import org.slimlab.train.TrainConfig;
import org.slimlab.train.TrainExtension;
import org.slimlab.train.TrainOutcome;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./slim train}: trains a detector from a config, fine-tunes a trained run, or resumes an interrupted one,
 * through {@link DetectionTraining}. The run directory is {@code --project/--name}, with Ultralytics' increment
 * ({@code exp}, {@code exp2}, ...) for new runs.
 *
 * <p>Extensions (sparsity regularisation, distillation ...) are picocli mixins that implement
 * {@link TrainExtension}: declare one as a {@code @Mixin} field here, or add it with
 * {@code commandLine.getSubcommands().get("train").addMixin(name, extension)}; every such mixin is handed to the
 * training run.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a YOLO detector (--cfg), fine-tune a trained run (--weights), or resume one (--resume).",
            "Writes a run directory: model.yaml, args.yaml, metrics.csv, weights/{best,last}.params, weights/last.ckpt.",
            "Fine-tuning starts at " + DetectionTraining.FINETUNE_LR_FACTOR + "x the optimizer's default lr0 "
                + "unless --lr0 is given."})
public final class TrainCommand implements Callable<Integer> {
    /** Options that set a new run's arguments: a resumed run takes its own from args.yaml. */
    private static final List<String> RUN_OPTIONS = List.of("--cfg", "--weights", "--scale", "--data", "--epochs",
            "--time", "--img", "--batch", "--nbs", "--optimizer", "--lr0", "--cos-lr", "--warmup-epochs", "--close-mosaic", "--noval", "--workers",
            "--device", "--seed", "--skip-bad", "--no-augment", "--hyp");

    @ArgGroup(exclusive = true)
    private Source source;

    /** The model of a new run. */
    static final class Source {
        @Option(names = "--cfg", paramLabel = "FILE|NAME", description = "model yaml, or a built-in name (yolov5n, yolov8n ...)")
        String cfg;

        @Option(names = "--weights", paramLabel = "RUN", description = "a trained or pruned run directory to fine-tune")
        Path weights;
    }

    @Option(names = "--scale", paramLabel = "LETTER", description = "scale of a yaml with scales (n, s, m, l, x)")
    private String scale;

    @Option(names = "--data", paramLabel = "DATA", description = "Ultralytics data yaml")
    private Path data;

    @Option(names = "--epochs", defaultValue = "100", paramLabel = "N", description = "epochs (default: ${DEFAULT-VALUE})")
    private int epochs;

    @Option(names = "--time", defaultValue = "0", paramLabel = "HOURS",
            description = {"training-time budget in hours (Ultralytics' time), validation included (with --noval, training alone): after every epoch "
                + "the epochs are re-planned to as many as fit, and the learning-rate schedule follows; overrides "
                + "--epochs after the first epoch (default: none)"})
    private double time;

    @Option(names = "--noval", description = "validate the last epoch only (YOLOv5's --noval, Ultralytics' val=False); "
            + "the others' metrics are NaN in metrics.csv, and best is the last epoch")
    private boolean noval;

    @Option(names = "--img", defaultValue = "640", paramLabel = "PX", description = "square image side, a multiple of 32 (default: ${DEFAULT-VALUE})")
    private int img;

    @Option(names = "--batch", defaultValue = "16", paramLabel = "B", description = "images per batch (default: ${DEFAULT-VALUE})")
    private int batch;

    @Option(names = "--nbs", defaultValue = "64", paramLabel = "N",
            description = "nominal batch: gradients are accumulated over N/B batches (default: ${DEFAULT-VALUE})")
    private int nbs;

    @Option(names = "--optimizer", defaultValue = "SGD", paramLabel = "SGD|AdamW", description = "optimizer (default: ${DEFAULT-VALUE})")
    private String optimizer;

    @Option(names = "--lr0", paramLabel = "X", description = "initial learning rate (default: 0.01 SGD, 0.001 AdamW; 0.1x when fine-tuning)")
    private Double lr0;

    @Option(names = "--cos-lr", description = "cosine learning-rate schedule (default: linear)")
    private boolean cosLr;

    @Option(names = "--warmup-epochs", paramLabel = "X", description = "warm-up epochs (default: 3)")
    private Double warmupEpochs;

    @Option(names = "--close-mosaic", defaultValue = "0", paramLabel = "N", description = "train the last N epochs without mosaic (default: ${DEFAULT-VALUE})")
    private int closeMosaic;

    @Option(names = "--workers", defaultValue = "2", paramLabel = "W", description = "data loading threads (default: ${DEFAULT-VALUE})")
    private int workers;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "cpu|gpu", description = "device: cpu, gpu or gpuN (default: ${DEFAULT-VALUE})")
    private String device;

    @Option(names = "--project", defaultValue = "runs/train", paramLabel = "DIR", description = "folder of runs (default: ${DEFAULT-VALUE})")
    private Path project;

    @Option(names = "--name", defaultValue = "exp", paramLabel = "NAME", description = "run name, incremented if taken (default: ${DEFAULT-VALUE})")
    private String name;

    @Option(names = "--resume", arity = "0..1", fallbackValue = "", paramLabel = "RUN",
            description = "continue an interrupted run exactly: RUN, else --project/--name")
    private String resume;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "random seed (default: ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = "--skip-bad", description = "leave bad images out (listed) instead of stopping at the first")
    private boolean skipBad;

    @Option(names = "--no-augment", description = "train without augmentation")
    private boolean noAugment;

    @Option(names = "--hyp", split = ",", paramLabel = "KEY=VALUE|FILE",
            description = {"override hyperparameters under Ultralytics' keys: loss gains (box, obj, cls, dfl), lr and EMA "
                + "settings, augmentation (hsv_h ... scale, fliplr, mosaic); KEY=VALUE pairs or a yaml file of them, "
                + "e.g. --hyp cls=1.0,mosaic=0"})
    private List<String> hyp = List.of();

    @Option(names = "--json", description = "print run, best_map50, best_map50_95, epochs as one JSON object on the last line")
    private boolean json;

    @Spec
    private CommandSpec command;

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        DetectionTraining.Builder training = resume != null ? resumed() : fresh();
        training.listener(new ConsoleProgress(out)).log(out::println);
        extensions().forEach(training::extension);
        TrainOutcome o = runStoppable(training);
        print(out, o);
        out.flush();
        return 0;
    }

    private DetectionTraining.Builder fresh() {
        if (source == null) {
            throw new SlimException("train: give --cfg FILE|NAME, --weights RUN or --resume");
        }
        if (data == null) {
            throw new SlimException("train: --data DATA (a data yaml) is required");
        }
        if (scale != null && source.cfg == null) {
            throw new SlimException("--scale applies to --cfg only; a run's model.yaml is already scaled");
        }
        if (nbs < 1) {
            throw new SlimException("--nbs must be at least 1, got " + nbs);
        }
        if (!(time >= 0) || Double.isInfinite(time)) {
            throw new SlimException("--time must be a number of hours, 0 (none) or more, got " + time);
        }
        TrainConfig c = TrainConfig.of().withEpochs(epochs).withTime(time).withBatch(batch).withImgSize(img).withSeed(seed)
                .withDevice(device).withCosLr(cosLr).withVal(!noval).with("nbs", nbs).withOptimizerChoices(optimizer, lr0, warmupEpochs);
        Hyperparameters h = Hyperparameters.parse(hyp);
        Augment augment = h.augment(noAugment);
        c = h.apply(c);
        DetectionTraining.Builder b = source.cfg != null ? DetectionTraining.fromConfig(source.cfg, scale)
                : DetectionTraining.fromRun(source.weights);
        return b.data(data).config(c).workers(workers).skipBad(skipBad)
                .augment(augment).closeMosaic(closeMosaic)
                .runDir(RunDir.next(project, name));
    }

    private DetectionTraining.Builder resumed() {
        for (String option : RUN_OPTIONS) {
            if (command.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new SlimException("--resume continues a run with the arguments in its args.yaml; drop " + option);
            }
        }
        return DetectionTraining.resume(resume.isEmpty() ? project.resolve(name) : Path.of(resume));
    }

    /** The mixins of this command that extend training. */
    private List<TrainExtension> extensions() {
        return command.mixins().values().stream().map(CommandSpec::userObject)
                .filter(TrainExtension.class::isInstance).map(TrainExtension.class::cast).toList();
    }

    /** Runs the training; an interrupt of the process (Ctrl-C) stops it at the next batch with a checkpoint. */
    private static TrainOutcome runStoppable(DetectionTraining.Builder training) {
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.set(true);
            try {
                done.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "slim-train-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return training.stopWhen(stop::get).build().run();
        } finally {
            done.countDown();
            if (!stop.get()) {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        }
    }

    private void print(PrintWriter out, TrainOutcome o) {
        DetMetrics best = o.best();
        if (best != null) {
            out.println(best.text());
        }
        var r = o.result();
        String row = "%-10s %s%n";
        out.printf(Locale.ROOT, row, "run", r.runDir());
        out.printf(Locale.ROOT, row, "epochs", r.epochsDone() + (r.bestEpoch() >= 0 ? " (best " + (r.bestEpoch() + 1) + ")" : "")
                + (r.stopped() ? ", stopped" : ""));
        if (best != null) {
            out.printf(Locale.ROOT, row, "mAP50", String.format(Locale.ROOT, "%.4f", best.map50()));
            out.printf(Locale.ROOT, row, "mAP50-95", String.format(Locale.ROOT, "%.4f", best.map50_95()));
        }
        out.printf(Locale.ROOT, row, "time", String.format(Locale.ROOT, "%.1f min (validation %.1f min), %.1f images/s",
                o.seconds() / 60, o.validationSeconds() / 60, o.imagesPerSecond()));
        if (json) {
            out.println(new JsonOut().put("run", r.runDir().toString())
                    .put("best_map50", best == null ? null : best.map50())
                    .put("best_map50_95", best == null ? null : best.map50_95())
                    .put("epochs", r.epochsDone()));
        }
    }
}
