package org.slimlab.kernel.execution;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@link CellFailure}s for problems outside Java code: magics and kernel errors. */
public final class Failures {

    private Failures() {
    }

    /** A magic name nobody registered. */
    public static CellFailure unknownMagic(String written, String label, int line, Set<String> known) {
        List<String> names = new ArrayList<>();
        known.forEach(n -> names.add("%" + n));
        return Tracebacks.plain("UnknownMagic", written + " is not a magic (" + label + " line " + line + ")",
                List.of("known magics: " + String.join(" ", names)));
    }

    /** A magic that failed; its message is shown as is. */
    public static CellFailure magicFailed(String written, Exception e, String label, int line) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        return Tracebacks.plain("MagicError", message, List.of("in " + written + " at " + label + " line " + line));
    }

    /** The cell's result could not be rendered. */
    public static CellFailure renderFailed(Object value, RuntimeException e) {
        return Tracebacks.plain("RenderError", "cannot show the " + value.getClass().getName() + " result: " + e,
                List.of("the cell ran; assign the value to a variable to keep it"));
    }

    /** The kernel itself failed while running a cell. */
    public static CellFailure kernelError(Throwable e) {
        return Tracebacks.plain(e.getClass().getSimpleName(), String.valueOf(e.getMessage()),
                List.of("the kernel failed while running the cell: " + e));
    }
}
