package dev.vibe.riffs.runtime;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Splits the ids of a {@code GET /sessions/batch?ids=...} call so that each request line stays short enough for
 * common HTTP servers and proxies (4 KiB is a usual limit of the request line): long session ids (user ids and slugs
 * of up to 128 and 63 characters) would otherwise make a batch of 100 a refused {@code 414}.
 */
final class BatchQueries {

    /** Characters of query string per call, leaving room for the method, the path and the protocol in 4 KiB. */
    static final int MAX_QUERY_CHARS = 3_500;

    private BatchQueries() {
    }

    static List<List<String>> chunks(Collection<String> ids) {
        List<List<String>> chunks = new ArrayList<>();
        List<String> current = new ArrayList<>();
        int length = 0;
        for (String id : ids) {
            int parameterLength = "ids=".length() + URLEncoder.encode(id, StandardCharsets.UTF_8).length() + 1;
            if (!current.isEmpty() && length + parameterLength > MAX_QUERY_CHARS) {
                chunks.add(current);
                current = new ArrayList<>();
                length = 0;
            }
            current.add(id);
            length += parameterLength;
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        return chunks;
    }
}
