package org.slimlab.model;

import org.slimlab.SlimException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Row deletion and insertion with {@code from} re-indexing (see {@link ModelSpec#remove}). */
final class RowSurgery {
    private static final Pattern REPEAT_KEY = Pattern.compile("^(m\\.)?(\\d+)\\.(.*)$");

    private RowSurgery() {
    }

    static ModelSpec remove(ModelSpec spec, int... indices) {
        List<LayerRow> rows = spec.rows();
        TreeSet<Integer> gone = new TreeSet<>();
        for (int i : indices) {
            spec.row(i);
            if (i == rows.size() - 1) {
                throw new SlimException(RowContext.where(spec, rows.get(i), i) + "the detection head cannot be removed");
            }
            gone.add(i);
        }
        int[] newIndex = new int[rows.size()];
        for (int i = 0, n = 0; i < rows.size(); i++) {
            newIndex[i] = gone.contains(i) ? -1 : n++;
        }
        List<LayerRow> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (gone.contains(i)) {
                continue;
            }
            LayerRow r = rows.get(i);
            int ni = newIndex[i];
            List<Integer> from = new ArrayList<>();
            for (int f : r.from()) {
                int t = f < 0 ? i + f : f;
                if (t < 0 || t >= i) {
                    from.add(f);
                } else if (gone.contains(t)) {
                    if (r.from().size() == 1) {
                        throw new SlimException(RowContext.where(spec, r, i) + "needs row " + t
                                + " as its only input; remove row " + i + " too or change its from");
                    }
                    if (!"Concat".equals(r.module())) {
                        throw new SlimException(RowContext.where(spec, r, i) + "needs row " + t
                                + " (only a Concat can drop an input); change its from first");
                    }
                } else {
                    from.add(f < 0 ? newIndex[t] - ni : newIndex[t]);
                }
            }
            if (from.isEmpty()) {
                throw new SlimException(RowContext.where(spec, r, i) + "would lose all its inputs " + r.from());
            }
            out.add(r.withFrom(from));
        }
        int backbone = spec.backboneSize() - gone.headSet(spec.backboneSize()).size();
        return spec.toBuilder().rows(out, backbone).build();
    }

    static ModelSpec insert(ModelSpec spec, int index, LayerRow row) {
        List<LayerRow> rows = spec.rows();
        if (index < 0 || index >= rows.size()) {
            throw new SlimException(spec.source() + ": cannot insert at " + index + " (insert before rows 0.."
                    + (rows.size() - 1) + ")");
        }
        List<LayerRow> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (i == index) {
                out.add(row);
            }
            LayerRow r = rows.get(i);
            int ni = i < index ? i : i + 1;
            List<Integer> from = new ArrayList<>();
            for (int f : r.from()) {
                int t = f < 0 ? i + f : f;
                if (t < 0 || t >= i) {
                    from.add(f);
                } else {
                    int nt = t >= index ? t + 1 : t;
                    from.add(f < 0 ? nt - ni : nt);
                }
            }
            out.add(r.withFrom(from));
        }
        int backbone = index < spec.backboneSize() ? spec.backboneSize() + 1 : spec.backboneSize();
        return spec.toBuilder().rows(out, backbone).build();
    }

    static ModelSpec removeRepeat(ModelSpec spec, int index, int k) {
        ModelSpec r = spec.resolved();
        LayerRow row = r.row(index);
        if (row.number() < 2) {
            throw new SlimException(RowContext.where(r, row, index) + "has a single block; remove the row instead");
        }
        if (k < 0 || k >= row.number()) {
            throw new SlimException(RowContext.where(r, row, index) + "has blocks 0.." + (row.number() - 1) + ", not " + k);
        }
        Map<String, Integer> widths = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> e : row.widths().entrySet()) {
            Matcher m = REPEAT_KEY.matcher(e.getKey());
            if (!m.matches()) {
                widths.put(e.getKey(), e.getValue());
                continue;
            }
            int j = Integer.parseInt(m.group(2));
            if (j != k) {
                String prefix = m.group(1) == null ? "" : m.group(1);
                widths.put(prefix + (j > k ? j - 1 : j) + "." + m.group(3), e.getValue());
            }
        }
        return r.withRow(index, row.withNumber(row.number() - 1).withWidths(widths));
    }
}
