package dev.vibe.riffs.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.apps.Deployment;

/** The project's Kubernetes manifests in the top-level {@code k8s/} directory, read by {@link ManifestValidator}. */
final class Manifests {

    /** Applied by {@code kubectl apply -k}: lists the other manifests. */
    static final String KUSTOMIZATION = "kustomization.yaml";
    /** Placeholders only: documents the Secret and is never applied, so the kustomization must not list it. */
    static final String SECRET_EXAMPLE = "secret.example.yaml";
    /** The optional kustomize components, one per subdirectory, which the base does not apply. */
    static final String COMPONENTS = "components";

    private Manifests() {
    }

    /** {@code k8s/} of this checkout (tests run from the project directory). */
    static Path directory() {
        Path directory = Path.of(System.getProperty("user.dir")).resolve("k8s").toAbsolutePath();
        if (!Files.isDirectory(directory)) {
            throw new IllegalStateException("no k8s/ directory in " + directory.getParent());
        }
        return directory;
    }

    /** Every YAML file in {@code k8s/} and its subdirectories (the components), sorted by path. */
    static List<Path> files() {
        try (Stream<Path> files = Files.walk(directory())) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> file.getFileName().toString().matches(".*\\.ya?ml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The path of {@code file} relative to {@code k8s/}, with '/' between names: {@code components/x/y.yaml}. */
    static String relative(Path file) {
        return directory().relativize(file.toAbsolutePath()).toString().replace('\\', '/');
    }

    /** The file {@code name} of {@code k8s/} (a path relative to it), read and checked. */
    static ManifestValidator.Result read(String name) {
        return new ManifestValidator().validate(directory().resolve(name));
    }

    /** The one Deployment of {@code k8s/}. */
    static Deployment deployment() {
        return single(Deployment.class);
    }

    /** The one object of {@code type} among all files of {@code k8s/}; fails if there is none or more than one. */
    static <T> T single(Class<T> type) {
        ManifestValidator validator = new ManifestValidator();
        List<T> objects = files().stream()
                .flatMap(file -> validator.validate(file).objects(type).stream())
                .toList();
        if (objects.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + " in k8s/, found " + objects.size());
        }
        return objects.get(0);
    }
}
