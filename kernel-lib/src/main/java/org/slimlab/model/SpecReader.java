package org.slimlab.model;

import org.slimlab.SlimException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads model yaml with SnakeYAML's node tree, so every row keeps its line for error messages. */
final class SpecReader {
    private static final Pattern SCALE_IN_NAME = Pattern.compile("yolov\\d+([nslmx])");
    private static final Set<String> TRUE = Set.of("true", "yes", "on");

    private final String source;

    private SpecReader(String source) {
        this.source = source;
    }

    /** Parses yaml; the name comes from {@code source}'s file stem and the scale. */
    static ModelSpec read(String yaml, String source, String scale) {
        return read(yaml, source, stem(source), scale);
    }

    /**
     * Parses yaml.
     *
     * @param source file name or path, for messages
     * @param requested the name the user asked for (a scale letter in it picks the scale)
     * @param scale explicit scale letter, or null
     */
    static ModelSpec read(String yaml, String source, String requested, String scale) {
        return new SpecReader(source).parse(yaml, requested, scale);
    }

    /** The file name without folders and extension. */
    static String stem(String path) {
        String s = path.replace('\\', '/');
        s = s.substring(s.lastIndexOf('/') + 1);
        return s.replaceFirst("\\.ya?ml$", "");
    }

    /** The scale letter a name like {@code yolov8n-csppc} asks for, or null. */
    static String scaleInName(String name) {
        Matcher m = SCALE_IN_NAME.matcher(name);
        return m.find() ? m.group(1) : null;
    }

