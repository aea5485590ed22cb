package org.slimlab.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One yaml row {@code [from, number, module, args]} with an optional fifth element, a map of
 * explicit inner widths ({@code {cv1: 24, m.0.cv1: 16}}, see {@link ModelSpec}).
 *
 * <p>{@code from} is -1 (previous row, or the image for row 0), -k (k rows back), an absolute row
 * index, or a list of those. Args keep the yaml values: numbers, booleans, {@code null} for
 * {@code None}, lists, and strings ({@code nc}, {@code anchors}, {@code nn.LeakyReLU(0.1)},
 * {@code nearest}). Equality ignores the source line.
 *
 * @param from input rows
 * @param fromList whether yaml wrote {@code from} as a list
 * @param number repeats before depth scaling
 * @param module module name as written ({@code Conv}, {@code nn.Upsample} ...)
 * @param args module arguments
 * @param widths explicit inner widths, empty when the module's defaults apply
 * @param line 1-based line in the yaml file, 0 when the row was made in code
 */
public record LayerRow(List<Integer> from, boolean fromList, int number, String module, List<Object> args,
                       Map<String, Integer> widths, int line) {

    public LayerRow {
        from = List.copyOf(from);
        Objects.requireNonNull(module, "module");
        args = Collections.unmodifiableList(new ArrayList<>(args));
        widths = Collections.unmodifiableMap(new LinkedHashMap<>(widths));
    }

    /**
     * A row made in code, e.g. {@code LayerRow.of(-1, 1, "Conv", 32, 3, 1)}.
     *
     * @param from an Integer or a List of Integers
     */
    public static LayerRow of(Object from, int number, String module, Object... args) {
        boolean list = from instanceof List<?>;
        List<Integer> f = new ArrayList<>();
        if (list) {
            for (Object o : (List<?>) from) {
                f.add((Integer) o);
            }
        } else {
            f.add((Integer) from);
        }
        return new LayerRow(f, list, number, module, Arrays.asList(args), Map.of(), 0);
    }

    /** The same row reading from other rows. */
    public LayerRow withFrom(List<Integer> newFrom) {
        return new LayerRow(newFrom, fromList || newFrom.size() != 1, number, module, args, widths, line);
    }

    /** The same row with another repeat count. */
    public LayerRow withNumber(int n) {
        return new LayerRow(from, fromList, n, module, args, widths, line);
    }

    /** The same row with other arguments. */
    public LayerRow withArgs(List<Object> newArgs) {
        return new LayerRow(from, fromList, number, module, newArgs, widths, line);
    }

    /** The same row with other explicit inner widths. */
    public LayerRow withWidths(Map<String, Integer> newWidths) {
        return new LayerRow(from, fromList, number, module, args, newWidths, line);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LayerRow r && from.equals(r.from) && fromList == r.fromList && number == r.number
                && module.equals(r.module) && args.equals(r.args) && widths.equals(r.widths);
    }

    @Override
    public int hashCode() {
        return Objects.hash(from, fromList, number, module, args, widths);
    }
}
