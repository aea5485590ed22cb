package org.slimlab.model;

import org.slimlab.model.modules.ADown;
import org.slimlab.model.modules.Act;
import org.slimlab.model.modules.C3Ghost;
import org.slimlab.model.modules.CSPPC;
import org.slimlab.model.modules.GhostBottleneck;
import org.slimlab.model.modules.GhostConv;
import org.slimlab.model.modules.MobileNetV3Block;
import org.slimlab.model.modules.PConv;
import org.slimlab.model.modules.ShuffleNetV2Block;

import java.util.Map;
import java.util.function.Supplier;

/** Lightweight blocks: Ghost, MobileNetV3, ShuffleNetV2, FasterNet PConv/CSPPC, YOLOv9 ADown. */
final class LightKinds {
    /** FasterNet convolves a quarter of the channels in each partial convolution. */
    static final int PCONV_DIV = 4;

    private LightKinds() {
    }

    static void register(Map<String, ModuleKind> m) {
        m.put("GhostConv", LightKinds::ghostConv);
        m.put("GhostBottleneck", LightKinds::ghostBottleneck);
        m.put("C3Ghost", LightKinds::c3Ghost);
        m.put("MobileNetV3", LightKinds::mobileNetV3);
        m.put("ShuffleNetV2", LightKinds::shuffleNetV2);
        m.put("PConv", LightKinds::pConv);
        m.put("CSPPC", LightKinds::csppc);
        m.put("ADown", LightKinds::aDown);
    }

    /** {@code [c2, k=1, s=1, g=1, act=True]}. */
    private static Planned ghostConv(RowContext r) {
        r.arity(1, 5, "[c2, k, s, g, act]");
        int c1 = r.c1();
        int c2 = r.outWidth(r.intArg(0));
        int k = r.intArg(1, 1);
        int s = r.intArg(2, 1);
        int g = r.intArg(3, 1);
        Supplier<Act> act = r.act(4);
        return r.module(c2, () -> new GhostConv(c1, c2, k, s, g, act.get()));
    }

    /** {@code [c2, k=3, s=1]}. */
    private static Planned ghostBottleneck(RowContext r) {
        r.arity(1, 3, "[c2, k, s]");
        int c1 = r.c1();
        int c2 = r.outWidth(r.intArg(0));
        int k = r.intArg(1, 3);
        int s = r.intArg(2, 1);
        int hidden = r.width("conv.0", c2 / 2);
        Act act = r.defaultAct();
        return r.module(c2, () -> new GhostBottleneck(c1, c2, hidden, k, s, act));
    }

    /**
     * {@code [c2, shortcut, g, e=0.5]}, repeats inside. As in YOLOv5, shortcut and g are read for
     * compatibility only: a GhostBottleneck always adds its input.
     */
    private static Planned c3Ghost(RowContext r) {
        r.arity(1, 4, "[c2, shortcut, g, e]");
        int c1 = r.c1();
        int c2 = r.outWidth(r.intArg(0));
        r.boolArg(1, true);
        r.intArg(2, 1);
        double e = r.doubleArg(3, 0.5);
        int w1 = r.width("cv1", (int) (c2 * e));
        int w2 = r.width("cv2", (int) (c2 * e));
        int[] hidden = new int[r.n()];
        for (int i = 0; i < hidden.length; i++) {
            hidden[i] = r.width("m." + i + ".conv.0", w1 / 2);
        }
        Act act = r.defaultAct();
        return r.repeated(c2, () -> new C3Ghost(c1, c2, w1, w2, hidden, act));
    }

    /**
     * {@code [c2, hidden, k, s, use_se, use_hs]}: c2 is scaled by the width multiple, hidden is
     * not (as in the widely used YOLOv5-MobileNetV3 yaml files).
     */
    private static Planned mobileNetV3(RowContext r) {
        r.arity(6, 6, "[c2, hidden, k, s, use_se, use_hs]");
        int c1 = r.c1();
        int c2 = r.outWidth(r.intArg(0));
        int hidden = r.intArg(1);
        int k = r.intArg(2);
        int s = r.intArg(3);
        boolean se = r.boolArg(4, false);
        boolean hs = r.boolArg(5, false);
        int squeeze = se ? r.width("se", seWidth(hidden)) : 0;
        return r.module(c2, () -> new MobileNetV3Block(c1, c2, hidden, k, s, se, hs, squeeze));
    }

    /** torchvision's {@code _make_divisible(hidden / 4, 8)}: nearest multiple of 8, at least 8, within 10%. */
    static int seWidth(int hidden) {
        double v = hidden / 4.0;
        int w = Math.max(8, (int) (v + 4) / 8 * 8);
        return w < 0.9 * v ? w + 8 : w;
    }

    /** {@code [c2, s]}. */
    private static Planned shuffleNetV2(RowContext r) {
        r.arity(2, 2, "[c2, s]");
        int c1 = r.c1();
        int c2 = r.outWidth(r.intArg(0));
        int s = r.intArg(1);
        int mid = r.width("branch2.0", c2 / 2);
        return r.module(c2, () -> new ShuffleNetV2Block(c1, c2, s, mid));
    }

    /** {@code [n_div=4]}: keeps the width. */
    private static Planned pConv(RowContext r) {
        r.arity(0, 1, "[n_div]");
        int c1 = r.c1();
        int nDiv = r.intArg(0, PCONV_DIV);
        return r.passThrough(c1, () -> new PConv(c1, nDiv));
    }

    /** {@code [c2, e=0.5]}, repeats inside. */
    private static Planned csppc(RowContext r) {
        r.arity(1, 2, "[c2, e]");
        int c1 = r.c1();
        int c2 = r.outWidth(r.intArg(0));
        double e = r.doubleArg(1, 0.5);
        int w1 = r.width("cv1", 2 * (int) (c2 * e));
        int split = r.width("split", w1 / 2);
        int n = r.n();
        Act act = r.defaultAct();
        return r.repeated(c2, () -> new CSPPC(c1, c2, w1, split, n, PCONV_DIV, act));
    }

    /** {@code [c2]}. */
    private static Planned aDown(RowContext r) {
        r.arity(1, 1, "[c2]");
        int c1 = r.c1();
        int c2 = r.outWidth(r.intArg(0));
        int split = r.width("split", c1 / 2);
        int w1 = r.width("cv1", c2 / 2);
        int w2 = r.width("cv2", c2 - c2 / 2);
        if (w1 + w2 != c2) {
            throw new IllegalArgumentException("channel mismatch: ADown outputs cv1 + cv2 = " + (w1 + w2)
                    + " channels but the row says " + c2);
        }
        Act act = r.defaultAct();
        return r.module(c2, () -> new ADown(c1, split, w1, w2, act));
    }
}