    private ModelSpec parse(String yaml, String requested, String scaleArg) {
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            throw new SlimException(source + ":" + (m == null ? 0 : m.getLine() + 1) + ": malformed yaml: "
                    + (e.getProblem() == null ? e.getContext() : e.getProblem()));
        } catch (YAMLException e) {
            throw new SlimException(source + ": malformed yaml: " + e.getMessage());
        }
        if (!(root instanceof MappingNode map)) {
            throw new SlimException(source + ":" + (root == null ? 1 : line(root))
                    + ": malformed yaml: expected a mapping with nc, backbone and head");
        }
        ModelSpec.Builder b = new ModelSpec.Builder().source(source).header(header(yaml));
        Map<String, Node> keys = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            keys.put(String.valueOf(value(t.getKeyNode())), t.getValueNode());
        }
        b.nc(positiveInt(require(keys, "nc", map), "nc"));
        double depth = number(keys.get("depth_multiple"), 1.0, "depth_multiple");
        double width = number(keys.get("width_multiple"), 1.0, "width_multiple");
        Integer maxCh = keys.containsKey("max_channels") ? positiveInt(keys.get("max_channels"), "max_channels") : null;
        String scale = null;
        Map<String, List<Number>> scales = null;
        if (keys.containsKey("scales")) {
            scales = scales(keys.get("scales"));
            scale = chooseScale(scales, scaleArg, keys.get("scale"), requested, keys.get("scales"));
            List<Number> s = scales.get(scale);
            depth = s.get(0).doubleValue();
            width = s.get(1).doubleValue();
            maxCh = s.size() > 2 ? s.get(2).intValue() : null;
        }
        b.depthMultiple(depth).widthMultiple(width).maxChannels(maxCh).scales(scales, scale);
        b.channelDivisor(keys.containsKey("channel_divisor")
                ? positiveInt(keys.get("channel_divisor"), "channel_divisor") : ModelSpec.DEFAULT_DIVISOR);
        if (keys.containsKey("activation")) {
            Object a = value(keys.get("activation"));
            b.activation(a == null ? null : a.toString());
        }
        if (keys.containsKey("anchors")) {
            b.anchors(anchors(keys.get("anchors")));
        }
        List<LayerRow> rows = new ArrayList<>();
        rows(require(keys, "backbone", map), "backbone", rows);
        int backbone = rows.size();
        rows(require(keys, "head", map), "head", rows);
        b.rows(rows, backbone);
        b.name(nameFor(requested, scale));
        return b.build();
    }

    /** {@code yolov8} with scale n is {@code yolov8n}; a name that has its letter keeps it. */
    static String nameFor(String requested, String scale) {
        if (scale == null || scaleInName(requested) != null) {
            return requested;
        }
        Matcher m = Pattern.compile("^(yolov\\d+)").matcher(requested);
        return m.find() ? m.group(1) + scale + requested.substring(m.end()) : requested + "-" + scale;
    }

    private String chooseScale(Map<String, List<Number>> scales, String arg, Node key, String requested, Node at) {
        String s = arg;
        if (s == null && key != null) {
            s = String.valueOf(value(key));
        }
        if (s == null) {
            s = scaleInName(requested);
        }
        if (s == null) {
            s = scales.keySet().iterator().next();
        }
        if (!scales.containsKey(s)) {
            throw new SlimException(source + ":" + line(at) + ": no scale '" + s + "' (scales: "
                    + String.join(", ", scales.keySet()) + ")");
        }
        return s;
    }

    private Map<String, List<Number>> scales(Node node) {
        if (!(node instanceof MappingNode m) || m.getValue().isEmpty()) {
            throw new SlimException(source + ":" + line(node) + ": scales must map a letter to [depth, width, max_channels]");
        }
        Map<String, List<Number>> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            List<Number> v = numbers(t.getValueNode(), "scale " + value(t.getKeyNode()));
            if (v.size() < 2 || v.size() > 3) {
                throw new SlimException(source + ":" + line(t.getValueNode()) + ": scale " + value(t.getKeyNode())
                        + " must be [depth, width, max_channels]");
            }
            out.put(String.valueOf(value(t.getKeyNode())), v);
        }
        return out;
    }

    private List<List<Number>> anchors(Node node) {
        if (!(node instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
            throw new SlimException(source + ":" + line(node) + ": anchors must list pixel pairs per level, e.g. - [10,13, 16,30, 33,23]");
        }
        List<List<Number>> out = new ArrayList<>();
        for (Node level : seq.getValue()) {
            List<Number> a = numbers(level, "anchors");
            if (a.isEmpty() || a.size() % 2 != 0) {
                throw new SlimException(source + ":" + line(level) + ": an anchor level needs (w, h) pairs, got " + a.size() + " numbers");
            }
            out.add(a);
        }
        return out;
    }

    private void rows(Node node, String section, List<LayerRow> out) {
        if (!(node instanceof SequenceNode seq)) {
            throw new SlimException(source + ":" + line(node) + ": " + section + " must be a list of [from, number, module, args] rows");
        }
        for (Node r : seq.getValue()) {
            out.add(row(r, out.size()));
        }
    }

    private LayerRow row(Node node, int index) {
        int line = line(node);
        String where = source + ":" + line + ": row " + index;
        if (!(node instanceof SequenceNode seq) || seq.getValue().size() < 4 || seq.getValue().size() > 5) {
            throw new SlimException(where + ": a row is [from, number, module, args] (optionally {inner widths})");
        }
        List<Node> items = seq.getValue();
        Object from = value(items.get(0));
        List<Integer> f = new ArrayList<>();
        boolean list = from instanceof List<?>;
        for (Object o : list ? (List<?>) from : java.util.Collections.singletonList(from)) {
            if (!(o instanceof Integer i)) {
                throw new SlimException(where + ": from must be an index or a list of indices, got " + from);
            }
            f.add(i);
        }
        if (f.isEmpty()) {
            throw new SlimException(where + ": from is empty");
        }
        Object n = value(items.get(1));
        if (!(n instanceof Integer number) || number < 1) {
            throw new SlimException(where + ": number must be a positive integer, got " + n);
        }
        Object module = value(items.get(2));
        if (!(module instanceof String m)) {
            throw new SlimException(where + ": module must be a name, got " + module);
        }
        Object args = value(items.get(3));
        if (!(args instanceof List<?> a)) {
            throw new SlimException(where + " (" + m + "): args must be a list, got " + args);
        }
        Map<String, Integer> widths = new LinkedHashMap<>();
        if (items.size() == 5) {
            Object w = value(items.get(4));
            if (!(w instanceof Map<?, ?> wm)) {
                throw new SlimException(where + " (" + m + "): the fifth element must map inner names to widths, e.g. {cv1: 32}");
            }
            for (Map.Entry<?, ?> e : wm.entrySet()) {
                if (!(e.getValue() instanceof Integer v) || v < 1) {
                    throw new SlimException(where + " (" + m + "): inner width " + e.getKey() + " must be a positive integer, got " + e.getValue());
                }
                widths.put(String.valueOf(e.getKey()), v);
            }
        }
        return new LayerRow(f, list, number, m, new ArrayList<>(a), widths, line);
    }

    private Node require(Map<String, Node> keys, String key, Node at) {
        Node n = keys.get(key);
        if (n == null) {
            throw new SlimException(source + ":" + line(at) + ": missing key '" + key + "'");
        }
        return n;
    }

    private int positiveInt(Node node, String key) {
        Object v = value(node);
        if (!(v instanceof Integer i) || i < 1) {
            throw new SlimException(source + ":" + line(node) + ": " + key + " must be a positive integer, got " + v);
        }
        return i;
    }

    private double number(Node node, double fallback, String key) {
        if (node == null) {
            return fallback;
        }
        Object v = value(node);
        if (!(v instanceof Number n) || !(n.doubleValue() > 0)) {
            throw new SlimException(source + ":" + line(node) + ": " + key + " must be a positive number, got " + v);
        }
        return n.doubleValue();
    }

    private List<Number> numbers(Node node, String what) {
        Object v = value(node);
        List<Number> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Number n) {
                    out.add(n);
                    continue;
                }
                throw new SlimException(source + ":" + line(node) + ": " + what + " must be numbers, got " + o);
            }
            return out;
        }
        throw new SlimException(source + ":" + line(node) + ": " + what + " must be a list of numbers, got " + v);
    }

    /** Converts a node to Java values; {@code None} and {@code null} become null. */
    private Object value(Node node) {
        if (node instanceof ScalarNode s) {
            String v = s.getValue();
            Tag tag = s.getTag();
            try {
                if (Tag.INT.equals(tag)) {
                    return Integer.valueOf(v.replace("_", "").replace("+", ""));
                }
                if (Tag.FLOAT.equals(tag)) {
                    return Double.valueOf(v.replace("_", ""));
                }
            } catch (NumberFormatException e) {
                throw new SlimException(source + ":" + line(node) + ": cannot read number " + v);
            }
            if (Tag.BOOL.equals(tag)) {
                return TRUE.contains(v.toLowerCase(Locale.ROOT));
            }
            if (Tag.NULL.equals(tag) || "None".equals(v)) {
                return null;
            }
            return v;
        }
        if (node instanceof SequenceNode seq) {
            List<Object> out = new ArrayList<>();
            for (Node n : seq.getValue()) {
                out.add(value(n));
            }
            return out;
        }
        if (node instanceof MappingNode m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                out.put(String.valueOf(value(t.getKeyNode())), value(t.getValueNode()));
            }
            return out;
        }
        throw new SlimException(source + ":" + line(node) + ": unsupported yaml node");
    }

    private static int line(Node node) {
        return node == null ? 0 : node.getStartMark().getLine() + 1;
    }

    /** The comment lines at the top of the file, '#' marks removed. */
    private static String header(String yaml) {
        StringBuilder sb = new StringBuilder();
        for (String l : yaml.split("\n", -1)) {
            String t = l.strip();
            if (t.startsWith("#")) {
                sb.append(t.substring(1).startsWith(" ") ? t.substring(2) : t.substring(1)).append('\n');
            } else if (!t.isEmpty()) {
                break;
            }
        }
        return sb.toString().stripTrailing();
    }
}
