package dev.vibe.riffs;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged application (the jar the build made, or the native executable where only that was built), launched
 * as production launches it: configured by environment variables only, on the environment of the integration tests
 * (database, runtime-api) plus the given variables, its output in a log file. For the integration tests that need a
 * configuration of their own, which {@code @QuarkusIntegrationTest} (one configuration for the whole suite) cannot give.
 */
public final class PackagedService implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path log;

    private PackagedService(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Launches it with these variables and waits until it serves (liveness on {@code QUARKUS_MANAGEMENT_PORT}); not for
     * its startup check, which waits for a runtime-api that the integration tests do not have.
     */
    public static PackagedService start(String name, Map<String, String> environment) throws IOException {
        PackagedService service = launch(name, environment);
        String started = "http://localhost:" + environment.get("QUARKUS_MANAGEMENT_PORT") + "/q/health/live";
        try {
            await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!service.process.isAlive()) {
                    throw new IllegalStateException(name + " exited with " + service.process.exitValue() + ":\n" + service.log());
                }
                return answers200(started);
            });
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        return service;
    }

    /** Launches it with these variables and waits for it to exit, as it must when its configuration is refused. */
    public static PackagedService runToExit(String name, Map<String, String> environment) throws Exception {
        PackagedService service = launch(name, environment);
        if (!service.process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            service.close();
            throw new AssertionError(name + " did not exit:\n" + service.log());
        }
        return service;
    }

    private static PackagedService launch(String name, Map<String, String> environment) throws IOException {
        Path target = Path.of("target");
        Path jar = target.resolve("quarkus-app/quarkus-run.jar");
        Path nativeImage = Path.of(System.getProperty("native.image.path", "none"));
        List<String> command = new ArrayList<>();
        if (Files.exists(jar)) {
            command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar", jar.toString()));
        } else {
            command.add(nativeImage.toString());
        }
        Path log = target.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        return new PackagedService(builder.start(), log);
    }

    public int exitValue() {
        return process.exitValue();
    }

    /** Everything it wrote so far. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    private static boolean answers200(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
