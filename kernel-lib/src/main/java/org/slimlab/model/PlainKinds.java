package org.slimlab.model;

import org.slimlab.model.modules.Concat;
import org.slimlab.model.modules.MP;
import org.slimlab.model.modules.MaxPool;
import org.slimlab.model.modules.SP;
import org.slimlab.model.modules.Upsample;

import java.util.Map;

/** Parameter-free rows: concatenation, upsampling, pooling. */
final class PlainKinds {
    private PlainKinds() {
    }

    static void register(Map<String, ModuleKind> m) {
        m.put("Concat", PlainKinds::concat);
        m.put("nn.Upsample", PlainKinds::upsample);
        m.put("nn.MaxPool2d", PlainKinds::maxPool);
        m.put("MP", PlainKinds::mp);
        m.put("SP", PlainKinds::sp);
    }

    /** {@code [d=1]}: channels only. */
    private static Planned concat(RowContext r) {
        r.arity(0, 1, "[dimension]");
        if (r.intArg(0, 1) != 1) {
            throw new IllegalArgumentException("Concat joins channels only (dimension 1), got " + r.arg(0));
        }
        int c2 = 0;
        for (int c : r.c1s()) {
            c2 += c;
        }
        return r.passThrough(c2, Concat::new);
    }

    /** {@code [None, scale=2, 'nearest']}. */
    private static Planned upsample(RowContext r) {
        r.arity(0, 3, "[size, scale_factor, mode]");
        if (r.arg(0) != null) {
            throw new IllegalArgumentException("nn.Upsample needs size None and an integer scale_factor");
        }
        int scale = r.intArg(1, 2);
        Object mode = r.arg(2);
        if (mode != null && !"nearest".equals(mode)) {
            throw new IllegalArgumentException("nn.Upsample supports mode 'nearest' only, got " + SpecWriter.value(mode));
        }
        int c1 = r.c1();
        return r.passThrough(c1, () -> new Upsample(scale));
    }

    /** {@code [k, s=k, p=0]}. */
    private static Planned maxPool(RowContext r) {
        r.arity(1, 3, "[kernel, stride, padding]");
        int k = r.intArg(0);
        int s = r.intArg(1, k);
        int p = r.intArg(2, 0);
        return r.passThrough(r.c1(), () -> new MaxPool(k, s, p));
    }

    /** YOLOv7 {@code [k=2]}. */
    private static Planned mp(RowContext r) {
        r.arity(0, 1, "[k]");
        int k = r.intArg(0, 2);
        return r.passThrough(r.c1(), () -> new MP(k));
    }

    /** YOLOv7 {@code [k=3, s=1]}. */
    private static Planned sp(RowContext r) {
        r.arity(0, 2, "[k, s]");
        int k = r.intArg(0, 3);
        int s = r.intArg(1, 1);
        return r.passThrough(r.c1(), () -> new SP(k, s));
    }
}
