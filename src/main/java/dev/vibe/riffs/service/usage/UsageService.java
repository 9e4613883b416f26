package dev.vibe.riffs.service.usage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.vibe.riffs.domain.RiffUsageRow;
import dev.vibe.riffs.service.events.RuntimeEventService;

/** A user's runtime time per app and riff over a range, from the runtime event ledger. */
@ApplicationScoped
public class UsageService {

    private final RuntimeEventService events;

    UsageService(RuntimeEventService events) {
        this.events = events;
    }

    /** The user's usage within [{@code from}, {@code to}): per app (in slug order), per riff, and the apps' live time summed. */
    public UserUsage of(String userId, Instant from, Instant to) {
        Map<String, List<RiffUsageRow>> byApp = new LinkedHashMap<>();
        for (RiffUsageRow row : events.usage(userId, from, to)) {
            byApp.computeIfAbsent(row.appSlug(), app -> new ArrayList<>()).add(row);
        }
        List<AppUsage> apps = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, List<RiffUsageRow>> app : byApp.entrySet()) {
            Map<String, RiffUsage> riffs = new LinkedHashMap<>();
            for (RiffUsageRow row : app.getValue()) {
                // A riff deleted and created again under its slug counts once, with both lives.
                riffs.merge(row.riffSlug(), RiffUsage.of(row), RiffUsage::plus);
            }
            long running = riffs.values().stream().mapToLong(RiffUsage::runningSeconds).sum();
            long starting = riffs.values().stream().mapToLong(RiffUsage::startingSeconds).sum();
            long paused = riffs.values().stream().mapToLong(RiffUsage::pausedSeconds).sum();
            apps.add(new AppUsage(app.getKey(), running, starting, paused, List.copyOf(riffs.values())));
            total += running;
        }
        return new UserUsage(total, apps);
    }

    /** A user's usage: the apps' running seconds summed, and each app's. */
    public record UserUsage(long totalRunningSeconds, List<AppUsage> apps) {
    }

    /** An app's usage: its riffs' seconds summed, and each riff's. */
    public record AppUsage(String appSlug, long runningSeconds, long startingSeconds, long pausedSeconds, List<RiffUsage> riffs) {
    }

    /** A riff's usage, in whole seconds. */
    public record RiffUsage(String riffSlug, long runningSeconds, long startingSeconds, long pausedSeconds, long starts, long resumes) {

        static RiffUsage of(RiffUsageRow row) {
            return new RiffUsage(row.riffSlug(), Math.round(row.runningSeconds()), Math.round(row.startingSeconds()),
                    Math.round(row.pausedSeconds()), row.starts(), row.resumes());
        }

        RiffUsage plus(RiffUsage other) {
            return new RiffUsage(riffSlug, runningSeconds + other.runningSeconds, startingSeconds + other.startingSeconds,
                    pausedSeconds + other.pausedSeconds, starts + other.starts, resumes + other.resumes);
        }
    }
}
