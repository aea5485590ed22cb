package org.slimlab.kernel;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slimlab.kernel.execution.CellFailure;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorReportingTest {
    private static TestKernel k;

    @BeforeAll
    static void start() {
        k = new TestKernel();
    }

    @AfterAll
    static void stop() {
        k.close();
    }

    private static String plain(List<String> lines) {
        return String.join("\n", lines).replaceAll("\u001b\\[[0-9;]*m", "");
    }

    @Test
    void compileErrorNamesTheCellLineAndUnderlinesTheSpan() {
        CellFailure f = assertThrows(CellFailure.class, () -> k.run("int ok = 1;\nint y = missingName + 1;"));
        assertEquals("CompilationError", f.name());
        assertTrue(f.value().contains("cannot find symbol"), f.value());
        String text = plain(f.traceback());
        assertTrue(text.contains("line 2:"), text);
        assertTrue(text.contains("int y = missingName + 1;"), text);
        String[] lines = text.split("\n");
        int src = -1;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains("int y = missingName")) {
                src = i;
            }
        }
        String caret = lines[src + 1];
        assertEquals(lines[src].indexOf("missingName"), caret.indexOf('^'), text);
        assertEquals("missingName".length(), caret.trim().length(), text);
    }

    @Test
    void runtimeExceptionShowsTheCellFramesFirst() {
        k.run("int divide(int x) {\n    return 10 / x;\n}");
        CellFailure f = assertThrows(CellFailure.class, () -> k.run("int a = 1;\n\ndivide(0)"));
        assertEquals("ArithmeticException", f.name());
        assertEquals("/ by zero", f.value());
        List<String> lines = f.traceback().stream().map(l -> l.replaceAll("\u001b\\[[0-9;]*m", "")).toList();
        assertEquals("java.lang.ArithmeticException: / by zero", lines.get(0));
        assertTrue(lines.get(1).matches("\\s+at divide \\(In \\[\\d+] line 2: return 10 / x;\\)"), lines.get(1));
        assertTrue(lines.get(2).matches("\\s+at In \\[\\d+] line 3: divide\\(0\\)"), lines.get(2));
    }

    @Test
    void libraryFramesFollowUnderAStackTraceAndCausesAreKept() {
        CellFailure f = assertThrows(CellFailure.class, () -> k.run(
                "try {\n  Integer.parseInt(\"x\");\n} catch (NumberFormatException e) {\n  throw new IllegalStateException(\"bad input\", e);\n}"));
        assertEquals("IllegalStateException", f.name());
        String text = plain(f.traceback());
        assertTrue(text.contains("Caused by: java.lang.NumberFormatException: For input string: \"x\""), text);
        assertTrue(text.contains("at java.base/java.lang.Integer.parseInt"), text);
        assertTrue(text.indexOf("line 4") < text.indexOf("Caused by"), text);
    }

    @Test
    void theKernelSurvivesEveryFailure() {
        assertThrows(CellFailure.class, () -> k.run("throw new RuntimeException(\"boom\");"));
        assertThrows(CellFailure.class, () -> k.run("int f(int n) { return f(n + 1); }\nf(0)"));
        assertThrows(CellFailure.class, () -> k.run("this is not java"));
        assertThrows(CellFailure.class, () -> k.run("throw new OutOfMemoryError(\"pretend\");"));
        assertEquals(3, k.value("1 + 2"));
    }

    @Test
    void stackOverflowIsReportedByName() {
        CellFailure f = assertThrows(CellFailure.class, () -> k.run("int down(int n) { return down(n + 1) + 1; }\ndown(0)"));
        assertEquals("StackOverflowError", f.name());
    }

    @Test
    void checkedExceptionsKeepTheirName() {
        CellFailure f = assertThrows(CellFailure.class, () -> k.run("throw new java.io.IOException(\"disk\");"));
        assertEquals("IOException", f.name());
        assertEquals("disk", f.value());
    }

    @Test
    void incompleteInputIsAnErrorNotAHang() {
        CellFailure f = assertThrows(CellFailure.class, () -> k.run("int z = 1;\nfor (int i = 0; i < 3; i++) {"));
        assertEquals("IncompleteInput", f.name());
        assertTrue(plain(f.traceback()).contains("line 2: for (int i = 0; i < 3; i++) {"), plain(f.traceback()));
    }

    @Test
    void unresolvedReferencesSayWhatIsMissing() {
        k.run("void later() { notYetDefined(); }");
        CellFailure f = assertThrows(CellFailure.class, () -> k.run("later();"));
        assertEquals("UnresolvedReference", f.name());
        assertTrue(f.value().contains("notYetDefined"), f.value());
    }
}
