package dev.vibe.riffs.rest.riffs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.rest.errors.InvalidParameterException;

/**
 * The opaque cursor of a page of an app's riffs: where the previous page ended in the list's order, newest first, by
 * ({@code created_at}, {@code id}). Clients pass it back as it is; what it holds may change between versions.
 */
final class RiffCursor {

    private static final String VERSION = "r1";

    private final Instant createdAt;
    private final long id;

    private RiffCursor(Instant createdAt, long id) {
        this.createdAt = createdAt;
        this.id = id;
    }

    /** When the last riff of the previous page was created. */
    Instant createdAt() {
        return createdAt;
    }

    /** The id of the last riff of the previous page. */
    long id() {
        return id;
    }

    /** The cursor of the page that follows this riff. */
    static String after(Riff riff) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, riff.createdAt);
        String plain = VERSION + ":" + micros + ":" + riff.id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
    }

    /** The cursor a client sent; null when it sent none (or an empty one). */
    static RiffCursor parse(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor.strip()), StandardCharsets.US_ASCII).split(":", -1);
            if (parts.length == 3 && VERSION.equals(parts[0])) {
                long id = Long.parseLong(parts[2]);
                if (id > 0) {
                    return new RiffCursor(Instant.EPOCH.plus(Long.parseLong(parts[1]), ChronoUnit.MICROS), id);
                }
            }
        } catch (IllegalArgumentException | ArithmeticException | java.time.DateTimeException e) {
            // answered below (NumberFormatException is an IllegalArgumentException)
        }
        throw new InvalidParameterException("cursor must be the next_cursor of a previous page");
    }
}
