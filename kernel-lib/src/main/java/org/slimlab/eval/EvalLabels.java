package org.slimlab.eval;

import java.util.List;

/** Class names for display: the given name, or the class index when no name is known. */
final class EvalLabels {
    private EvalLabels() {
    }

    /** The display name of class {@code c}. */
    static String name(List<String> names, int c) {
        return c >= 0 && c < names.size() && names.get(c) != null ? names.get(c) : String.valueOf(c);
    }

    /** Names of classes {@code 0..nc-1} followed by "background". */
    static String[] withBackground(List<String> names, int nc) {
        String[] out = new String[nc + 1];
        for (int c = 0; c < nc; c++) {
            out[c] = name(names, c);
        }
        out[nc] = "background";
        return out;
    }
}
