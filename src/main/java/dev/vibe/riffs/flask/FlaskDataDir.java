package dev.vibe.riffs.flask;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.vibe.riffs.rest.SlugValidator;

/**
 * Reads the Flask backend's {@code DATA_DIR}: {@code <user>/apps/<app>/app.json} and
 * {@code <user>/apps/<app>/riffs/<riff>/riff.json}, as its {@code storage} package wrote them (folder names are the keys,
 * timestamps Python's ISO-8601). Nothing else is read: not {@code keys.json} (users' API keys, not this service's), not
 * messages (chat is not this service's). What cannot be read, or that this service's rules refuse, is skipped with the
 * reason in the report; the rest is read.
 */
final class FlaskDataDir {

    /** Larger files are not the Flask backend's app.json or riff.json. */
    static final long MAX_FILE_BYTES = 1024 * 1024;

    /** The rule of {@code X-User-UUID} ({@code UserIdentityFilter}): a user folder named otherwise has no user here. */
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final int MAX_NAME_LENGTH = 255;
    private static final int MAX_URL_LENGTH = 2048;
    private static final int MAX_DESCRIPTION_LENGTH = 10_000;
    private static final int MAX_RUNTIME_ID_LENGTH = 255;
    private static final int MAX_SESSION_API_KEY_LENGTH = 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final ImportReport report;

    FlaskDataDir(Path root, ImportReport report) {
        this.root = root;
        this.report = report;
    }

