package org.slimlab.report;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongBinaryOperator;
import java.util.function.Supplier;
import org.slimlab.SlimException;
import org.slimlab.model.YoloModel;
import org.slimlab.model.modules.ADown;
import org.slimlab.model.modules.Act;
import org.slimlab.model.modules.Bottleneck;
import org.slimlab.model.modules.Conv;
import org.slimlab.model.modules.GhostBottleneck;
import org.slimlab.model.modules.GhostConv;
import org.slimlab.model.modules.PConv;
import org.slimlab.model.modules.Sequential;
import org.slimlab.model.modules.Trace;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The cost of single building blocks on a {@code c}-channel feature map of side {@code hw}: parameters and
 * multiply-accumulates counted on the real blocks (as the model summary counts them: convolutions, 4 per
 * BatchNorm input element) next to the same figures from the closed-form formula, so a reader can check the
 * arithmetic of each lightweight idea.
 */
public final class BlockCosts {
    private static final Act SILU = Act.of(Act.Kind.SILU);

    /**
     * One block.
     *
     * @param name what it is
     * @param formula its parameter count in c
     * @param params parameters counted on the block
     * @param paramsByFormula the formula's value
     * @param macs multiply-accumulates counted on the block
     * @param macsByFormula the formula's value
     */
    public record Cost(String name, String formula, long params, long paramsByFormula, long macs, long macsByFormula) {
    }

    /** A block, its formulas for parameters and MACs (as functions of c and hw), and how it is built. */
    private record Entry(String name, String formula, LongBinaryOperator params, LongBinaryOperator macs,
            Supplier<Block> block) {
    }

    private BlockCosts() {
    }

    /**
     * The standard set at width {@code c} (a multiple of 4) and side {@code hw} (even): a 3×3 Conv, its depthwise
     * and Ghost versions, FasterNet's partial convolution, the YOLOv5 and Ghost bottlenecks, and a stride-2 Conv
     * next to ADown.
     */
    public static List<Cost> standard(int c, int hw) {
        if (c < 4 || c % 4 != 0 || hw < 2 || hw % 2 != 0) {
            throw new SlimException("block costs need a width that is a multiple of 4 and an even side, got " + c + " and " + hw);
        }
        List<Entry> entries = List.of(
                new Entry("Conv 3x3", "9c^2 + 2c", (k, s) -> 9 * k * k + 2 * k, (k, s) -> (9 * k * k + 4 * k) * s * s,
                        () -> new Conv(c, c, 3, 1, SILU)),
                new Entry("DWConv 3x3 (groups c)", "9c + 2c", (k, s) -> 11 * k, (k, s) -> 13 * k * s * s,
                        () -> new Conv(c, c, 3, 1, 1, c, 1, SILU)),
                new Entry("GhostConv 3x3", "9c(c/2) + c + 25(c/2) + c", (k, s) -> 9 * k * k / 2 + 29 * k / 2,
                        (k, s) -> (9 * k * k / 2 + 33 * k / 2) * s * s, () -> new GhostConv(c, c, 3, 1, 1, SILU)),
                new Entry("PConv (1/4 of c)", "9(c/4)^2", (k, s) -> 9 * (k / 4) * (k / 4), (k, s) -> 9 * (k / 4) * (k / 4) * s * s,
                        () -> new PConv(c, 4)),
                new Entry("Bottleneck 1x1 + 3x3", "c^2 + 2c + 9c^2 + 2c", (k, s) -> 10 * k * k + 4 * k,
                        (k, s) -> (10 * k * k + 8 * k) * s * s, () -> new Bottleneck(c, c, c, true, 1, 1, 3, SILU)),
                new Entry("GhostBottleneck", "c^2/2 + 87c/4", (k, s) -> k * k / 2 + 87 * k / 4,
                        (k, s) -> (k * k / 2 + 99 * k / 4) * s * s, () -> new GhostBottleneck(c, c, c / 2, 3, 1, SILU)),
                new Entry("CSPPC block (2 PConv)", "2 * 9(c/4)^2", (k, s) -> 18 * (k / 4) * (k / 4),
                        (k, s) -> 18 * (k / 4) * (k / 4) * s * s, () -> new Sequential(List.of(new PConv(c, 4), new PConv(c, 4)))),
                new Entry("Conv 3x3 stride 2", "9c^2 + 2c", (k, s) -> 9 * k * k + 2 * k,
                        (k, s) -> (9 * k * k + 4 * k) * (s / 2) * (s / 2), () -> new Conv(c, c, 3, 2, SILU)),
                new Entry("ADown", "9(c/2)^2 + c + (c/2)^2 + c", (k, s) -> 10 * (k / 2) * (k / 2) + 2 * k,
                        (k, s) -> (10 * (k / 2) * (k / 2) + 4 * k) * (s / 2) * (s / 2), () -> new ADown(c, c / 2, c / 2, c / 2, SILU)));
        List<Cost> out = new ArrayList<>();
        for (Entry e : entries) {
            long[] counted = count(e.block().get(), c, hw);
            out.add(new Cost(e.name(), e.formula(), counted[0], e.params().applyAsLong(c, hw), counted[1],
                    e.macs().applyAsLong(c, hw)));
        }
        return out;
    }

    /** Parameters and multiply-accumulates of a block on a 1×c×hw×hw input. */
    public static long[] count(Block block, int c, int hw) {
        Shape in = new Shape(1, c, hw, hw);
        try (NDManager manager = NDManager.newBaseManager()) {
            block.initialize(manager, DataType.FLOAT32, in);
            Trace t = Trace.counting();
            t.apply(block, in);
            return new long[] {YoloModel.parameterCount(block), t.macs()};
        }
    }

    /** {@link #standard(int, int)} as a table. */
    public static Table table(int c, int hw) {
        List<Cost> costs = standard(c, hw);
        return Table.create("blocks at c=" + c + ", " + hw + "x" + hw,
                StringColumn.create("block", costs.stream().map(Cost::name).toList()),
                StringColumn.create("params formula", costs.stream().map(Cost::formula).toList()),
                LongColumn.create("params", costs.stream().mapToLong(Cost::params).toArray()),
                LongColumn.create("params by formula", costs.stream().mapToLong(Cost::paramsByFormula).toArray()),
                LongColumn.create("MACs", costs.stream().mapToLong(Cost::macs).toArray()),
                LongColumn.create("MACs by formula", costs.stream().mapToLong(Cost::macsByFormula).toArray()));
    }
}
