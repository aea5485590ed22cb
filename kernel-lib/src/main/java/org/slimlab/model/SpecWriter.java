package org.slimlab.model;

import org.slimlab.model.modules.Act;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Writes a spec as Ultralytics-style yaml: flow-style rows, each commented with its index. */
final class SpecWriter {
    private SpecWriter() {
    }

    static String write(ModelSpec s) {
        StringBuilder sb = new StringBuilder();
        if (!s.header().isEmpty()) {
            for (String l : s.header().split("\n", -1)) {
                sb.append(l.isEmpty() ? "#" : "# " + l).append('\n');
            }
            sb.append('\n');
        }
        sb.append("nc: ").append(s.nc()).append('\n');
        if (s.scales() != null) {
            sb.append("scale: ").append(s.scale()).append('\n');
            sb.append("scales: # [depth, width, max_channels]\n");
            for (Map.Entry<String, List<Number>> e : s.scales().entrySet()) {
                sb.append("  ").append(e.getKey()).append(": ").append(value(e.getValue())).append('\n');
            }
        } else {
            sb.append("depth_multiple: ").append(value(s.depthMultiple())).append('\n');
            sb.append("width_multiple: ").append(value(s.widthMultiple())).append('\n');
            if (s.maxChannels() != null) {
                sb.append("max_channels: ").append(s.maxChannels()).append('\n');
            }
        }
        if (s.channelDivisor() != ModelSpec.DEFAULT_DIVISOR) {
            sb.append("channel_divisor: ").append(s.channelDivisor()).append(" # output widths are literal\n");
        }
        if (s.activation() != null) {
            sb.append("activation: ").append(s.activation()).append('\n');
        }
        if (s.anchors() != null) {
            sb.append("anchors:\n");
            for (List<Number> level : s.anchors()) {
                sb.append("  - ").append(value(level)).append('\n');
            }
        }
        sb.append("\nbackbone:\n");
        for (int i = 0; i < s.rows().size(); i++) {
            if (i == s.backboneSize()) {
                sb.append("\nhead:\n");
            }
            sb.append("  - ").append(row(s.rows().get(i))).append(" # ").append(i).append('\n');
        }
        if (s.backboneSize() == s.rows().size()) {
            sb.append("\nhead: []\n");
        }
        return sb.toString();
    }

    /** One row in flow style. */
    static String row(LayerRow r) {
        StringBuilder sb = new StringBuilder("[");
        sb.append(r.fromList() ? value(r.from()) : String.valueOf(r.from().get(0)));
        sb.append(", ").append(r.number()).append(", ").append(r.module()).append(", ").append(value(r.args()));
        if (!r.widths().isEmpty()) {
            sb.append(", ").append(value(r.widths()));
        }
        return sb.append(']').toString();
    }

    /** A yaml value as Ultralytics files spell it (None, False, bare symbols, quoted strings). */
    static String value(Object v) {
        if (v == null) {
            return "None";
        }
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.format(java.util.Locale.ROOT, "%.1f", d) : Double.toString(d);
        }
        if (v instanceof Number) {
            return v.toString();
        }
        if (v instanceof String s) {
            return "nc".equals(s) || "anchors".equals(s) || Act.isToken(s) ? s : "'" + s.replace("'", "''") + "'";
        }
        if (v instanceof List<?> l) {
            StringBuilder sb = new StringBuilder("[");
            for (Iterator<?> it = l.iterator(); it.hasNext(); ) {
                sb.append(value(it.next())).append(it.hasNext() ? ", " : "");
            }
            return sb.append(']').toString();
        }
        if (v instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("{");
            for (Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<?, ?> e = it.next();
                sb.append(e.getKey()).append(": ").append(value(e.getValue())).append(it.hasNext() ? ", " : "");
            }
            return sb.append('}').toString();
        }
        return v.toString();
    }
}
