package org.slimlab.kernel.execution;

import java.util.List;

/**
 * A cell that failed, ready for Jupyter: the error's name and value, and the traceback lines the
 * notebook shows (with ANSI colours). Compile errors, exceptions, interrupts and magic errors all
 * end up as one of these.
 */
public final class CellFailure extends RuntimeException {
    private final String name;
    private final List<String> traceback;

    public CellFailure(String name, String value, List<String> traceback) {
        super(value, null, false, false);
        this.name = name;
        this.traceback = List.copyOf(traceback);
    }

    /** Short error name, such as {@code CompilationError} or {@code ArithmeticException}. */
    public String name() {
        return name;
    }

    /** The one-line error value. */
    public String value() {
        return getMessage();
    }

    /** The lines to show, top to bottom. */
    public List<String> traceback() {
        return traceback;
    }
}
