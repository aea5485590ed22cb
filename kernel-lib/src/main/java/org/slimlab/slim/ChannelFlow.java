package org.slimlab.slim;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.util.Pair;
import org.slimlab.model.LayerPlan;
import org.slimlab.model.YoloModel;
import org.slimlab.model.modules.Trace;
import org.slimlab.model.modules.YoloModule;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Listens to an observing {@link Trace} of a whole model and records which channel of which tensor
 * is which: convolutions create channels (a grouped convolution ties each group's inputs to its
 * outputs), concat and split move index ranges, adds, channel-wise products and shuffles tie
 * channels, pooling, upsampling and per-pixel fusion weights keep them (the one-channel weight maps
 * are marked, never pruned). Nothing here knows a module by name.
 */
final class ChannelFlow implements Trace.Flow {
    /** Channel-wise parameter of a module, e.g. YOLOv7's implicit vectors. */
    record ParamUse(String name, Parameter parameter, int axis, Space space, int row) {
    }

    /**
     * A convolution: input and output tensors, groups, kernel area and the output's positions
     * (batch × height × width of the walk).
     */
    record ConvUse(String name, Convolution conv, Space in, Space out, int groups, int row, long kernel, long pixels) {
    }

    /** A BatchNorm over a tensor with {@code pixels} positions per channel. */
    record NormUse(String name, BatchNorm norm, Space space, int row, long pixels) {
    }

    /** One layer axis over a tensor, in walk order (what dependency groups are made of). */
    record Use(String layer, DependencyGroup.Role role, Space space, int row) {
    }

    final UnionFind ids = new UnionFind();
    final List<ConvUse> convs = new ArrayList<>();
    final List<NormUse> norms = new ArrayList<>();
    final List<ParamUse> params = new ArrayList<>();
    final List<Use> uses = new ArrayList<>();
    /** Ids whose flow the walk could not follow (the image, head outputs): never pruned. */
    final Set<Integer> opaque = new LinkedHashSet<>();
    /** Ids of one-channel fusion weight maps: one per pyramid level, never pruned. */
    final Set<Integer> weights = new LinkedHashSet<>();
    /** Blocks whose outputs the walk could not follow. */
    final Set<String> opaqueBlocks = new LinkedHashSet<>();
    final Space image;
    final Space[] rowOutputs;
    final List<List<Space>> rowInputs = new ArrayList<>();
    /** Input and output tensors of every module (rows and their children), by name ({@code model.4.m.1}). */
    final Map<String, Space[]> moduleSpaces = new java.util.LinkedHashMap<>();

    private final Map<Block, String> names = new IdentityHashMap<>();
    private final Map<Shape, Space> spaces = new IdentityHashMap<>();
    private int row = -1;

    private ChannelFlow(YoloModel model, Shape input) {
        model.namedBlocks().forEach((k, v) -> names.put(v, k));
        image = fresh((int) input.get(1));
        opaque(image);
        spaces.put(input, image);
        rowOutputs = new Space[model.size()];
    }

    /** Walks {@code model} on a batch-1 input of its largest stride. */
    static ChannelFlow walk(YoloModel model) {
        return walk(model, (int) model.maxStride());
    }

    /** Walks {@code model} on a batch-1 {@code img}×{@code img} input. */
    static ChannelFlow walk(YoloModel model, int img) {
        Shape input = new Shape(1, 3, img, img);
        ChannelFlow flow = new ChannelFlow(model, input);
        Trace t = Trace.observing(flow);
        Shape[] outs = new Shape[model.size()];
        for (int i = 0; i < model.size(); i++) {
            flow.row = i;
            List<Integer> from = model.plan().layer(i).inputs();
            Shape[] in = new Shape[from.size()];
            List<Space> ins = new ArrayList<>();
            for (int j = 0; j < in.length; j++) {
                in[j] = from.get(j) == LayerPlan.IMAGE ? input : outs[from.get(j)];
                ins.add(flow.of(in[j]));
            }
            flow.rowInputs.add(ins);
            Shape[] out = t.apply(model.layer(i), in);
            outs[i] = out[0];
            flow.rowOutputs[i] = flow.of(out[0]);
        }
        return flow;
    }

    private Space fresh(int channels) {
        int[] ids = new int[channels];
        for (int i = 0; i < channels; i++) {
            ids[i] = this.ids.add();
        }
        return new Space(ids);
    }

    private void opaque(Space s) {
        for (int id : s.ids) {
            opaque.add(id);
        }
    }

    /** The tensor behind a shape; a shape no step produced is an opaque tensor. */
    private Space of(Shape s) {
        Space sp = spaces.get(s);
        if (sp == null) {
            sp = fresh((int) s.get(1));
            opaque(sp);
            spaces.put(s, sp);
        }
        return sp;
    }

