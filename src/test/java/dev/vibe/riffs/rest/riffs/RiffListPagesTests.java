package dev.vibe.riffs.rest.riffs;

import static dev.vibe.riffs.rest.Api.as;
import static dev.vibe.riffs.rest.Api.createApp;
import static dev.vibe.riffs.rest.Api.createRiff;
import static dev.vibe.riffs.rest.Api.newUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import dev.vibe.riffs.rest.OpenApiDocument;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** The opt-in pages of an app's riffs: keyset on (created_at, id), newest first, beside the whole list. */
@QuarkusTest
class RiffListPagesTests {

    @Inject
    EntityManager em;

    /** Riffs s-1 .. s-count created at the very same instant, so that only their ids order them. */
    private void riffsCreatedAtOnce(String user, String app, int count) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                insert into riffs (app_id, user_id, slug, created_at, created_by, session_id, next_start_at, runtime_status)
                select a.id, a.user_id, 's-' || n, timestamptz '2026-01-01 00:00:00+00', a.user_id,
                       a.user_id || ':' || a.slug || ':s-' || n, now() + interval '1 day', 'queued'
                from apps a, generate_series(1, ?1) n where a.user_id = ?2 and a.slug = ?3""")
                .setParameter(1, count).setParameter(2, user).setParameter(3, app).executeUpdate());
    }

    private static List<String> slugs(Response page) {
        return page.then().statusCode(200).extract().jsonPath().getList("riffs.slug");
    }

    @Test
    void walksTheWholeListPageByPageWithoutGapOrRepeat() {
        String user = newUser();
        createApp(user, "app");
        riffsCreatedAtOnce(user, "app", 7);
        for (String slug : List.of("new-a", "new-b")) {
            createRiff(user, "app", slug);
        }
        List<String> whole = slugs(as(user).get("/api/apps/app/riffs"));
        assertThat(whole).hasSize(9).startsWith("new-b", "new-a");

        List<String> walked = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page = cursor == null ? as(user).queryParam("limit", 2).get("/api/apps/app/riffs")
                    : as(user).queryParam("limit", 2).queryParam("cursor", cursor).get("/api/apps/app/riffs");
            OpenApiDocument.served().assertDocuments("listRiffs", page);
            JsonPath body = page.then().statusCode(200).body("app_slug", equalTo("app")).extract().jsonPath();
            assertThat(body.getInt("count")).isEqualTo(body.getList("riffs").size()).isLessThanOrEqualTo(2);
            walked.addAll(body.getList("riffs.slug"));
            cursor = body.getString("next_cursor");
            pages++;
        } while (cursor != null);

        assertThat(walked).isEqualTo(whole);
        assertThat(pages).isEqualTo(5);
        // A cursor alone asks for a page of the default size.
        as(user).queryParam("cursor", "").get("/api/apps/app/riffs").then().statusCode(200).body("riffs", hasSize(9))
                .body("next_cursor", nullValue());
    }

    @Test
    void theWholeListStaysTheDefaultAnswer() {
        String user = newUser();
        createApp(user, "app");
        riffsCreatedAtOnce(user, "app", 3);
        as(user).get("/api/apps/app/riffs").then().statusCode(200)
                .body("count", equalTo(3)).body("riffs", hasSize(3)).body("next_cursor", nullValue());
    }

    @Test
    void refusesBadLimitsAndCursors() {
        String user = newUser();
        createApp(user, "app");
        for (String limit : List.of("0", "1001", "-1", "ten", "1.5")) {
            Response refused = as(user).queryParam("limit", limit).get("/api/apps/app/riffs");
            refused.then().statusCode(400).body("error", equalTo("limit must be an integer from 1 to 1000"));
            OpenApiDocument.served().assertDocuments("listRiffs", refused);
        }
        for (String cursor : List.of("nonsense", "cjE6MTow", "%%%", "cjE6eDox", "cjI6MToy")) {
            as(user).queryParam("cursor", cursor).get("/api/apps/app/riffs").then().statusCode(400)
                    .body("error", equalTo("cursor must be the next_cursor of a previous page"));
        }
        as(user).queryParam("limit", 5).get("/api/apps/nope/riffs").then().statusCode(404).body("error", equalTo("App not found"));
        // Another user's app is not found, cursor or not.
        as(newUser()).queryParam("limit", 5).get("/api/apps/app/riffs").then().statusCode(404);
    }
}
