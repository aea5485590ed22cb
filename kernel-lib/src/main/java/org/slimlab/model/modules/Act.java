package org.slimlab.model.modules;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An activation function, written in yaml as PyTorch spells it ({@code nn.SiLU()},
 * {@code nn.LeakyReLU(0.1)}, {@code nn.Hardswish()} ...). Instances are compared by identity on
 * purpose: PyTorch counts a shared activation module once, so a model shares one default instance
 * and a yaml row shares the one its text creates.
 */
public final class Act {
    /** The supported functions. */
    public enum Kind { SILU, LEAKY_RELU, RELU, RELU6, HARDSWISH, SIGMOID, IDENTITY }

    private static final Pattern TOKEN = Pattern.compile("(?:torch\\.)?nn\\.(\\w+)\\((.*)\\)");

    private final Kind kind;
    private final float slope;

    private Act(Kind kind, float slope) {
        this.kind = kind;
        this.slope = slope;
    }

    /** A new activation of the given kind (LeakyReLU takes its slope from {@link #leakyRelu}). */
    public static Act of(Kind kind) {
        return new Act(kind, kind == Kind.LEAKY_RELU ? 0.01f : 0f);
    }

    /** A new LeakyReLU with the given negative slope. */
    public static Act leakyRelu(float slope) {
        return new Act(Kind.LEAKY_RELU, slope);
    }

    /** A new identity (PyTorch {@code nn.Identity()}, what {@code act=False} gives). */
    public static Act identity() {
        return of(Kind.IDENTITY);
    }

    /** True when {@code text} looks like an activation token such as {@code nn.ReLU()}. */
    public static boolean isToken(String text) {
        return TOKEN.matcher(text.trim()).matches();
    }

    /**
     * Parses {@code nn.Name(args)}; keyword arguments other than the slope (e.g. {@code inplace=True})
     * are accepted and ignored.
     *
     * @throws IllegalArgumentException for an unknown activation
     */
    public static Act parse(String text) {
        Matcher m = TOKEN.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not an activation: " + text);
        }
        String name = m.group(1).toLowerCase(Locale.ROOT);
        return switch (name) {
            case "silu" -> of(Kind.SILU);
            case "relu" -> of(Kind.RELU);
            case "relu6" -> of(Kind.RELU6);
            case "hardswish" -> of(Kind.HARDSWISH);
            case "sigmoid" -> of(Kind.SIGMOID);
            case "identity" -> identity();
            case "leakyrelu" -> leakyRelu(slopeOf(m.group(2)));
            default -> throw new IllegalArgumentException("unknown activation " + text
                    + " (known: nn.SiLU, nn.LeakyReLU, nn.ReLU, nn.ReLU6, nn.Hardswish, nn.Sigmoid, nn.Identity)");
        };
    }

    private static float slopeOf(String args) {
        for (String a : args.split(",")) {
            String v = a.trim();
            if (v.startsWith("negative_slope=")) {
                v = v.substring("negative_slope=".length());
            }
            if (!v.isEmpty() && !v.contains("=")) {
                return Float.parseFloat(v);
            }
        }
        return 0.01f;
    }

    /** The function. */
    public Kind kind() {
        return kind;
    }

    /**
     * Applies the function. ReLU6 is a clip, not DJL's {@code Activation.relu6}, which takes the minimum with a
     * temporary number array that the backward pass would read after it is freed.
     */
    public NDArray apply(NDArray x) {
        return switch (kind) {
            case SILU -> x.mul(Activation.sigmoid(x));
            case LEAKY_RELU -> Activation.leakyRelu(x, slope);
            case RELU -> Activation.relu(x);
            case RELU6 -> x.clip(0f, 6f);
            case HARDSWISH -> x.mul(hardSigmoid(x));
            case SIGMOID -> Activation.sigmoid(x);
            case IDENTITY -> x;
        };
    }

    /**
     * ReLU6(x + 3) / 6, PyTorch's {@code Hardsigmoid}. The divisor is an array of {@code x}'s manager, not a
     * number: DJL wraps a number operand in a temporary array and frees it at once, while autograd keeps the
     * divisor for the backward pass. {@code add} and {@code clip} keep no operand, so numbers are safe there.
     */
    public static NDArray hardSigmoid(NDArray x) {
        return x.add(3f).clip(0f, 6f).div(x.getManager().create(6f));
    }

    /** The yaml token, e.g. {@code nn.LeakyReLU(0.1)}. */
    public String token() {
        return switch (kind) {
            case SILU -> "nn.SiLU()";
            case LEAKY_RELU -> "nn.LeakyReLU(" + trimFloat(slope) + ")";
            case RELU -> "nn.ReLU()";
            case RELU6 -> "nn.ReLU6()";
            case HARDSWISH -> "nn.Hardswish()";
            case SIGMOID -> "nn.Sigmoid()";
            case IDENTITY -> "nn.Identity()";
        };
    }

    private static String trimFloat(float f) {
        String s = Float.toString(f);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    @Override
    public String toString() {
        return token();
    }
}
