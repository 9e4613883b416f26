package dev.vibe.riffs.simulator;

import java.io.IOException;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Keeps the simulator's runtimes across live reloads of {@code quarkus:dev} (and its restarts): they are written to
 * {@code runtime-api-simulator.state-file} when the application stops and read back when it starts. A live reload
 * starts the application again in a new class loader, so no field of an application class outlives it; a file does,
 * with nothing but JDK and Jackson types crossing the restart. Only in dev builds: tests start from an empty simulator.
 * Injected faults are not kept; a reload clears them.
 */
@IfBuildProfile("dev")
@ApplicationScoped
class DevModeRuntimes {

    private final RuntimeStore store;
    private final Optional<RuntimeStoreFile> file;

    DevModeRuntimes(RuntimeStore store, RuntimeApiSimulatorConfig config, ObjectMapper mapper) {
        this.store = store;
        this.file = config.stateFile().map(path -> new RuntimeStoreFile(path, mapper));
    }

    void restore(@Observes StartupEvent event) {
        file.ifPresent(stateFile -> {
            try {
                stateFile.read().ifPresent(state -> {
                    store.restore(state);
                    Log.infof("Runtime-api simulator took back %d runtime(s) from %s", state.runtimes().size(),
                            stateFile.path());
                });
            } catch (IOException | RuntimeException e) {
                Log.warnf("Runtime-api simulator starts empty: %s is unreadable (%s)", stateFile.path(), e.getMessage());
            }
        });
    }

    void keep(@Observes ShutdownEvent event) {
        file.ifPresent(stateFile -> {
            try {
                RuntimeStoreState state = store.state();
                stateFile.write(state);
                Log.debugf("Runtime-api simulator kept %d runtime(s) in %s", state.runtimes().size(), stateFile.path());
            } catch (IOException | RuntimeException e) {
                Log.warnf("Runtime-api simulator could not keep its runtimes in %s: %s", stateFile.path(), e.getMessage());
            }
        });
    }
}
