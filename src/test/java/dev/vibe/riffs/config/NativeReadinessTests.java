package dev.vibe.riffs.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.vibe.riffs.runtime.RetryAfterBackoff;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What can be proven about the native build without GraalVM: every JSON record of the API and of the
 * runtime-api client is registered for reflection, and no production code loads classes dynamically.
 */
class NativeReadinessTests {

    private static final Path MAIN_SOURCES = Path.of("src/main/java");

    @Test
    void registersEveryJsonRecordForReflection() throws Exception {
        List<Class<?>> jsonRecords = recordsIn("dev/vibe/riffs/rest", "dev/vibe/riffs/runtime");
        assertThat(jsonRecords).isNotEmpty();
        assertThat(jsonRecords).allSatisfy(record -> assertThat(record.isAnnotationPresent(RegisterForReflection.class))
                .as("%s annotated @RegisterForReflection", record.getName()).isTrue());
    }

    @Test
    void registersTheRetryAfterBackoffForReflection() {
        assertThat(RetryAfterBackoff.class.isAnnotationPresent(RegisterForReflection.class)).isTrue();
    }

    @Test
    void loadsNoClassDynamically() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN_SOURCES)) {
            List<Path> offenders = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> read(file).matches("(?s).*(Class\\.forName|\\.loadClass\\(|newInstance\\().*"))
                    .toList();
            assertThat(offenders).isEmpty();
        }
    }

    /** JSON payload records: records of these packages, except the value types that never reach Jackson. */
    private static List<Class<?>> recordsIn(String... packages) throws IOException {
        Set<String> notJson = Set.of("RuntimeApiHealth", "Batch", "ResumeAnswer", "Verified");
        try (Stream<Path> files = Stream.of(packages).flatMap(NativeReadinessTests::sources)) {
            return files.map(file -> MAIN_SOURCES.relativize(file).toString().replace('/', '.').replace(".java", ""))
                    .flatMap(NativeReadinessTests::withNestedClasses)
                    .filter(Class::isRecord)
                    .filter(record -> !notJson.contains(record.getSimpleName()))
                    .collect(Collectors.toList());
        }
    }

    private static Stream<Path> sources(String packagePath) {
        try {
            return Files.walk(MAIN_SOURCES.resolve(packagePath)).filter(file -> file.toString().endsWith(".java"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Stream<Class<?>> withNestedClasses(String className) {
        try {
            Class<?> type = Class.forName(className);
            return Stream.concat(Stream.of(type), Arrays.stream(type.getDeclaredClasses()));
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
