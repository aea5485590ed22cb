package org.slimlab.notebook;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.knowm.xchart.XYChart;
import org.slimlab.data.DataViews;
import org.slimlab.data.DataYaml;
import org.slimlab.data.DetDataset;
import org.slimlab.data.FashionDet;
import org.slimlab.data.FashionMnist;
import org.slimlab.eval.DetMetrics;
import org.slimlab.eval.MetricPlots;
import org.slimlab.eval.NmsConfig;
import org.slimlab.model.ModelSpec;
import org.slimlab.model.ModelSummary;
import org.slimlab.train.DetectionTraining;
import org.slimlab.train.NotebookProgress;
import org.slimlab.train.Predictions;
import org.slimlab.train.RunValidation;
import org.slimlab.train.TrainConfig;
import org.slimlab.train.TrainOutcome;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The notebook facade. The SlimLab kernel imports it statically ({@code import static
 * org.slimlab.notebook.Slim.*;}), so notebooks call these methods by their short names.
 * The kernel also imports {@code display}, {@code updateDisplay}, {@code render}, {@code eval},
 * {@code printf}, {@code lineMagic} and {@code cellMagic}; methods here must not reuse those names.
 */
public final class Slim {
    /** Environment variable that switches notebooks and reports to their small, fast variant. */
    public static final String QUICK_ENV = "SLIMLAB_QUICK";

    private Slim() {
    }

    /**
     * True when {@code SLIMLAB_QUICK=1} is set: notebooks shrink data and steps so that they run end to
     * end in minutes on two CPU cores.
     */
    public static boolean quick() {
        return "1".equals(System.getenv(QUICK_ENV));
    }

    /** The device DJL computes on by default: the first GPU when libtorch sees one, else the CPU. */
    public static Device device() {
        return Engine.getInstance().defaultDevice();
    }

