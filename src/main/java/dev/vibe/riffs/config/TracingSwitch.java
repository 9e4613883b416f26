package dev.vibe.riffs.config;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.annotation.Priority;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;

/**
 * Tracing is on where an OTLP collector is named, and off otherwise: unless {@code quarkus.otel.sdk.disabled} is set,
 * it is true when neither {@code quarkus.otel.exporter.otlp.traces.endpoint} nor {@code quarkus.otel.exporter.otlp.endpoint}
 * is set to more than blanks. Both are run-time settings, so a deployment turns tracing on by naming its collector,
 * without a rebuild.
 * <p>
 * Quarkus itself traces every request unless told otherwise, and exports to {@code localhost:4317} when the endpoint
 * is unset or empty (an empty environment variable, as a ConfigMap writes it, counts as unset): failed exports every
 * few seconds, and span work on every request for nobody. With the SDK disabled no span is made, no JDBC statement or
 * HTTP call is wrapped, and no exporter is created. An explicit {@code quarkus.otel.sdk.disabled} wins.
 */
@Priority(Priorities.APPLICATION)
public class TracingSwitch implements ConfigSourceInterceptor {

    static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";
    static final List<String> ENDPOINTS = List.of("quarkus.otel.exporter.otlp.traces.endpoint", "quarkus.otel.exporter.otlp.endpoint");

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (!SDK_DISABLED.equals(name) || isSet(value)) {
            return value;
        }
        boolean collectorNamed = ENDPOINTS.stream().anyMatch(endpoint -> isSet(context.proceed(endpoint)));
        return ConfigValue.builder()
                .withName(SDK_DISABLED)
                .withValue(Boolean.toString(!collectorNamed))
                .withConfigSourceName(TracingSwitch.class.getSimpleName())
                .build();
    }

    /** Quarkus reads every {@code quarkus.otel.*} name to configure the SDK: this one is among them even when unset. */
    @Override
    public Iterator<String> iterateNames(ConfigSourceInterceptorContext context) {
        Set<String> names = new LinkedHashSet<>();
        context.iterateNames().forEachRemaining(names::add);
        names.add(SDK_DISABLED);
        return names.iterator();
    }

    /** Set to something other than blanks by a source of configuration, not by a default of Quarkus. */
    private static boolean isSet(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank() && !value.isDefault();
    }
}
