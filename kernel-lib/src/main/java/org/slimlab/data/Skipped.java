package org.slimlab.data;

import java.nio.file.Path;

/**
 * An image left out of a dataset because its data was bad (only with skip-bad; otherwise the same reason stops
 * loading).
 *
 * @param image  the image that was left out
 * @param reason one line naming the file (and line) at fault and why
 */
public record Skipped(Path image, String reason) {
    @Override
    public String toString() {
        return reason;
    }
}
