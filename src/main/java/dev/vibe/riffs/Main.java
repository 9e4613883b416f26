package dev.vibe.riffs;

import dev.vibe.riffs.flask.ImportCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The service's entry point. Without arguments it serves (as any Quarkus application); with {@code import-flask
 * [--dry-run] <DATA_DIR>} it imports a Flask backend's data into the database, with neither HTTP nor background jobs, and
 * exits with the import's status.
 */
@QuarkusMain
public class Main implements QuarkusApplication {

    private final ImportCommand importCommand;

    public Main(ImportCommand importCommand) {
        this.importCommand = importCommand;
    }

    public static void main(String... args) {
        if (ImportCommand.requested(args)) {
            // Before the application starts: runtime configuration is read then, and these settings win over the environment.
            ImportCommand.IMPORT_MODE.forEach(System::setProperty);
        } else if (args.length > 0) {
            System.err.println("Unknown arguments. Run without arguments to serve, or: " + ImportCommand.USAGE);
            System.exit(2);
        }
        Quarkus.run(Main.class, args);
    }

    @Override
    public int run(String... args) {
        if (ImportCommand.requested(args)) {
            return importCommand.run(args);
        }
        Quarkus.waitForExit();
        return 0;
    }
}
