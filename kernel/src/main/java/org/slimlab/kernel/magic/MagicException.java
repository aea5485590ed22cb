package org.slimlab.kernel.magic;

/** A magic was used wrongly or could not do its work; the message says which and why, in one line. */
public final class MagicException extends RuntimeException {
    public MagicException(String message) {
        super(message);
    }

    public MagicException(String message, Throwable cause) {
        super(message, cause);
    }
}
