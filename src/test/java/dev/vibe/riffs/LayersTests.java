package dev.vibe.riffs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The packages form layers, and each folder stays small enough to read: {@code rest} on top, then {@code service},
 * then {@code domain}, {@code runtime}, {@code identity} and {@code config}; no import runs upward, and no folder of
 * sources holds more than 20 files.
 */
class LayersTests {

    private static final Path MAIN = Path.of("src/main/java/dev/vibe/riffs");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.vibe\\.riffs\\.(\\w+)", Pattern.MULTILINE);

    /** Each layer, and the top-level packages it must not import. */
    private static final Map<String, List<String>> NOT_IMPORTED = Map.of(
            "service", List.of("rest", "flask", "simulator", "health", "warmup"),
            "domain", List.of("rest", "service", "runtime", "flask", "simulator", "health", "warmup"),
            "runtime", List.of("rest", "service", "domain", "flask", "simulator", "health", "warmup"),
            "identity", List.of("rest", "service", "domain", "runtime", "flask", "simulator", "health", "warmup"),
            "config", List.of("rest", "service", "domain", "runtime", "flask", "simulator", "health", "warmup"),
            "logging", List.of("rest", "service", "domain", "runtime", "flask", "simulator", "health", "warmup"));

    @Test
    void noImportRunsUpward() throws IOException {
        for (Map.Entry<String, List<String>> layer : NOT_IMPORTED.entrySet()) {
            try (Stream<Path> files = Files.walk(MAIN.resolve(layer.getKey()))) {
                List<String> upward = files.filter(file -> file.toString().endsWith(".java"))
                        .flatMap(file -> importedPackages(file).filter(layer.getValue()::contains).map(imported -> file + " imports " + imported))
                        .toList();
                assertThat(upward).as(layer.getKey()).isEmpty();
            }
        }
    }

    @Test
    void noFolderHoldsMoreThanTwentySources() throws IOException {
        for (Path root : List.of(Path.of("src/main/java"), Path.of("src/test/java"))) {
            try (Stream<Path> files = Files.walk(root)) {
                Map<Path, Long> perFolder = files.filter(file -> file.toString().endsWith(".java"))
                        .collect(Collectors.groupingBy(Path::getParent, Collectors.counting()));
                assertThat(perFolder).allSatisfy((folder, count) -> assertThat(count).as(folder.toString()).isLessThanOrEqualTo(20));
            }
        }
    }

    private static Stream<String> importedPackages(Path file) {
        try {
            Matcher imports = IMPORT.matcher(Files.readString(file));
            Stream.Builder<String> found = Stream.builder();
            while (imports.find()) {
                found.add(imports.group(1));
            }
            return found.build();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
