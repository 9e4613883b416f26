package dev.vibe.riffs.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.ws.rs.HttpMethod;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;

/**
 * The optional Ingress ({@code components/ingress}) sends the service exactly the routes it serves: every route of its
 * resources, as their JAX-RS annotations declare them, and none of the routes that {@code vibe-api.md} gives to other parts
 * of Vibe, nor the probes, metrics and simulator. Paths are matched as ingress-nginx matches them: regular expressions
 * anchored at the start, ignoring case.
 */
class IngressRoutesTests {

    private static final Path REST_SOURCES = Path.of("src/main/java/dev/vibe/riffs/rest");
    private static final Map<String, String> SAMPLE_PARAMETERS = Map.of("{slug}", "my-app", "{riff}", "fix-login");

    /** Routes of other parts of Vibe that its frontend reaches through the same host (vibe-api.md), and our operations paths. */
    private static final List<String> NOT_OURS = List.of(
            "POST /api/integrations/github", "GET /api/integrations/anthropic",
            "GET /api/apps/my-app/riffs/fix-login/messages", "POST /api/apps/my-app/riffs/messages",
            "GET /api/apps/my-app/riffs/fix-login/status", "POST /api/apps/my-app/riffs/fix-login/play",
            "POST /api/apps/my-app/riffs/fix-login/pause", "GET /api/apps/my-app/deployment",
            "GET /api/apps/my-app/riffs/fix-login/deployment", "GET /api/apps/my-app/riffs/fix-login/pr-status",
            "GET /", "GET /api/hello", "GET /q/health/ready", "GET /q/metrics", "GET /q/openapi", "GET /simulator/ui",
            "GET /api/apps/my-app/riffs/fix-login/ready/extra", "GET /api/appsx");

    private static Ingress ingress() {
        return Manifests.single(Ingress.class);
    }

    private static List<Pattern> paths() {
        return ingress().getSpec().getRules().stream()
                .flatMap(rule -> rule.getHttp().getPaths().stream())
                .map(HTTPIngressPath::getPath)
                .map(path -> Pattern.compile("^" + path, Pattern.CASE_INSENSITIVE))
                .toList();
    }

    private static boolean routed(String route) {
        String path = route.substring(route.indexOf(' ') + 1);
        return paths().stream().anyMatch(pattern -> pattern.matcher(path).find());
    }

    /** "METHOD /path" of every operation of the service's resources, with sample slugs for the path parameters. */
    static List<String> routesOfTheService() throws IOException {
        try (Stream<Path> sources = Files.walk(REST_SOURCES)) {
            return sources.filter(file -> file.getFileName().toString().endsWith("Resource.java"))
                    .map(file -> "dev.vibe.riffs.rest." + REST_SOURCES.relativize(file).toString().replace('/', '.').replace(".java", ""))
                    .map(IngressRoutesTests::load)
                    .flatMap(IngressRoutesTests::routes)
                    .toList();
        }
    }

    private static Stream<String> routes(Class<?> resource) {
        String base = resource.getAnnotation(jakarta.ws.rs.Path.class).value();
        return Arrays.stream(resource.getDeclaredMethods())
                .flatMap(method -> httpMethod(method).stream().map(verb -> {
                    jakarta.ws.rs.Path sub = method.getAnnotation(jakarta.ws.rs.Path.class);
                    String path = sub == null ? base : base + (sub.value().startsWith("/") ? "" : "/") + sub.value();
                    for (Map.Entry<String, String> parameter : SAMPLE_PARAMETERS.entrySet()) {
                        path = path.replace(parameter.getKey(), parameter.getValue());
                    }
                    return verb + " " + path;
                }));
    }

    private static List<String> httpMethod(Method method) {
        return Arrays.stream(method.getAnnotations())
                .map(annotation -> annotation.annotationType().getAnnotation(HttpMethod.class))
                .filter(verb -> verb != null)
                .map(HttpMethod::value)
                .toList();
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void sendsEveryRouteOfTheServiceToIt() throws IOException {
        List<String> routes = routesOfTheService();
        assertThat(routes).contains("GET /api/apps", "POST /api/apps/my-app/riffs", "GET /api/apps/my-app/riffs/fix-login/ready",
                "POST /api/apps/my-app/riffs/fix-login/runtime/keepalive", "GET /api/events", "GET /api/health");
        assertThat(routes).allSatisfy(route -> assertThat(routed(route)).as(route).isTrue());
    }

    @Test
    void sendsNoRouteOfAnotherPartOfVibeNorTheOperationsPaths() {
        assertThat(NOT_OURS).allSatisfy(route -> assertThat(routed(route)).as(route).isFalse());
    }

    @Test
    void sendsThemToTheServicesHttpPortAsRegularExpressions() {
        Service service = Manifests.single(Service.class);
        Ingress ingress = ingress();
        assertThat(ingress.getMetadata().getAnnotations()).containsEntry(ManifestValidator.NGINX_USE_REGEX, "true");
        assertThat(ingress.getSpec().getRules()).allSatisfy(rule -> assertThat(rule.getHttp().getPaths()).allSatisfy(path -> {
            assertThat(path.getPathType()).isEqualTo("ImplementationSpecific");
            assertThat(path.getPath()).endsWith("$");
            assertThat(path.getBackend().getService().getName()).isEqualTo(service.getMetadata().getName());
            assertThat(path.getBackend().getService().getPort().getName()).isEqualTo(service.getSpec().getPorts().get(0).getName());
        }));
    }
}
