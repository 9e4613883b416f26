package dev.vibe.riffs.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The status words that SQL spells out (where a partial index is defined by the same condition, the planner needs the
 * literal) are words of {@link RuntimeStatus}: a renamed or added status cannot leave a query or an index behind.
 */
class StatusWordsInSqlTests {

    /** A comparison of a status column, up to the end of its value or list of values. */
    private static final Pattern STATUS_CONDITION = Pattern.compile(
            "(?:runtime_status|to_status|from_status)\\s*(?:=|<>|!=|in|not in|is distinct from)\\s*(\\([^)]*\\)|'[^']*')");
    private static final Pattern WORD = Pattern.compile("'([^']*)'");

    @Test
    void everyStatusWordInTheRepositoriesAndMigrationsIsARuntimeStatus() throws IOException {
        List<String> words = wordsIn(Stream.concat(
                Stream.of(Path.of("src/main/java/dev/vibe/riffs/domain/RiffClaimRepository.java"),
                        Path.of("src/main/java/dev/vibe/riffs/domain/RiffSlotRepository.java"),
                        Path.of("src/main/java/dev/vibe/riffs/domain/RiffMetricsRepository.java"),
                        Path.of("src/main/java/dev/vibe/riffs/domain/refresh/RefreshBucketRepository.java"),
                        Path.of("src/main/java/dev/vibe/riffs/domain/RuntimeEventRepository.java")),
                migrations()));
        List<String> known = Arrays.stream(RuntimeStatus.values()).map(RuntimeStatus::wire).toList();
        assertThat(words).isNotEmpty().allSatisfy(word -> assertThat(known).contains(word));
    }

    private static Stream<Path> migrations() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            return files.filter(file -> file.toString().endsWith(".sql")).toList().stream();
        }
    }

    private static List<String> wordsIn(Stream<Path> files) {
        return files.flatMap(file -> {
            Matcher condition = STATUS_CONDITION.matcher(read(file));
            Stream.Builder<String> found = Stream.builder();
            while (condition.find()) {
                Matcher word = WORD.matcher(condition.group(1));
                while (word.find()) {
                    if (!word.group(1).isEmpty()) { // coalesce(runtime_status, '') compares with no status at all
                        found.add(word.group(1));
                    }
                }
            }
            return found.build();
        }).toList();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
