package org.slimlab.kernel;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slimlab.kernel.execution.CellFailure;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InterruptTest {
    private static final long GRACE_MILLIS = 300;
    /** Set by each cell once its statement really runs (the kernel evaluates in this JVM). */
    private static final String RUNNING = "slimlab.test.cell.running";
    private static final String MARK = "System.setProperty(\"" + RUNNING + "\", \"1\");";
    private static TestKernel k;

    @BeforeAll
    static void start() {
        k = new TestKernel(new JavaKernelBuilder().stopGraceMillis(GRACE_MILLIS));
    }

    @AfterAll
    static void stop() {
        k.close();
    }

    /** Runs {@code code}, interrupts it once it is running, and returns the failure and the seconds it took. */
    private static Outcome interruptAfterStart(String code) throws Exception {
        System.clearProperty(RUNNING);
        CompletableFuture<Object> cell = CompletableFuture.supplyAsync(() -> k.run(code));
        awaitRunning();
        long start = System.nanoTime();
        k.kernel.interrupt();
        try {
            cell.get(15, TimeUnit.SECONDS);
            throw new AssertionError("the cell finished normally");
        } catch (ExecutionException e) {
            CellFailure f = assertInstanceOf(CellFailure.class, e.getCause());
            return new Outcome(f, (System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * Waits until the cell's own statement runs, not merely until the kernel is busy: on a loaded machine
     * compiling a snippet can take longer than any fixed delay, and an interrupt that lands during
     * compilation tests something else.
     */
    private static void awaitRunning() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.getProperty(RUNNING) == null || !k.kernel.evaluator().busy()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the cell never started running");
            }
            Thread.sleep(10);
        }
    }

    private record Outcome(CellFailure failure, double seconds) {
        String text() {
            return String.join("\n", failure.traceback());
        }
    }

    @Test
    void sleepingCellStopsAtOnce() throws Exception {
        Outcome o = interruptAfterStart("{ " + MARK + " Thread.sleep(60_000); }");
        assertEquals("InterruptedException", o.failure.name());
        assertTrue(o.text().contains("Interrupted: "), o.text());
        assertTrue(o.seconds < 2, "took " + o.seconds);
        assertEquals(2, k.value("1 + 1"));
    }

    @Test
    void cooperativeLoopStopsAtItsNextCheck() throws Exception {
        Outcome o = interruptAfterStart("long steps = 0;\nwhile (true) {\n  if (++steps == 1) " + MARK + "\n  Interrupts.check();\n}");
        assertEquals("CancellationException", o.failure.name());
        assertTrue(o.seconds < 2, "took " + o.seconds);
        assertTrue((long) k.value("steps") > 0);
    }

    @Test
    void loopCheckingInterruptedCanFinishItsStepCleanly() throws Exception {
        Outcome o = interruptAfterStart("int saved = 0;\n{\n  " + MARK + "\n  while (!Interrupts.interrupted()) { Thread.onSpinWait(); }\n  saved = 1;\n}");
        assertEquals("Interrupted", o.failure.name());
        assertTrue(o.seconds < 2, "took " + o.seconds);
        assertEquals(1, k.value("saved"));
    }

    @Test
    void busyLoopIsStoppedOrAbandonedClearly() throws Exception {
        Outcome o = interruptAfterStart("long spins = 0;\nwhile (true) { if (++spins == 1) " + MARK + " }");
        if (Runtime.version().feature() <= 19) {
            assertTrue(o.text().contains("ThreadDeath"), o.text());
        } else {
            assertEquals("Interrupted", o.failure.name());
            assertTrue(o.failure.value().contains("cannot stop a thread that ignores interrupts"), o.failure.value());
            assertTrue(o.failure.value().contains("restart the kernel"), o.failure.value());
        }
        assertTrue(o.seconds < GRACE_MILLIS / 1000.0 + 2, "took " + o.seconds);
        assertEquals(6, k.value("2 * 3"));
    }

    @Test
    void remainingSnippetsOfAnInterruptedCellDoNotRun() throws Exception {
        k.run("int after = 0;");
        interruptAfterStart("try { " + MARK + " Thread.sleep(60_000); } catch (InterruptedException e) { }\nafter = 1;");
        assertEquals(0, k.value("after"));
    }
}
