package org.slimlab.model;

import org.slimlab.model.modules.Act;
import org.slimlab.model.modules.Bottleneck;
import org.slimlab.model.modules.C2f;
import org.slimlab.model.modules.C3;
import org.slimlab.model.modules.Conv;
import org.slimlab.model.modules.Focus;
import org.slimlab.model.modules.SPP;
import org.slimlab.model.modules.SPPCSPC;
import org.slimlab.model.modules.SPPF;

import java.math.BigInteger;
import java.util.Map;
import java.util.function.Supplier;

/** The YOLOv5/v7/v8 convolution blocks. */
final class CoreKinds {
    private CoreKinds() {
    }

    static void register(Map<String, ModuleKind> m) {
        m.put("Conv", CoreKinds::conv);
        m.put("DWConv", CoreKinds::dwConv);
        m.put("Focus", CoreKinds::focus);
        m.put("Bottleneck", CoreKinds::bottleneck);
        m.put("C3", CoreKinds::c3);
        m.put("C2f", CoreKinds::c2f);
        m.put("SPP", CoreKinds::spp);
        m.put("SPPF", CoreKinds::sppf);
        m.put("SPPCSPC", CoreKinds::sppcspc);
    }

    /** {@code [c2, k=1, s=1, p=None, g=1, (d=1,) act=True]}: arg 5 is the dilation when it is a number. */
    private static Planned conv(RowContext r) {
        r.arity(1, 7, "[c2, k, s, p, g, (d,) act]");
        int c1 = r.c1();
        int c2 = r.outWidth(r.intArg(0));
        int k = r.intArg(1, 1);
        int s = r.intArg(2, 1);
        int g = r.intArg(4, 1);
        boolean dilated = r.size() > 5 && !r.isAct(5);
        int d = dilated ? r.intArg(5) : 1;
        Supplier<Act> act = r.act(dilated ? 6 : 5);
        int p = r.arg(3) == null ? Conv.autopad(k, d) : r.intArg(3);
        return r.module(c2, () -> new Conv(c1, c2, k, s, p, g, d, act.get()));
    }

    /** {@code [c2, k=1, s=1, (d=1,) act=True]}: groups = gcd(c1, c2). */
    private static Planned dwConv(RowContext r) {
        r.arity(1, 5, "[c2, k, s, (d,) act]");
        int c1 = r.c1();
        int c2 = r.outWidth(r.intArg(0));
        int k = r.intArg(1, 1);
        int s = r.intArg(2, 1);
        boolean dilated = r.size() > 3 && !r.isAct(3);
        int d = dilated ? r.intArg(3) : 1;
        Supplier<Act> act = r.act(dilated ? 4 : 3);
        int g = BigInteger.valueOf(c1).gcd(BigInteger.valueOf(c2)).intValue();
        return r.module(c2, () -> new Conv(c1, c2, k, s, Conv.autopad(k, d), g, d, act.get()));
    }

    /** {@code [c2, k=1, s=1, p=None, g=1, act=True]}. */
    private static Planned focus(RowContext r) {
        r.arity(1, 6, "[c2, k, s, p, g, act]");
        int c1 = r.c1();
        int c2 = r.outWidth(r.intArg(0));
        int k = r.intArg(1, 1);
        int s = r.intArg(2, 1);
        int p = r.arg(3) == null ? Conv.autopad(k, 1) : r.intArg(3);
        int g = r.intArg(4, 1);
        Supplier<Act> act = r.act(5);
        return r.module(c2, () -> new Focus(c1, c2, k, s, p, g, act.get()));
    }

    /** YOLOv5 {@code [c2, shortcut=True, g=1, e=0.5]} (1×1, 3×3); YOLOv8 {@code [c2, shortcut, g, k=[3, 3], e]}. */
    private static Planned bottleneck(RowContext r) {
        boolean v8 = r.spec().anchors() == null;
        r.arity(1, v8 ? 5 : 4, v8 ? "[c2, shortcut, g, k, e]" : "[c2, shortcut, g, e]");
        int c1 = r.c1();
        int c2 = r.outWidth(r.intArg(0));
        boolean shortcut = r.boolArg(1, true);
        int g = r.intArg(2, 1);
        int[] k = v8 ? r.intsArg(3, new int[] {3, 3}) : new int[] {1, 3};
        if (k.length != 2) {
            throw new IllegalArgumentException("Bottleneck kernels must be a pair, got " + k.length + " numbers");
        }
        double e = r.doubleArg(v8 ? 4 : 3, 0.5);
        int hidden = r.width("cv1", (int) (c2 * e));
        Act act = r.defaultAct();
        return r.module(c2, () -> new Bottleneck(c1, c2, hidden, shortcut, g, k[0], k[1], act));
    }

