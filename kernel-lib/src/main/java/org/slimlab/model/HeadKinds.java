package org.slimlab.model;

import org.slimlab.model.modules.Act;
import org.slimlab.model.modules.AnchorDetect;
import org.slimlab.model.modules.AnchorFreeDetect;
import org.slimlab.model.modules.IDetect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Detection heads: {@code Detect [nc, anchors]} (YOLOv5), {@code Detect [nc]} (YOLOv8), {@code IDetect} (YOLOv7). */
final class HeadKinds {
    /** Bins per box side in YOLOv8's distribution head. */
    static final int REG_MAX = 16;

    private HeadKinds() {
    }

    static void register(Map<String, ModuleKind> m) {
        m.put("Detect", HeadKinds::detect);
        m.put("IDetect", r -> anchorBased(r, true));
    }

    private static Planned detect(RowContext r) {
        r.arity(1, 2, "[nc, anchors] (YOLOv5) or [nc] (YOLOv8)");
        return r.size() == 2 ? anchorBased(r, false) : anchorFree(r);
    }

    private static Planned anchorBased(RowContext r, boolean implicit) {
        r.arity(2, 2, "[nc, anchors]");
        int nc = r.intArg(0);
        float[][] anchors = anchors(r.arg(1));
        int[] ch = r.c1s();
        if (anchors.length != ch.length) {
            throw new IllegalArgumentException("the head reads " + ch.length + " rows but anchors has " + anchors.length + " levels");
        }
        List<Object> printed = new ArrayList<>(List.of(nc, r.arg(1)));
        printed.add(toList(ch));
        return new Planned(0, r.rawArgs(), printed,
                () -> implicit ? new IDetect(nc, anchors, ch) : new AnchorDetect(nc, anchors, ch), false, true);
    }

    private static Planned anchorFree(RowContext r) {
        int nc = r.intArg(0);
        int[] ch = r.c1s();
        int[][] box = new int[ch.length][2];
        int[][] cls = new int[ch.length][2];
        int c2 = Math.max(Math.max(16, ch[0] / 4), 4 * REG_MAX);
        int c3 = Math.max(ch[0], Math.min(nc, 100));
        for (int i = 0; i < ch.length; i++) {
            box[i][0] = r.width("cv2." + i + ".0", c2);
            box[i][1] = r.width("cv2." + i + ".1", c2);
        }
        for (int i = 0; i < ch.length; i++) {
            cls[i][0] = r.width("cv3." + i + ".0", c3);
            cls[i][1] = r.width("cv3." + i + ".1", c3);
        }
        List<Object> printed = new ArrayList<>(List.of(nc));
        printed.add(toList(ch));
        Act act = r.defaultAct();
        return new Planned(0, r.rawArgs(), printed, () -> new AnchorFreeDetect(nc, ch, REG_MAX, box, cls, act), false, true);
    }

    private static float[][] anchors(Object v) {
        if (!(v instanceof List<?> levels) || levels.isEmpty()) {
            throw new IllegalArgumentException("anchors must list (w, h) pixel pairs per level, got " + SpecWriter.value(v));
        }
        float[][] a = new float[levels.size()][];
        for (int i = 0; i < a.length; i++) {
            if (!(levels.get(i) instanceof List<?> level) || level.isEmpty() || level.size() % 2 != 0) {
                throw new IllegalArgumentException("anchor level " + i + " must be (w, h) pixel pairs, got "
                        + SpecWriter.value(levels.get(i)));
            }
            a[i] = new float[level.size()];
            for (int j = 0; j < a[i].length; j++) {
                if (!(level.get(j) instanceof Number n)) {
                    throw new IllegalArgumentException("anchors must be numbers, got " + SpecWriter.value(level.get(j)));
                }
                a[i][j] = n.floatValue();
            }
        }
        return a;
    }

    private static List<Object> toList(int[] ch) {
        List<Object> l = new ArrayList<>();
        for (int c : ch) {
            l.add(c);
        }
        return l;
    }
}
