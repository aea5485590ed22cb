package org.slimlab.kernel.execution;

/** The cell ignored an interrupt and could not be stopped; it was left running on its own thread. */
public final class CellAbandonedException extends RuntimeException {
    CellAbandonedException(String message) {
        super(message, null, false, false);
    }
}
