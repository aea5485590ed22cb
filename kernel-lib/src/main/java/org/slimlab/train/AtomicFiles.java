package org.slimlab.train;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Whole-file writes that a crash cannot tear: the bytes go to a temporary file in the same folder, are forced
 * to disk, and the temporary file is renamed over the target. A reader sees the old file or the new one.
 * Plain streams are used because NIO channels close themselves when the writing thread is interrupted.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Replaces {@code file} with {@code bytes}. */
    public static void write(Path file, byte[] bytes) {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(dir);
            try (FileOutputStream out = new FileOutputStream(tmp.toFile())) {
                out.write(bytes);
                out.getFD().sync();
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Replaces {@code file} with {@code text} in UTF-8. */
    public static void write(Path file, String text) {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }
}
