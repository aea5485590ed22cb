package org.slimlab.slim;

import org.slimlab.SlimException;
import org.slimlab.model.LayerPlan;
import org.slimlab.model.LayerRow;
import org.slimlab.model.ModelPlan;
import org.slimlab.model.ModelSpec;
import org.slimlab.model.YoloModel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The widths a resolved model yaml can state (a row's output width, arg 0, and its explicit inner
 * widths) and what each does to the architecture. Each width is probed once: lowered by one (or
 * two, for widths that must stay even), the model is planned again and its {@link Dims} compared.
 * Widths that only plan together (an ADown's output and one of its halves) are probed in pairs.
 * Any channel removal is then a combination of these probes, found by least squares; a removal no
 * combination produces exactly cannot be written as yaml and is not offered for pruning.
 */
final class WidthSlots {
    private static final double INTEGER_TOL = 1e-6;
    private static final int CACHED = 8;
    private static final Map<String, WidthSlots> CACHE = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, WidthSlots> eldest) {
            return size() > CACHED;
        }
    };

    /** A width: {@code key} is {@code c2} for the row's output width (arg 0) or an inner-width key. */
    record Slot(int row, String key) {
        @Override
        public String toString() {
            return "row " + row + " " + key;
        }
    }

    /** A probe: these slots lowered by {@code delta} change the dims by {@code change} (old minus new). */
    private record Probe(List<Slot> slots, int delta, double[] change) {
    }

    private final ModelSpec spec;
    private final List<String> keys = new ArrayList<>();
    private final Map<String, Integer> index = new LinkedHashMap<>();
    private final List<Probe> probes = new ArrayList<>();
    private final LeastSquares solver;

    private WidthSlots(ModelSpec resolved, Map<String, Integer> base) {
        this.spec = resolved;
        base.keySet().stream().filter(Dims::linear).forEach(k -> {
            index.put(k, keys.size());
            keys.add(k);
        });
        ModelPlan plan = ModelPlan.of(resolved);
        for (int i = 0; i < resolved.rows().size(); i++) {
            List<Slot> failed = new ArrayList<>();
            List<Slot> row = slots(resolved, plan.layer(i));
            for (Slot s : row) {
                if (!probe(List.of(s), base)) {
                    failed.add(s);
                }
            }
            for (Slot s : failed) {
                for (Slot other : row) {
                    if (!other.equals(s)) {
                        probe(List.of(s, other), base);
                    }
                }
            }
        }
        double[][] a = new double[keys.size()][probes.size()];
        for (int j = 0; j < probes.size(); j++) {
            for (int i = 0; i < keys.size(); i++) {
                a[i][j] = probes.get(j).change()[i];
            }
        }
        solver = new LeastSquares(a, keys.size(), probes.size());
    }

    /**
     * Probes every width of {@code resolved}, whose model has dims {@code base}. The last few
     * results are kept, so pruning one architecture several ways probes it once.
     */
    static WidthSlots probe(ModelSpec resolved, Map<String, Integer> base) {
        String key = resolved.toYaml();
        synchronized (CACHE) {
            WidthSlots s = CACHE.get(key);
            if (s != null) {
                return s;
            }
        }
        WidthSlots s = new WidthSlots(resolved, base);
        synchronized (CACHE) {
            CACHE.put(key, s);
        }
        return s;
    }

    private static List<Slot> slots(ModelSpec spec, LayerPlan l) {
        List<Slot> out = new ArrayList<>();
        LayerRow r = spec.row(l.index());
        if (!l.isHead() && !r.args().isEmpty() && r.args().get(0) instanceof Integer a && a == l.outChannels()) {
            out.add(new Slot(l.index(), "c2"));
        }
        for (String k : l.innerWidths().keySet()) {
            out.add(new Slot(l.index(), k));
        }
        return out;
    }

    /** Tries the slots lowered by 1, then by 2; records the first that plans. */
    private boolean probe(List<Slot> slots, Map<String, Integer> base) {
        for (int delta = 1; delta <= 2; delta++) {
            Map<Slot, Integer> values = new LinkedHashMap<>();
            for (Slot s : slots) {
                values.put(s, value(spec, s) - delta);
            }
            Map<String, Integer> dims = dimsOf(with(spec, values));
            if (dims == null || !dims.keySet().equals(base.keySet())) {
                continue;
            }
            double[] change = new double[keys.size()];
            boolean any = false;
            for (int i = 0; i < keys.size(); i++) {
                change[i] = base.get(keys.get(i)) - dims.get(keys.get(i));
                any |= change[i] != 0;
            }
            if (any) {
                probes.add(new Probe(slots, delta, change));
                return true;
            }
            return false;
        }
        return false;
    }

    private static Map<String, Integer> dimsOf(ModelSpec s) {
        try {
            return Dims.of(ChannelFlow.walk(YoloModel.build(s)));
        } catch (SlimException | IllegalArgumentException e) {
            return null;
        }
    }

    private static int value(ModelSpec spec, Slot s) {
        LayerRow r = spec.row(s.row());
        return "c2".equals(s.key()) ? (Integer) r.args().get(0) : r.widths().get(s.key());
    }

    private static ModelSpec with(ModelSpec spec, Map<Slot, Integer> values) {
        ModelSpec out = spec;
        for (Map.Entry<Slot, Integer> e : values.entrySet()) {
            Slot s = e.getKey();
            LayerRow r = out.row(s.row());
            if ("c2".equals(s.key())) {
                List<Object> args = new ArrayList<>(r.args());
                args.set(0, e.getValue());
                r = r.withArgs(args);
            } else {
                Map<String, Integer> w = new LinkedHashMap<>(r.widths());
                w.put(s.key(), e.getValue());
                r = r.withWidths(w);
            }
            out = out.withRow(s.row(), r);
        }
        return out;
    }

    /**
     * Probe counts that lower the dims by {@code decrease} (old minus new, by dims key), or null
     * when no whole combination of probes does exactly that.
     */
    long[] solve(Map<String, Integer> decrease) {
        double[] b = new double[keys.size()];
        for (Map.Entry<String, Integer> e : decrease.entrySet()) {
            Integer i = index.get(e.getKey());
            if (i != null) {
                b[i] = e.getValue();
            }
        }
        double[] x = solver.solve(b);
        long[] n = new long[x.length];
        for (int j = 0; j < x.length; j++) {
            n[j] = Math.round(x[j]);
            if (Math.abs(x[j] - n[j]) > INTEGER_TOL) {
                return null;
            }
        }
        for (int i = 0; i < keys.size(); i++) {
            double s = 0;
            for (int j = 0; j < n.length; j++) {
                s += probes.get(j).change()[i] * n[j];
            }
            if (Math.abs(s - b[i]) > INTEGER_TOL) {
                return null;
            }
        }
        return n;
    }

    /** The spec with the probes applied {@code counts} times (from {@link #solve}). */
    ModelSpec apply(long[] counts) {
        Map<Slot, Integer> values = new LinkedHashMap<>();
        for (int j = 0; j < counts.length; j++) {
            if (counts[j] == 0) {
                continue;
            }
            Probe p = probes.get(j);
            for (Slot s : p.slots()) {
                int current = values.getOrDefault(s, value(spec, s));
                values.put(s, (int) (current - p.delta() * counts[j]));
            }
        }
        return with(spec, values);
    }

    /** Number of probes that changed the architecture. */
    int size() {
        return probes.size();
    }
}
