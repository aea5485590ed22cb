package org.slimlab.model;

import ai.djl.nn.Block;
import org.slimlab.model.modules.ASFF;
import org.slimlab.model.modules.Act;
import org.slimlab.model.modules.BasicBlock;
import org.slimlab.model.modules.Sequential;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The parts of an AFPN neck (Asymptotic Feature Pyramid Network), one yaml row each: {@code ASFF}
 * fuses two or more levels at one of them, {@code BasicBlock} refines a level after a fusion. The
 * asymptotic order (the two finest levels first, then all three) is the order of the rows.
 */
final class AfpnKinds {
    /** Channels each input is compressed to before the fusion weights are computed, as in AFPN and ASFF. */
    static final int WEIGHT_WIDTH = 8;

    private AfpnKinds() {
    }

    static void register(Map<String, ModuleKind> m) {
        m.put("ASFF", r -> asff(r, 0));
        m.put("ASFF_2", r -> asff(r, 2));
        m.put("ASFF_3", r -> asff(r, 3));
        m.put("BasicBlock", AfpnKinds::basicBlock);
    }

    /**
     * {@code [c2, level]} over two or more rows, consecutive pyramid levels finest first (exactly
     * {@code inputs} of them when that is not 0): fuses them at the resolution and width of input
     * {@code level}; c2 is the width of the 3×3 Conv after the fusion.
     */
    private static Planned asff(RowContext r, int inputs) {
        r.arity(2, 2, "[c2, level]");
        int[] c1s = r.c1s();
        if (inputs > 0 && c1s.length != inputs || c1s.length < 2) {
            throw new IllegalArgumentException("reads " + c1s.length + " rows, but fuses "
                    + (inputs > 0 ? "exactly " + inputs : "two or more") + " pyramid levels");
        }
        int c2 = r.outWidth(r.intArg(0));
        int level = r.intArg(1);
        if (level < 0 || level >= c1s.length) {
            throw new IllegalArgumentException("level " + level + " must pick one of its " + c1s.length + " inputs (0.."
                    + (c1s.length - 1) + ")");
        }
        int[][] down = new int[c1s.length][];
        for (int j = 0; j < c1s.length; j++) {
            down[j] = new int[Math.max(0, level - j - 1)];
            for (int k = 0; k < down[j].length; k++) {
                down[j][k] = r.width("stride_level_" + j + "." + k, c1s[j]);
            }
        }
        int[] weights = new int[c1s.length];
        for (int j = 0; j < c1s.length; j++) {
            weights[j] = r.width("weight_level_" + j, WEIGHT_WIDTH);
        }
        List<Object> widths = new ArrayList<>();
        for (int c : c1s) {
            widths.add(c);
        }
        List<Object> printed = List.of(widths, c2, level);
        Act act = r.defaultAct();
        return new Planned(c2, r.argsWith(c2), printed, () -> new ASFF(c1s, level, c2, weights, down, act), false, false);
    }

    /**
     * {@code []}, repeats inside: a chain of n {@link BasicBlock}s, children {@code 0, 1, ...}. The
     * width follows the input, as the residual sums require.
     */
    private static Planned basicBlock(RowContext r) {
        r.arity(0, 0, "[] (the width follows the input)");
        int c = r.c1();
        int[] hidden = new int[r.n()];
        for (int i = 0; i < hidden.length; i++) {
            hidden[i] = r.width(i + ".cv1", c);
        }
        Act act = r.defaultAct();
        return new Planned(c, r.rawArgs(), List.of(c, c, r.n()), () -> {
            List<Block> blocks = new ArrayList<>();
            for (int h : hidden) {
                blocks.add(new BasicBlock(c, h, act));
            }
            return new Sequential(blocks);
        }, true, false);
    }
}
