package org.slimlab.kernel;

import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CodeAnalysisTest {
    private static TestKernel k;

    @BeforeAll
    static void start() {
        k = new TestKernel();
    }

    @AfterAll
    static void stop() {
        k.close();
    }

    @Test
    void completesMethodNames() {
        String code = "System.out.printl";
        ReplacementOptions r = k.kernel.complete(code, code.length());
        assertEquals(java.util.List.of("println("), r.getReplacements());
        assertEquals(code.length() - "printl".length(), r.getSourceStart());
        assertEquals(code.length(), r.getSourceEnd());
    }

    @Test
    void completesInsideTheSecondSnippetOfACell() {
        String code = "int first = 1;\nString greeting = \"hi\";\n\"abc\".toUpp";
        ReplacementOptions r = k.kernel.complete(code, code.length());
        assertTrue(r.getReplacements().contains("toUpperCase("), r.getReplacements().toString());
        assertEquals(code.lastIndexOf("toUpp"), r.getSourceStart());
    }

    @Test
    void completesNamesDefinedInEarlierCells() {
        k.run("int learningRateSteps = 3;");
        String code = "learningRate";
        assertTrue(k.kernel.complete(code, code.length()).getReplacements().contains("learningRateSteps"));
    }

    @Test
    void completesMagicNames() {
        String code = "int a = 1;\n%mav";
        ReplacementOptions r = k.kernel.complete(code, code.length());
        assertEquals(java.util.List.of("%maven"), r.getReplacements());
        assertEquals(code.indexOf('%'), r.getSourceStart());
        assertEquals(java.util.List.of("%%time"), k.kernel.complete("%%", 2).getReplacements());
    }

    @Test
    void inspectsMethodSignatures() {
        String code = "System.out.println(";
        DisplayData d = k.kernel.inspect(code, code.length(), false);
        assertNotNull(d);
        String text = (String) d.getData(MIMEType.TEXT_PLAIN);
        assertTrue(text.contains("void PrintStream.println(String x)"), text);
    }

    @Test
    void inspectsWithTheCursorInsideAName() {
        String code = "Math.max(1, 2)";
        DisplayData d = k.kernel.inspect(code, code.indexOf("max") + 1, false);
        assertNotNull(d);
        assertTrue(((String) d.getData(MIMEType.TEXT_PLAIN)).contains("int Math.max(int a, int b)"));
    }

    @Test
    void inspectsMethodsNamedWithoutParentheses() {
        DisplayData d = k.kernel.inspect("Math.abs", 8, false);
        assertNotNull(d);
        assertTrue(((String) d.getData(MIMEType.TEXT_PLAIN)).contains("int Math.abs(int a)"));
    }

    @Test
    void inspectsVariablesWithTypeAndValue() {
        k.run("var epochs = List.of(1, 2, 3);");
        DisplayData d = k.kernel.inspect("epochs", 3, false);
        assertNotNull(d);
        assertEquals("List<Integer> epochs = [1, 2, 3]", d.getData(MIMEType.TEXT_PLAIN));
    }

    @Test
    void inspectingNothingFindsNothing() {
        assertNull(k.kernel.inspect("   ", 1, false));
    }

    @Test
    void tellsCompleteFromIncompleteAndInvalid() {
        assertEquals("complete", k.kernel.isComplete("int x = 1;"));
        assertEquals("complete", k.kernel.isComplete("1 + 1"));
        assertEquals("complete", k.kernel.isComplete("%time 1 + 1"));
        assertEquals("    ", k.kernel.isComplete("for (int i = 0; i < 3; i++) {"));
        assertEquals("    ", k.kernel.isComplete("int y = 2;\nMath.max(1,"));
        assertEquals("invalid", k.kernel.isComplete("int z = ;"));
    }
}