    @Override
    public void leaf(Block block, Shape[] in, Shape[] out) {
        String name = names.getOrDefault(block, block.getClass().getSimpleName());
        if (block instanceof Convolution c && in.length == 1 && out.length == 1) {
            Space x = of(in[0]);
            Space y = fresh((int) out[0].get(1));
            int g = c.getGroups();
            if (g > 1) {
                int a = x.size() / g;
                int b = y.size() / g;
                for (int k = 0; k < g; k++) {
                    int anchor = y.ids[k * b];
                    for (int i = 0; i < a; i++) {
                        ids.union(anchor, x.ids[k * a + i]);
                    }
                    for (int j = 1; j < b; j++) {
                        ids.union(anchor, y.ids[k * b + j]);
                    }
                }
            }
            spaces.put(out[0], y);
            convs.add(new ConvUse(name, c, x, y, g, row, c.getKernelShape().size(), out[0].size() / out[0].get(1)));
            uses.add(new Use(name, DependencyGroup.Role.OUT, y, row));
            uses.add(new Use(name, DependencyGroup.Role.IN, x, row));
        } else if (block instanceof BatchNorm bn && in.length == 1 && out.length == 1) {
            Space x = of(in[0]);
            spaces.put(out[0], x);
            norms.add(new NormUse(name, bn, x, row, in[0].size() / in[0].get(1)));
            uses.add(new Use(name, DependencyGroup.Role.NORM, x, row));
        } else {
            for (Shape s : in) {
                opaque(of(s));
            }
            for (Shape s : out) {
                opaque(of(s));
            }
            opaqueBlocks.add(name);
        }
    }

    @Override
    public void module(YoloModule module, Shape[] in, Shape[] out) {
        String name = names.getOrDefault(module, module.getClass().getSimpleName());
        for (Pair<String, Parameter> p : module.getDirectParameters()) {
            channelParameter(name, p.getValue(), in);
        }
        for (Shape s : out) {
            if (!spaces.containsKey(s)) {
                opaque(of(s));
                opaqueBlocks.add(name);
            }
        }
        if (in.length == 1 && out.length == 1) {
            moduleSpaces.put(name, new Space[] {of(in[0]), of(out[0])});
        }
    }

    /** A parameter with one axis as long as the input's channels (all other axes 1) follows those channels. */
    private void channelParameter(String name, Parameter p, Shape[] in) {
        Space x = of(in[0]);
        long[] dims = p.getShape() == null ? new long[0] : p.getShape().getShape();
        int axis = -1;
        boolean ok = dims.length > 0;
        for (int i = 0; i < dims.length && ok; i++) {
            if (dims[i] == x.size() && axis < 0 && x.size() > 1) {
                axis = i;
            } else if (dims[i] != 1) {
                ok = false;
            }
        }
        if (ok && axis >= 0) {
            params.add(new ParamUse(name + "." + p.getName(), p, axis, x, row));
            uses.add(new Use(name + "." + p.getName(), DependencyGroup.Role.PARAM, x, row));
        } else {
            opaque(x);
            opaqueBlocks.add(name);
        }
    }

    @Override
    public void concat(Shape[] parts, Shape out) {
        int n = 0;
        for (Shape p : parts) {
            n += of(p).size();
        }
        int[] ids = new int[n];
        int at = 0;
        for (Shape p : parts) {
            Space s = of(p);
            System.arraycopy(s.ids, 0, ids, at, s.size());
            at += s.size();
        }
        spaces.put(out, new Space(ids));
    }

    @Override
    public void split(Shape in, Shape[] parts) {
        Space x = of(in);
        int at = 0;
        for (Shape p : parts) {
            int n = (int) p.get(1);
            int[] ids = new int[n];
            System.arraycopy(x.ids, at, ids, 0, n);
            spaces.put(p, new Space(ids));
            at += n;
        }
    }

    @Override
    public void merge(Shape[] in, Shape out) {
        Space first = of(in[0]);
        for (int j = 1; j < in.length; j++) {
            Space other = of(in[j]);
            for (int k = 0; k < first.size(); k++) {
                ids.union(first.ids[k], other.ids[k]);
            }
        }
        spaces.put(out, new Space(first.ids.clone()));
    }

    @Override
    public void weigh(Shape x, Shape w, Shape out) {
        for (int id : of(w).ids) {
            weights.add(id);
        }
        spaces.put(out, new Space(of(x).ids.clone()));
    }

    @Override
    public void shuffle(Shape in, int groups, Shape out) {
        Space x = of(in);
        int chunk = x.size() / groups;
        int[] ids = new int[x.size()];
        for (int i = 0; i < chunk; i++) {
            for (int j = 1; j < groups; j++) {
                this.ids.union(x.ids[i], x.ids[j * chunk + i]);
            }
        }
        for (int k = 0; k < ids.length; k++) {
            ids[k] = x.ids[(k % groups) * chunk + k / groups];
        }
        spaces.put(out, new Space(ids));
    }

    @Override
    public void resize(Shape in, Shape out) {
        spaces.put(out, of(in));
    }
}
