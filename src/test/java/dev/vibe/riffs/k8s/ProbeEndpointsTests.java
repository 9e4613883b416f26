package dev.vibe.riffs.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import java.util.List;
import java.util.Optional;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import dev.vibe.riffs.Management;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Probe;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The Deployment's probes ask what this service serves: on the management port it listens on, at paths that answer
 * with a health report. A typo in a path or a port would otherwise show only in a cluster, as pods that
 * never become ready or are restarted in a loop.
 */
@QuarkusTest
class ProbeEndpointsTests {

    private static final int QUARKUS_DEFAULT_HTTP_PORT = 8080;
    private static final int QUARKUS_DEFAULT_MANAGEMENT_PORT = 9000;

    @Test
    void probesTargetTheContainerPortTheManagementInterfaceListensOn() {
        Container container = container();
        int httpPort = productionPort("QUARKUS_HTTP_PORT", "quarkus.http.port", QUARKUS_DEFAULT_HTTP_PORT);
        int managementPort = productionPort("QUARKUS_MANAGEMENT_PORT", "quarkus.management.port", QUARKUS_DEFAULT_MANAGEMENT_PORT);

        assertThat(container.getPorts()).extracting(port -> port.getContainerPort()).containsExactly(httpPort, managementPort);
        for (HTTPGetAction probe : probes(container)) {
            assertThat(KubernetesManifestsTests.containerPort(probe.getPort())).as(probe.getPath()).isEqualTo(managementPort);
            assertThat(probe.getScheme()).as(probe.getPath()).isIn(null, "HTTP");
        }
    }

    @Test
    void everyProbePathAnswersWithAHealthReport() {
        List<HTTPGetAction> probes = probes(container());

        assertThat(probes).hasSize(3);
        for (HTTPGetAction probe : probes) {
            Management.given()
                    .when().get(probe.getPath())
                    .then()
                    .statusCode(anyOf(is(200), is(503)))
                    .contentType(ContentType.JSON)
                    .body("status", notNullValue());
        }
    }

    /**
     * A port the pods listen on: the property of the prod profile as application.properties sets it, unless the
     * ConfigMap overrides it. (In test mode the property itself answers the test port.)
     */
    private static int productionPort(String variable, String property, int quarkusDefault) {
        ConfigMap configMap = Manifests.single(ConfigMap.class);
        String override = configMap.getData() == null ? null : configMap.getData().get(variable);
        if (override != null) {
            return Integer.parseInt(override);
        }
        for (ConfigSource source : ConfigProvider.getConfig().getConfigSources()) { // highest ordinal first
            if (source.getName().contains("application.properties")) {
                String value = Optional.ofNullable(source.getValue("%prod." + property)).orElse(source.getValue(property));
                if (value != null) {
                    return Integer.parseInt(value);
                }
            }
        }
        return quarkusDefault;
    }

    private static Container container() {
        List<Container> containers = Manifests.deployment().getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    private static List<HTTPGetAction> probes(Container container) {
        return List.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe())
                .stream()
                .map(Probe::getHttpGet)
                .peek(httpGet -> assertThat(httpGet).as("every probe is an HTTP GET").isNotNull())
                .toList();
    }
}
