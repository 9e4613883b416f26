package dev.vibe.riffs.k8s;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of PromQL to check a dashboard's queries against what the service serves: the metric names an
 * expression selects, the label matchers of each selector, and the labels it groups or matches by. Grafana's
 * variables ({@code $namespace}, {@code $__rate_interval}) may appear in label values and ranges.
 */
final class PromQl {

    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final String STRING = "\"(?:[^\"\\\\]|\\\\.)*\"";
    /** A selector with matchers: {@code metric{label="value", ...}}. */
    private static final Pattern SELECTOR = Pattern.compile("(" + NAME + ")?\\s*\\{((?:[^}\"]|" + STRING + ")*)}");
    private static final Pattern MATCHER = Pattern.compile("\\s*(" + NAME + ")\\s*(=~|!~|!=|=)\\s*(" + STRING + ")\\s*,?");
    /** {@code by (a, b)}, {@code without (...)}, {@code on (...)}, {@code ignoring (...)}, {@code group_left (...)}. */
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
    private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*\\]");
    /** An identifier that is not a function call, a number's exponent, or a Grafana variable. */
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w$.:])([a-zA-Z_:][a-zA-Z0-9_:]*+)(?!\\s*\\()");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "bool", "and", "or", "unless", "offset", "atan2", "inf", "nan", "start", "end");

    /** One label matcher of a selector: {@code operator} is {@code =}, {@code !=}, {@code =~} or {@code !~}. */
    record LabelMatcher(String metric, String label, String operator, String value) {
    }

    private PromQl() {
    }

    /** The metric names that {@code expression} selects, in order of appearance. */
    static Set<String> metricNames(String expression) {
        String bare = RANGE.matcher(expression).replaceAll(" ");
        bare = SELECTOR.matcher(bare).replaceAll(match -> match.group(1) == null ? " " : match.group(1) + " ");
        bare = GROUPING.matcher(bare).replaceAll(" ");
        bare = bare.replaceAll(STRING, " ");
        Set<String> names = new LinkedHashSet<>();
        Matcher identifier = IDENTIFIER.matcher(bare);
        while (identifier.find()) {
            if (!KEYWORDS.contains(identifier.group(1))) {
                names.add(identifier.group(1));
            }
        }
        return names;
    }

    /** The label matchers of every selector of {@code expression}. */
    static List<LabelMatcher> matchers(String expression) {
        List<LabelMatcher> matchers = new ArrayList<>();
        Matcher selector = SELECTOR.matcher(expression);
        while (selector.find()) {
            Matcher matcher = MATCHER.matcher(selector.group(2));
            int end = 0;
            while (matcher.find() && matcher.start() == end) {
                String quoted = matcher.group(3);
                matchers.add(new LabelMatcher(selector.group(1), matcher.group(1), matcher.group(2),
                        quoted.substring(1, quoted.length() - 1).replace("\\\\", "\\")));
                end = matcher.end();
            }
            if (end != selector.group(2).length()) {
                throw new IllegalArgumentException("cannot read the matchers {" + selector.group(2) + "} of " + expression);
            }
        }
        return matchers;
    }

    /** The labels that {@code expression} aggregates or matches by ({@code by}, {@code on}, ...). */
    static Set<String> groupingLabels(String expression) {
        Set<String> labels = new LinkedHashSet<>();
        Matcher grouping = GROUPING.matcher(expression);
        while (grouping.find()) {
            for (String label : grouping.group(2).split(",")) {
                if (!label.isBlank()) {
                    labels.add(label.strip());
                }
            }
        }
        return labels;
    }
}
