package org.slimlab.kernel.execution;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluatorTest {

    @Test
    void failedStartupImportsAreReportedOnceInTheFirstCell() {
        try (Evaluator evaluator = new Evaluator(List.of("import java.util.*;", "import no.such.pkg.*;"), 1000)) {
            assertEquals(1, evaluator.awaitStartup().size());
            assertTrue(evaluator.awaitStartup().get(0).startsWith("import no.such.pkg.*; -> package no.such.pkg does not exist"),
                    evaluator.awaitStartup().get(0));
            PrintStream old = System.err;
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            try {
                assertEquals(List.of(1), evaluator.eval("List.of(1)", "t", 1).value());
                evaluator.eval("2", "t", 1);
            } finally {
                System.setErr(old);
            }
            String text = err.toString(StandardCharsets.UTF_8);
            assertEquals(1, text.split("warning: a start-up import failed", -1).length - 1, text);
        }
    }
}
