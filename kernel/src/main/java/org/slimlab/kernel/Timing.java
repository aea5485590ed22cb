package org.slimlab.kernel;

import org.slimlab.kernel.execution.EvalResult;

import java.util.Locale;
import java.util.function.Supplier;

/** {@code %time} and {@code %%time}: runs code and prints how long it took. */
final class Timing {

    private Timing() {
    }

    static EvalResult time(Supplier<EvalResult> code) {
        long start = System.nanoTime();
        try {
            return code.get();
        } finally {
            System.out.println("Wall time: " + format(System.nanoTime() - start));
        }
    }

    static String format(long nanos) {
        double ms = nanos / 1e6;
        if (ms < 1000) {
            return String.format(Locale.ROOT, "%.2f ms", ms);
        }
        double s = ms / 1000;
        return s < 120 ? String.format(Locale.ROOT, "%.2f s", s)
                : String.format(Locale.ROOT, "%d min %.1f s", (long) (s / 60), s % 60);
    }
}
