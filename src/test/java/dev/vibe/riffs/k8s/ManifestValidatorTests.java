package dev.vibe.riffs.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link ManifestValidator} rejects what the Kubernetes API server would reject: each fixture of
 * {@code src/test/resources/k8s-invalid/} is a manifest with exactly one defect, which must be reported
 * (and nothing else, so the fixture shows that one defect and the rest of it is valid).
 */
class ManifestValidatorTests {

    private static final String FIXTURES = "/k8s-invalid/";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown-field.yaml                     | spec.template.spec.containers[0]: unknown field(s) "imagePullPolicyy" for Container
            wrong-type-string-for-integer.yaml     | spec.replicas: Cannot coerce String value ("2") to `java.lang.Integer` value
            wrong-type-boolean-for-string.yaml     | data.QUARKUS_LOG_CONSOLE_JSON_ENABLED: Cannot coerce Boolean value (true) to `java.lang.String` value
            wrong-type-fraction-for-integer.yaml   | spec.ports[0].port: Cannot coerce Floating-point value (80.5) to `java.lang.Integer` value
            missing-required-field.yaml            | spec.template.spec.containers[0].name: required field missing
            missing-required-autoscaler-field.yaml | spec.maxReplicas: required field missing
            missing-metadata-name.yaml             | metadata.name: required field missing
            unknown-kind.yaml                      | unknown apiVersion/kind extensions/v1beta1 Deployment
            selector-misses-template.yaml          | spec.selector: must be non-empty and select the labels of spec.template.metadata.labels
            probe-on-undeclared-port.yaml          | livenessProbe: port "management" is not a port name of this container
            bad-quantity.yaml                      | spec.template.spec.containers[0].resources.limits[memory]: "512MB" is not a quantity
            duplicate-key.yaml                     | Duplicate field 'QUARKUS_LOG_LEVEL'
            yaml-1-1-boolean.yaml                  | data.FEATURE_SWITCH: Cannot coerce Boolean value (true) to `java.lang.String` value
            kustomization-unknown-field.yaml       | Unrecognized field "resource"
            kustomization-wrong-type.yaml          | images[0].newTag: Cannot coerce Float value (1.1) to `java.lang.String` value
            networkpolicy-port-wrong-type.yaml     | spec.ingress[0].ports[0].port: Cannot construct instance of `io.fabric8.kubernetes.api.model.IntOrString`
            servicemonitor-missing-endpoints.yaml  | spec.endpoints: required field missing
            component-generator-file-missing.yaml  | configMapGenerator[0].files: no-such-dashboard.json does not exist
            ingress-unknown-path-type.yaml         | spec.rules[0].http.paths[0].pathType: "Regex" is not Exact, Prefix or ImplementationSpecific
            """)
    void rejectsTheOneDefectOfEachInvalidFixture(String fixture, String expectedProblem) {
        ManifestValidator.Result result = new ManifestValidator().validate(fixture(fixture));

        assertThat(result.isValid()).isFalse();
        assertThat(result.problems()).singleElement().asString().contains(expectedProblem);
    }

    @Test
    void everyInvalidFixtureIsExercised() throws IOException {
        Set<String> exercised = Stream.of(getClass().getDeclaredMethods())
                .filter(method -> method.getName().equals("rejectsTheOneDefectOfEachInvalidFixture"))
                .map(method -> method.getAnnotation(CsvSource.class).textBlock())
                .flatMap(String::lines)
                .map(line -> line.split("\\|")[0].strip())
                .collect(Collectors.toSet());
        try (Stream<Path> files = Files.list(fixture("unknown-field.yaml").getParent())) {
            List<String> fixtures = files.map(file -> file.getFileName().toString()).toList();

            assertThat(exercised).containsExactlyInAnyOrderElementsOf(fixtures);
        }
    }

    @Test
    void acceptsAMultiDocumentFileOfValidObjects() throws IOException {
        Path file = Files.createTempFile("valid-", ".yaml");
        try {
            Files.writeString(file, """
                    apiVersion: v1
                    kind: ConfigMap
                    metadata:
                      name: first
                    data:
                      KEY: "value"
                    ---
                    apiVersion: v1
                    kind: Service
                    metadata:
                      name: second
                    spec:
                      selector:
                        app.kubernetes.io/name: second
                      ports:
                        - port: 80
                          targetPort: 8080
                    ---
                    """);

            ManifestValidator.Result result = new ManifestValidator().validate(file);

            assertThat(result.problems()).isEmpty();
            assertThat(result.documents()).extracting(ManifestValidator.Document::kind)
                    .containsExactly("ConfigMap", "Service");
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void reportsIngressValuesThatKubernetesOrIngressNginxRefuse() throws IOException {
        Path file = Files.createTempFile("invalid-", ".yaml");
        try {
            Files.writeString(file, """
                    apiVersion: networking.k8s.io/v1
                    kind: Ingress
                    metadata:
                      name: broken
                      annotations:
                        nginx.ingress.kubernetes.io/use-regex: "true"
                    spec:
                      rules:
                        - http:
                            paths:
                              - path: /api/apps/([^/]+$
                                pathType: ImplementationSpecific
                                backend:
                                  service:
                                    name: broken
                                    port:
                                      name: http
                                      number: 80
                              - path: api/apps
                                pathType: Prefix
                                backend: {}
                    """);
            ManifestValidator.Result result = new ManifestValidator().validate(file);

            assertThat(result.problems()).hasSize(4).anySatisfy(problem -> assertThat(problem)
                    .contains("spec.rules[0].http.paths[0].path: \"/api/apps/([^/]+$\" is not a regular expression"))
                    .anySatisfy(problem -> assertThat(problem)
                            .contains("spec.rules[0].http.paths[0].backend.service.port: exactly one of name and number"))
                    .anySatisfy(problem -> assertThat(problem).contains("spec.rules[0].http.paths[1].path: \"api/apps\" must start with /"))
                    .anySatisfy(problem -> assertThat(problem).contains("spec.rules[0].http.paths[1].backend: exactly one of service and resource"));
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void reportsNetworkPolicyAndServiceMonitorValuesThatKubernetesOrPrometheusRefuse() throws IOException {
        Path file = Files.createTempFile("invalid-", ".yaml");
        try {
            Files.writeString(file, """
                    apiVersion: networking.k8s.io/v1
                    kind: NetworkPolicy
                    metadata:
                      name: broken
                    spec:
                      podSelector: {}
                      policyTypes: [Ingress, Egres]
                      egress:
                        - to:
                            - ipBlock:
                                cidr: 10.0.0.0/33
                            - ipBlock:
                                cidr: 10.0.0.0/8
                                except: [192.168.0.0/16]
                              podSelector:
                                matchLabels:
                                  app: x
                          ports:
                            - protocol: ICMP
                              port: 70000
                            - port: 443
                              endPort: 80
                    ---
                    apiVersion: monitoring.coreos.com/v1
                    kind: ServiceMonitor
                    metadata:
                      name: broken
                    spec:
                      selector:
                        matchLabels:
                          app: x
                      endpoints:
                        - port: http
                          targetPort: 8080
                          path: q/metrics
                          interval: 30 seconds
                        - port: http
                          interval: 15s
                          scrapeTimeout: 1m
                    """);

            ManifestValidator.Result result = new ManifestValidator().validate(file);

            assertThat(result.problems()).allSatisfy(problem -> assertThat(problem).contains("/broken: "))
                    .extracting(problem -> problem.substring(problem.indexOf("/broken: ") + "/broken: ".length()))
                    .containsExactlyInAnyOrder(
                            "spec.podSelector: required here: an empty selector applies the policy to every pod of the namespace",
                            "spec.policyTypes: \"Egres\" is not one of [Egress, Ingress]",
                            "spec.egress: has no effect without \"Egress\" in spec.policyTypes",
                            "spec.egress[0].ports[0].protocol: \"ICMP\" is not one of [SCTP, TCP, UDP]",
                            "spec.egress[0].ports[0].port: 70000 is not a port number",
                            "spec.egress[0].ports[1].endPort: needs a numeric port no greater than itself",
                            "spec.egress[0].to[0].ipBlock.cidr: \"10.0.0.0/33\" is not a CIDR (e.g. 10.0.0.0/8)",
                            "spec.egress[0].to[1]: ipBlock excludes podSelector and namespaceSelector",
                            "spec.egress[0].to[1].ipBlock.except: \"192.168.0.0/16\" is not strictly inside 10.0.0.0/8",
                            "spec.endpoints[0]: exactly one of port (a Service port name) and targetPort",
                            "spec.endpoints[0].path: \"q/metrics\" must start with /",
                            "spec.endpoints[0].interval: \"30 seconds\" is not a Prometheus duration (e.g. 30s, 1m, 1m30s)",
                            "spec.endpoints[1].scrapeTimeout: longer than the interval (Prometheus refuses it)");
        } finally {
            Files.delete(file);
        }
    }

    private static Path fixture(String name) {
        try {
            var url = ManifestValidatorTests.class.getResource(FIXTURES + name);
            assertThat(url).as("fixture " + name).isNotNull();
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
