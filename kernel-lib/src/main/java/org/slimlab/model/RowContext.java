package org.slimlab.model;

import ai.djl.nn.Block;
import org.slimlab.SlimException;
import org.slimlab.model.modules.Act;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One row being planned: its arguments (with {@code nc} and {@code anchors} substituted), input
 * widths, scaled repeat count, the Ultralytics width rule, and the explicit inner widths it uses.
 */
final class RowContext {
    private final ModelSpec spec;
    private final LayerRow row;
    private final int index;
    private final int[] c1s;
    private final int n;
    private final Act defaultAct;
    private final Map<String, Integer> widths = new LinkedHashMap<>();
    private final Map<Integer, Act> rowActs = new LinkedHashMap<>();

    RowContext(ModelSpec spec, LayerRow row, int index, int[] c1s, int n, Act defaultAct) {
        this.spec = spec;
        this.row = row;
        this.index = index;
        this.c1s = c1s;
        this.n = n;
        this.defaultAct = defaultAct;
    }

    ModelSpec spec() {
        return spec;
    }

    /** Repeat count after depth scaling. */
    int n() {
        return n;
    }

    /** The single input width (fails for rows with several inputs). */
    int c1() {
        if (c1s.length != 1) {
            throw new IllegalArgumentException(row.module() + " takes one input, got " + c1s.length);
        }
        return c1s[0];
    }

    int[] c1s() {
        return c1s.clone();
    }

    int size() {
        return row.args().size();
    }

    /** Fails unless the row has between min and max args. */
    void arity(int min, int max, String signature) {
        if (size() < min || size() > max) {
            String count = min == max ? String.valueOf(min) : min + " to " + max;
            throw new IllegalArgumentException("wrong number of args: " + row.module() + " takes " + count + " "
                    + signature + ", got " + size());
        }
    }

    /** The args as written. */
    List<Object> rawArgs() {
        return row.args();
    }

    /** Arg i with {@code nc} and {@code anchors} replaced by the model's values; null past the end. */
    Object arg(int i) {
        if (i >= size()) {
            return null;
        }
        return substitute(row.args().get(i));
    }

    private Object substitute(Object v) {
        if ("nc".equals(v)) {
            return spec.nc();
        }
        if ("anchors".equals(v)) {
            if (spec.anchors() == null) {
                throw new IllegalArgumentException("args mention anchors but the file has no anchors: key");
            }
            return spec.anchors();
        }
        return v;
    }

    int intArg(int i) {
        Object v = arg(i);
        if (!(v instanceof Integer x)) {
            throw new IllegalArgumentException(row.module() + " arg " + i + " must be an integer, got " + SpecWriter.value(v));
        }
        return x;
    }

    int intArg(int i, int fallback) {
        return arg(i) == null ? fallback : intArg(i);
    }

