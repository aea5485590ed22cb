package org.slimlab.kernel.execution;

import jdk.jshell.Diag;
import jdk.jshell.EvalException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** Turns JShell's compile diagnostics and exceptions into {@link CellFailure}s that point at cell lines. */
final class Tracebacks {
    private static final int MAX_FRAMES = 40;
    private static final String INDENT = "    ";

    private Tracebacks() {
    }

    /** A rejected snippet: each diagnostic with its line and the offending span underlined. */
    static CellFailure compileError(List<Diag> diags, SnippetOrigin origin) {
        List<String> lines = new ArrayList<>();
        String first = null;
        for (Diag d : diags) {
            if (!d.isError()) {
                continue;
            }
            List<String> message = messageLines(d);
            first = first == null ? message.get(0) : first;
            lines.add(Ansi.error("error: ") + Ansi.bold(message.get(0)));
            for (String extra : message.subList(1, message.size())) {
                lines.add(INDENT + extra.trim());
            }
            lines.addAll(span(origin, d));
        }
        if (first == null) {
            first = "the snippet was rejected";
            lines.add(Ansi.error("error: ") + first + " (" + origin.where(1) + ")");
        }
        return new CellFailure("CompilationError", first, lines);
    }

    private static List<String> messageLines(Diag d) {
        List<String> out = new ArrayList<>();
        for (String l : d.getMessage(Locale.ROOT).split("\n")) {
            if (!l.isBlank() && !l.trim().startsWith("location: class")) {
                out.add(l);
            }
        }
        if (out.isEmpty()) {
            out.add("compilation failed");
        }
        return out;
    }

    private static List<String> span(SnippetOrigin origin, Diag d) {
        String src = origin.source();
        long pos = d.getStartPosition() >= 0 ? d.getStartPosition() : d.getPosition();
        if (pos < 0 || pos > src.length()) {
            return List.of(INDENT + Ansi.dim(origin.where(1)));
        }
        int start = (int) pos;
        int lineStart = src.lastIndexOf('\n', start - 1) + 1;
        int lineEnd = src.indexOf('\n', start);
        lineEnd = lineEnd < 0 ? src.length() : lineEnd;
        int end = (int) Math.min(Math.max(d.getEndPosition(), start + 1), lineEnd);
        int lineNo = (int) src.substring(0, start).chars().filter(c -> c == '\n').count() + 1;
        String text = src.substring(lineStart, lineEnd);
        int col = start - lineStart;
        int endCol = Math.max(col + 1, end - lineStart);
        String shown = endCol <= text.length()
                ? text.substring(0, col) + Ansi.error(text.substring(col, endCol)) + text.substring(endCol)
                : text;
        List<String> out = new ArrayList<>();
        out.add(INDENT + Ansi.dim(origin.where(lineNo) + ":"));
        out.add(INDENT + shown);
        out.add(INDENT + " ".repeat(col) + Ansi.error("^".repeat(Math.max(1, endCol - col))));
        return out;
    }

    /**
     * An exception thrown by cell code. The cell's own frames come first, named by cell and line; the
     * full trace follows when library frames are involved; causes close it.
     */
    static CellFailure exception(EvalException e, Function<String, SnippetOrigin> origins, String prefix) {
        List<String> lines = new ArrayList<>();
        String className = e.getExceptionClassName();
        String message = e.getMessage();
        lines.add(Ansi.error(prefix + headline(className, message)));
        StackTraceElement[] frames = e.getStackTrace();
        boolean libraryFrames = false;
        for (StackTraceElement f : frames) {
            if (isCellFrame(f)) {
                lines.add(INDENT + "at " + Ansi.bold(describeCellFrame(f, origins)));
            } else {
                libraryFrames = true;
            }
        }
        if (libraryFrames) {
            lines.add(Ansi.dim("Stack trace:"));
            appendFrames(lines, frames, origins);
        }
        Throwable cause = e.getCause();
        while (cause != null) {
            String causeClass = cause instanceof EvalException ee ? ee.getExceptionClassName() : cause.getClass().getName();
            lines.add(Ansi.error("Caused by: " + headline(causeClass, cause.getMessage())));
            appendFrames(lines, cause.getStackTrace(), origins);
            cause = cause.getCause();
        }
        return new CellFailure(simpleName(className), message == null ? "" : message, lines);
    }

    /** A failure with only a headline and explanation lines (interrupts, incomplete input, magics). */
    static CellFailure plain(String name, String value, List<String> details) {
        List<String> lines = new ArrayList<>();
        lines.add(Ansi.error(name + ": ") + value);
        for (String d : details) {
            lines.add(INDENT + d);
        }
        return new CellFailure(name, value, lines);
    }

    private static void appendFrames(List<String> lines, StackTraceElement[] frames, Function<String, SnippetOrigin> origins) {
        int shown = Math.min(frames.length, MAX_FRAMES);
        for (int i = 0; i < shown; i++) {
            StackTraceElement f = frames[i];
            lines.add(INDENT + "at " + (isCellFrame(f) ? Ansi.bold(describeCellFrame(f, origins)) : f.toString()));
        }
        if (frames.length > shown) {
            lines.add(INDENT + "... " + (frames.length - shown) + " more");
        }
    }

    private static String headline(String className, String message) {
        return message == null ? className : className + ": " + message;
    }

    static String simpleName(String className) {
        int dot = className.lastIndexOf('.');
        int dollar = className.lastIndexOf('$');
        return className.substring(Math.max(dot, dollar) + 1);
    }

    static boolean isCellFrame(StackTraceElement f) {
        String file = f.getFileName();
        return file != null && file.startsWith("#");
    }

    private static String describeCellFrame(StackTraceElement f, Function<String, SnippetOrigin> origins) {
        String id = f.getFileName().substring(1);
        String method = f.getMethodName();
        boolean topLevel = method == null || method.isEmpty() || method.equals("do_it$");
        SnippetOrigin origin = origins.apply(id);
        if (origin == null) {
            return (topLevel ? "" : method + " ") + "(snippet " + id + " line " + f.getLineNumber() + ")";
        }
        String where = origin.where(f.getLineNumber());
        String text = origin.text(f.getLineNumber());
        String place = text.isEmpty() ? where : where + ": " + text;
        return topLevel ? place : method + " (" + place + ")";
    }
}
