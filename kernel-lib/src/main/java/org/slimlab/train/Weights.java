package org.slimlab.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slimlab.SlimException;

/**
 * Exact copies of a block's parameters (BatchNorm running statistics included) in DJL's parameter format,
 * the format of the run directory's {@code weights/*.params} files ({@code block.loadParameters} reads them).
 */
public final class Weights {
    private Weights() {
    }

    /** The parameters of {@code block} as bytes. */
    public static byte[] toBytes(Block block) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Replaces the parameters of {@code block} with {@code bytes}; parameters that require gradients get them
     * back. The previous arrays are closed.
     *
     * @param source names the origin of the bytes in error messages
     */
    public static void load(Block block, NDManager manager, byte[] bytes, String source) {
        List<NDArray> old = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().isInitialized()) {
                old.add(p.getValue().getArray());
            }
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            block.loadParameters(manager, in);
        } catch (IOException | MalformedModelException e) {
            throw new SlimException(source + ": weights do not fit this model (" + e.getMessage() + ")", e);
        }
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter param = p.getValue();
            if (param.requiresGradient()) {
                param.getArray().setRequiresGradient(true);
            }
        }
        old.forEach(NDArray::close);
    }

    /** Writes the parameters of {@code block} to {@code file} atomically. */
    public static void write(Block block, Path file) {
        AtomicFiles.write(file, toBytes(block));
    }
}
