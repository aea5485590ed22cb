package org.slimlab.notebook;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InterruptsTest {

    @AfterEach
    void clear() {
        Interrupts.clear();
        Thread.interrupted();
    }

    @Test
    void aRequestStopsChecksOnEveryThreadUntilCleared() throws Exception {
        assertDoesNotThrow(Interrupts::check);
        Interrupts.request();
        assertTrue(Interrupts.interrupted());
        CancellationException e = assertThrows(CancellationException.class, Interrupts::check);
        assertEquals("interrupted", e.getMessage());
        assertTrue(CompletableFuture.supplyAsync(Interrupts::interrupted).get(5, TimeUnit.SECONDS));
        Interrupts.clear();
        assertFalse(Interrupts.interrupted());
    }

    @Test
    void anInterruptedThreadCountsWithoutClearingItsFlag() {
        Thread.currentThread().interrupt();
        assertTrue(Interrupts.interrupted());
        assertTrue(Thread.currentThread().isInterrupted());
        assertThrows(CancellationException.class, Interrupts::check);
    }
}
