package org.slimlab.slim;

import org.slimlab.model.YoloModel;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which output channels of a model must move together, derived from the model's data flow (an
 * observing {@link org.slimlab.model.modules.Trace} walk over its rows), never from module names:
 * residual adds tie channels, Concat maps index ranges to its inputs, splits map ranges back,
 * grouped and depthwise convolutions tie their inputs to their outputs, channel shuffles tie the
 * channels they interleave, and pass-through channels (pooling, upsampling, the untouched part of a
 * partial convolution) keep their identity.
 *
 * <p>Groups that can never be pruned are kept with a reason: channels of the image, the per-level
 * weight logits of adaptive fusion, channels no convolution reads (the head's outputs), and channels
 * whose flow the walk could not follow.
 */
public final class DependencyGraph {
    private final YoloModel model;
    private final ChannelFlow flow;
    private final int[] root;
    private final List<DependencyGroup> groups;
    private final Map<Integer, DependencyGroup> byRoot = new HashMap<>();

    private DependencyGraph(YoloModel model, int img) {
        this.model = model;
        this.flow = ChannelFlow.walk(model, img);
        this.root = new int[flow.ids.size()];
        for (int i = 0; i < root.length; i++) {
            root[i] = flow.ids.find(i);
        }
        this.groups = Collections.unmodifiableList(buildGroups());
        for (DependencyGroup g : groups) {
            for (int r : g.roots()) {
                byRoot.put(r, g);
            }
        }
    }

    /** The graph of a built model (its parameters need not be initialized). */
    public static DependencyGraph of(YoloModel model) {
        return new DependencyGraph(model, (int) model.maxStride());
    }

    /** The graph walked on an {@code img}×{@code img} input, so that its sizes also give costs ({@link PruneCost}). */
    static DependencyGraph of(YoloModel model, int img) {
        return new DependencyGraph(model, img);
    }

    private List<DependencyGroup> buildGroups() {
        Map<Integer, Map<String, List<Integer>>> perRoot = new LinkedHashMap<>();
        Map<Integer, Set<Integer>> rowsOf = new HashMap<>();
        Map<String, ChannelFlow.Use> useOf = new HashMap<>();
        for (ChannelFlow.Use u : flow.uses) {
            String key = u.layer() + "|" + u.role();
            useOf.put(key, u);
            for (int p = 0; p < u.space().size(); p++) {
                int r = root[u.space().ids[p]];
                perRoot.computeIfAbsent(r, k -> new LinkedHashMap<>()).computeIfAbsent(key, k -> new ArrayList<>()).add(p);
                rowsOf.computeIfAbsent(r, k -> new TreeSet<>()).add(u.row());
            }
        }
        Map<String, List<Integer>> bySignature = new LinkedHashMap<>();
        for (Map.Entry<Integer, Map<String, List<Integer>>> e : perRoot.entrySet()) {
            StringBuilder sig = new StringBuilder();
            e.getValue().forEach((k, v) -> sig.append(k).append('#').append(v.size()).append(';'));
            bySignature.computeIfAbsent(sig.toString(), k -> new ArrayList<>()).add(e.getKey());
        }
        Set<Integer> imageRoots = rootsOf(flow.image);
        Set<Integer> weightRoots = new HashSet<>();
        for (int id : flow.weights) {
            weightRoots.add(root[id]);
        }
        Set<Integer> opaqueRoots = new HashSet<>();
        for (int id : flow.opaque) {
            opaqueRoots.add(root[id]);
        }
        List<DependencyGroup> out = new ArrayList<>();
        for (List<Integer> roots : bySignature.values()) {
            Map<String, List<Integer>> first = perRoot.get(roots.get(0));
            List<DependencyGroup.Member> members = new ArrayList<>();
            boolean read = false;
            for (String key : first.keySet()) {
                TreeSet<Integer> pos = new TreeSet<>();
                for (int r : roots) {
                    pos.addAll(perRoot.get(r).get(key));
                }
                ChannelFlow.Use u = useOf.get(key);
                members.add(new DependencyGroup.Member(u.layer(), u.role(), pos.stream().mapToInt(Integer::intValue).toArray()));
                read |= u.role() == DependencyGroup.Role.IN;
            }
            int r0 = roots.get(0);
            String pinned = imageRoots.contains(r0) ? "model input"
                    : weightRoots.contains(r0) ? "fusion weights (one per level)"
                    : opaqueRoots.contains(r0) ? "flow not traced"
                    : !read ? "model output" : null;
            int[] rows = rowsOf.get(r0).stream().mapToInt(Integer::intValue).toArray();
            out.add(new DependencyGroup(out.size(), roots.stream().mapToInt(Integer::intValue).toArray(), members, pinned, rows));
        }
        return out;
    }

    private Set<Integer> rootsOf(Space s) {
        Set<Integer> r = new HashSet<>();
        for (int id : s.ids) {
            r.add(root[id]);
        }
        return r;
    }

    /** The model the graph describes. */
    public YoloModel model() {
        return model;
    }

    /** Every group, in walk order. */
    public List<DependencyGroup> groups() {
        return groups;
    }

    /** The groups that are not pinned by the model's structure. */
    public List<DependencyGroup> prunableGroups() {
        return groups.stream().filter(DependencyGroup::prunable).toList();
    }

    /** The first group with an {@link DependencyGroup.Role#OUT} member on {@code layer} ({@code model.2.cv1} or {@code model.2.cv1.conv}). */
    public DependencyGroup groupOf(String layer) {
        for (DependencyGroup g : groups) {
            for (DependencyGroup.Member m : g.members(DependencyGroup.Role.OUT)) {
                if (m.layer().equals(layer) || m.layer().equals(layer + ".conv")) {
                    return g;
                }
            }
        }
        throw new org.slimlab.SlimException(model.spec().name() + ": no convolution named " + layer);
    }

    /** Blocks whose outputs the walk could not follow (the head's decoding parts only, for shipped models). */
    public Set<String> untracedBlocks() {
        return Collections.unmodifiableSet(flow.opaqueBlocks);
    }

    /** Prunable channels: the sum of the sizes of the prunable groups. */
    public int prunableChannels() {
        return prunableGroups().stream().mapToInt(DependencyGroup::size).sum();
    }

    /** One line per group ({@link DependencyGroup#toString()}). */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (DependencyGroup g : groups) {
            sb.append(g).append('\n');
        }
        return sb.toString();
    }

    /** The groups as a table: id, name, channels, members, kept-because. */
    public Table table() {
        Table t = Table.create(model.spec().name() + " dependency groups");
        t.addColumns(IntColumn.create("group", groups.stream().mapToInt(DependencyGroup::id).toArray()),
                StringColumn.create("name", groups.stream().map(DependencyGroup::name).toList()),
                IntColumn.create("channels", groups.stream().mapToInt(DependencyGroup::size).toArray()),
                StringColumn.create("rows", groups.stream().map(g -> Arrays.toString(g.rows())).toList()),
                StringColumn.create("members", groups.stream().map(g -> g.members().stream()
                        .map(DependencyGroup.Member::toString).reduce((a, b) -> a + ", " + b).orElse("")).toList()),
                StringColumn.create("kept", groups.stream().map(g -> g.pinned() == null ? "" : g.pinned()).toList()));
        return t;
    }

    ChannelFlow flow() {
        return flow;
    }

    /** The coupled channel an id of the walk belongs to. */
    int root(int id) {
        return root[id];
    }

    /** The group of a coupled channel, or null for channels no layer uses. */
    DependencyGroup groupOfRoot(int r) {
        return byRoot.get(r);
    }

    /** Coupled channels fed to the detection head. */
    Set<Integer> headInputRoots() {
        Set<Integer> r = new HashSet<>();
        for (Space s : flow.rowInputs.get(flow.rowInputs.size() - 1)) {
            r.addAll(rootsOf(s));
        }
        return r;
    }

    /** Coupled channels that convolutions of the given rows produce. */
    Set<Integer> producedInRows(Set<Integer> rows) {
        Set<Integer> r = new HashSet<>();
        for (ChannelFlow.ConvUse c : flow.convs) {
            if (rows.contains(c.row())) {
                r.addAll(rootsOf(c.out()));
            }
        }
        return r;
    }
}
