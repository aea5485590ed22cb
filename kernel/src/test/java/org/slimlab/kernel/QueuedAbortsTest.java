package org.slimlab.kernel;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class QueuedAbortsTest {

    @Test
    void parsesJupyterHeaderDates() {
        assertEquals(Instant.parse("2026-11-24T15:01:12.123456Z"), QueuedAborts.parse("2026-11-24T15:01:12.123456Z"));
        assertEquals(Instant.parse("2026-11-24T14:01:12.5Z"), QueuedAborts.parse("2026-11-24T15:01:12.500+01:00"));
        assertNull(QueuedAborts.parse("yesterday"));
        assertNull(QueuedAborts.parse(null));
    }
}
