package dev.vibe.riffs.simulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The simulator's runtimes in a JSON file: written whole (to a temporary file, then moved into place, so a reader
 * never sees half of it) and read back. The file holds session keys of simulated runtimes only, which guard nothing.
 */
final class RuntimeStoreFile {

    private final Path file;
    private final ObjectMapper mapper;

    RuntimeStoreFile(Path file, ObjectMapper mapper) {
        this.file = file;
        this.mapper = mapper;
    }

    Path path() {
        return file;
    }

    void write(RuntimeStoreState state) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, file.getFileName().toString(), ".tmp");
        try {
            mapper.writeValue(temporary.toFile(), state);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** The state last written; empty when there is no file. */
    Optional<RuntimeStoreState> read() throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(mapper.readValue(file.toFile(), RuntimeStoreState.class));
    }
}
