package dev.vibe.riffs.k8s;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapEnvSource;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.ConfigMapVolumeSource;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EmptyDirVolumeSource;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.ExecAction;
import io.fabric8.kubernetes.api.model.GRPCAction;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretEnvSource;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.SleepAction;
import io.fabric8.kubernetes.api.model.TCPSocketAction;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.CrossVersionObjectReference;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingPolicy;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingRules;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehavior;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricTarget;
import io.fabric8.kubernetes.api.model.autoscaling.v2.ResourceMetricSource;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressRuleValue;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressSpec;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.ServiceBackendPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetSpec;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.NamespaceSelector;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitorSpec;

/**
 * The required fields of each Kubernetes object type the manifests may contain, as the Kubernetes API
 * (OpenAPI v3 schema, 1.30+) or, for the Prometheus operator's ServiceMonitor, its CRD declares them, with
 * their JSON names. The fabric8 models do not know which
 * fields are required, so {@link ManifestValidator} asks this table for every object it meets.
 * <p>
 * The table is closed: an object of a type that is not listed here is reported as a problem, so a new
 * kind of object in {@code k8s/} makes someone look up its required fields and add them here
 * (an empty set when the API requires none). A few entries are stricter than the schema, where the API
 * server rejects the object anyway; they are marked.
 */
final class RequiredFields {

    private static final Map<Class<?>, Set<String>> REQUIRED = new HashMap<>();

    static {
        // metadata and selectors
        none(ObjectMeta.class);
        none(LabelSelector.class);
        required(LabelSelectorRequirement.class, "key", "operator");
        none(LocalObjectReference.class);

        // workloads
        none(Deployment.class);
        required(DeploymentSpec.class, "selector", "template");
        none(DeploymentStrategy.class);
        none(RollingUpdateDeployment.class);
        none(PodTemplateSpec.class);
        required(PodSpec.class, "containers");
        none(PodSecurityContext.class);
        none(SecurityContext.class);
        none(Capabilities.class);
        required(SeccompProfile.class, "type");
        required(TopologySpreadConstraint.class, "maxSkew", "topologyKey", "whenUnsatisfiable");
        none(Toleration.class);
        // The schema requires only the name; a pod's container without an image is rejected by the API server.
        required(Container.class, "name", "image");
        required(ContainerPort.class, "containerPort");
        none(ResourceRequirements.class);
        required(VolumeMount.class, "name", "mountPath");
        required(Volume.class, "name");
        none(EmptyDirVolumeSource.class);
        none(ConfigMapVolumeSource.class);
        none(SecretVolumeSource.class);
        required(KeyToPath.class, "key", "path");

        // environment
        required(EnvVar.class, "name");
        none(EnvVarSource.class);
        required(SecretKeySelector.class, "key");
        required(ConfigMapKeySelector.class, "key");
        required(ObjectFieldSelector.class, "fieldPath");
        required(ResourceFieldSelector.class, "resource");
        none(EnvFromSource.class);
        none(ConfigMapEnvSource.class);
        none(SecretEnvSource.class);

        // probes and lifecycle hooks
        none(Probe.class);
        required(HTTPGetAction.class, "port");
        required(HTTPHeader.class, "name", "value");
        required(TCPSocketAction.class, "port");
        required(GRPCAction.class, "port");
        none(ExecAction.class);
        none(Lifecycle.class);
        none(LifecycleHandler.class);
        required(SleepAction.class, "seconds");

        // service, configuration
        none(Service.class);
        none(ServiceSpec.class);
        required(ServicePort.class, "port");
        none(ConfigMap.class);
        none(Secret.class);

        // policy/v1
        none(PodDisruptionBudget.class);
        none(PodDisruptionBudgetSpec.class);

        // autoscaling/v2
        none(HorizontalPodAutoscaler.class);
        required(HorizontalPodAutoscalerSpec.class, "scaleTargetRef", "maxReplicas");
        required(CrossVersionObjectReference.class, "kind", "name");
        required(MetricSpec.class, "type");
        required(ResourceMetricSource.class, "name", "target");
        required(MetricTarget.class, "type");
        none(HorizontalPodAutoscalerBehavior.class);
        none(HPAScalingRules.class);
        required(HPAScalingPolicy.class, "type", "value", "periodSeconds");

        // networking.k8s.io/v1
        none(NetworkPolicy.class);
        // Required by the 1.30 schema; Kubernetes 1.34 makes it optional (an omitted podSelector selects every pod).
        required(NetworkPolicySpec.class, "podSelector");
        none(NetworkPolicyIngressRule.class);
        none(NetworkPolicyEgressRule.class);
        none(NetworkPolicyPort.class);
        none(NetworkPolicyPeer.class);
        required(IPBlock.class, "cidr");
        none(Ingress.class);
        none(IngressSpec.class);
        none(IngressRule.class);
        required(HTTPIngressRuleValue.class, "paths");
        required(HTTPIngressPath.class, "pathType", "backend");
        none(IngressBackend.class);
        required(IngressServiceBackend.class, "name");
        none(ServiceBackendPort.class);
        none(IngressTLS.class);

        // monitoring.coreos.com/v1 (the Prometheus operator's CRD)
        // The CRD requires spec.
        required(ServiceMonitor.class, "spec");
        // The CRD requires the selector. Stricter: recent CRDs let endpoints out, but then nothing is scraped.
        required(ServiceMonitorSpec.class, "selector", "endpoints");
        none(Endpoint.class);
        none(NamespaceSelector.class);
    }

    private RequiredFields() {
    }

    /** The JSON names of the required fields of {@code type}, or empty when the table does not know the type. */
    static Optional<Set<String>> of(Class<?> type) {
        return Optional.ofNullable(REQUIRED.get(type));
    }

    private static void required(Class<?> type, String... fields) {
        REQUIRED.put(type, Set.of(fields));
    }

    private static void none(Class<?> type) {
        REQUIRED.put(type, Set.of());
    }
}
