package org.slimlab.kernel.magic;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CellParserTest {

    @Test
    void splitsCodeAndLineMagicsKeepingLineNumbers() {
        List<Segment> s = CellParser.parse("int a = 1;\n  %classpath lib\nint b = 2;\nint c = 3;\n%time a + b");
        assertEquals(List.of(
                new Segment.Code("int a = 1;", 1),
                new Segment.LineMagic("classpath", "lib", 2),
                new Segment.Code("int b = 2;\nint c = 3;", 3),
                new Segment.LineMagic("time", "a + b", 5)), s);
    }

    @Test
    void aLeadingDoublePercentMakesTheWholeCellACellMagic() {
        List<Segment> s = CellParser.parse("\n%%time\nint x = 1;\n%notALineMagicHere\n");
        assertEquals(List.of(new Segment.CellMagic("time", "", "int x = 1;\n%notALineMagicHere\n", 3)), s);
    }

    @Test
    void moduloAndPercentInsideLinesAreCode() {
        List<Segment> s = CellParser.parse("int m = 7 % 3;\nString f = \"%d\";");
        assertEquals(List.of(new Segment.Code("int m = 7 % 3;\nString f = \"%d\";", 1)), s);
    }

    @Test
    void percentLinesInsideTextBlocksAreCode() {
        String cell = "String t = \"\"\"\n%notAMagic\n\"\"\";\n%lsmagic";
        assertEquals(List.of(new Segment.Code("String t = \"\"\"\n%notAMagic\n\"\"\";", 1),
                new Segment.LineMagic("lsmagic", "", 4)), CellParser.parse(cell));
    }

    @Test
    void argumentsSplitAtBlanksWithQuotesAndEscapes() {
        assertEquals(List.of("a", "b c", "d'e", "f g"), CellParser.arguments(" a \"b c\" d\\'e 'f g' "));
        assertEquals(List.of(), CellParser.arguments("   "));
        assertEquals(List.of(""), CellParser.arguments("\"\""));
    }

    @Test
    void blankingMagicLinesKeepsOffsets() {
        String code = "int a = 1;\n%maven g:a:1\nint b;";
        String blank = MagicLines.blank(code);
        assertEquals(code.length(), blank.length());
        assertEquals("int a = 1;\n" + " ".repeat("%maven g:a:1".length()) + "\nint b;", blank);
    }
}
