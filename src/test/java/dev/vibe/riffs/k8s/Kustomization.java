package dev.vibe.riffs.k8s;

import java.util.List;
import java.util.Map;

/**
 * The fields of a kustomize {@code Kustomization} (kustomize.config.k8s.io/v1beta1) that this project may use.
 * {@link ManifestValidator} reads {@code kustomization.yaml} into it strictly: any other field is reported
 * as unknown. When the project needs another field kustomize has, add it here (with its kustomize type).
 * {@code commonLabels} is left out on purpose: kustomize deprecates it for {@code labels}.
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
        List<Replica> replicas) {

    static final String API_VERSION = "kustomize.config.k8s.io/v1beta1";
    static final String KIND = "Kustomization";

    List<String> resourcesOrEmpty() {
        return resources == null ? List.of() : resources;
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
}
