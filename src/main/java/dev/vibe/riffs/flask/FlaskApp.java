package dev.vibe.riffs.flask;

import java.time.Instant;
import java.util.List;

/** An app as the Flask backend stored it ({@code <DATA_DIR>/<user>/apps/<slug>/app.json}), with the riffs that could be read. */
record FlaskApp(String userId, String slug, String name, String githubUrl, Instant createdAt, String createdBy, List<FlaskRiff> riffs) {

    String path() {
        return userId + "/" + slug;
    }
}
