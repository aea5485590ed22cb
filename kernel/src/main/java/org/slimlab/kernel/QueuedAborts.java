package org.slimlab.kernel;

import org.dflib.jjava.jupyter.messages.KernelTimestamp;
import org.dflib.jjava.jupyter.messages.Message;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * "Run All" stops at the first failing cell: execute requests that were already queued when a cell failed
 * (sent before the failure, arriving shortly after it) are answered with status {@code aborted} instead of
 * running, as IPython does.
 */
final class QueuedAborts {
    private static final Duration WINDOW = Duration.ofSeconds(5);

    private volatile Instant failedAt = Instant.MIN;

    /** Records that a cell with {@code stop_on_error} failed just now. */
    void failed() {
        failedAt = Instant.now();
    }

    /** True when {@code request} was sent before the last failure and arrives within the window after it. */
    boolean queuedBeforeFailure(Message<?> request) {
        Instant failure = failedAt;
        if (failure == Instant.MIN || Instant.now().isAfter(failure.plus(WINDOW))) {
            return false;
        }
        KernelTimestamp sent = request.getHeader().getTimestamp();
        Instant at = sent == null ? null : parse(sent.getDateString());
        return at != null && at.isBefore(failure);
    }

    /** A header's ISO-8601 date (fractions of a second and an offset allowed), or null. */
    static Instant parse(String date) {
        try {
            return OffsetDateTime.parse(date).toInstant();
        } catch (DateTimeParseException | NullPointerException e) {
            return null;
        }
    }
}
