package org.slimlab;

/**
 * A user-facing error: bad input, bad yaml, bad data. Its message is one line that names the file,
 * line, row or layer at fault. The CLI prints it without a stack trace and exits non-zero.
 */
public class SlimException extends RuntimeException {
    public SlimException(String message) {
        super(message);
    }

    public SlimException(String message, Throwable cause) {
        super(message, cause);
    }
}
