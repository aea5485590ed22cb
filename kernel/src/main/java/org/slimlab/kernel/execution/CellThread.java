package org.slimlab.kernel.execution;

import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one thread that runs cell code. Keeping a single long-lived thread keeps thread-local state
 * (such as DJL's grad mode) from cell to cell. An interrupt first interrupts the thread; a cell that
 * ignores that for {@code graceMillis} is stopped with {@code Thread.stop} where the JDK still allows it
 * (17 to 19), and otherwise abandoned: the waiting caller gets {@link CellAbandonedException} and later
 * cells run on a fresh thread.
 */
final class CellThread {
    private static final AtomicInteger SERIAL = new AtomicInteger();
    private static final long STACK_BYTES = 64L << 20;

    private final long graceMillis;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "slimlab-interrupt"));
    private volatile ExecutorService executor = newExecutor();
    private volatile Thread current;
    private volatile CompletableFuture<Object> running;

    CellThread(long graceMillis) {
        this.graceMillis = graceMillis;
    }

    /**
     * Runs {@code task} on the cell thread and waits for it. Called from the cell thread itself (a cell
     * that evaluates code), it runs inline.
     *
     * @return the task's result
     * @throws Throwable what the task threw, unwrapped from reflection
     */
    Object run(Callable<Object> task) throws Throwable {
        if (Thread.currentThread() == current) {
            return call(task);
        }
        CompletableFuture<Object> result = new CompletableFuture<>();
        running = result;
        try {
            executor.execute(() -> {
                current = Thread.currentThread();
                try {
                    result.complete(call(task));
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                } finally {
                    if (current == Thread.currentThread()) {
                        current = null;
                    }
                    Thread.interrupted();
                }
            });
            return result.get();
        } catch (ExecutionException e) {
            throw e.getCause();
        } finally {
            running = null;
        }
    }

    /** True while cell code runs. */
    boolean busy() {
        return running != null;
    }

    /** Interrupts the running cell, escalating after the grace period; does nothing when idle. */
    void interrupt() {
        Thread thread = current;
        CompletableFuture<Object> result = running;
        if (thread == null || result == null) {
            return;
        }
        thread.interrupt();
        watchdog.schedule(() -> escalate(thread, result), graceMillis, TimeUnit.MILLISECONDS);
    }

    private void escalate(Thread thread, CompletableFuture<Object> result) {
        if (result.isDone()) {
            return;
        }
        if (ThreadStopper.stop(thread)) {
            watchdog.schedule(() -> abandon(thread, result, "it kept running after Thread.stop"), graceMillis, TimeUnit.MILLISECONDS);
        } else {
            abandon(thread, result, "Java " + Runtime.version().feature() + " cannot stop a thread that ignores "
                    + "interrupts (Thread.stop works on Java 17 to 19 only)");
        }
    }

    private void abandon(Thread thread, CompletableFuture<Object> result, String why) {
        if (result.isDone()) {
            return;
        }
        ExecutorService old = executor;
        executor = newExecutor();
        old.shutdown();
        result.completeExceptionally(new CellAbandonedException("The cell did not stop: " + why + ". Thread "
                + thread.getName() + " keeps running in the background; restart the kernel to end it. "
                + "Loops that call org.slimlab.notebook.Interrupts.check() stop cleanly."));
    }

    /** Stops the watchdog and the cell thread. */
    void shutdown() {
        watchdog.shutdownNow();
        executor.shutdownNow();
    }

    private static Object call(Callable<Object> task) throws Throwable {
        try {
            return task.call();
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static ExecutorService newExecutor() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(null, r, "slimlab-cell-" + SERIAL.incrementAndGet(), STACK_BYTES);
            t.setDaemon(true);
            return t;
        });
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
