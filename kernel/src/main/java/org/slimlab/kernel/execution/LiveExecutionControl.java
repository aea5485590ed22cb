package org.slimlab.kernel.execution;

import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.SPIResolutionException;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs snippets in the kernel's own JVM and keeps each result as a live object. JShell receives a key
 * instead of the value's string form; {@link #takeResult} hands the object itself to the kernel, so charts,
 * tables and images are rendered from the real thing. Snippets run on the {@link CellThread}.
 */
public final class LiveExecutionControl extends DirectExecutionControl {
    private static final Object NULL = new Object();
    private static final int MAX_CAUSES = 20;

    private final Map<String, Object> results = new ConcurrentHashMap<>();
    private final CellThread cellThread;
    private volatile Throwable lastFailure;

    LiveExecutionControl(CellThread cellThread) {
        this.cellThread = cellThread;
    }

    @Override
    protected String invoke(Method doit) throws Exception {
        ClassLoader snippetLoader = doit.getDeclaringClass().getClassLoader();
        Object value;
        try {
            value = cellThread.run(() -> {
                Thread.currentThread().setContextClassLoader(snippetLoader);
                return doit.invoke(null);
            });
        } catch (Throwable t) {
            lastFailure = t;
            throw asRunException(t);
        }
        String key = UUID.randomUUID().toString();
        results.put(key, value == null ? NULL : value);
        return key;
    }

    private static RunException asRunException(Throwable t) {
        if (t instanceof CellAbandonedException) {
            return new StoppedException();
        }
        if (t instanceof SPIResolutionException unresolved) {
            return new ResolutionException(unresolved.id(), unresolved.getStackTrace());
        }
        return asUserException(t, 0);
    }

    /** The throwable and its causes in the form JShell translates into {@code EvalException}s. */
    private static UserException asUserException(Throwable t, int depth) {
        UserException e = new UserException(t.getMessage(), t.getClass().getName(), t.getStackTrace());
        Throwable cause = t.getCause();
        if (cause != null && cause != t && depth < MAX_CAUSES) {
            e.initCause(asUserException(cause, depth + 1));
        }
        return e;
    }

    /** The live value stored under {@code key} (removed from the store), or null. */
    public Object takeResult(String key) {
        Object value = results.remove(key);
        return value == NULL ? null : value;
    }

    /** The throwable of the last failed snippet, cleared by the call. */
    public Throwable takeFailure() {
        Throwable t = lastFailure;
        lastFailure = null;
        return t;
    }

    /** Drops results nobody took (a cell that failed half way). */
    public void clearResults() {
        results.clear();
    }

    @Override
    public void stop() {
        cellThread.interrupt();
    }

    @Override
    public void close() {
        cellThread.shutdown();
        super.close();
    }
}
