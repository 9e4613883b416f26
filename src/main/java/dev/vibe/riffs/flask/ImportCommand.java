package dev.vibe.riffs.flask;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code import-flask [--dry-run] <DATA_DIR>}: imports a Flask backend's data folder ({@link FlaskImport}) and prints the
 * report. Exit status 0 when everything was imported or was there already, 1 when something was skipped (each skip is
 * listed), 2 when the command cannot run (wrong arguments, no such folder).
 */
@ApplicationScoped
public class ImportCommand {

    public static final String NAME = "import-flask";
    public static final String USAGE = "Usage: java -jar quarkus-run.jar " + NAME + " [--dry-run] <DATA_DIR>";

    /**
     * What the process runs with in import mode, set before the application starts: no HTTP listener, no scheduled job
     * (reconciler, orphan sweep, retention), warnings only in the log and as plain text, so that the report is the output.
     */
    public static final Map<String, String> IMPORT_MODE = Map.of(
            "quarkus.http.host-enabled", "false",
            // The management interface is a build-time choice; a free loopback port keeps a running service's port free.
            "quarkus.management.host", "127.0.0.1",
            "quarkus.management.port", "0",
            "quarkus.scheduler.enabled", "false",
            "runtime-api.reconciler.enabled", "false",
            "runtime-api.orphan-sweep", "off",
            "quarkus.log.level", "WARN",
            "quarkus.log.console.json.enabled", "false",
            "quarkus.banner.enabled", "false");

    private final FlaskImport flaskImport;

    ImportCommand(FlaskImport flaskImport) {
        this.flaskImport = flaskImport;
    }

    /** Whether these command-line arguments ask for the import. */
    public static boolean requested(String... args) {
        return args.length > 0 && NAME.equals(args[0]);
    }

    /** Runs the whole command line ({@code import-flask [--dry-run] <DATA_DIR>}); answers the exit status. */
    public int run(String... commandLine) {
        List<String> args = Arrays.asList(commandLine).subList(1, commandLine.length);
        boolean dryRun = args.contains("--dry-run");
        List<String> folders = args.stream().filter(arg -> !arg.equals("--dry-run")).toList();
        if (folders.size() != 1 || folders.get(0).startsWith("-")) {
            System.err.println(USAGE);
            return 2;
        }
        ImportReport report;
        try {
            report = flaskImport.run(Path.of(folders.get(0)), dryRun);
        } catch (IOException e) {
            System.err.println(NAME + ": " + e.getMessage());
            return 2;
        }
        report.lines().forEach(System.out::println);
        System.out.println(report.summary());
        return report.skipped() == 0 ? 0 : 1;
    }
}
