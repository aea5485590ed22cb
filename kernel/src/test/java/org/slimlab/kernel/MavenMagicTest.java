package org.slimlab.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slimlab.kernel.execution.CellFailure;
import org.slimlab.kernel.maven.Repository;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code %maven} against a local repository laid out like {@code ~/.m2} (the offline case). */
class MavenMagicTest {
    @TempDir
    Path tmp;

    @Test
    void mavenAddsTheArtifactAndItsDependencies() throws Exception {
        Path repo = tmp.resolve("m2");
        CompiledClasses.jar(tmp, repo.resolve("demo/greeter/1.0/greeter-1.0.jar"), "demo.Greeter",
                "package demo; public class Greeter { public static String hello() { return \"hello\"; } }");
        CompiledClasses.jar(tmp, repo.resolve("demo/punct/2.0/punct-2.0.jar"), "demo.Punct",
                "package demo; public class Punct { public static String bang() { return \"!\"; } }");
        Files.writeString(repo.resolve("demo/greeter/1.0/greeter-1.0.pom"), "<project><groupId>demo</groupId>"
                + "<artifactId>greeter</artifactId><version>1.0</version><dependencies><dependency><groupId>demo</groupId>"
                + "<artifactId>punct</artifactId><version>2.0</version></dependency></dependencies></project>");
        Files.writeString(repo.resolve("demo/punct/2.0/punct-2.0.pom"),
                "<project><groupId>demo</groupId><artifactId>punct</artifactId><version>2.0</version></project>");
        try (TestKernel k = new TestKernel(new JavaKernelBuilder().repository(new Repository(repo, null)))) {
            String out = k.stdout("%maven demo:greeter:1.0");
            assertTrue(out.contains("2 jars, 2 added"), out);
            assertEquals("hello!", k.value("demo.Greeter.hello() + demo.Punct.bang()"));
            assertTrue(k.stdout("%maven demo:greeter:1.0").contains("0 added"));
            CellFailure f = assertThrows(CellFailure.class, () -> k.run("%maven demo:missing:1.0"));
            assertEquals("MagicError", f.name());
            assertTrue(f.value().contains("demo:missing:1.0") && f.value().contains(repo.toString()), f.value());
        }
    }
}
