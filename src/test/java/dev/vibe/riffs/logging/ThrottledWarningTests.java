package dev.vibe.riffs.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.vibe.riffs.LogCapture;
import io.quarkus.test.junit.QuarkusTest;

/** A warning that repeats on every request makes one line per interval, and every occurrence is counted once. */
@QuarkusTest
class ThrottledWarningTests {

    private static final Pattern COUNT = Pattern.compile("Test failure: (\\d+) time\\(s\\) since the previous report; latest: .*boom.*");

    @Test
    void logsOneLinePerIntervalWithTheCountOfOccurrences() throws Exception {
        ThrottledWarning warning = new ThrottledWarning("Test failure", Duration.ofMillis(500));
        IllegalStateException boom = new IllegalStateException("boom");
        try (LogCapture log = LogCapture.open()) {
            ExecutorService threads = Executors.newFixedThreadPool(4);
            for (int i = 0; i < 1000; i++) {
                threads.execute(() -> warning.record(boom.toString()));
            }
            threads.shutdown();
            assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            assertThat(lines(log)).hasSizeLessThanOrEqualTo(2); // the first at once, one more if the recording took over 500 ms

            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                warning.flush();
                assertThat(lines(log).stream().mapToLong(ThrottledWarningTests::count).sum()).isEqualTo(1000);
            });
            warning.flush();
            assertThat(lines(log)).hasSizeLessThanOrEqualTo(3);
        }
    }

    @Test
    void saysNothingWithoutOccurrences() {
        ThrottledWarning warning = new ThrottledWarning("Test failure", Duration.ZERO);
        try (LogCapture log = LogCapture.open()) {
            warning.flush();
            assertThat(lines(log)).isEmpty();
        }
    }

    private static List<String> lines(LogCapture log) {
        return log.linesAtLeast(Level.WARNING).stream().map(LogCapture.Line::text).filter(text -> text.startsWith("Test failure")).toList();
    }

    private static long count(String line) {
        Matcher matcher = COUNT.matcher(line);
        assertThat(matcher.matches()).as(line).isTrue();
        return Long.parseLong(matcher.group(1));
    }
}
