package dev.vibe.riffs.flask;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;
import io.quarkus.test.junit.main.QuarkusMainLauncher;

/** The documented command, {@code java -jar quarkus-run.jar import-flask [--dry-run] <DATA_DIR>}, on the packaged jar. */
@QuarkusMainIntegrationTest
class ImportCommandIT {

    @TempDir
    Path dataDir;

    @Test
    void importsAFlaskDataDirOnceAndCountsWhatItDid(QuarkusMainLauncher launcher) {
        String user = "flask-" + UUID.randomUUID();
        FlaskDataDirs flask = new FlaskDataDirs(dataDir);
        flask.app(user, "shop", "2025-09-20T12:34:56.123456+00:00");
        flask.riff(user, "shop", "rename-to-shop", "2025-09-20T12:35:01.000000+00:00", 4, "2025-09-20T13:00:00+00:00");
        flask.riffWithRuntime(user, "shop", "fix-login", "2025-09-21T08:00:00+00:00", "rt-1", "https://rt-1.example", "secret-key-1");

        LaunchResult dryRun = launcher.launch(ImportCommand.NAME, "--dry-run", dataDir.toString());
        assertThat(dryRun.exitCode()).as(dryRun.getErrorOutput()).isZero();
        assertThat(dryRun.getOutput()).contains("would import 1 app(s) and 2 riff(s) (1 with a runtime", "Nothing was written.");

        LaunchResult first = launcher.launch(ImportCommand.NAME, dataDir.toString());
        assertThat(first.exitCode()).as(first.getErrorOutput()).isZero();
        assertThat(first.getOutput()).contains("imported     app " + user + "/shop: 2 riff(s) imported (1 with a runtime), 0 already present",
                "imported 1 app(s) and 2 riff(s) (1 with a runtime").doesNotContain("secret-key-1");

        LaunchResult second = launcher.launch(ImportCommand.NAME, dataDir.toString());
        assertThat(second.exitCode()).isZero();
        assertThat(second.getOutput()).contains("imported 0 app(s) and 0 riff(s)", "already present: 1 app(s), 2 riff(s)");
    }

    @Test
    void listsEachSkipAndExitsWithOne(QuarkusMainLauncher launcher) {
        String user = "flask-" + UUID.randomUUID();
        FlaskDataDirs flask = new FlaskDataDirs(dataDir);
        flask.app(user, "shop", "2025-09-20T12:34:56+00:00");
        flask.riff(user, "shop", "fine", "2025-09-20T12:35:00+00:00", 0, null);
        flask.raw(flask.riffFile(user, "shop", "broken"), "{\"slug\": ");

        LaunchResult result = launcher.launch(ImportCommand.NAME, dataDir.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.getOutput()).contains("skipped riff " + user + "/shop/broken: riff.json is not valid JSON",
                "imported 1 app(s) and 1 riff(s)", "skipped: 0 user folder(s), 0 app(s), 1 riff(s)");
    }

    @Test
    void refusesWrongArguments(QuarkusMainLauncher launcher) {
        LaunchResult noFolder = launcher.launch(ImportCommand.NAME);
        assertThat(noFolder.exitCode()).isEqualTo(2);
        assertThat(noFolder.getErrorOutput()).contains(ImportCommand.USAGE);

        LaunchResult missing = launcher.launch(ImportCommand.NAME, dataDir.resolve("nowhere").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.getErrorOutput()).contains("is not a folder");

        LaunchResult unknown = launcher.launch("export-flask");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.getErrorOutput()).contains("Unknown arguments");
    }
}
