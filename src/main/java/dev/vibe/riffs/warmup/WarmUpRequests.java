package dev.vibe.riffs.warmup;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;

import dev.vibe.riffs.config.AuthConfig;
import dev.vibe.riffs.identity.WarmUpPass;
import io.quarkus.vertx.http.HttpServerStart;

/**
 * The warm-up's requests: real requests of the API, through the HTTP server, its filters and the resources, sent by this
 * process to itself over the loopback interface with its {@link WarmUpPass} (in {@code gateway} mode with the gateway's
 * secret too, which the process holds). They exercise every layer a user's request does; their answers are dropped.
 */
@ApplicationScoped
public class WarmUpRequests {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** Longer than a status look-up may take (runtime-api timeout, retries): the warm-up never waits on a lost answer. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final WarmUpPass pass;
    private final AuthConfig auth;
    private final CompletableFuture<URI> server = new CompletableFuture<>();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).version(HttpClient.Version.HTTP_1_1).build();

    public WarmUpRequests(WarmUpPass pass, AuthConfig auth) {
        this.pass = pass;
        this.auth = auth;
    }

    /** Fired asynchronously once the server listens. */
    void onServerStart(@ObservesAsync HttpServerStart start) {
        String host = start.options().getHost();
        boolean anyAddress = host == null || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
        server.complete(URI.create("http://" + (anyAddress ? "127.0.0.1" : host) + ":" + start.options().getPort()));
    }

    /** Waits until the HTTP server listens; false when it does not within the time given. */
    boolean awaitServer(Duration atMost) throws InterruptedException {
        try {
            server.get(atMost.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /** {@code GET .../runtime/status} of the riff, as its user: the HTTP status of the answer. */
    int runtimeStatus(WarmUpTarget target) throws IOException, InterruptedException {
        return get("/api/apps/" + target.appSlug() + "/riffs/" + target.riffSlug() + "/runtime/status", target);
    }

    /** {@code GET .../riffs/{riff}}, as its user: the HTTP status of the answer. */
    int riff(WarmUpTarget target) throws IOException, InterruptedException {
        return get("/api/apps/" + target.appSlug() + "/riffs/" + target.riffSlug(), target);
    }

    private int get(String path, WarmUpTarget target) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.join().resolve(path))
                .timeout(REQUEST_TIMEOUT)
                .header(WarmUpPass.HEADER, pass.value())
                .header("X-User-UUID", target.userId());
        if (auth.mode() == AuthConfig.Mode.GATEWAY) {
            request.header(auth.gateway().header(), auth.gateway().secret().orElseThrow());
        }
        return client.send(request.GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
