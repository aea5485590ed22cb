package org.slimlab.notebook;

import java.util.concurrent.atomic.AtomicInteger;

/** Holds the current {@link DisplaySink}. The kernel calls {@link #install} at start-up. */
public final class Displays {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private static volatile DisplaySink sink = new DisplaySink() {
        @Override
        public String display(Object value) {
            System.out.println(value);
            return "console-" + COUNTER.incrementAndGet();
        }

        @Override
        public void update(String id, Object value) {
            System.out.println(value);
        }

        @Override
        public boolean live() {
            return false;
        }
    };

    private Displays() {
    }

    public static void install(DisplaySink s) {
        sink = s;
    }

    public static DisplaySink sink() {
        return sink;
    }
}
