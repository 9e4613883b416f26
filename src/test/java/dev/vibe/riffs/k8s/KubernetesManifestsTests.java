package dev.vibe.riffs.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * The manifests of {@code k8s/}: each file is valid against the Kubernetes types ({@link ManifestValidator}),
 * the kustomization covers exactly the files it should, and the objects fit together and keep the
 * deployment's promises (probes, hardening, capacity, configuration and secrets).
 */
class KubernetesManifestsTests {

    private static final Set<String> SECRET_VARIABLES =
            Set.of("QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD", "RUNTIME_API_STAGING_SECRET");

    static Stream<Path> manifestFiles() {
        return Manifests.files().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifestFiles")
    void everyFileIsValidAgainstTheKubernetesTypes(Path file) {
        ManifestValidator.Result result = new ManifestValidator().validate(file);

        assertThat(result.problems()).as(file.getFileName().toString()).isEmpty();
        assertThat(result.documents()).isNotEmpty();
    }

    @Test
    void kustomizationListsEveryManifestButTheSecretExample() {
        Set<String> manifests = Manifests.files().stream().map(file -> file.getFileName().toString())
                .filter(name -> !name.equals(Manifests.KUSTOMIZATION))
                .collect(Collectors.toSet());

        assertThat(kustomization().resourcesOrEmpty())
                .doesNotHaveDuplicates()
                .doesNotContain(Manifests.SECRET_EXAMPLE)
                .containsExactlyInAnyOrderElementsOf(
                        manifests.stream().filter(name -> !name.equals(Manifests.SECRET_EXAMPLE)).toList());
        assertThat(manifests).contains(Manifests.SECRET_EXAMPLE);
    }

    @Test
    void everyResourceOfTheKustomizationExists() {
        assertThat(kustomization().resourcesOrEmpty())
                .allSatisfy(resource -> assertThat(Manifests.directory().resolve(resource)).isRegularFile());
    }

    @Test
    void kustomizationImageSetsTheTagOfTheDeploymentImage() {
        Container container = container();
        List<Kustomization.Image> images = kustomization().imagesOrEmpty();

        assertThat(container.getImage()).as("the tag comes from the kustomization").doesNotContain(":");
        assertThat(images).singleElement().satisfies(image -> {
            assertThat(image.name()).isEqualTo(container.getImage());
            assertThat(image.newTag()).isNotBlank();
        });
    }

    @Test
    void kustomizationAddsTheCommonLabelsWithoutTouchingSelectors() {
        List<Kustomization.Label> labels = kustomization().labelsOrEmpty();

        assertThat(labels).singleElement().satisfies(label -> {
            assertThat(label.pairsOrEmpty()).containsOnlyKeys(
                    "app.kubernetes.io/name", "app.kubernetes.io/part-of", "app.kubernetes.io/component");
            assertThat(label.includeSelectors()).as("selectors are immutable").isFalse();
            assertThat(label.includeTemplates()).as("pods carry the labels too").isTrue();
        });
        Map<String, String> pairs = labels.get(0).pairsOrEmpty();
        List<Map<String, String>> written = new ArrayList<>();
        written.add(deployment().getSpec().getSelector().getMatchLabels());
        written.add(deployment().getSpec().getTemplate().getMetadata().getLabels());
        written.add(Manifests.single(Service.class).getSpec().getSelector());
        written.add(Manifests.single(PodDisruptionBudget.class).getSpec().getSelector().getMatchLabels());
        allResources().forEach(resource -> written.add(resource.getMetadata().getLabels()));
        written.stream().filter(Objects::nonNull).flatMap(map -> map.entrySet().stream())
                .filter(label -> pairs.containsKey(label.getKey()))
                .forEach(label -> assertThat(label.getValue()).as("label " + label.getKey() + " in the manifests")
                        .isEqualTo(pairs.get(label.getKey())));
    }

    @Test
    void serviceAndDisruptionBudgetSelectTheDeploymentPods() {
        Map<String, String> podLabels = deployment().getSpec().getTemplate().getMetadata().getLabels();
        Service service = Manifests.single(Service.class);
        PodDisruptionBudget budget = Manifests.single(PodDisruptionBudget.class);

        assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
        assertThat(LabelSelectors.matches(budget.getSpec().getSelector(), podLabels)).isTrue();
    }

    @Test
    void serviceSendsPort80ToTheContainerHttpPort() {
        Service service = Manifests.single(Service.class);

        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("http");
            assertThat(port.getPort()).isEqualTo(80);
            assertThat(containerPort(port.getTargetPort())).isEqualTo(8080);
        });
    }

    @Test
    void autoscalerScalesTheDeploymentBetweenTwoAndSixOnCpu() {
        HorizontalPodAutoscaler autoscaler = Manifests.single(HorizontalPodAutoscaler.class);

        assertThat(autoscaler.getSpec().getScaleTargetRef()).satisfies(target -> {
            assertThat(target.getApiVersion()).isEqualTo("apps/v1");
            assertThat(target.getKind()).isEqualTo("Deployment");
            assertThat(target.getName()).isEqualTo(deployment().getMetadata().getName());
        });
        assertThat(autoscaler.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(autoscaler.getSpec().getMaxReplicas()).isEqualTo(6);
        assertThat(autoscaler.getSpec().getMetrics()).singleElement().satisfies(metric -> {
            assertThat(metric.getType()).isEqualTo("Resource");
            assertThat(metric.getResource().getName()).isEqualTo("cpu");
            assertThat(metric.getResource().getTarget().getType()).isEqualTo("Utilization");
            assertThat(metric.getResource().getTarget().getAverageUtilization()).isBetween(50, 90);
        });
    }

    @Test
    void disruptionBudgetKeepsOnePodAvailable() {
        PodDisruptionBudget budget = Manifests.single(PodDisruptionBudget.class);

        assertThat(budget.getSpec().getMinAvailable()).isEqualTo(new IntOrString(1));
    }

    @Test
    void rolloutNeverDropsBelowTheDesiredReplicas() {
        var spec = deployment().getSpec();

        assertThat(spec.getReplicas()).isEqualTo(2);
        assertThat(spec.getStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(spec.getStrategy().getRollingUpdate().getMaxUnavailable()).isEqualTo(new IntOrString(0));
        assertThat(spec.getStrategy().getRollingUpdate().getMaxSurge()).isNotEqualTo(new IntOrString(0));
    }

    @Test
    void podRunsAsNonRootWithAReadOnlyRootFileSystemAndAWritableTmp() {
        PodSpec pod = pod();
        Container container = container();

        assertThat(pod.getSecurityContext()).satisfies(security -> {
            assertThat(security.getRunAsNonRoot()).isTrue();
            assertThat(security.getRunAsUser()).isEqualTo(185L);
            assertThat(security.getFsGroup()).isNotNull();
            assertThat(security.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        });
        assertThat(container.getSecurityContext()).satisfies(security -> {
            assertThat(security.getAllowPrivilegeEscalation()).isFalse();
            assertThat(security.getReadOnlyRootFilesystem()).isTrue();
            assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(security.getCapabilities().getAdd()).isNullOrEmpty();
        });
        assertThat(container.getVolumeMounts())
                .anySatisfy(mount -> {
                    assertThat(mount.getMountPath()).isEqualTo("/tmp");
                    assertThat(pod.getVolumes()).filteredOn(volume -> volume.getName().equals(mount.getName()))
                            .singleElement().extracting(Volume::getEmptyDir).isNotNull();
                });
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    }

    @Test
    void containerRequestsAndLimitsCpuAndMemory() {
        var resources = container().getResources();

        for (String resource : List.of("cpu", "memory")) {
            Quantity request = resources.getRequests().get(resource);
            Quantity limit = resources.getLimits().get(resource);
            assertThat(request).as(resource + " request").isNotNull();
            assertThat(limit).as(resource + " limit").isNotNull();
            assertThat(Quantity.getAmountInBytes(request)).as(resource)
                    .isLessThanOrEqualTo(Quantity.getAmountInBytes(limit));
        }
        assertThat(Quantity.getAmountInBytes(resources.getLimits().get("memory")))
                .as("a JVM service needs room for heap and metaspace")
                .isGreaterThanOrEqualTo(Quantity.getAmountInBytes(new Quantity("512Mi")));
    }

    @Test
    void probesAskSmallRyeHealthWithSensibleThresholds() {
        Container container = container();

        assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/started");
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        assertThat(window(container.getStartupProbe())).as("time to start").isGreaterThanOrEqualTo(Duration.ofMinutes(1));
        for (Probe probe : List.of(container.getLivenessProbe(), container.getReadinessProbe())) {
            assertThat(probe.getFailureThreshold()).as("one slow answer is no failure").isGreaterThanOrEqualTo(2);
            assertThat(probe.getTimeoutSeconds()).isGreaterThanOrEqualTo(2);
        }
        assertThat(window(container.getLivenessProbe()))
                .as("liveness gives up later than readiness")
                .isGreaterThanOrEqualTo(window(container.getReadinessProbe()));
    }

    @Test
    void gracefulShutdownFitsInTheTerminationGracePeriod() {
        Container container = container();
        long preStop = container.getLifecycle().getPreStop().getSleep().getSeconds();
        Duration shutdown = Duration.parse("PT" + env(container, "QUARKUS_SHUTDOWN_TIMEOUT").getValue());

        assertThat(Duration.ofSeconds(pod().getTerminationGracePeriodSeconds()))
                .isGreaterThan(Duration.ofSeconds(preStop).plus(shutdown));
    }

    @Test
    void replicasSpreadAcrossNodes() {
        Map<String, String> podLabels = deployment().getSpec().getTemplate().getMetadata().getLabels();

        assertThat(pod().getTopologySpreadConstraints()).anySatisfy(constraint -> {
            assertThat(constraint.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
            assertThat(constraint.getMaxSkew()).isEqualTo(1);
            assertThat(LabelSelectors.matches(constraint.getLabelSelector(), podLabels)).isTrue();
        });
    }

    @Test
    void settingsComeFromTheConfigMapAndSecretsFromTheSecret() {
        Container container = container();
        ConfigMap configMap = Manifests.single(ConfigMap.class);
        Secret example = Manifests.read(Manifests.SECRET_EXAMPLE).objects(Secret.class).get(0);

        assertThat(container.getEnvFrom()).singleElement()
                .satisfies(source -> assertThat(source.getConfigMapRef().getName())
                        .isEqualTo(configMap.getMetadata().getName()));
        assertThat(configMap.getData()).containsKeys("QUARKUS_DATASOURCE_JDBC_URL", "RUNTIME_API_URL", "QUARKUS_LOG_LEVEL");
        assertThat(configMap.getData().keySet()).as("no secret in the ConfigMap")
                .noneMatch(key -> key.matches(".*(PASSWORD|SECRET|TOKEN|API_KEY|USERNAME).*"));
        assertThat(container.getEnv()).extracting(EnvVar::getName).as("env would silently override the ConfigMap")
                .doesNotContainAnyElementsOf(configMap.getData().keySet());
        for (String variable : SECRET_VARIABLES) {
            EnvVar env = env(container, variable);
            assertThat(env.getValue()).as(variable).isNull();
            assertThat(env.getValueFrom().getSecretKeyRef()).as(variable).satisfies(reference -> {
                assertThat(reference.getName()).isEqualTo(example.getMetadata().getName());
                assertThat(example.getStringData()).containsKey(reference.getKey());
                assertThat(reference.getOptional()).as("a pod without its secret must not start").isNotEqualTo(true);
            });
        }
    }

    @Test
    void secretExampleHoldsOnlyPlaceholders() {
        Secret example = Manifests.read(Manifests.SECRET_EXAMPLE).objects(Secret.class).get(0);

        assertThat(example.getData()).as("plain placeholders under stringData, nothing encoded").isNullOrEmpty();
        assertThat(example.getStringData()).isNotEmpty()
                .allSatisfy((key, value) -> assertThat(value).startsWith("CHANGE-ME"));
    }

    private static Kustomization kustomization() {
        return Manifests.read(Manifests.KUSTOMIZATION).objects(Kustomization.class).get(0);
    }

    private static Deployment deployment() {
        return Manifests.deployment();
    }

    private static PodSpec pod() {
        return deployment().getSpec().getTemplate().getSpec();
    }

    private static Container container() {
        assertThat(pod().getContainers()).hasSize(1);
        return pod().getContainers().get(0);
    }

    private static EnvVar env(Container container, String name) {
        return container.getEnv().stream().filter(env -> env.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no environment variable " + name));
    }

    private static List<HasMetadata> allResources() {
        ManifestValidator validator = new ManifestValidator();
        return Manifests.files().stream()
                .flatMap(file -> validator.validate(file).objects(HasMetadata.class).stream())
                .toList();
    }

    /** The container port that {@code port} (a number or a port name) designates. */
    static int containerPort(IntOrString port) {
        if (port.getValue() instanceof Integer number) {
            return number;
        }
        return container().getPorts().stream().filter(candidate -> port.getStrVal().equals(candidate.getName()))
                .findFirst().orElseThrow(() -> new AssertionError("no container port named " + port.getStrVal()))
                .getContainerPort();
    }

    private static Duration window(Probe probe) {
        return Duration.ofSeconds((long) probe.getPeriodSeconds() * probe.getFailureThreshold());
    }
}
