package dev.vibe.riffs.k8s;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;

/** Label selectors and label syntax as the Kubernetes API server evaluates and checks them. */
final class LabelSelectors {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern PREFIX = Pattern.compile(
            "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private LabelSelectors() {
    }

    /** Whether {@code selector} selects an object labelled {@code labels}; a null or empty selector selects nothing. */
    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (isEmpty(selector)) {
            return false;
        }
        Map<String, String> actual = labels == null ? Map.of() : labels;
        Map<String, String> matchLabels = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
        boolean labelsMatch = matchLabels.entrySet().stream()
                .allMatch(wanted -> wanted.getValue().equals(actual.get(wanted.getKey())));
        List<LabelSelectorRequirement> expressions =
                selector.getMatchExpressions() == null ? List.of() : selector.getMatchExpressions();
        return labelsMatch && expressions.stream().allMatch(requirement -> matches(requirement, actual));
    }

    /** Whether {@code selector} is missing or has neither matchLabels nor matchExpressions. */
    static boolean isEmpty(LabelSelector selector) {
        return selector == null
                || (isNullOrEmpty(selector.getMatchLabels()) && isNullOrEmpty(selector.getMatchExpressions()));
    }

    /** Why {@code key} is not a valid label key, or null when it is. */
    static String keyProblem(String key) {
        int slash = key.indexOf('/');
        String prefix = slash < 0 ? null : key.substring(0, slash);
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (prefix != null && (prefix.length() > 253 || !PREFIX.matcher(prefix).matches())) {
            return "label key prefix \"" + prefix + "\" is not a DNS subdomain";
        }
        if (!NAME.matcher(name).matches()) {
            return "label key \"" + key + "\" is not a qualified name (63 characters at most: alphanumerics, '-', '_', '.')";
        }
        return null;
    }

    /** Why {@code value} is not a valid label value, or null when it is. */
    static String valueProblem(String value) {
        if (value == null || value.isEmpty() || NAME.matcher(value).matches()) {
            return null;
        }
        return "label value \"" + value + "\" is not valid (63 characters at most: alphanumerics, '-', '_', '.')";
    }

    private static boolean matches(LabelSelectorRequirement requirement, Map<String, String> labels) {
        String value = labels.get(requirement.getKey());
        List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
        switch (requirement.getOperator()) {
            case "In":
                return value != null && values.contains(value);
            case "NotIn":
                return value == null || !values.contains(value);
            case "Exists":
                return value != null;
            case "DoesNotExist":
                return value == null;
            default:
                throw new IllegalArgumentException("unknown selector operator " + requirement.getOperator());
        }
    }

    private static boolean isNullOrEmpty(Map<?, ?> map) {
        return map == null || map.isEmpty();
    }

    private static boolean isNullOrEmpty(List<?> list) {
        return list == null || list.isEmpty();
    }
}
