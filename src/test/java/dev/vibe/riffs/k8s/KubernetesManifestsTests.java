package dev.vibe.riffs.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;

/**
 * The manifests of {@code k8s/}: each file is valid against the Kubernetes types ({@link ManifestValidator}),
 * the kustomization and its optional components cover exactly the files they should, and the objects fit
 * together and keep the deployment's promises (probes, hardening, capacity, configuration and secrets, network
 * isolation, monitoring).
 */
class KubernetesManifestsTests {

    private static final Set<String> SECRET_VARIABLES =
            Set.of("QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD", "RUNTIME_API_STAGING_SECRET", "VIBE_AUTH_GATEWAY_SECRET");
    /** Secret variables that only one authentication mode needs (and checks at start-up). */
    private static final Set<String> OPTIONAL_SECRET_VARIABLES = Set.of("VIBE_AUTH_GATEWAY_SECRET");

    private static final String DASHBOARD_COMPONENT = "components/grafana-dashboard";
    /** The label by which the Grafana sidecar (kube-prometheus-stack, the Grafana chart) finds dashboards. */
    private static final String GRAFANA_SIDECAR_LABEL = "grafana_dashboard";

    static Stream<String> manifestFiles() {
        return Manifests.files().stream().map(Manifests::relative);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("manifestFiles")
    void everyFileIsValidAgainstTheKubernetesTypes(String file) {
        ManifestValidator.Result result = Manifests.read(file);

        assertThat(result.problems()).as(file).isEmpty();
        assertThat(result.documents()).isNotEmpty();
    }

    @Test
    void everyManifestIsListedOnceByTheKustomizationOrAComponentButTheSecretExample() {
        List<String> manifests = manifestFiles()
                .filter(name -> !Path.of(name).getFileName().toString().equals(Manifests.KUSTOMIZATION))
                .toList();
        List<String> listed = new ArrayList<>();
        kustomizations().forEach((directory, kustomization) -> kustomization.resourcesOrEmpty()
                .forEach(resource -> listed.add(Manifests.relative(
                        Manifests.directory().resolve(directory).resolve(resource).normalize()))));

        assertThat(listed)
                .doesNotHaveDuplicates()
                .doesNotContain(Manifests.SECRET_EXAMPLE)
                .containsExactlyInAnyOrderElementsOf(
                        manifests.stream().filter(name -> !name.equals(Manifests.SECRET_EXAMPLE)).toList());
        assertThat(manifests).contains(Manifests.SECRET_EXAMPLE);
    }

    @Test
    void everyResourceComponentAndGeneratedFileOfTheKustomizationsExists() {
        kustomizations().forEach((directory, kustomization) -> {
            Path here = Manifests.directory().resolve(directory);
            assertThat(kustomization.resourcesOrEmpty()).as(directory + " resources")
                    .allSatisfy(resource -> assertThat(here.resolve(resource)).isRegularFile());
            assertThat(kustomization.componentsOrEmpty()).as(directory + " components")
                    .allSatisfy(component -> assertThat(here.resolve(component).resolve(Manifests.KUSTOMIZATION))
                            .isRegularFile());
            kustomization.configMapGeneratorOrEmpty().forEach(generator -> assertThat(generator.filesOrEmpty())
                    .as(directory + " configMapGenerator " + generator.name())
                    .allSatisfy(file -> assertThat(here.resolve(file.substring(file.indexOf('=') + 1))).isRegularFile()));
        });
    }

    @Test
    void theOptionalPartsAreKustomizeComponents() {
        Map<String, Kustomization> kustomizations = kustomizations();

        assertThat(kustomization().isComponent()).isFalse();
        assertThat(kustomizations.keySet()).contains("", "components/servicemonitor", DASHBOARD_COMPONENT);
        kustomizations.forEach((directory, kustomization) -> {
            if (!directory.isEmpty()) {
                assertThat(directory).startsWith(Manifests.COMPONENTS + "/");
                assertThat(kustomization.apiVersion()).as(directory).isEqualTo(Kustomization.COMPONENT_API_VERSION);
                assertThat(kustomization.kind()).as(directory).isEqualTo(Kustomization.COMPONENT_KIND);
            }
        });
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
        written.add(Manifests.single(NetworkPolicy.class).getSpec().getPodSelector().getMatchLabels());
        written.add(Manifests.single(ServiceMonitor.class).getSpec().getSelector().getMatchLabels());
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
    void serviceSendsPort80ToTheContainerHttpPortAndKeepsTheManagementPortApart() {
        Service service = Manifests.single(Service.class);

        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(service.getSpec().getPorts()).hasSize(2);
        assertThat(service.getSpec().getPorts().get(0)).satisfies(port -> {
            assertThat(port.getName()).isEqualTo("http");
            assertThat(port.getPort()).isEqualTo(80);
            assertThat(containerPort(port.getTargetPort())).isEqualTo(8080);
        });
        assertThat(service.getSpec().getPorts().get(1)).satisfies(port -> {
            assertThat(port.getName()).isEqualTo("management");
            assertThat(containerPort(port.getTargetPort())).isEqualTo(9000);
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
    void networkPolicyIsolatesTheDeploymentPodsBothWays() {
        NetworkPolicy policy = Manifests.single(NetworkPolicy.class);
        Map<String, String> podLabels = deployment().getSpec().getTemplate().getMetadata().getLabels();

        assertThat(LabelSelectors.matches(policy.getSpec().getPodSelector(), podLabels)).isTrue();
        assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
    }

    @Test
    void networkPolicyAdmitsTheApiPortFromItsClientsAndTheManagementPortFromMonitoringOnly() {
        List<NetworkPolicyIngressRule> ingress = Manifests.single(NetworkPolicy.class).getSpec().getIngress();

        assertThat(ingress).hasSize(2);
        assertThat(ingress).allSatisfy(rule -> {
            assertThat(rule.getFrom()).as("never from every source").isNotEmpty();
            assertThat(rule.getFrom()).allSatisfy(peer -> assertThat(peer.getIpBlock()).isNull());
            assertThat(rule.getPorts()).singleElement().satisfies(port -> {
                assertThat(port.getProtocol()).isIn(null, "TCP");
                assertThat(port.getEndPort()).isNull();
            });
        });
        assertThat(containerPort(ingress.get(0).getPorts().get(0).getPort())).isEqualTo(containerPort(new IntOrString("http")));
        assertThat(ingress.get(0).getFrom()).singleElement().satisfies(peer ->
                assertThat(peer.getPodSelector().getMatchLabels()).containsEntry("vibe-riffs-client", "true"));
        assertThat(containerPort(ingress.get(1).getPorts().get(0).getPort())).isEqualTo(containerPort(new IntOrString("management")));
        assertThat(ingress.get(1).getFrom()).singleElement().satisfies(peer -> {
            assertThat(peer.getPodSelector()).isNull();
            assertThat(peer.getNamespaceSelector().getMatchLabels()).containsEntry("kubernetes.io/metadata.name", "monitoring");
        });
    }

    @Test
    void networkPolicyLetsThePodsReachDnsTheDatabaseAndTheRuntimeApiOnly() {
        List<NetworkPolicyEgressRule> egress = Manifests.single(NetworkPolicy.class).getSpec().getEgress();
        Map<String, String> settings = Manifests.single(ConfigMap.class).getData();
        URI database = URI.create(settings.get("QUARKUS_DATASOURCE_JDBC_URL").substring("jdbc:".length()));
        URI runtimeApi = URI.create(settings.get("RUNTIME_API_URL"));
        int runtimeApiPort = runtimeApi.getPort() > 0 ? runtimeApi.getPort()
                : runtimeApi.getScheme().equals("https") ? 443 : 80;

        assertThat(egress).as("every rule names its ports: a rule without ports would open everything")
                .allSatisfy(rule -> assertThat(rule.getPorts()).isNotEmpty());
        assertThat(egress).as("DNS over UDP and TCP to the cluster's DNS pods").anySatisfy(rule -> {
            assertThat(allows(rule, "UDP", 53)).isTrue();
            assertThat(allows(rule, "TCP", 53)).isTrue();
            assertThat(rule.getTo()).isNotEmpty().allSatisfy(peer -> assertThat(LabelSelectors.matches(
                    peer.getPodSelector(), Map.of("k8s-app", "kube-dns"))).isTrue());
        });
        assertThat(egress).as("PostgreSQL at " + database)
                .anySatisfy(rule -> assertThat(allows(rule, "TCP", database.getPort() > 0 ? database.getPort() : 5432))
                        .isTrue());
        assertThat(egress).as("the runtime-api at " + runtimeApi + ", outside the cluster").anySatisfy(rule -> {
            assertThat(allows(rule, "TCP", runtimeApiPort)).isTrue();
            assertThat(rule.getTo()).extracting(NetworkPolicyPeer::getIpBlock).anySatisfy(block ->
                    assertThat(block.getCidr()).isEqualTo("0.0.0.0/0"));
        });
        assertThat(egress.stream().flatMap(rule -> rule.getPorts().stream()).map(KubernetesManifestsTests::port))
                .as("nothing else (a port added to the policy belongs here too)").containsExactlyInAnyOrder("UDP/53", "TCP/53", "TCP/5432", "TCP/" + runtimeApiPort);
    }

    @Test
    void serviceMonitorScrapesTheServiceManagementPortAtTheMetricsPath() {
        ServiceMonitor monitor = Manifests.single(ServiceMonitor.class);
        Service service = Manifests.single(Service.class);
        Map<String, String> serviceLabels = new TreeMap<>(kustomization().labelsOrEmpty().get(0).pairsOrEmpty());
        if (service.getMetadata().getLabels() != null) {
            serviceLabels.putAll(service.getMetadata().getLabels());
        }

        assertThat(LabelSelectors.matches(monitor.getSpec().getSelector(), serviceLabels))
                .as("selects the Service by the labels kustomize gives it").isTrue();
        assertThat(monitor.getSpec().getNamespaceSelector()).as("the Service's own namespace").isNull();
        assertThat(monitor.getSpec().getEndpoints()).singleElement().satisfies(endpoint -> {
            assertThat(endpoint.getPort()).isEqualTo("management");
            assertThat(service.getSpec().getPorts()).anySatisfy(port -> assertThat(port.getName()).isEqualTo("management"));
            assertThat(containerPort(new IntOrString(endpoint.getPort()))).isEqualTo(Integer.parseInt(
                    deployment().getSpec().getTemplate().getMetadata().getAnnotations().get("prometheus.io/port")));
            assertThat(endpoint.getPath()).isEqualTo("/q/metrics")
                    .isEqualTo(deployment().getSpec().getTemplate().getMetadata().getAnnotations()
                            .get("prometheus.io/path"));
            assertThat(endpoint.getInterval()).isEqualTo("30s");
        });
    }

    @Test
    void dashboardComponentMakesAConfigMapForTheGrafanaSidecar() throws IOException {
        Kustomization component = kustomizations().get(DASHBOARD_COMPONENT);

        assertThat(component.generatorOptions().disableNameSuffixHash())
                .as("a stable name: the sidecar would keep the copies of older names").isTrue();
        assertThat(component.configMapGeneratorOrEmpty()).singleElement().satisfies(generator -> {
            assertThat(generator.name()).isNotEqualTo(Manifests.single(ConfigMap.class).getMetadata().getName());
            assertThat(generator.options().labels()).containsEntry(GRAFANA_SIDECAR_LABEL, "1");
            assertThat(generator.filesOrEmpty()).singleElement().asString().endsWith(".json");
        });
        Path dashboard = dashboard();
        JsonNode json = new ObjectMapper().readTree(dashboard.toFile());
        assertThat(json.path("uid").asText()).isNotBlank();
        assertThat(json.path("panels").isArray()).isTrue();
        // kubectl apply (client side) copies the whole ConfigMap, escaped, into an annotation of at most 256 KiB.
        assertThat(Files.size(dashboard)).isLessThan(100_000);
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
                if (OPTIONAL_SECRET_VARIABLES.contains(variable)) {
                    assertThat(reference.getOptional()).as("needed in one mode only, which checks it at start-up").isTrue();
                } else {
                    assertThat(reference.getOptional()).as("a pod without its secret must not start").isNotEqualTo(true);
                }
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

    /** Every kustomization of {@code k8s/}, by its directory relative to {@code k8s/} ("" for the base). */
    private static Map<String, Kustomization> kustomizations() {
        Map<String, Kustomization> kustomizations = new TreeMap<>();
        Manifests.files().stream()
                .filter(file -> file.getFileName().toString().equals(Manifests.KUSTOMIZATION))
                .forEach(file -> {
                    String relative = Manifests.relative(file);
                    String directory = relative.substring(0, relative.length() - Manifests.KUSTOMIZATION.length());
                    kustomizations.put(directory.endsWith("/") ? directory.substring(0, directory.length() - 1)
                            : directory, Manifests.read(relative).objects(Kustomization.class).get(0));
                });
        return kustomizations;
    }

    /** The Grafana dashboard that the dashboard component puts in its ConfigMap. */
    static Path dashboard() {
        String file = kustomizations().get(DASHBOARD_COMPONENT).configMapGeneratorOrEmpty().get(0).filesOrEmpty().get(0);
        return Manifests.directory().resolve(DASHBOARD_COMPONENT).resolve(file.substring(file.indexOf('=') + 1));
    }

    /** Whether {@code rule} lets traffic out to {@code port} over {@code protocol} (to its peers). */
    private static boolean allows(NetworkPolicyEgressRule rule, String protocol, int port) {
        return rule.getPorts().stream().anyMatch(allowed -> protocol.equals(
                Objects.requireNonNullElse(allowed.getProtocol(), "TCP"))
                && allowed.getPort() != null && allowed.getPort().getValue() instanceof Integer first
                && port >= first && port <= Objects.requireNonNullElse(allowed.getEndPort(), first));
    }

    private static String port(NetworkPolicyPort port) {
        return Objects.requireNonNullElse(port.getProtocol(), "TCP") + "/" + port.getPort().getValue()
                + (port.getEndPort() == null ? "" : "-" + port.getEndPort());
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
