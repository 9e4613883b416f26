package dev.vibe.riffs.flask;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A Flask backend's DATA_DIR made by a test, in the layout and formats its storage package wrote. */
final class FlaskDataDirs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;

    FlaskDataDirs(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** {@code <user>/apps/<app>/app.json} as the Flask backend's create_app wrote it. */
    Path app(String user, String app, String createdAt) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("slug", app);
        json.put("github_url", "https://github.com/mockuser/" + app);
        json.put("fly_app_name", app);
        json.put("created_at", createdAt);
        json.put("created_by", user);
        return write(root.resolve(user).resolve("apps").resolve(app).resolve("app.json"), json);
    }

    /** {@code .../riffs/<riff>/riff.json} without a runtime, as create_riff wrote it when the runtime-api failed. */
    Path riff(String user, String app, String riff, String createdAt, int messageCount, String lastMessageAt) {
        return write(riffFile(user, app, riff), riffJson(riff, app, user, createdAt, messageCount, lastMessageAt));
    }

    /** {@code .../riffs/<riff>/riff.json} with the runtime fields that create_riff stored from the runtime-api's answer. */
    Path riffWithRuntime(String user, String app, String riff, String createdAt, String runtimeId, String url, String sessionApiKey) {
        Map<String, Object> json = riffJson(riff, app, user, createdAt, 0, null);
        json.put("runtime_id", runtimeId);
        json.put("runtime_url", url);
        json.put("session_api_key", sessionApiKey);
        return write(riffFile(user, app, riff), json);
    }

    Path riffFile(String user, String app, String riff) {
        return root.resolve(user).resolve("apps").resolve(app).resolve("riffs").resolve(riff).resolve("riff.json");
    }

    /** Writes a file as it is, for the files the Flask backend could leave half-written or that someone edited by hand. */
    Path raw(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> riffJson(String riff, String app, String user, String createdAt, int messageCount,
            String lastMessageAt) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("slug", riff);
        json.put("app_slug", app);
        json.put("created_at", createdAt);
        json.put("created_by", user);
        json.put("last_message_at", lastMessageAt);
        json.put("message_count", messageCount);
        return json;
    }

    private Path write(Path file, Map<String, Object> json) {
        try {
            // Python's json.dump(indent=2)
            return raw(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
