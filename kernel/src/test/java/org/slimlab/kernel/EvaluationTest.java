package org.slimlab.kernel;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slimlab.kernel.execution.EvalResult;

import java.awt.image.BufferedImage;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluationTest {
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
    void lastExpressionOfAMultiStatementCellIsTheResult() {
        assertEquals(42, k.value("int a = 6;\nint b = 7;\na * b"));
    }

    @Test
    void trailingSemicolonSuppressesTheResult() {
        assertFalse(k.run("6 * 7;").present());
        assertFalse(k.run("int c = 3;").present());
    }

    @Test
    void declarationsSurviveFromCellToCell() {
        k.run("int twice(int x) { return 2 * x; }\nvar base = 20;");
        assertEquals(42, k.value("twice(base) + 2"));
    }

    @Test
    void resultsAreLiveObjectsNotStrings() {
        Object img = k.value("new java.awt.image.BufferedImage(3, 2, java.awt.image.BufferedImage.TYPE_INT_RGB)");
        BufferedImage image = assertInstanceOf(BufferedImage.class, img);
        assertEquals(3, image.getWidth());
        Object list = k.value("var names = new ArrayList<String>(List.of(\"a\", \"b\"));\nnames");
        k.run("names.add(\"c\");");
        assertEquals(List.of("a", "b", "c"), list);
        assertSame(list, k.value("names"));
    }

    @Test
    void statementsAndVoidCallsHaveNoResultButNullExpressionsDo() {
        assertFalse(k.run("System.out.println(\"x\")").present());
        EvalResult r = k.run("(String) null");
        assertTrue(r.present());
        assertNull(r.value());
    }

    @Test
    void stdoutOfTheCellIsCaptured() {
        assertEquals("hello\nworld\n", k.stdout("System.out.println(\"hello\");\nSystem.out.println(\"world\");"));
    }

    @Test
    void notebookApiIsImportedAtStartUp() {
        assertInstanceOf(tech.tablesaw.api.Table.class, k.value("environment()"));
        assertEquals(Boolean.class, k.value("quick()").getClass());
        assertInstanceOf(String.class, k.value("display(\"hi\")"));
        assertEquals(List.of(1, 2), k.value("Stream.of(1, 2).collect(Collectors.toList())"));
        assertInstanceOf(org.knowm.xchart.XYChart.class, k.value("new XYChartBuilder().width(100).height(80).build()"));
    }

    @Test
    void commentsAndBlankCellsHaveNoResult() {
        assertFalse(k.run("// nothing to do\n/* at all */\n").present());
        assertFalse(k.run("   \n").present());
        assertEquals(7, k.value("// seven\n7 // still seven"));
    }

    @Test
    void evalFromInsideACellRunsInline() {
        assertEquals(5, k.value("eval(\"2 + 3\")"));
    }
}