    /** {@code [c2, shortcut=True, g=1, e=0.5]}, repeats inside. */
    private static Planned c3(RowContext r) {
        r.arity(1, 4, "[c2, shortcut, g, e]");
        int c1 = r.c1();
        int c2 = r.outWidth(r.intArg(0));
        boolean shortcut = r.boolArg(1, true);
        int g = r.intArg(2, 1);
        double e = r.doubleArg(3, 0.5);
        int w1 = r.width("cv1", (int) (c2 * e));
        int w2 = r.width("cv2", (int) (c2 * e));
        int[][] chain = chain(r, w1, shortcut);
        Act act = r.defaultAct();
        return r.repeated(c2, () -> new C3(c1, c2, w1, w2, chain[0], chain[1], shortcut, g, act));
    }

    /** {@code [c2, shortcut=False, g=1, e=0.5]}, repeats inside. */
    private static Planned c2f(RowContext r) {
        r.arity(1, 4, "[c2, shortcut, g, e]");
        int c1 = r.c1();
        int c2 = r.outWidth(r.intArg(0));
        boolean shortcut = r.boolArg(1, false);
        int g = r.intArg(2, 1);
        double e = r.doubleArg(3, 0.5);
        int w1 = r.width("cv1", 2 * (int) (c2 * e));
        int split = r.width("split", w1 / 2);
        int[][] chain = chain(r, w1 - split, shortcut);
        Act act = r.defaultAct();
        return r.repeated(c2, () -> new C2f(c1, c2, w1, split, chain[0], chain[1], shortcut, g, act));
    }

    /**
     * Widths of a chain of n bottlenecks starting at width {@code in}: hidden {@code m.i.cv1}
     * (default: the block's input), output {@code m.i.cv2} (tied to the input with a shortcut).
     */
    private static int[][] chain(RowContext r, int in, boolean shortcut) {
        int[] hidden = new int[r.n()];
        int[] outs = new int[r.n()];
        int c = in;
        for (int i = 0; i < r.n(); i++) {
            hidden[i] = r.width("m." + i + ".cv1", c);
            outs[i] = shortcut ? c : r.width("m." + i + ".cv2", c);
            c = outs[i];
        }
        return new int[][] {hidden, outs};
    }

    /** {@code [c2, k=[5, 9, 13]]}. */
    private static Planned spp(RowContext r) {
        r.arity(1, 2, "[c2, k]");
        int c1 = r.c1();
        int c2 = r.outWidth(r.intArg(0));
        int[] ks = r.intsArg(1, new int[] {5, 9, 13});
        int hidden = r.width("cv1", c1 / 2);
        Act act = r.defaultAct();
        return r.module(c2, () -> new SPP(c1, c2, hidden, ks, act));
    }

    /** {@code [c2, k=5]}. */
    private static Planned sppf(RowContext r) {
        r.arity(1, 2, "[c2, k]");
        int c1 = r.c1();
        int c2 = r.outWidth(r.intArg(0));
        int k = r.intArg(1, 5);
        int hidden = r.width("cv1", c1 / 2);
        Act act = r.defaultAct();
        return r.module(c2, () -> new SPPF(c1, c2, hidden, k, act));
    }

    /** {@code [c2, e=0.5, k=[5, 9, 13]]}. */
    private static Planned sppcspc(RowContext r) {
        r.arity(1, 3, "[c2, e, k]");
        int c1 = r.c1();
        int c2 = r.outWidth(r.intArg(0));
        int c = (int) (2 * c2 * r.doubleArg(1, 0.5));
        int[] ks = r.intsArg(2, new int[] {5, 9, 13});
        int[] w = new int[6];
        for (int i = 0; i < 6; i++) {
            w[i] = r.width("cv" + (i + 1), c);
        }
        Act act = r.defaultAct();
        return r.module(c2, () -> new SPPCSPC(c1, c2, w, ks, act));
    }
}
