package org.slimlab.kernel;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slimlab.kernel.execution.CellFailure;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MagicsTest {
    private static TestKernel k;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() {
        k = new TestKernel();
    }

    @AfterAll
    static void stop() {
        k.close();
    }

    @Test
    void classpathAddsADirectoryOfClasses() throws Exception {
        Path dir = CompiledClasses.directory(tmp, "cp.Greeter",
                "package cp; public class Greeter { public static String hi() { return \"hi from dir\"; } }");
        String out = k.stdout("%classpath " + dir);
        assertTrue(out.contains("Added 1 entry"), out);
        assertEquals("hi from dir", k.value("cp.Greeter.hi()"));
        assertTrue(k.stdout("%classpath").contains(dir.toString()));
    }

    @Test
    void jarsAddsEveryJarMatchingAPattern() throws Exception {
        Path libs = tmp.resolve("libs");
        CompiledClasses.jar(tmp, libs.resolve("one.jar"), "j1.One", "package j1; public class One { public static int n() { return 1; } }");
        CompiledClasses.jar(tmp, libs.resolve("two.jar"), "j2.Two", "package j2; public class Two { public static int n() { return 2; } }");
        String out = k.stdout("%jars " + libs + "/*.jar");
        assertTrue(out.contains("Added 2 jars"), out);
        assertEquals(3, k.value("j1.One.n() + j2.Two.n()"));
    }

    @Test
    void jarsRejectsPatternsThatMatchNothing() {
        CellFailure f = assertThrows(CellFailure.class, () -> k.run("%jars " + tmp + "/nothing/*.jar"));
        assertEquals("MagicError", f.name());
        assertTrue(f.value().contains("no jar matches"), f.value());
    }

    @Test
    void loadEvaluatesAScriptAndReturnsItsLastValue() throws Exception {
        Path script = Files.writeString(tmp.resolve("utils.jsh"), "int tripled(int x) {\n  return 3 * x;\n}\ntripled(5)\n");
        assertEquals(15, k.value("%load " + script));
        assertEquals(21, k.value("tripled(7)"));
    }

    @Test
    void loadAcceptsJavaFilesWithAPackageLine() throws Exception {
        Path file = Files.writeString(tmp.resolve("Box.java"),
                "package demo.util;\n\npublic class Box {\n  public final int v;\n  public Box(int v) { this.v = v; }\n}\n");
        k.run("%load " + file);
        assertEquals(9, k.value("new Box(9).v"));
    }

    @Test
    void loadErrorsNameTheFileAndLine() throws Exception {
        Path script = Files.writeString(tmp.resolve("broken.jsh"), "int ok = 1;\nint bad = undefinedThing;\n");
        CellFailure f = assertThrows(CellFailure.class, () -> k.run("%load " + script));
        assertEquals("CompilationError", f.name());
        assertTrue(String.join("\n", f.traceback()).contains("broken.jsh line 2"), String.join("\n", f.traceback()));
    }

    @Test
    void timeReportsWallTimeAndKeepsTheValue() {
        String out = k.stdout("%time Thread.sleep(50)");
        assertTrue(out.matches("(?s)Wall time: \\d+\\.\\d+ ms\\s*"), out);
        double ms = Double.parseDouble(out.replaceAll("(?s).*Wall time: ([0-9.]+) ms.*", "$1"));
        assertTrue(ms >= 50 && ms < 5000, out);
        assertEquals(42, k.value("%time 6 * 7"));
    }

    @Test
    void cellTimeTimesTheWholeCell() {
        String out = k.stdout("%%time\nint s = 0;\nfor (int i = 0; i < 10; i++) s += i;\nSystem.out.println(s);");
        assertTrue(out.startsWith("45\nWall time: "), out);
        assertEquals(45, k.value("%%time\nint t = 45;\nt"));
    }

    @Test
    void magicsAndCodeMixInOneCell() throws Exception {
        Path dir = CompiledClasses.directory(tmp, "mix.Val", "package mix; public class Val { public static int v() { return 11; } }");
        assertEquals(12, k.value("int one = 1;\n%classpath " + dir + "\none + mix.Val.v()"));
    }

    @Test
    void errorsInCodeAfterAMagicNameTheirCellLine() {
        CellFailure f = assertThrows(CellFailure.class, () -> k.run("int a = 1;\n%lsmagic\nint b = nope;"));
        assertTrue(String.join("\n", f.traceback()).contains("line 3"), String.join("\n", f.traceback()));
    }

    @Test
    void docLooksUpSignaturesAndRefusesUnknownNames() {
        assertFalse(k.run("%doc Math.max").present());
        CellFailure f = assertThrows(CellFailure.class, () -> k.run("%doc noSuchThingAnywhere"));
        assertTrue(f.value().contains("nothing known about noSuchThingAnywhere"), f.value());
    }

    @Test
    void lsmagicListsEveryMagic() {
        String out = k.stdout("%lsmagic");
        for (String m : new String[] {"%classpath", "%doc", "%jars", "%load", "%maven", "%time"}) {
            assertTrue(out.contains(m), out);
        }
    }

    @Test
    void unknownMagicsAreClearErrors() {
        CellFailure f = assertThrows(CellFailure.class, () -> k.run("%nosuchmagic x"));
        assertEquals("UnknownMagic", f.name());
        assertTrue(f.traceback().get(1).contains("%maven"));
        assertFalse(k.run("1;").present());
    }

    @Test
    void magicsAreCallableFromCode() {
        assertTrue(k.stdout("lineMagic(\"lsmagic\", List.of());").contains("%maven"));
    }
}
