package dev.vibe.riffs.rest.auth;

import static dev.vibe.riffs.rest.Api.createApp;
import static dev.vibe.riffs.rest.Api.createRiff;

import dev.vibe.riffs.Management;
import io.restassured.response.Response;

/** What the tests of per-user limits share: users with riffs to look up, their answers, the refusal counters. */
final class UserFloods {

    private UserFloods() {
    }

    /** One answer of a burst, with the user who asked. */
    record Answer(String user, Response response) {
        int status() {
            return response.statusCode();
        }
    }

    /** The app {@code app} of the user, with riffs {@code r0} .. {@code r<count-1>}. */
    static void withRiffs(String user, int count) {
        createApp(user, "app");
        for (int i = 0; i < count; i++) {
            createRiff(user, "app", "r" + i);
        }
    }

    /** The value of a counter on the management interface's metrics. */
    static double counter(String name) {
        String metrics = Management.given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith(name))
                .mapToDouble(line -> Double.parseDouble(line.split(" ")[1])).sum(); // after the value may come an exemplar
    }
}
