package org.slimlab.kernel.maven;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DependencyResolverTest {
    @TempDir
    Path tmp;
    private FakeRepository remote;

    private static String dep(String g, String a, String v, String extra) {
        return "<dependency><groupId>" + g + "</groupId><artifactId>" + a + "</artifactId>"
                + (v == null ? "" : "<version>" + v + "</version>") + extra + "</dependency>";
    }

    @BeforeEach
    void repository() throws Exception {
        remote = new FakeRepository(tmp.resolve("remote"));
        remote.pom("demo:parent:1.0", "<packaging>pom</packaging><properties><lib.version>2.0</lib.version></properties>"
                + "<dependencyManagement><dependencies>" + dep("demo", "lib", "${lib.version}", "")
                + dep("demo", "bom", "1.0", "<type>pom</type><scope>import</scope>") + "</dependencies></dependencyManagement>");
        remote.pom("demo:bom:1.0", "<packaging>pom</packaging><dependencyManagement><dependencies>"
                + dep("demo", "extra", "3.0", "") + "</dependencies></dependencyManagement>");
        remote.pom("demo:app:1.0", "<parent><groupId>demo</groupId><artifactId>parent</artifactId><version>1.0</version></parent>"
                + "<dependencies>"
                + dep("demo", "lib", null, "<exclusions><exclusion><groupId>demo</groupId><artifactId>excluded</artifactId></exclusion></exclusions>")
                + dep("demo", "extra", null, "")
                + dep("demo", "util", "1.5", "")
                + dep("demo", "testonly", "1.0", "<scope>test</scope>")
                + dep("demo", "opt", "1.0", "<optional>true</optional>")
                + dep("demo", "prov", "1.0", "<scope>provided</scope>")
                + "</dependencies>").jar("demo:app:1.0", null);
        remote.pom("demo:lib:2.0", "<dependencies>" + dep("demo", "util", "1.0", "") + dep("demo", "excluded", "1.0", "")
                + dep("demo", "deep", "${project.version}", "<scope>runtime</scope>") + "</dependencies>").jar("demo:lib:2.0", null);
        remote.pom("demo:extra:3.0", "").jar("demo:extra:3.0", null);
        remote.pom("demo:util:1.5", "").jar("demo:util:1.5", null);
        remote.pom("demo:util:1.0", "").jar("demo:util:1.0", null);
        remote.pom("demo:deep:2.0", "").jar("demo:deep:2.0", null);
    }

    @AfterEach
    void stopServer() {
        remote.close();
    }

    @Test
    void resolvesTransitivelyWithManagementExclusionsScopesAndNearestWins() throws Exception {
        DependencyResolver resolver = new DependencyResolver(new Repository(tmp.resolve("local"), remote.start()));
        List<String> resolved = resolver.resolve(List.of(Coordinates.parse("demo:app:1.0"))).stream().map(Object::toString).toList();
        assertEquals(List.of("demo:app:1.0", "demo:lib:2.0", "demo:extra:3.0", "demo:util:1.5", "demo:deep:2.0"), resolved);
    }

    @Test
    void downloadsIntoTheLocalLayoutAndThenWorksOffline() throws Exception {
        Path local = tmp.resolve("local");
        List<Path> jars = new DependencyResolver(new Repository(local, remote.start()))
                .resolveFiles(List.of(Coordinates.parse("demo:app:1.0")));
        remote.close();
        assertEquals(5, jars.size());
        assertTrue(jars.contains(local.resolve("demo/lib/2.0/lib-2.0.jar")), jars.toString());
        assertTrue(jars.stream().allMatch(Files::isRegularFile));
        assertTrue(remote.requests.contains("demo/parent/1.0/parent-1.0.pom"));
        int requestsBefore = remote.requests.size();
        List<Path> again = new DependencyResolver(new Repository(local, URI.create("http://127.0.0.1:9/")))
                .resolveFiles(List.of(Coordinates.parse("demo:app:1.0")));
        assertEquals(jars, again);
        assertEquals(requestsBefore, remote.requests.size());
    }

    @Test
    void missingArtifactsAreNamed() throws Exception {
        DependencyResolver resolver = new DependencyResolver(new Repository(tmp.resolve("local"), remote.start()));
        ResolutionException e = assertThrows(ResolutionException.class,
                () -> resolver.resolve(List.of(Coordinates.parse("demo:absent:9.9"))));
        assertTrue(e.getMessage().contains("demo:absent:9.9"), e.getMessage());
    }

    @Test
    void unreachableRemoteSaysSo() {
        DependencyResolver resolver = new DependencyResolver(new Repository(tmp.resolve("empty"), URI.create("http://127.0.0.1:9/")));
        ResolutionException e = assertThrows(ResolutionException.class,
                () -> resolver.resolve(List.of(Coordinates.parse("demo:app:1.0"))));
        assertTrue(e.getMessage().contains("unreachable"), e.getMessage());
    }

    @Test
    void coordinatesParseAllForms() {
        assertEquals("g/a/1/a-1.jar", Coordinates.parse("g:a:1").path());
        assertEquals("org/x/a/1/a-1.pom", Coordinates.parse("org.x:a:pom:1").path());
        assertEquals("g/a/1/a-1-linux.jar", Coordinates.parse("g:a:jar:linux:1").path());
        assertThrows(ResolutionException.class, () -> Coordinates.parse("g:a"));
        assertThrows(ResolutionException.class, () -> Coordinates.parse("g::1"));
    }

    @Test
    void propertiesMayReferToEachOther() {
        assertEquals("1.2.3-x", PomModels.resolve("${v}-x", Map.of("v", "${major}.2.3", "major", "1")));
        assertEquals("${unknown}", PomModels.resolve("${unknown}", Map.of()));
    }
}
