package dev.vibe.riffs;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Puts a {@link TcpProxy} between the application and the test PostgreSQL (127.0.0.1:5432), so that a test can
 * cut the database off and bring it back; the test gets the proxy in a field of type {@link TcpProxy}. Same
 * database and schema as the other tests (Flyway migrates through the proxy); connections are acquired and logged
 * in with short timeouts, so that requests fail fast while the database is away.
 */
public class DatabaseProxyResource implements QuarkusTestResourceLifecycleManager {

    private TcpProxy proxy;

    @Override
    public Map<String, String> start() {
        proxy = new TcpProxy("127.0.0.1", 5432).start();
        String url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test?currentSchema=${vibe.test-schema}";
        return Map.of("%test.quarkus.datasource.jdbc.url", url, "quarkus.datasource.jdbc.url", url,
                "quarkus.datasource.jdbc.acquisition-timeout", "2S", "quarkus.datasource.jdbc.login-timeout", "1S");
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(proxy, new TestInjector.MatchesType(TcpProxy.class));
    }

    @Override
    public void stop() {
        if (proxy != null) {
            proxy.close();
        }
    }
}
