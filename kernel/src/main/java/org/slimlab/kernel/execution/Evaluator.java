package org.slimlab.kernel.execution;

import jdk.jshell.DeclarationSnippet;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.UnresolvedReferenceException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Evaluates Java source in an in-process JShell. A cell is split into snippets; each is compiled and
 * run on the cell thread; the last expression's live value is returned unless it ends with {@code ;}.
 * Failures become {@link CellFailure}s that name cell lines. JShell is created, and the start-up imports
 * evaluated, on a background thread as soon as the evaluator exists, so this overlaps with the kernel
 * connecting to Jupyter; every method that needs JShell waits for it.
 */
public final class Evaluator implements AutoCloseable {
    private static final String WARM_UP = "String.valueOf(6 * 7).length()";
    private final CellThread cellThread;
    private final Map<String, SnippetOrigin> origins = new ConcurrentHashMap<>();
    private final List<String> classpath = Collections.synchronizedList(new ArrayList<>());
    private final CompletableFuture<Session> session;
    private volatile boolean interruptRequested;
    private volatile boolean startupProblemsReported;

    /** The JShell, its execution control, and the start-up statements that failed. */
    private record Session(JShell shell, LiveExecutionControl control, List<String> problems) {
    }

    /**
     * @param startupStatements evaluated once, in order, before the first cell
     * @param stopGraceMillis   how long an interrupted cell may ignore the interrupt before it is stopped
     */
    public Evaluator(List<String> startupStatements, long stopGraceMillis) {
        cellThread = new CellThread(stopGraceMillis);
        session = CompletableFuture.supplyAsync(() -> start(startupStatements));
    }

    private Session start(List<String> statements) {
        LiveExecutionControlProvider provider = new LiveExecutionControlProvider(cellThread);
        JShell shell = JShell.builder()
                .executionEngine(provider, Map.of())
                .compilerOptions("-proc:none")
                .build();
        List<String> problems = new ArrayList<>();
        for (String s : statements) {
            for (SnippetEvent e : shell.eval(s)) {
                if (e.causeSnippet() == null && e.status() == Snippet.Status.REJECTED) {
                    problems.add(s + " -> " + shell.diagnostics(e.snippet())
                            .map(d -> d.getMessage(Locale.ROOT)).collect(Collectors.joining("; ")));
                }
            }
        }
        warmUp(shell, provider.control());
        return new Session(shell, provider.control(), problems);
    }

    /** Compiles and runs one throw-away expression so the first cell finds the compiler warm. */
    private static void warmUp(JShell shell, LiveExecutionControl control) {
        for (SnippetEvent e : shell.eval(WARM_UP)) {
            if (e.value() != null) {
                control.takeResult(e.value());
            }
            shell.drop(e.snippet());
        }
    }

    /** Waits until JShell is ready; returns the start-up statements that failed, with their messages. */
    public List<String> awaitStartup() {
        return session.join().problems();
    }

    /** Marks the start of a cell: forgets an earlier interrupt. */
    public void beginCell() {
        interruptRequested = false;
    }

    /** Interrupts the running cell and stops the cell's remaining snippets. */
    public void interrupt() {
        interruptRequested = true;
        cellThread.interrupt();
    }

    /** True while cell code is running. */
    public boolean busy() {
        return cellThread.busy();
    }

    /**
     * Evaluates {@code code}, snippet by snippet.
     *
     * @param label     names the source in errors, such as {@code In [3]}
     * @param firstLine the line of {@code code}'s first line within that source
     * @throws CellFailure on compile errors, exceptions, incomplete input or an interrupt
     */
    public EvalResult eval(String code, String label, int firstLine) {
        List<String> startupProblems = awaitStartup();
        if (!startupProblemsReported && !startupProblems.isEmpty()) {
            startupProblemsReported = true;
            startupProblems.forEach(p -> System.err.println("warning: a start-up import failed: " + p));
        }
        EvalResult last = EvalResult.NONE;
        int pos = 0;
        while (true) {
            pos = skipBlank(code, pos);
            if (pos >= code.length()) {
                return last;
            }
            String rest = code.substring(pos);
            SourceCodeAnalysis.CompletionInfo info = shell().sourceCodeAnalysis().analyzeCompletion(rest);
            Completeness completeness = info.completeness();
            if (completeness == Completeness.EMPTY) {
                return last;
            }
            int line = firstLine + lineIndex(code, pos);
            if (!completeness.isComplete()) {
                throw Tracebacks.plain("IncompleteInput", "the code ends in the middle of a statement",
                        List.of(label + " line " + line + ": " + firstLineOf(rest), "add the missing part, e.g. a closing brace or parenthesis"));
            }
            int end = code.length() - info.remaining().length();
            String original = code.substring(pos, end);
            String source = info.source() == null ? original : info.source();
            last = evalSnippet(source, new SnippetOrigin(label, line, source), original.strip().endsWith(";"));
            if (interruptRequested) {
                throw interrupted(label + " line " + line);
            }
            pos = end;
        }
    }