    double doubleArg(int i, double fallback) {
        Object v = arg(i);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number x)) {
            throw new IllegalArgumentException(row.module() + " arg " + i + " must be a number, got " + SpecWriter.value(v));
        }
        return x.doubleValue();
    }

    /** A boolean arg; 0 and 1 are accepted as in Python. */
    boolean boolArg(int i, boolean fallback) {
        Object v = arg(i);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Integer x && (x == 0 || x == 1)) {
            return x == 1;
        }
        throw new IllegalArgumentException(row.module() + " arg " + i + " must be True or False, got " + SpecWriter.value(v));
    }

    /** An int or a list of ints. */
    int[] intsArg(int i, int[] fallback) {
        Object v = arg(i);
        if (v == null) {
            return fallback;
        }
        List<?> list = v instanceof List<?> l ? l : List.of(v);
        int[] out = new int[list.size()];
        for (int j = 0; j < out.length; j++) {
            if (!(list.get(j) instanceof Integer x)) {
                throw new IllegalArgumentException(row.module() + " arg " + i + " must be integers, got " + SpecWriter.value(v));
            }
            out[j] = x;
        }
        return out;
    }

    /**
     * The activation at arg i: absent or True gives the model default (one shared instance), False
     * a new identity per block, a token like {@code nn.LeakyReLU(0.1)} one instance for the row.
     */
    Supplier<Act> act(int i) {
        Object v = arg(i);
        if (v == null || Boolean.TRUE.equals(v)) {
            return () -> defaultAct;
        }
        if (Boolean.FALSE.equals(v)) {
            return Act::identity;
        }
        if (v instanceof String s && Act.isToken(s)) {
            Act a = rowActs.computeIfAbsent(i, k -> Act.parse(s));
            return () -> a;
        }
        throw new IllegalArgumentException(row.module() + " arg " + i + " must be an activation such as nn.SiLU(), got "
                + SpecWriter.value(v));
    }

    /** The model's default activation (one instance shared by every module that does not name one). */
    Act defaultAct() {
        return defaultAct;
    }

    /** True when arg i is an activation (True, False or a token) rather than a number. */
    boolean isAct(int i) {
        Object v = arg(i);
        return v instanceof Boolean || v instanceof String s && Act.isToken(s);
    }

    /**
     * Scales an output width as Ultralytics does: {@code ceil(min(c2, max_channels)·width / 8)·8},
     * except for the head width (YOLOv5: na·(nc+5); YOLOv8: nc), which stays.
     */
    int outWidth(int c2) {
        float[][] anchors = spec.anchorPixels();
        int keep = anchors != null ? anchors[0].length / 2 * (spec.nc() + 5) : spec.nc();
        if (c2 == keep) {
            return c2;
        }
        double c = spec.maxChannels() == null ? c2 : Math.min(c2, spec.maxChannels());
        int d = spec.channelDivisor();
        return (int) Math.ceil(c * spec.widthMultiple() / d) * d;
    }

    /** An inner width: the row's explicit value for {@code slot}, else {@code fallback}. */
    int width(String slot, int fallback) {
        int w = row.widths().getOrDefault(slot, fallback);
        if (w < 1) {
            throw new IllegalArgumentException("channel mismatch: inner width " + slot + " comes out as " + w);
        }
        widths.put(slot, w);
        return w;
    }

    /** Inner widths used, in the module's order. */
    Map<String, Integer> widths() {
        return Collections.unmodifiableMap(widths);
    }

    /** The row's args with arg 0 replaced by the scaled width. */
    List<Object> argsWith(int c2) {
        List<Object> a = new ArrayList<>(row.args());
        a.set(0, c2);
        return a;
    }

    /** Args as the module receives them: input width, output width, repeats if inside, the rest. */
    List<Object> printed(int c2, boolean withN) {
        List<Object> p = new ArrayList<>();
        p.add(c1());
        p.add(c2);
        if (withN) {
            p.add(n);
        }
        for (int i = 1; i < size(); i++) {
            p.add(arg(i));
        }
        return p;
    }

    /** The common case: a one-input module whose width is arg 0. */
    Planned module(int c2, Supplier<Block> factory) {
        return new Planned(c2, argsWith(c2), printed(c2, false), factory, false, false);
    }

    /** A module that takes the repeat count inside (C3, C2f ...). */
    Planned repeated(int c2, Supplier<Block> factory) {
        return new Planned(c2, argsWith(c2), printed(c2, true), factory, true, false);
    }

    /** A module that keeps its input width and takes its args as they are. */
    Planned passThrough(int c2, Supplier<Block> factory) {
        List<Object> printed = new ArrayList<>();
        for (int i = 0; i < size(); i++) {
            printed.add(arg(i));
        }
        return new Planned(c2, rawArgs(), printed, factory, false, false);
    }

    /** A one-line error naming the file, line, row and module. */
    SlimException error(String message) {
        return new SlimException(where(spec, row, index) + message);
    }

    /** {@code file:line: row i (Module): } for messages. */
    static String where(ModelSpec spec, LayerRow row, int index) {
        return spec.source() + (row.line() > 0 ? ":" + row.line() : "") + ": row " + index + " (" + row.module() + "): ";
    }
}
