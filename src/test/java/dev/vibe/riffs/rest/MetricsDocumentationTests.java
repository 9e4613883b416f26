package dev.vibe.riffs.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.vibe.riffs.Management;
import dev.vibe.riffs.service.usage.RiffStatusMetrics;
import io.quarkus.test.junit.QuarkusTest;

/** The README's table of the service's metrics names what /q/metrics really serves. */
@QuarkusTest
class MetricsDocumentationTests {

    private static final Pattern TABLE_ROW = Pattern.compile("^\\| `([a-z_]+)`", Pattern.MULTILINE);

    @Inject
    RiffStatusMetrics riffStatusMetrics;

    @Test
    void everyMetricOfTheReadmeIsServed() throws IOException {
        Api.newRiff(Api.newUser(), "app", "metered"); // a riff, and runtime-api calls, so that their series exist
        riffStatusMetrics.refresh();
        String served = Management.given().get("/q/metrics").then().statusCode(200).extract().asString();

        List<String> documented = documentedMetrics();

        assertThat(documented).hasSizeGreaterThanOrEqualTo(10);
        assertThat(documented).allSatisfy(name -> assertThat(served)
                .as("metric %s of the README", name)
                .containsPattern("(?m)^" + name + "(_bucket|_count|_sum)?[{ ]"));
    }

    private static List<String> documentedMetrics() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String section = readme.substring(readme.indexOf("### Metrics"), readme.indexOf("### Tracing"));
        Matcher row = TABLE_ROW.matcher(section);
        return row.results().map(match -> match.group(1)).toList();
    }
}
