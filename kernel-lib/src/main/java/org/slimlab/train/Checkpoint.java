package org.slimlab.train;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import org.slimlab.SlimException;

/**
 * The resume file {@code weights/last.ckpt}: arguments, counters, model and EMA weights, optimizer buffers, the
 * EMA update count, any gradients accumulated since the last optimizer step and the weights of blocks trained
 * beside the model (an extra loss's {@link ExtraLoss#trainable()}, by its name). Written atomically and closed
 * by a CRC-32, so a crash leaves either the previous checkpoint or the new one, and a damaged file is reported
 * instead of half-loaded.
 */
final class Checkpoint {
    private static final String MAGIC = "SLIMLAB-CKPT";
    private static final int VERSION = 1;

    final String argsYaml;
    final TrainState state;
    final long emaUpdates;
    final byte[] model;
    final byte[] ema;
    final byte[] optimizer;
    /** Pending gradients by parameter name (encoded arrays); empty at an optimizer-step boundary. */
    final Map<String, byte[]> gradients;
    /** Weights of the blocks trained beside the model, by extra-loss name; empty when there are none. */
    final Map<String, byte[]> extras;

    Checkpoint(String argsYaml, TrainState state, long emaUpdates, byte[] model, byte[] ema, byte[] optimizer,
            Map<String, byte[]> gradients, Map<String, byte[]> extras) {
        this.argsYaml = argsYaml;
        this.state = state;
        this.emaUpdates = emaUpdates;
        this.model = model;
        this.ema = ema;
        this.optimizer = optimizer;
        this.gradients = gradients;
        this.extras = extras;
    }

    void write(Path file) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(MAGIC);
            out.writeInt(VERSION);
            writeBytes(out, argsYaml.getBytes(StandardCharsets.UTF_8));
            state.write(out);
            out.writeLong(emaUpdates);
            writeBytes(out, model);
            writeBytes(out, ema);
            writeBytes(out, optimizer);
            writeMap(out, gradients);
            writeMap(out, extras);
            out.writeDouble(state.trainSeconds);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] body = bytes.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(body);
        byte[] all = Arrays.copyOf(body, body.length + 8);
        long c = crc.getValue();
        for (int i = 0; i < 8; i++) {
            all[body.length + i] = (byte) (c >>> (56 - 8 * i));
        }
        AtomicFiles.write(file, all);
    }

    static Checkpoint read(Path file) {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new SlimException(file + ": no checkpoint to resume from");
        } catch (IOException e) {
            throw new SlimException(file + ": cannot read checkpoint (" + e.getMessage() + ")", e);
        }
        if (all.length < 8) {
            throw new SlimException(file + ": checkpoint is truncated");
        }
        CRC32 crc = new CRC32();
        crc.update(all, 0, all.length - 8);
        long stored = 0;
        for (int i = 0; i < 8; i++) {
            stored = (stored << 8) | (all[all.length - 8 + i] & 0xFF);
        }
        if (stored != crc.getValue()) {
            throw new SlimException(file + ": checkpoint is damaged (checksum mismatch)");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, 0, all.length - 8))) {
            if (!MAGIC.equals(in.readUTF()) || in.readInt() != VERSION) {
                throw new SlimException(file + ": not a SlimLab checkpoint of version " + VERSION);
            }
            String args = new String(readBytes(in), StandardCharsets.UTF_8);
            TrainState state = TrainState.read(in);
            long emaUpdates = in.readLong();
            byte[] model = readBytes(in);
            byte[] ema = readBytes(in);
            byte[] opt = readBytes(in);
            Map<String, byte[]> grads = readMap(in);
            Map<String, byte[]> extras = in.available() > 0 ? readMap(in) : Map.of();
            if (in.available() > 0) {
                state.trainSeconds = in.readDouble();
            }
            return new Checkpoint(args, state, emaUpdates, model, ema, opt, grads, extras);
        } catch (EOFException e) {
            throw new SlimException(file + ": checkpoint is truncated", e);
        } catch (IOException e) {
            throw new SlimException(file + ": cannot read checkpoint (" + e.getMessage() + ")", e);
        }
    }

    private static void writeMap(DataOutputStream out, Map<String, byte[]> map) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<String, byte[]> e : map.entrySet()) {
            out.writeUTF(e.getKey());
            writeBytes(out, e.getValue());
        }
    }

    private static Map<String, byte[]> readMap(DataInputStream in) throws IOException {
        int n = in.readInt();
        Map<String, byte[]> map = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            map.put(in.readUTF(), readBytes(in));
        }
        return map;
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return b;
    }
}
