package dev.vibe.riffs.runtime;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.resteasy.reactive.client.api.QuarkusRestClientProperties;

import dev.vibe.riffs.config.RuntimeApiConfig;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;

/**
 * The two REST clients of the runtime-api, which differ in their read timeout only: one for {@code /start} and
 * {@code /resume}, which may take minutes, one for every other call. The Quarkus REST client reads its read timeout
 * from the client's configuration, not per call (and a blocking call interrupted by a fault-tolerance timeout leaves
 * its request running), so each timeout needs a client of its own; both are built here from
 * {@link RuntimeApiConfig.Timeouts}. Each pools as many connections as this replica may have calls in flight, so the
 * pool never queues a call behind {@link RuntimeApiAdmission}.
 */
@ApplicationScoped
class RuntimeApiRestClients {

    private final RuntimeApiRestClient startAndResume;
    private final RuntimeApiRestClient otherCalls;

    RuntimeApiRestClients(RuntimeApiConfig config) {
        this.startAndResume = build(config, config.timeouts().startAndResume());
        this.otherCalls = build(config, config.timeouts().otherCalls());
    }

    /** For {@code /start} and {@code /resume}. */
    RuntimeApiRestClient startAndResume() {
        return startAndResume;
    }

    /** For every other call. */
    RuntimeApiRestClient otherCalls() {
        return otherCalls;
    }

    @PreDestroy
    void close() throws Exception {
        for (RuntimeApiRestClient client : new RuntimeApiRestClient[] { startAndResume, otherCalls }) {
            if (client instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    private static RuntimeApiRestClient build(RuntimeApiConfig config, Duration readTimeout) {
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(config.url()))
                .connectTimeout(config.timeouts().connect().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(readTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .property(QuarkusRestClientProperties.CONNECTION_POOL_SIZE, config.concurrency().maxInFlight())
                .build(RuntimeApiRestClient.class);
    }
}
