package org.slimlab.slim;

import org.slimlab.SlimException;
import org.slimlab.model.ModelSpec;
import org.slimlab.model.YoloModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns options into a {@link PrunePlan}: pins groups (structure, ignored layers, head inputs,
 * widths the yaml cannot state), scores channels, picks the ones to remove (global ranking or
 * uniform ratio, then floor and round_to), and checks that the resulting yaml builds exactly the
 * expected architecture; a group whose removal does not, stays whole.
 */
final class PrunePlanner {
    private static final String NOT_EXPRESSIBLE = "widths not expressible in model.yaml";
    private static final int MAX_ATTEMPTS = 16;

    private final YoloModel model;
    private final PruneOptions options;
    private final DependencyGraph graph;
    private final Map<String, Integer> base;
    private final WidthSlots slots;
    private final Map<DependencyGroup, String> pins = new LinkedHashMap<>();

    private PrunePlanner(DependencyGraph graph, PruneOptions options) {
        this.model = graph.model();
        this.options = options;
        this.graph = graph;
        this.base = Dims.of(graph.flow());
        for (DependencyGroup g : graph.groups()) {
            if (!g.prunable()) {
                pins.put(g, g.pinned());
            }
        }
        pinUserChoices();
        this.slots = WidthSlots.probe(model.spec().resolved(), base);
        for (DependencyGroup g : graph.groups()) {
            if (!pins.containsKey(g) && slots.solve(decrease(Set.of(g.roots()[0]))) == null) {
                pins.put(g, NOT_EXPRESSIBLE);
            }
        }
    }

    static PrunePlan plan(YoloModel model, PruneOptions options) {
        return plan(DependencyGraph.of(model), options);
    }

    /** Plans on an existing graph of the model (any walk size). */
    static PrunePlan plan(DependencyGraph graph, PruneOptions options) {
        return new PrunePlanner(graph, options).run();
    }

    private void pinUserChoices() {
        int rows = model.size();
        for (int r : options.ignoredRows()) {
            if (r < 0 || r >= rows) {
                throw new SlimException("prune: ignored row " + r + " is not a row of " + model.spec().name() + " (0.." + (rows - 1) + ")");
            }
        }
        Set<Integer> ignored = graph.producedInRows(options.ignoredRows());
        for (String layer : options.ignoredLayers()) {
            DependencyGroup g = graph.groupOf(layer);
            ignored.addAll(Arrays.stream(g.roots()).boxed().toList());
        }
        Set<Integer> head = options.keepHeadInputs() ? graph.headInputRoots() : Set.of();
        for (DependencyGroup g : graph.groups()) {
            int r = g.roots()[0];
            if (!pins.containsKey(g) && ignored.contains(r)) {
                pins.put(g, "ignored");
            } else if (!pins.containsKey(g) && head.contains(r)) {
                pins.put(g, "head input (kept)");
            }
        }
    }

    /** Old minus new dims when the coupled channels {@code roots} go. */
    private Map<String, Integer> decrease(Set<Integer> roots) {
        Map<String, Integer> after = Dims.count(graph.flow(), id -> !roots.contains(graph.root(id)));
        Map<String, Integer> d = new LinkedHashMap<>();
        base.forEach((k, v) -> d.put(k, v - after.get(k)));
        return d;
    }

