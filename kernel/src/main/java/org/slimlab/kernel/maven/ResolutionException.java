package org.slimlab.kernel.maven;

/** An artifact or pom could not be found, fetched or understood; the message names it. */
public final class ResolutionException extends RuntimeException {
    public ResolutionException(String message) {
        super(message);
    }

    public ResolutionException(String message, Throwable cause) {
        super(message, cause);
    }
}
