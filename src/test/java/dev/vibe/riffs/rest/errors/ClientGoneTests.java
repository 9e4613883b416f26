package dev.vibe.riffs.rest.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;

import org.junit.jupiter.api.Test;

import io.vertx.core.VertxException;

class ClientGoneTests {

    @Test
    void recognisesAClosedConnectionAnywhereInTheCauses() {
        assertThat(ClientGone.is(new ClosedChannelException())).isTrue();
        assertThat(ClientGone.is(new IllegalStateException("write failed", new VertxException("Connection was closed")))).isTrue();
        assertThat(ClientGone.is(new IOException("Broken pipe"))).isTrue();
        assertThat(ClientGone.is(new IOException("java.io.IOException: Failed to write"))).isTrue(); // Quarkus REST's output stream
    }

    @Test
    void leavesRealFailuresAlone() {
        assertThat(ClientGone.is(new IllegalStateException("bug"))).isFalse();
        assertThat(ClientGone.is(new IOException("disk full"))).isFalse();
        assertThat(ClientGone.is(new IllegalArgumentException("connection was closed"))).isFalse();
    }
}
