package dev.vibe.riffs.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class BatchQueriesTests {

    @Test
    void keepsShortIdsInOneCall() {
        List<String> ids = IntStream.range(0, 100).mapToObj(i -> "u:a:r" + i).toList();
        assertThat(BatchQueries.chunks(ids)).containsExactly(ids);
    }

    @Test
    void splitsLongIdsSoThatEveryQueryFitsAndNoneIsLost() {
        String longUser = "u".repeat(128);
        List<String> ids = IntStream.range(0, 100).mapToObj(i -> longUser + ":" + "a".repeat(63) + ":" + "r".repeat(60) + i).toList();

        List<List<String>> chunks = BatchQueries.chunks(ids);

        assertThat(chunks).hasSizeGreaterThan(1);
        assertThat(chunks.stream().flatMap(List::stream).toList()).isEqualTo(ids);
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.stream()
                .mapToInt(id -> "ids=".length() + id.length() + 2 * 3 /* two colons, encoded */ + 1).sum())
                .isLessThanOrEqualTo(BatchQueries.MAX_QUERY_CHARS));
    }

    @Test
    void answersNothingForNoIds() {
        assertThat(BatchQueries.chunks(List.of())).isEmpty();
    }
}
