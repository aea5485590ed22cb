package org.slimlab.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceTest {
    @TempDir
    Path dir;

    @Test
    void homeIsTheNearestCheckoutAboveTheWorkingDirectory() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve(Workspace.MARKER), "path: fashion-det\n");
        Path notebooks = Files.createDirectories(dir.resolve("notebooks/deeper"));
        assertEquals(dir.toRealPath(), Workspace.home(Map.of(), notebooks).toRealPath());
        assertEquals(dir.toRealPath(), Workspace.home(Map.of(), dir).toRealPath());
    }

    @Test
    void theEnvironmentVariableWinsAndNoCheckoutMeansTheWorkingDirectory() throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        assertEquals(elsewhere, Workspace.home(Map.of(), elsewhere));
        assertEquals(dir.resolve("x"), Workspace.home(Map.of(Workspace.HOME_ENV, dir.resolve("x").toString()), elsewhere));
    }
}
