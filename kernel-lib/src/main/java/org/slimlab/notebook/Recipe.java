package org.slimlab.notebook;

import org.slimlab.report.Latency;
import org.slimlab.report.RecipeSteps;
import tech.tablesaw.api.Table;

import java.util.List;

/**
 * The lightweight YOLOv8 recipe for notebooks: yolov8n, + CSPPC, + ADown, + AFPN
 * ({@code yolov8n-lite}), measured step by step (see {@link RecipeSteps}).
 */
public final class Recipe {
    /** Timed runs in quick mode ({@code SLIMLAB_QUICK=1}). */
    static final int QUICK_RUNS = 3;
    /** Untimed warm-up rounds in quick mode. */
    static final int QUICK_WARMUP = 1;

    private Recipe() {
    }

    /** The configs of the steps, in order: yolov8n, yolov8n-csppc, yolov8n-csppc-adown, yolov8n-lite. */
    public static List<String> configs() {
        return RecipeSteps.CONFIGS;
    }

    /** Parameters (nc=1 and {@code nc}) and GFLOPs (640 and {@code img}) of every step, without timing. */
    public static Table counts(int nc, int img) {
        return RecipeSteps.counts(nc, img);
    }

    /**
     * {@link #counts} plus CPU latency at batch 1 and 16 at {@code img} px, every step timed in turn:
     * 3 timed runs in quick mode, {@value Latency#DEFAULT_RUNS} otherwise.
     */
    public static Table table(int nc, int img) {
        boolean quick = Slim.quick();
        return RecipeSteps.measure(nc, img, quick ? QUICK_WARMUP : Latency.DEFAULT_WARMUP,
                quick ? QUICK_RUNS : Latency.DEFAULT_RUNS);
    }

    /** The recipe's reported parameters at nc=1 (3,011,043 and 1,436,977) next to SlimLab's count of the same steps. */
    public static Table versusReported() {
        return RecipeSteps.versusReported();
    }

    /** Each step's parameters split into backbone, neck and Detect, for {@code nc} classes. */
    public static Table parts(int nc) {
        return RecipeSteps.parts(nc);
    }
}