    private PrunePlan run() {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            List<DependencyGroup> candidates = graph.groups().stream().filter(g -> !pins.containsKey(g)).toList();
            Map<DependencyGroup, double[]> scores = Importance.score(graph, candidates, options);
            List<DependencyGroup> scored = new ArrayList<>();
            for (DependencyGroup g : candidates) {
                if (Arrays.stream(scores.get(g)).anyMatch(Double::isNaN)) {
                    pins.put(g, "no BatchNorm to score");
                } else {
                    scored.add(g);
                }
            }
            Map<DependencyGroup, PrunePlan.Decision> decisions = select(scored, scores);
            Set<Integer> removed = removedRoots(decisions, scores);
            ModelSpec spec = verified(removed);
            if (spec != null) {
                return new PrunePlan(graph, options, ordered(decisions), removed, spec.withName(model.spec().name()));
            }
            blame(decisions, removed);
        }
        throw new IllegalStateException(model.spec().name() + ": no pruned architecture verified after " + MAX_ATTEMPTS + " attempts");
    }

    private List<PrunePlan.Decision> ordered(Map<DependencyGroup, PrunePlan.Decision> decisions) {
        List<PrunePlan.Decision> out = new ArrayList<>();
        for (DependencyGroup g : graph.groups()) {
            PrunePlan.Decision d = decisions.get(g);
            out.add(d != null ? d : new PrunePlan.Decision(g, g.size(), pins.getOrDefault(g, ""), new double[0]));
        }
        return out;
    }

    /** How many channels of each scored group stay. */
    private Map<DependencyGroup, PrunePlan.Decision> select(List<DependencyGroup> groups, Map<DependencyGroup, double[]> raw) {
        Map<DependencyGroup, double[]> scores = new LinkedHashMap<>();
        for (DependencyGroup g : groups) {
            scores.put(g, normalized(raw.get(g)));
        }
        Map<DependencyGroup, Integer> cut = new HashMap<>();
        double p = options.percent() / 100.0;
        List<DependencyGroup> ranked = new ArrayList<>();
        for (DependencyGroup g : groups) {
            Double r = options.groupRatios().get(g.id());
            if (r != null) {
                cut.put(g, (int) Math.floor(r * g.size() + 1e-9));
            } else {
                ranked.add(g);
            }
        }
        if (options.scope() == PruneOptions.Scope.UNIFORM) {
            for (DependencyGroup g : ranked) {
                cut.put(g, (int) Math.floor(p * g.size() + 1e-9));
            }
        } else {
            record Entry(DependencyGroup g, double score, double rel) {
            }
            List<Entry> all = new ArrayList<>();
            for (DependencyGroup g : ranked) {
                double[] s = scores.get(g);
                Integer[] order = ascending(s);
                for (int rank = 0; rank < order.length; rank++) {
                    all.add(new Entry(g, s[order[rank]], (rank + 0.5) / order.length));
                }
            }
            all.sort(Comparator.comparingDouble(Entry::score).thenComparingDouble(Entry::rel));
            int n = (int) Math.floor(p * all.size() + 1e-9);
            for (int i = 0; i < n; i++) {
                cut.merge(all.get(i).g(), 1, Integer::sum);
            }
        }
        Map<DependencyGroup, PrunePlan.Decision> out = new LinkedHashMap<>();
        for (DependencyGroup g : groups) {
            int size = g.size();
            int keep = size - cut.getOrDefault(g, 0);
            if (keep == 0 && options.minKeep() == 0) {
                throw new SlimException(String.format(Locale.ROOT,
                        "prune: %s%% would remove every channel of %s (group %d, %d channels); lower --percent or raise --min-keep",
                        PruneOptions.format(options.percent()), g.name(), g.id(), size));
            }
            String note = "";
            int floor = Math.max(1, (int) Math.ceil(options.minKeep() * size - 1e-9));
            if (keep < floor) {
                keep = floor;
                note = "floor";
            }
            int rounded = Math.min(size, (keep + options.roundTo() - 1) / options.roundTo() * options.roundTo());
            if (rounded > keep) {
                keep = rounded;
                note = note.isEmpty() ? "round_to" : note + ", round_to";
            }
            out.put(g, new PrunePlan.Decision(g, keep, note, raw.get(g)));
        }
        return out;
    }

    /** Filter norms are compared across groups after dividing by their group's mean (Torch-Pruning's normalizer). */
    private double[] normalized(double[] s) {
        boolean norm = options.scope() == PruneOptions.Scope.GLOBAL
                && (options.criterion() == PruneOptions.Criterion.L1 || options.criterion() == PruneOptions.Criterion.L2);
        if (!norm) {
            return s;
        }
        double mean = Arrays.stream(s).average().orElse(0);
        return mean > 0 ? Arrays.stream(s).map(v -> v / mean).toArray() : s;
    }

    /** Channel indices by ascending score, ties by index. */
    private static Integer[] ascending(double[] s) {
        Integer[] order = new Integer[s.length];
        for (int i = 0; i < s.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> s[i]).thenComparingInt(i -> i));
        return order;
    }

    private static Set<Integer> removedRoots(Map<DependencyGroup, PrunePlan.Decision> decisions, Map<DependencyGroup, double[]> scores) {
        Set<Integer> removed = new HashSet<>();
        for (PrunePlan.Decision d : decisions.values()) {
            Integer[] order = ascending(scores.get(d.group()));
            for (int i = 0; i < d.removed(); i++) {
                removed.add(d.group().roots()[order[i]]);
            }
        }
        return removed;
    }

    /** The pruned spec when it builds exactly the expected dims, else null. */
    private ModelSpec verified(Set<Integer> removed) {
        Map<String, Integer> expected = Dims.count(graph.flow(), id -> !removed.contains(graph.root(id)));
        long[] counts = slots.solve(decrease(removed));
        if (counts == null) {
            return null;
        }
        ModelSpec spec = slots.apply(counts);
        try {
            Map<String, Integer> got = Dims.of(ChannelFlow.walk(YoloModel.build(spec)));
            return got.equals(expected) ? spec : null;
        } catch (SlimException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Pins every group whose own removal does not verify; if none alone fails, all that removed channels. */
    private void blame(Map<DependencyGroup, PrunePlan.Decision> decisions, Set<Integer> removed) {
        List<DependencyGroup> suspects = new ArrayList<>();
        for (PrunePlan.Decision d : decisions.values()) {
            if (d.removed() > 0) {
                suspects.add(d.group());
            }
        }
        boolean any = false;
        for (DependencyGroup g : suspects) {
            Set<Integer> own = new HashSet<>();
            for (int r : g.roots()) {
                if (removed.contains(r)) {
                    own.add(r);
                }
            }
            if (verified(own) == null) {
                pins.put(g, NOT_EXPRESSIBLE);
                any = true;
            }
        }
        if (!any) {
            suspects.forEach(g -> pins.put(g, NOT_EXPRESSIBLE));
        }
    }
}
