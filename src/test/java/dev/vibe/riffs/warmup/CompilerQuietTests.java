package dev.vibe.riffs.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class CompilerQuietTests {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void isNotQuietBeforeAWholeWindowWasSampled() {
        CompilerQuiet quiet = new CompilerQuiet();

        for (int i = 0; i < CompilerQuiet.WINDOW_SAMPLES; i++) {
            assertThat(quiet.quietAfter(i * SECOND, 1_000)).isFalse();
        }
        assertThat(quiet.quietAfter(CompilerQuiet.WINDOW_SAMPLES * SECOND, 1_000)).isTrue();
    }

    @Test
    void isQuietOnlyWhileLessThanItsShareOfTheWindowGoesToCompiling() {
        CompilerQuiet quiet = new CompilerQuiet();
        long compiled = 0;
        int second = 0;
        for (; second <= CompilerQuiet.WINDOW_SAMPLES; second++) {
            compiled += 900; // a compiler thread busy most of each second
            assertThat(quiet.quietAfter(second * SECOND, compiled)).isFalse();
        }
        for (int i = 0; i < CompilerQuiet.WINDOW_SAMPLES - 1; i++, second++) {
            compiled += 50; // quiet seconds, but the window still holds a busy one
            assertThat(quiet.quietAfter(second * SECOND, compiled)).isFalse();
        }

        assertThat(quiet.quietAfter(second * SECOND, compiled + 50)).isTrue();
    }
}
