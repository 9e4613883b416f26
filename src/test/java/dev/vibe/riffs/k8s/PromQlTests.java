package dev.vibe.riffs.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link PromQl} finds the metrics and labels of a query, and nothing else: no function, keyword or variable. */
class PromQlTests {

    private static final String QUANTILE = "histogram_quantile(0.95, sum by (le, operation) "
            + "(rate(runtime_api_calls_seconds_bucket{namespace=~\"$namespace\", outcome!=\"success\"}[$__rate_interval])))";

    @Test
    void findsTheMetricNamesButNotFunctionsKeywordsNumbersOrVariables() {
        assertThat(PromQl.metricNames(QUANTILE)).containsExactly("runtime_api_calls_seconds_bucket");
        assertThat(PromQl.metricNames("count(max by (method) (ft_circuitbreaker_state_current{state=\"open\"}) == 1)"
                + " or vector(0)")).containsExactly("ft_circuitbreaker_state_current");
        assertThat(PromQl.metricNames("sum(rate(a_total[5m])) / ignoring(kind) group_left sum(b) * 1e3 + c offset 1h"))
                .containsExactly("a_total", "b", "c");
    }

    @Test
    void readsTheMatchersOfEachSelector() {
        assertThat(PromQl.matchers(QUANTILE)).containsExactly(
                new PromQl.LabelMatcher("runtime_api_calls_seconds_bucket", "namespace", "=~", "$namespace"),
                new PromQl.LabelMatcher("runtime_api_calls_seconds_bucket", "outcome", "!=", "success"));
        assertThat(PromQl.matchers("a{uri!~\"/api/{x}/.*\"}"))
                .containsExactly(new PromQl.LabelMatcher("a", "uri", "!~", "/api/{x}/.*"));
        assertThatThrownBy(() -> PromQl.matchers("a{uri~\"x\"}")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsTheGroupingLabels() {
        assertThat(PromQl.groupingLabels(QUANTILE)).containsExactly("le", "operation");
        assertThat(PromQl.groupingLabels("a / on (method, state) group_left (pod) b"))
                .containsExactly("method", "state", "pod");
    }
}
