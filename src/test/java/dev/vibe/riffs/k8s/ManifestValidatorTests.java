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