    /**
     * A two-column table ({@code property}, {@code value}) describing where the notebook runs: Java, DJL,
     * the engine and its native library version, device, GPU count, CPU cores, heap, operating system,
     * memory allocator and quick mode. Loads the DJL engine if it is not loaded yet.
     */
    public static Table environment() {
        Engine engine = Engine.getInstance();
        Runtime rt = Runtime.getRuntime();
        List<String[]> rows = new ArrayList<>();
        rows.add(row("Java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"));
        rows.add(row("JVM", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version")));
        rows.add(row("DJL", Engine.getDjlVersion()));
        rows.add(row("Engine", engine.getEngineName() + " " + engine.getVersion()));
        rows.add(row("Device", engine.defaultDevice().toString()));
        rows.add(row("GPUs", Integer.toString(engine.getGpuCount())));
        rows.add(row("CPU cores", Integer.toString(rt.availableProcessors())));
        rows.add(row("Max heap", (rt.maxMemory() >> 20) + " MiB"));
        rows.add(row("OS", System.getProperty("os.name") + " " + System.getProperty("os.version")
                + " " + System.getProperty("os.arch")));
        rows.add(row("Allocator", allocator(System.getenv())));
        rows.add(row("Quick mode", quick() ? "on (" + QUICK_ENV + "=1)" : "off"));
        StringColumn property = StringColumn.create("property");
        StringColumn value = StringColumn.create("value");
        for (String[] r : rows) {
            property.append(r[0]);
            value.append(r[1]);
        }
        return Table.create("environment", property, value);
    }

    /**
     * The SlimLab checkout the notebooks work in: {@code $SLIMLAB_HOME} when set, else the nearest folder at or
     * above the working directory that holds {@code data/fashion-det.yaml}. Data and runs live under it.
     */
    public static Path home() {
        return Workspace.home(System.getenv(), Path.of(""));
    }

    /** The run directory {@code runs/notebooks/<name>} of the checkout, where the notebooks keep their runs. */
    public static Path notebookRun(String name) {
        return home().resolve("runs").resolve("notebooks").resolve(name);
    }

    /** The baseline run that notebook 01 trains and the later notebooks start from. */
    public static Path baselineRun() {
        return notebookRun("baseline");
    }

    /**
     * The FashionDet dataset, generated on first use from Debian's Fashion-MNIST: the full one (8000 train and
     * 1000 val images of 256 px) in {@code data/fashion-det}, or in quick mode a tiny one (96 train and 32 val
     * images of 128 px). Returns its data yaml.
     */
    public static Path fashionDet() {
        return quick() ? fashionDet(96, 32, 128) : fashionDet(8000, 1000, 256);
    }

    /**
     * FashionDet with {@code train} and {@code val} images of {@code img} pixels (seed 0), in
     * {@code data/fashion-det} for the full size and {@code data/fashion-det-<train>-<val>-<img>} otherwise;
     * generated unless that folder already holds it. Returns its data yaml.
     */
    public static Path fashionDet(int train, int val, int img) {
        FashionDet.Config full = FashionDet.Config.defaults();
        boolean standard = train == full.train() && val == full.val() && img == full.img();
        String name = standard ? "fashion-det" : "fashion-det-" + train + "-" + val + "-" + img;
        Path dir = home().resolve("data").resolve(name);
        Path yaml = dir.resolve("data.yaml");
        if (Files.isRegularFile(yaml) && images(dir, "train") == train && images(dir, "val") == val) {
            return yaml;
        }
        return FashionDet.generate(FashionMnist.locate(null), dir, full.withSizes(train, val).withImg(img)).dataYaml();
    }

    private static long images(Path dir, String split) {
        Path folder = dir.resolve("images").resolve(split);
        if (!Files.isDirectory(folder)) {
            return -1;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code n} training images of a dataset with their labelled boxes and class names, in a grid. */
    public static BufferedImage dataGrid(Path dataYaml, int n) {
        return DataViews.grid(DetDataset.load(dataYaml, "train"), n, 0);
    }

    /** Per class: images containing it and objects, for both splits of a dataset. */
    public static Table classCounts(Path dataYaml) {
        Table train = DataViews.classCounts(DetDataset.load(dataYaml, "train"));
        Table val = DataViews.classCounts(DetDataset.load(dataYaml, "val"));
        Table t = Table.create("class counts", train.column("class"), train.column("name"));
        t.addColumns(train.intColumn("images").setName("train images"), train.intColumn("objects").setName("train objects"),
                val.intColumn("images").setName("val images"), val.intColumn("objects").setName("val objects"));
        return t;
    }

    /** The per-layer summary of a model config for a dataset's classes, as Ultralytics counts it at {@code img}. */
    public static ModelSummary modelSummary(String cfg, Path dataYaml, int img) {
        return ModelSummary.of(ModelSpec.load(cfg).withNc(DataYaml.load(dataYaml).nc()), img);
    }

    /**
     * Trains {@code cfg} on a dataset into {@code runDir} with a live progress bar, loss plot and mAP plot, then
     * validates the best weights. An earlier run in {@code runDir} is replaced. Interrupting the kernel stops
     * training at the end of the current step with a checkpoint.
     */
    public static TrainOutcome train(String cfg, Path dataYaml, TrainConfig config, Path runDir) {
        Workspace.deleteRun(runDir);
        return DetectionTraining.fromConfig(cfg, null).data(dataYaml).config(config).runDir(runDir)
                .listener(new NotebookProgress()).stopWhen(Interrupts::interrupted).build().run();
    }


    /** Validates a run on a dataset's val split at its training size, as {@code slim val} does. */
    public static RunValidation.Result validate(Path run, Path dataYaml) {
        return RunValidation.of(run, dataYaml).run();
    }

    /** The precision-recall curve per class at IoU 0.5, with the mean labelled by mAP50. */
    public static XYChart prCurve(DetMetrics metrics) {
        return MetricPlots.precisionRecall(metrics);
    }

    /** The confusion matrix (confidence 0.25, IoU 0.45), each true-class column normalised. */
    public static BufferedImage confusionMatrix(DetMetrics metrics) {
        return MetricPlots.confusionMatrix(metrics, true);
    }

    /** The run's detections (confidence at least 0.25) on the first {@code n} val images, drawn in a grid. */
    public static BufferedImage predictions(Path run, Path dataYaml, int n) {
        int img = TrainConfig.load(run.resolve("args.yaml")).imgSize();
        return Predictions.grid(Predictions.of(run, dataYaml, "val", n, img, NmsConfig.predict()),
                DataYaml.load(dataYaml).names());
    }

    /** Names the native allocator preloaded into this process ({@code jemalloc} or the C library's). */
    static String allocator(Map<String, String> env) {
        String preload = env.getOrDefault("LD_PRELOAD", "");
        return preload.contains("jemalloc") ? "jemalloc (" + env.getOrDefault("MALLOC_CONF", "defaults") + ")" : "glibc malloc";
    }

    private static String[] row(String property, String value) {
        return new String[] {property, value};
    }
}
