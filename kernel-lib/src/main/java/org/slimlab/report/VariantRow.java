package org.slimlab.report;

import java.nio.file.Path;

/**
 * One model of a comparison. Latencies are medians in milliseconds per forward pass of a batch (not per image);
 * figures that were not measured (no GPU) are NaN.
 *
 * @param name the variant's name (its run directory's name)
 * @param run the run directory
 * @param widthFactor the factor its config's width multiple was scaled by to match the reference's GFLOPs
 *     (1 when it was not scaled, NaN when unknown)
 * @param parameters parameters of the unfused model
 * @param gflops GFLOPs at 640 pixels, counted as Ultralytics does
 * @param cpuB1Ms CPU latency at batch 1
 * @param cpuB16Ms CPU latency at batch 16
 * @param gpuB1Ms GPU latency at batch 1
 * @param gpuB16Ms GPU latency at batch 16
 * @param map50 mAP at IoU 0.5 of the best epoch
 * @param map50_95 mAP over IoU 0.50..0.95 of the best epoch
 * @param trainSeconds training time
 */
public record VariantRow(String name, Path run, double widthFactor, long parameters, double gflops, double cpuB1Ms,
        double cpuB16Ms, double gpuB1Ms, double gpuB16Ms, double map50, double map50_95, double trainSeconds) {
}
