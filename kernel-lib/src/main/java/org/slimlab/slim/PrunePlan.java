package org.slimlab.slim;

import org.slimlab.model.ModelSpec;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What pruning will do: for every dependency group, how many channels stay and which, and the
 * resolved yaml of the smaller model ({@link #prunedSpec()}). Made by {@link Pruner#plan}.
 */
public final class PrunePlan {
    /**
     * The decision for one group.
     *
     * @param group the group
     * @param kept channels that stay
     * @param note why more stay than the ranking asked (pinned reason, floor, round_to), or empty
     * @param importance the channels' scores in the group's order (empty for groups never scored)
     */
    public record Decision(DependencyGroup group, int kept, String note, double[] importance) {
        /** Channels removed. */
        public int removed() {
            return group.size() - kept;
        }
    }

    private final DependencyGraph graph;
    private final PruneOptions options;
    private final List<Decision> decisions;
    private final Set<Integer> removed;
    private final ModelSpec prunedSpec;

    PrunePlan(DependencyGraph graph, PruneOptions options, List<Decision> decisions, Set<Integer> removed, ModelSpec prunedSpec) {
        this.graph = graph;
        this.options = options;
        this.decisions = List.copyOf(decisions);
        this.removed = Collections.unmodifiableSet(removed);
        this.prunedSpec = prunedSpec;
    }

    /** The dependency graph of the model being pruned. */
    public DependencyGraph graph() {
        return graph;
    }

    /** The options the plan was made with. */
    public PruneOptions options() {
        return options;
    }

    /** One decision per group, in the graph's order. */
    public List<Decision> decisions() {
        return decisions;
    }

    /** The smaller model's resolved spec (explicit widths), named like the original. */
    public ModelSpec prunedSpec() {
        return prunedSpec;
    }

    /** Channels in groups that could be pruned (not pinned by structure, options or yaml). */
    public int prunableChannels() {
        return decisions.stream().filter(d -> d.importance().length > 0).mapToInt(d -> d.group().size()).sum();
    }

    /** Channels removed. */
    public int removedChannels() {
        return decisions.stream().mapToInt(Decision::removed).sum();
    }

    /** Removed share of the prunable channels, in percent. */
    public double removedPercent() {
        int p = prunableChannels();
        return p == 0 ? 0 : 100.0 * removedChannels() / p;
    }

    /** True when the channel with walk id {@code id} stays. */
    boolean keeps(int id) {
        return !removed.contains(graph.root(id));
    }

    /** True when the coupled channel {@code root} goes. */
    boolean removesRoot(int root) {
        return removed.contains(root);
    }

    /** Per group: name, channels before and after, removed %, note. */
    public Table table() {
        Table t = Table.create(graph.model().spec().name() + " pruning plan");
        t.addColumns(IntColumn.create("group", decisions.stream().mapToInt(d -> d.group().id()).toArray()),
                StringColumn.create("name", decisions.stream().map(d -> d.group().name()).toList()),
                IntColumn.create("before", decisions.stream().mapToInt(d -> d.group().size()).toArray()),
                IntColumn.create("after", decisions.stream().mapToInt(Decision::kept).toArray()),
                DoubleColumn.create("removed %", decisions.stream()
                        .mapToDouble(d -> Math.round(1000.0 * d.removed() / d.group().size()) / 10.0).toArray()),
                StringColumn.create("note", decisions.stream().map(Decision::note).toList()));
        return t;
    }

    /** The plan as text: one line per group, then totals. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%5s  %-28s %8s %8s %9s  %s%n", "group", "name", "before", "after", "removed", "note"));
        for (Decision d : decisions) {
            sb.append(String.format(Locale.ROOT, "%5d  %-28s %8d %8d %8.1f%%  %s%n", d.group().id(), d.group().name(),
                    d.group().size(), d.kept(), 100.0 * d.removed() / d.group().size(), d.note()));
        }
        sb.append(String.format(Locale.ROOT, "removed %d of %d prunable channels (%.1f%%; asked %s%%, %s, %s)%n",
                removedChannels(), prunableChannels(), removedPercent(), PruneOptions.format(options.percent()),
                options.criterion().name().toLowerCase(Locale.ROOT), options.scope().name().toLowerCase(Locale.ROOT)));
        return sb.toString();
    }

    @Override
    public String toString() {
        return text();
    }
}