    private EvalResult evalSnippet(String source, SnippetOrigin origin, boolean suppressed) {
        JShell shell = shell();
        LiveExecutionControl control = session.join().control();
        List<SnippetEvent> events = shell.eval(source);
        EvalResult result = EvalResult.NONE;
        for (SnippetEvent e : events) {
            Object value = e.value() != null && e.snippet().subKind().isExecutable() ? control.takeResult(e.value()) : null;
            if (e.causeSnippet() == null && !suppressed && showsValue(e.snippet().subKind())) {
                result = EvalResult.of(value);
            }
        }
        Throwable failure = control.takeFailure();
        if (failure instanceof CellAbandonedException) {
            throw Tracebacks.plain("Interrupted", failure.getMessage(), List.of());
        }
        for (SnippetEvent e : events) {
            if (e.causeSnippet() != null) {
                continue;
            }
            Snippet snippet = e.snippet();
            if (e.status() == Snippet.Status.REJECTED) {
                throw Tracebacks.compileError(shell.diagnostics(snippet).collect(Collectors.toList()), origin);
            }
            origins.put(snippet.id(), origin);
            JShellException ex = e.exception();
            if (ex instanceof EvalException ee) {
                throw interruptRequested
                        ? Tracebacks.exception(ee, origins::get, "Interrupted: ")
                        : Tracebacks.exception(ee, origins::get, "");
            }
            if (ex instanceof UnresolvedReferenceException ure) {
                throw unresolved(ure.getSnippet(), origin);
            }
            if (e.status() == Snippet.Status.RECOVERABLE_DEFINED || e.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                System.err.println("note: " + describe(snippet) + " is declared but cannot be used until "
                        + missing(snippet) + " is defined");
            }
        }
        return result;
    }

    private static boolean showsValue(Snippet.SubKind kind) {
        return kind == Snippet.SubKind.VAR_VALUE_SUBKIND
                || kind == Snippet.SubKind.OTHER_EXPRESSION_SUBKIND
                || kind == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
    }

    private CellFailure unresolved(DeclarationSnippet snippet, SnippetOrigin origin) {
        return Tracebacks.plain("UnresolvedReference", describe(snippet) + " cannot run until " + missing(snippet) + " is defined",
                List.of(origin.where(1) + ": " + origin.text(1)));
    }

    private String missing(Snippet snippet) {
        if (snippet instanceof DeclarationSnippet d) {
            String names = shell().unresolvedDependencies(d).collect(Collectors.joining(", "));
            if (!names.isEmpty()) {
                return names;
            }
        }
        return "a missing declaration";
    }

    private static String describe(Snippet snippet) {
        return snippet instanceof DeclarationSnippet d ? d.name() : "snippet " + snippet.id();
    }

    private static CellFailure interrupted(String where) {
        return Tracebacks.plain("Interrupted", "the cell was interrupted", List.of("stopped after " + where));
    }

    /** Adds a jar or class directory to what cells compile against and load from. */
    public void addToClasspath(String path) {
        shell().addToClasspath(path);
        classpath.add(path);
    }

    /** The entries added with {@link #addToClasspath}, in order. */
    public List<String> addedClasspath() {
        return List.copyOf(classpath);
    }

    /** The JShell instance, for code analysis. */
    public JShell shell() {
        return session.join().shell();
    }

    @Override
    public void close() {
        session.thenAccept(s -> s.shell().close());
        cellThread.shutdown();
    }

    private static int skipBlank(String code, int pos) {
        while (pos < code.length() && Character.isWhitespace(code.charAt(pos))) {
            pos++;
        }
        return pos;
    }

    private static int lineIndex(String code, int pos) {
        int n = 0;
        for (int i = 0; i < pos; i++) {
            if (code.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    private static String firstLineOf(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }
}
