package dev.vibe.riffs.flask;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What an import did (or, in a dry run, would do): a line per app, per skipped folder or file (with the reason) and per
 * value that could not be taken as it was, then the counts.
 */
public final class ImportReport {

    private final Path dataDir;
    private final boolean dryRun;
    private final List<String> lines = new ArrayList<>();
    private int appsImported;
    private int appsPresent;
    private int appsSkipped;
    private int riffsImported;
    private int riffsWithRuntime;
    private int riffsPresent;
    private int riffsSkipped;
    private int usersSkipped;

    ImportReport(Path dataDir, boolean dryRun) {
        this.dataDir = dataDir;
        this.dryRun = dryRun;
    }

    void skippedUser(String folder, String reason) {
        usersSkipped++;
        lines.add("skipped user " + folder + ": " + reason);
    }

    void skippedApp(String app, String reason) {
        appsSkipped++;
        lines.add("skipped app  " + app + ": " + reason);
    }

    void skippedRiff(String riff, String reason) {
        riffsSkipped++;
        lines.add("skipped riff " + riff + ": " + reason);
    }

    void note(String what, String text) {
        lines.add("note         " + what + ": " + text);
    }

    /** One app's outcome: whether its row was new, and how many of its riffs were new (with a runtime) or there already. */
    void app(String app, boolean imported, int riffs, int withRuntime, int present) {
        if (imported) {
            appsImported++;
        } else {
            appsPresent++;
        }
        riffsImported += riffs;
        riffsWithRuntime += withRuntime;
        riffsPresent += present;
        lines.add((imported ? (dryRun ? "would import " : "imported     ") : "present      ") + "app " + app + ": " + riffs
                + (dryRun ? " riff(s) to import" : " riff(s) imported") + " (" + withRuntime + " with a runtime), " + present
                + " already present");
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    public int appsImported() {
        return appsImported;
    }

    public int appsPresent() {
        return appsPresent;
    }

    public int riffsImported() {
        return riffsImported;
    }

    public int riffsWithRuntime() {
        return riffsWithRuntime;
    }

    public int riffsPresent() {
        return riffsPresent;
    }

    /** Folders and files that were not imported: users, apps and riffs. */
    public int skipped() {
        return usersSkipped + appsSkipped + riffsSkipped;
    }

    public String summary() {
        return (dryRun ? "Dry run of the import of " : "Import of ") + dataDir + ": "
                + (dryRun ? "would import " : "imported ") + appsImported + " app(s) and " + riffsImported + " riff(s) ("
                + riffsWithRuntime + " with a runtime, which the reconciler adopts; the others get one); already present: "
                + appsPresent + " app(s), " + riffsPresent + " riff(s); skipped: " + usersSkipped + " user folder(s), " + appsSkipped
                + " app(s), " + riffsSkipped + " riff(s)" + (dryRun ? ". Nothing was written." : ".");
    }
}
