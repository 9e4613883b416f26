package dev.vibe.riffs.flask;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;

import dev.vibe.riffs.domain.App;
import dev.vibe.riffs.domain.AppRepository;
import dev.vibe.riffs.domain.ImportedRiff;
import dev.vibe.riffs.domain.RiffRepository;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Brings a Flask backend's {@code DATA_DIR} over: its apps and riffs, with their timestamps, creators, message statistics,
 * and each riff's runtime fields and runtime-api session ({@code {user}.{app}.{riff}}), so that the reconciler adopts the
 * runtimes the Flask backend started instead of starting new ones (a riff with a runtime gets its status refreshed; one
 * without has its session looked up before anything is started). An app and its riffs are written in one transaction;
 * what is there already (same user and app slug, same app and riff slug) is left as it is, so importing again writes
 * nothing twice and adds only what a first run skipped. A dry run does all of it and rolls each transaction back.
 */
@ApplicationScoped
public class FlaskImport {

    private final AppRepository apps;
    private final RiffRepository riffs;

    FlaskImport(AppRepository apps, RiffRepository riffs) {
        this.apps = apps;
        this.riffs = riffs;
    }

    /**
     * @throws IOException when the folder cannot be listed at all
     */
    @ActivateRequestContext
    public ImportReport run(Path dataDir, boolean dryRun) throws IOException {
        ImportReport report = new ImportReport(dataDir, dryRun);
        List<FlaskApp> found = new FlaskDataDir(dataDir, report).read();
        Instant importedAt = Instant.now();
        for (FlaskApp app : found) {
            try {
                Outcome outcome = inTransaction(app, importedAt, dryRun);
                report.app(app.path(), outcome.appImported(), outcome.riffsImported(), outcome.withRuntime(), outcome.riffsPresent());
            } catch (RuntimeException e) {
                // Only the kind of failure: a database's message may quote the row, session API key included.
                report.skippedApp(app.path(), "not written, nor are its riffs (" + failure(e) + ")");
            }
        }
        Log.infof("%s", report.summary());
        return report;
    }

    /** Writes the app and its riffs in a transaction of their own, which a dry run rolls back. */
    private Outcome inTransaction(FlaskApp app, Instant importedAt, boolean dryRun) {
        QuarkusTransaction.begin();
        try {
            Outcome outcome = write(app, importedAt);
            if (dryRun) {
                QuarkusTransaction.rollback();
            } else {
                QuarkusTransaction.commit();
            }
            return outcome;
        } catch (RuntimeException e) {
            if (QuarkusTransaction.isActive()) {
                QuarkusTransaction.rollback();
            }
            throw e;
        }
    }

    private Outcome write(FlaskApp found, Instant importedAt) {
        App row = new App();
        row.userId = found.userId();
        row.slug = found.slug();
        row.name = found.name();
        row.githubUrl = found.githubUrl();
        row.createdAt = found.createdAt();
        row.createdBy = found.createdBy();
        boolean appImported = apps.insertIfAbsent(row);
        App app = apps.findByUserAndSlug(found.userId(), found.slug()).orElseThrow();
        int imported = 0;
        int withRuntime = 0;
        for (FlaskRiff riff : found.riffs()) {
            boolean inserted = riffs.insertImportedIfAbsent(app, new ImportedRiff(found.userId(), riff.slug(), riff.description(),
                    riff.createdAt(), riff.createdBy(), riff.lastMessageAt(), riff.messageCount(),
                    FlaskRiff.sessionId(found.userId(), found.slug(), riff.slug()), riff.runtimeId(), riff.runtimeUrl(),
                    riff.sessionApiKey(), importedAt));
            if (inserted) {
                imported++;
                withRuntime += riff.hasRuntime() ? 1 : 0;
            }
        }
        return new Outcome(appImported, imported, withRuntime, found.riffs().size() - imported);
    }

    private static String failure(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return e.getClass().getSimpleName() + ", SQLState " + sql.getSQLState();
            }
        }
        return e.getClass().getSimpleName();
    }

    private record Outcome(boolean appImported, int riffsImported, int withRuntime, int riffsPresent) {
    }
}
