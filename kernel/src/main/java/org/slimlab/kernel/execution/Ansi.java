package org.slimlab.kernel.execution;

/** The few ANSI styles tracebacks use; they read on light and dark notebook themes. */
final class Ansi {
    private static final String RESET = "\u001b[0m";

    private Ansi() {
    }

    static String error(String s) {
        return "\u001b[1;31m" + s + RESET;
    }

    static String bold(String s) {
        return "\u001b[1m" + s + RESET;
    }

    static String dim(String s) {
        return "\u001b[2m" + s + RESET;
    }
}
