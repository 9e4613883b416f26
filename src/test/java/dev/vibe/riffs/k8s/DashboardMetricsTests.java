package dev.vibe.riffs.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.vibe.riffs.FreshRuntimeApiTest;
import dev.vibe.riffs.Management;
import dev.vibe.riffs.rest.Api;
import dev.vibe.riffs.service.usage.RiffStatusMetrics;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The Grafana dashboard of {@code k8s/components/grafana-dashboard} is one Grafana can import, and every query
 * of it asks for series that this service really serves at {@code /q/metrics} (the path the ServiceMonitor
 * scrapes): metric names, the labels it filters and groups by, and the label values it compares with. A renamed
 * metric or tag would otherwise show only as an empty panel.
 */
@QuarkusTest
class DashboardMetricsTests extends FreshRuntimeApiTest {

    /** Labels that Prometheus adds to each series when it scrapes a pod, which the service itself never serves. */
    private static final Set<String> TARGET_LABELS = Set.of("namespace", "pod", "container", "service", "endpoint",
            "job", "instance");
    private static final String DATASOURCE = "${datasource}";
    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final String QUOTED = "\"(?:[^\"\\\\]|\\\\.)*\"";
    /** A line of the Prometheus text format: {@code name{label="value",...} value}. */
    private static final Pattern SERIES = Pattern.compile(
            "^(" + NAME + ")(?:\\{((?:[a-zA-Z_]\\w*=" + QUOTED + ",?)*)})? ", Pattern.MULTILINE);
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_]\\w*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*(" + NAME + ")\\s*,\\s*(\\w+)\\s*\\)");
    private static final Pattern LITERALS = Pattern.compile("[a-zA-Z0-9_]+(\\|[a-zA-Z0-9_]+)*");

    @Inject
    RiffStatusMetrics riffStatusMetrics;

    /** Each metric served, with the values of each of its labels. */
    private Map<String, Map<String, Set<String>>> served;

    @BeforeEach
    void serveEveryMetric() {
        Api.newRiff(Api.newUser(), "app", "dashboard"); // runtime-api calls and a riff, so that their series exist
        riffStatusMetrics.refresh();
        served = served(Management.given().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    @Test
    void dashboardIsAnImportableGrafanaDashboard() throws IOException {
        JsonNode dashboard = dashboard();

        assertThat(dashboard.path("title").asText()).isNotBlank();
        assertThat(dashboard.path("uid").asText()).matches("[a-zA-Z0-9_-]{1,40}");
        assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
        JsonNode datasource = variable(dashboard, "datasource"); // chosen in the view, none hard-wired
        assertThat(datasource.path("type").asText()).isEqualTo("datasource");
        assertThat(datasource.path("query").asText()).isEqualTo("prometheus");
        List<JsonNode> panels = panels(dashboard);
        assertThat(panels).hasSizeGreaterThanOrEqualTo(10);
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : panels) {
            String title = panel.path("title").asText();
            assertThat(title).isNotBlank();
            assertThat(ids.add(panel.path("id").asInt())).as("unique id of " + title).isTrue();
            JsonNode grid = panel.path("gridPos");
            assertThat(grid.path("w").asInt() + grid.path("x").asInt()).as(title).isBetween(1, 24);
            assertThat(grid.path("h").asInt()).as(title).isPositive();
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("datasource").path("uid").asText()).as(title).isEqualTo(DATASOURCE);
            assertThat(panel.path("targets")).as(title).isNotEmpty().allSatisfy(target -> {
                assertThat(target.path("expr").asText()).as(title).isNotBlank();
                assertThat(target.path("refId").asText()).as(title).isNotBlank();
                assertThat(target.path("datasource").path("uid").asText()).as(title).isEqualTo(DATASOURCE);
            });
        }
    }

    @Test
    void everyQueryAsksForMetricsTheServiceServes() throws IOException {
        List<String> problems = new ArrayList<>();
        Set<String> asked = new TreeSet<>();

        queries(dashboard()).forEach((where, expression) -> {
            Set<String> metrics = PromQl.metricNames(expression);
            if (metrics.isEmpty()) {
                problems.add(where + ": no metric in " + expression);
            }
            metrics.stream().filter(metric -> !served.containsKey(metric))
                    .forEach(metric -> problems.add(where + ": " + metric + " is not served by /q/metrics"));
            asked.addAll(metrics);
        });

        assertThat(problems).isEmpty();
        assertThat(asked).as("the panels the issue asks for").contains("riffs_by_runtime_status",
                "runtime_api_calls_seconds_count", "runtime_api_calls_seconds_bucket", "ft_circuitbreaker_state_current",
                "runtime_reconciler_work_total", "runtime_stops_owed");
    }

    @Test
    void everyQueryFiltersAndGroupsByLabelsAndValuesTheSeriesHave() throws IOException {
        List<String> problems = new ArrayList<>();

        queries(dashboard()).forEach((where, expression) -> {
            Set<String> labels = new TreeSet<>(TARGET_LABELS);
            PromQl.metricNames(expression).forEach(metric -> labels.addAll(served.getOrDefault(metric, Map.of()).keySet()));
            PromQl.groupingLabels(expression).stream().filter(label -> !labels.contains(label))
                    .forEach(label -> problems.add(where + ": no series has the label " + label + " it groups by"));
            for (PromQl.LabelMatcher matcher : PromQl.matchers(expression)) {
                if (TARGET_LABELS.contains(matcher.label())) {
                    continue;
                }
                Set<String> values = served.getOrDefault(matcher.metric(), Map.of()).get(matcher.label());
                // Values compared with: a literal, or a regular expression that lists literals (a|b).
                boolean regex = matcher.operator().endsWith("~");
                List<String> literals = !regex ? List.of(matcher.value())
                        : LITERALS.matcher(matcher.value()).matches() ? List.of(matcher.value().split("\\|")) : List.of();
                if (values == null) {
                    problems.add(where + ": " + matcher.metric() + " has no label " + matcher.label());
                } else {
                    literals.stream().filter(value -> !values.contains(value)).forEach(value -> problems.add(
                            where + ": " + matcher.metric() + " has no " + matcher.label() + "=\"" + value + "\""));
                }
            }
        });

        assertThat(problems).isEmpty();
    }

    @Test
    void serviceMonitorScrapesAPathThatServesPrometheusMetrics() {
        String path = Manifests.single(ServiceMonitor.class).getSpec().getEndpoints().get(0).getPath();

        Management.given().get(path).then().statusCode(200);
        assertThat(served).containsKeys("runtime_api_calls_seconds_count", "ft_circuitbreaker_state_current");
    }

    private static JsonNode dashboard() throws IOException {
        return new ObjectMapper().readTree(KubernetesManifestsTests.dashboard().toFile());
    }

    /** The panels, those of collapsed rows included. */
    private static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }

    private static JsonNode variable(JsonNode dashboard, String name) {
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("name").asText().equals(name)) {
                return variable;
            }
        }
        throw new AssertionError("no dashboard variable " + name);
    }

    /** Every PromQL query of the dashboard, by where it is: the targets of the panels and the query variables. */
    private static Map<String, String> queries(JsonNode dashboard) {
        Map<String, String> queries = new TreeMap<>();
        for (JsonNode panel : panels(dashboard)) {
            for (JsonNode target : panel.path("targets")) {
                queries.put("panel \"" + panel.path("title").asText() + "\" " + target.path("refId").asText(),
                        target.path("expr").asText());
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("type").asText().equals("query")) {
                JsonNode query = variable.path("query");
                String text = query.isTextual() ? query.asText() : query.path("query").asText();
                Matcher labelValues = LABEL_VALUES.matcher(text);
                assertThat(labelValues.matches()).as("variable " + variable.path("name").asText() + ": " + text).isTrue();
                queries.put("variable " + variable.path("name").asText(), labelValues.group(1));
            }
        }
        return queries;
    }

    private static Map<String, Map<String, Set<String>>> served(String metrics) {
        Map<String, Map<String, Set<String>>> series = new TreeMap<>();
        Matcher line = SERIES.matcher(metrics);
        while (line.find()) {
            Map<String, Set<String>> labels = series.computeIfAbsent(line.group(1), name -> new TreeMap<>());
            if (line.group(2) != null) {
                Matcher label = LABEL.matcher(line.group(2));
                while (label.find()) {
                    labels.computeIfAbsent(label.group(1), name -> new TreeSet<>()).add(label.group(2));
                }
            }
        }
        return series;
    }
}