    /** Every app that could be read, with its riffs that could be read, in folder-name order. */
    List<FlaskApp> read() throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException(root + " is not a folder");
        }
        List<FlaskApp> apps = new ArrayList<>();
        for (Path userFolder : folders(root)) {
            Path appsFolder = userFolder.resolve("apps");
            if (!Files.isDirectory(appsFolder)) {
                continue; // a user with API keys only, or no folder of the Flask backend's at all
            }
            String userId = userFolder.getFileName().toString();
            if (!USER_ID.matcher(userId).matches()) {
                report.skippedUser(userId, "not a user id this service accepts (1 to 128 of A-Z a-z 0-9 - _)");
                continue;
            }
            for (Path appFolder : folders(appsFolder)) {
                readApp(userId, appFolder).ifPresent(apps::add);
            }
        }
        return apps;
    }

    private Optional<FlaskApp> readApp(String userId, Path folder) throws IOException {
        String slug = folder.getFileName().toString();
        String what = userId + "/" + slug;
        if (!SlugValidator.isSlug(slug)) {
            report.skippedApp(what, "not a slug this service accepts (lowercase letters, digits and single hyphens, at most "
                    + SlugValidator.MAX_LENGTH + " characters), nor are its riffs");
            return Optional.empty();
        }
        Path file = folder.resolve("app.json");
        Optional<JsonNode> json = readObject(file);
        if (json.isEmpty()) {
            report.skippedApp(what, problemWith(file) + ", nor are its riffs");
            return Optional.empty();
        }
        JsonNode app = json.get();
        String name = text(app, "name", MAX_NAME_LENGTH, what);
        String githubUrl = text(app, "github_url", MAX_URL_LENGTH, what);
        Instant createdAt = createdAt(app, file, what);
        String createdBy = creator(app, userId, what);
        List<FlaskRiff> riffs = new ArrayList<>();
        Path riffsFolder = folder.resolve("riffs");
        if (Files.isDirectory(riffsFolder)) {
            for (Path riffFolder : folders(riffsFolder)) {
                readRiff(userId, what, riffFolder).ifPresent(riffs::add);
            }
        }
        return Optional.of(new FlaskApp(userId, slug, name == null || name.isBlank() ? slug : name.strip(), githubUrl, createdAt,
                createdBy, riffs));
    }

    private Optional<FlaskRiff> readRiff(String userId, String app, Path folder) throws IOException {
        String slug = folder.getFileName().toString();
        String what = app + "/" + slug;
        if (!SlugValidator.isSlug(slug)) {
            report.skippedRiff(what, "not a slug this service accepts (lowercase letters, digits and single hyphens, at most "
                    + SlugValidator.MAX_LENGTH + " characters)");
            return Optional.empty();
        }
        Path file = folder.resolve("riff.json");
        Optional<JsonNode> json = readObject(file);
        if (json.isEmpty()) {
            report.skippedRiff(what, problemWith(file));
            return Optional.empty();
        }
        JsonNode riff = json.get();
        String runtimeId = text(riff, "runtime_id", MAX_RUNTIME_ID_LENGTH, what);
        String runtimeUrl = runtimeId == null ? null : text(riff, "runtime_url", MAX_URL_LENGTH, what);
        String sessionApiKey = runtimeId == null ? null : secret(riff, what);
        return Optional.of(new FlaskRiff(slug, text(riff, "description", MAX_DESCRIPTION_LENGTH, what), createdAt(riff, file, what),
                creator(riff, userId, what), timestamp(riff, "last_message_at", what), messageCount(riff, what), runtimeId,
                runtimeUrl, sessionApiKey));
    }

    /** The file's JSON object, or empty when there is none (see {@link #problemWith}). */
    private static Optional<JsonNode> readObject(Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_FILE_BYTES) {
                return Optional.empty();
            }
            String content = Files.readString(file, StandardCharsets.UTF_8);
            if (content.isBlank()) {
                return Optional.empty();
            }
            JsonNode json = JSON.readTree(content);
            return json != null && json.isObject() ? Optional.of(json) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Why {@link #readObject} found no object in the file, for people. */
    private static String problemWith(Path file) {
        String name = file.getFileName().toString();
        try {
            if (!Files.exists(file)) {
                return "no " + name;
            }
            if (!Files.isRegularFile(file)) {
                return name + " is not a file";
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                return name + " is larger than 1 MiB";
            }
            String content = Files.readString(file, StandardCharsets.UTF_8);
            if (content.isBlank()) {
                return name + " is empty";
            }
            JSON.readTree(content);
            return name + " is not a JSON object";
        } catch (JsonProcessingException e) {
            return name + " is not valid JSON (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        } catch (IOException | RuntimeException e) {
            return name + " cannot be read (" + e.getClass().getSimpleName() + ")";
        }
    }

    /** A text field, or null when it is absent, null, not a string (noted) or too long (noted). */
    private String text(JsonNode json, String field, int maxLength, String what) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            report.note(what, field + " is not a string; left out");
            return null;
        }
        if (value.asText().length() > maxLength) {
            report.note(what, field + " is longer than " + maxLength + " characters; left out");
            return null;
        }
        return value.asText();
    }

    /** The session API key, noted without its value when it cannot be taken. */
    private String secret(JsonNode json, String what) {
        JsonNode value = json.get("session_api_key");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.asText().length() > MAX_SESSION_API_KEY_LENGTH) {
            report.note(what, "session_api_key is not a string of at most " + MAX_SESSION_API_KEY_LENGTH + " characters; left out");
            return null;
        }
        return value.asText();
    }

    private String creator(JsonNode json, String userId, String what) {
        String createdBy = text(json, "created_by", 128, what);
        return createdBy == null || createdBy.isBlank() ? userId : createdBy;
    }

    /** {@code created_at}; when absent or unreadable, the file's modification time (noted). */
    private Instant createdAt(JsonNode json, Path file, String what) throws IOException {
        Instant createdAt = parse(json.get("created_at"));
        if (createdAt != null) {
            return createdAt;
        }
        report.note(what, "created_at missing or not an ISO-8601 timestamp; the time " + file.getFileName() + " was last written is taken");
        return Files.getLastModifiedTime(file).toInstant();
    }

    /** A timestamp field; null when absent, and noted when unreadable. */
    private Instant timestamp(JsonNode json, String field, String what) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        Instant parsed = parse(value);
        if (parsed == null) {
            report.note(what, field + " is not an ISO-8601 timestamp; left out");
        }
        return parsed;
    }

    /**
     * An ISO-8601 timestamp as Python's {@code isoformat()} writes it, with an offset ({@code +00:00}, {@code Z}) or without
     * one (then UTC, as the Flask backend's clock was); null when there is none.
     */
    private static Instant parse(JsonNode value) {
        if (value == null || !value.isTextual()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.asText()).toInstant();
        } catch (DateTimeException withOffset) {
            try {
                return LocalDateTime.parse(value.asText()).toInstant(ZoneOffset.UTC);
            } catch (DateTimeException withoutOffset) {
                return null;
            }
        }
    }

    private int messageCount(JsonNode json, String what) {
        JsonNode value = json.get("message_count");
        if (value == null || value.isNull()) {
            return 0;
        }
        if (value.canConvertToInt() && value.isIntegralNumber() && value.asInt() >= 0) {
            return value.asInt();
        }
        report.note(what, "message_count is not a count; 0 is taken");
        return 0;
    }

    private static List<Path> folders(Path parent) throws IOException {
        try (Stream<Path> children = Files.list(parent)) {
            return children.filter(Files::isDirectory).sorted().toList();
        }
    }
}
