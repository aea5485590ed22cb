package org.slimlab.kernel.execution;

import org.junit.jupiter.api.Test;
import org.slimlab.notebook.Slim;

import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StartupImportsTest {

    @Test
    void findsTheLibraryPackagesButNotTheCli() {
        TreeSet<String> packages = StartupImports.libraryPackages(Slim.class);
        assertTrue(packages.contains("org.slimlab"), packages.toString());
        assertTrue(packages.contains("org.slimlab.notebook"), packages.toString());
        assertFalse(packages.contains("org.slimlab.cli"), packages.toString());
    }

    @Test
    void importsTheNotebookApiStatically() {
        List<String> statements = StartupImports.statements(Slim.class);
        assertTrue(statements.contains("import static org.slimlab.notebook.Slim.*;"));
        assertTrue(statements.contains("import static org.dflib.jjava.jupyter.kernel.BaseNotebookStatics.*;"));
        assertTrue(statements.contains("import tech.tablesaw.api.*;"));
        assertTrue(statements.contains("import org.knowm.xchart.*;"));
        assertTrue(statements.contains("import org.slimlab.notebook.*;"));
    }
}
