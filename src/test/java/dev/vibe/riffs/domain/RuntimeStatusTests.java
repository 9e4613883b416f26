package dev.vibe.riffs.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import dev.vibe.riffs.runtime.RuntimeState;

/** The words of the stored runtime status and of the runtime-api's status, read and written. */
class RuntimeStatusTests {

    @Test
    void readsEveryWordItWrites() {
        for (RuntimeStatus status : RuntimeStatus.values()) {
            assertThat(RuntimeStatus.of(status.wire())).isEqualTo(status);
            assertThat(new RuntimeStatus.Column().convertToEntityAttribute(new RuntimeStatus.Column().convertToDatabaseColumn(status)))
                    .isEqualTo(status);
        }
    }

    @Test
    void noStatusIsNullBothWays() {
        assertThat(RuntimeStatus.of(null)).isNull();
        assertThat(RuntimeStatus.wireOf(null)).isNull();
        assertThat(new RuntimeStatus.Column().convertToDatabaseColumn(null)).isNull();
    }

    @Test
    void aWordThatIsNotOursIsUnknown() {
        assertThat(RuntimeStatus.of("hibernating")).isEqualTo(RuntimeStatus.UNKNOWN);
        assertThat(RuntimeStatus.of("RUNNING")).isEqualTo(RuntimeStatus.UNKNOWN);
    }

    @Test
    void storesTheRuntimeApisWordsAsTheyAreAndTwoOfItsOwn() {
        assertThat(Arrays.stream(RuntimeStatus.values()).map(RuntimeStatus::wire))
                .containsExactly("starting", "running", "paused", "stopped", "error", "unknown", "missing", "queued");
        for (RuntimeState state : RuntimeState.values()) {
            assertThat(RuntimeStatus.of(state.wireName()).name()).isEqualTo(state.name());
        }
    }

    @Test
    void readsTheRuntimeApisStatusLeniently() {
        assertThat(RuntimeState.of("running")).isEqualTo(RuntimeState.RUNNING);
        assertThat(RuntimeState.of("Running")).isEqualTo(RuntimeState.RUNNING);
        assertThat(RuntimeState.of("pending")).isEqualTo(RuntimeState.STARTING);
        assertThat(RuntimeState.of("failed")).isEqualTo(RuntimeState.ERROR);
        assertThat(RuntimeState.of("hibernating")).isEqualTo(RuntimeState.UNKNOWN);
        assertThat(RuntimeState.of(null)).isEqualTo(RuntimeState.UNKNOWN);
    }

    @Test
    void aliveRuntimesAreStartingRunningOrPaused() {
        assertThat(Arrays.stream(RuntimeState.values()).filter(RuntimeState::alive))
                .containsExactlyInAnyOrder(RuntimeState.STARTING, RuntimeState.RUNNING, RuntimeState.PAUSED);
        assertThat(Arrays.stream(RuntimeStatus.values()).filter(RuntimeStatus::alive))
                .containsExactlyInAnyOrder(RuntimeStatus.STARTING, RuntimeStatus.RUNNING, RuntimeStatus.PAUSED);
    }
}
