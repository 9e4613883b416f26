package dev.vibe.riffs.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.vibe.riffs.FreshRuntimeApiTest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The README's examples run top to bottom as written, with curl, against this instance instead of localhost:8080, and
 * each answers with a success that the README's table of requests documents for it. Only statuses are compared, so
 * the bodies and messages may change without this test.
 */
@QuarkusTest
class ReadmeExamplesTests extends FreshRuntimeApiTest {

    private static final Path README = Path.of("README.md");
    /** A row of the table of requests: the method and path of its first cell, the successes of its second. */
    private static final Pattern TABLE_ROW = Pattern.compile("^\\| `(GET|POST|DELETE|PUT) (/[^` ?]*)[^|]*\\|([^|]*)\\|");
    private static final Pattern STATUS = Pattern.compile("`(\\d{3})");
    /** How long the example that streams (curl -N) is left to stream. */
    private static final int STREAM_SECONDS = 2;

    @TestHTTPResource("/")
    URL instance;

    /** A request the README documents, and the statuses of its successes. */
    private record Documented(String method, Pattern path, Set<Integer> successes) {
    }

    @Test
    void theExamplesRunTopToBottomAndEachSucceedsAsDocumented() throws Exception {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        List<Documented> documented = documentedRequests(readme);
        List<String> examples = exampleLines(readme);
        List<String> assignments = examples.stream().filter(line -> line.matches("[A-Z]+=.*")).toList();
        List<String> requests = examples.stream().filter(line -> line.startsWith("curl ")).toList();
        assertThat(requests).as("curl lines of the Examples").hasSizeGreaterThan(10);
        String here = instance.getHost() + ":" + instance.getPort();

        for (String request : requests) {
            String method = request.contains("-X ") ? request.replaceAll(".* -X ([A-Z]+) .*", "$1") : request.contains(" -d ") ? "POST" : "GET";
            String path = request.replaceAll(".*localhost:8080(/[^ '?\"]*).*", "$1");
            Set<Integer> successes = documented.stream()
                    .filter(row -> row.method().equals(method) && row.path().matcher(path).matches())
                    .findFirst().map(Documented::successes)
                    .orElseThrow(() -> new AssertionError("Not in the README's table of requests: " + method + " " + path));

            int status = run(assignments, request.replace("localhost:8080", here));
            assertThat(status).as(request).isIn(successes);
        }
    }

    /** The lines of the first shell block after the heading "### Examples". */
    private static List<String> exampleLines(String readme) {
        String section = readme.substring(readme.indexOf("\n### Examples\n"));
        String block = section.substring(section.indexOf("```shell\n") + "```shell\n".length());
        return List.of(block.substring(0, block.indexOf("```")).split("\n"));
    }

    private static List<Documented> documentedRequests(String readme) {
        List<Documented> rows = new ArrayList<>();
        for (String line : readme.split("\n")) {
            Matcher row = TABLE_ROW.matcher(line);
            if (row.find()) {
                Set<Integer> successes = new TreeSet<>();
                Matcher status = STATUS.matcher(row.group(3));
                while (status.find()) {
                    successes.add(Integer.parseInt(status.group(1)));
                }
                String path = Pattern.quote(row.group(2)).replaceAll("\\{[a-z]+}", "\\\\E[^/]+\\\\Q");
                rows.add(new Documented(row.group(1), Pattern.compile(path), successes));
            }
        }
        assertThat(rows).as("rows of the README's table of requests").hasSizeGreaterThan(10);
        return rows;
    }

    /** Runs the example with bash after the README's assignments; its HTTP status. */
    private static int run(List<String> assignments, String request) throws IOException, InterruptedException {
        boolean streams = request.startsWith("curl -N ");
        String command = String.join("\n", assignments) + "\n" + request + " -o /dev/null -w '%{http_code}'"
                + (streams ? " --max-time " + STREAM_SECONDS : " --max-time 60");
        Process curl = new ProcessBuilder("bash", "-c", command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String status = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(curl.waitFor(90, TimeUnit.SECONDS)).isTrue();
        int timedOut = 28;
        assertThat(curl.exitValue()).as("curl's exit code for " + request).isIn(streams ? Set.of(0, timedOut) : Set.of(0));
        return Integer.parseInt(status);
    }
}
