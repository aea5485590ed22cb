package org.slimlab.model;

import ai.djl.ndarray.NDManager;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints every shipped config with its layers, parameters and GFLOPs at 640, and how long it takes
 * to build (yaml → blocks) and to initialize its parameters. Run:
 * {@code java -cp "kernel-lib/target/kernel-lib-0.1.0-SNAPSHOT.jar:kernel-lib/target/lib/*" org.slimlab.model.ConfigsReport}
 */
public final class ConfigsReport {
    private ConfigsReport() {
    }

    /** Shipped configs, the yolov8 files at scales n and s. */
    static List<String> models() {
        List<String> names = new ArrayList<>();
        for (String c : Configs.builtin()) {
            if (c.startsWith("yolov8")) {
                names.add(c.replace("yolov8", "yolov8n"));
                names.add(c.replace("yolov8", "yolov8s"));
            } else {
                names.add(c);
            }
        }
        return names;
    }

    /** Prints the report; arguments, if any, name the configs to include. */
    public static void main(String[] args) {
        List<String> names = args.length > 0 ? List.of(args) : models();
        try (NDManager warm = NDManager.newBaseManager()) {
            YoloModel.build("yolov5n").initialize(warm);
        }
        System.out.printf(Locale.ROOT, "%-22s %7s %11s %8s %9s %8s%n", "model", "layers", "parameters", "GFLOPs",
                "build ms", "init ms");
        for (String name : names) {
            long t0 = System.nanoTime();
            YoloModel model = YoloModel.build(name);
            long t1 = System.nanoTime();
            try (NDManager m = NDManager.newBaseManager()) {
                model.initialize(m);
                long t2 = System.nanoTime();
                ModelSummary s = ModelSummary.of(model, ModelSummary.DEFAULT_IMAGE);
                System.out.printf(Locale.ROOT, "%-22s %7d %11d %8.4f %9.1f %8.1f%n", name, s.layers(), s.parameters(),
                        s.gflops(), (t1 - t0) / 1e6, (t2 - t1) / 1e6);
            }
        }
    }
}
