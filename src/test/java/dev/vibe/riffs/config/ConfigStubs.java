package dev.vibe.riffs.config;

import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * {@code @ConfigMapping} interfaces with only the values a unit test names, for the pure rules that read a few
 * settings: any other setting asked for is a mistake of the test, and fails it.
 */
public final class ConfigStubs {

    private ConfigStubs() {
    }

    public static <T> T of(Class<T> mapping, Map<String, Object> values) {
        return mapping.cast(Proxy.newProxyInstance(mapping.getClassLoader(), new Class<?>[] { mapping }, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "toString" -> mapping.getSimpleName() + values;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                };
            }
            if (!values.containsKey(method.getName())) {
                throw new UnsupportedOperationException("No value for " + method.getName() + " in this test");
            }
            return values.get(method.getName());
        }));
    }
}
