package dev.vibe.riffs.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PerUserCountsTests {

    @Test
    void eachUserTakesUpToTheLimitAndGetsPlacesBack() {
        PerUserCounts counts = new PerUserCounts(2);

        assertThat(counts.tryTake("a")).isTrue();
        assertThat(counts.tryTake("a")).isTrue();
        assertThat(counts.tryTake("a")).as("beyond the limit").isFalse();
        assertThat(counts.tryTake("b")).as("another user's own count").isTrue();

        counts.giveBack("a");
        assertThat(counts.tryTake("a")).as("a place given back").isTrue();
        assertThat(counts.tryTake("a")).isFalse();
    }
}
