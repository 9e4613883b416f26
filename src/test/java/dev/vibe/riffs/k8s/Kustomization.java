package dev.vibe.riffs.k8s;

import java.util.List;
import java.util.Map;

/**
 * The fields of a kustomize {@code Kustomization} (kustomize.config.k8s.io/v1beta1) or {@code Component}
 * (kustomize.config.k8s.io/v1alpha1, an optional part that a kustomization lists under {@code components:})
 * that this project may use. {@link ManifestValidator} reads {@code kustomization.yaml} into it strictly: any
 * other field is reported as unknown. When the project needs another field kustomize has, add it here (with its
 * kustomize type). {@code commonLabels} is left out on purpose: kustomize deprecates it for {@code labels}.
 */
record Kustomization(
        String apiVersion,
        String kind,
        String namespace,
        String namePrefix,
        String nameSuffix,
        List<String> resources,
        List<String> components,
        List<Label> labels,
        Map<String, String> commonAnnotations,
        List<Image> images,
        List<Replica> replicas,
        List<ConfigMapGenerator> configMapGenerator,
        GeneratorOptions generatorOptions) {

    static final String API_VERSION = "kustomize.config.k8s.io/v1beta1";
    static final String KIND = "Kustomization";
    static final String COMPONENT_API_VERSION = "kustomize.config.k8s.io/v1alpha1";
    static final String COMPONENT_KIND = "Component";

    boolean isComponent() {
        return COMPONENT_KIND.equals(kind);
    }

    List<String> resourcesOrEmpty() {
        return resources == null ? List.of() : resources;
    }

    List<String> componentsOrEmpty() {
        return components == null ? List.of() : components;
    }

    List<ConfigMapGenerator> configMapGeneratorOrEmpty() {
        return configMapGenerator == null ? List.of() : configMapGenerator;
    }

    List<Label> labelsOrEmpty() {
        return labels == null ? List.of() : labels;
    }

    List<Image> imagesOrEmpty() {
        return images == null ? List.of() : images;
    }

    /** Labels added to the objects; to selectors and pod templates only when asked. */
    record Label(Map<String, String> pairs, Boolean includeSelectors, Boolean includeTemplates) {

        Map<String, String> pairsOrEmpty() {
            return pairs == null ? Map.of() : pairs;
        }
    }

    /** Replaces the name, tag or digest of every container image whose name is {@code name}. */
    record Image(String name, String newName, String newTag, String digest) {
    }

    /** Sets the replica count of the workload {@code name}. */
    record Replica(String name, Integer count) {
    }

    /**
     * A ConfigMap that kustomize makes from files ({@code key=path} or a path, whose file name is the key),
     * {@code literals} ({@code KEY=value}) and {@code envs} files; paths are relative to the kustomization.
     */
    record ConfigMapGenerator(String name, String namespace, String behavior, List<String> files,
            List<String> literals, List<String> envs, GeneratorOptions options) {

        List<String> filesOrEmpty() {
            return files == null ? List.of() : files;
        }
    }

    /** Labels and annotations of generated objects, and whether their names get a hash of their content. */
    record GeneratorOptions(Map<String, String> labels, Map<String, String> annotations,
            Boolean disableNameSuffixHash, Boolean immutable) {
    }
}
