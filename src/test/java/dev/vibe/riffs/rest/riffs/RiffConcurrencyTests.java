package dev.vibe.riffs.rest.riffs;

import static dev.vibe.riffs.rest.Api.as;
import static dev.vibe.riffs.rest.Api.createApp;
import static dev.vibe.riffs.rest.Api.newUser;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class RiffConcurrencyTests {

    @Test
    void simultaneousCreatesOfOneSlugGiveOneRiff() throws Exception {
        String user = newUser();
        createApp(user, "race");
        int callers = 20;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                Callable<Integer> create = () -> {
                    start.await();
                    return as(user).body(Map.of("slug", "same-riff")).post("/api/apps/race/riffs").statusCode();
                };
                statuses.add(pool.submit(create));
            }
            start.countDown();
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                codes.add(status.get());
            }
            assertThat(codes).filteredOn(code -> code == 201).hasSize(1);
            assertThat(codes).filteredOn(code -> code == 200).hasSize(callers - 1);
        } finally {
            pool.shutdownNow();
        }
        as(user).when().get("/api/apps/race/riffs").then().body("count", equalTo(1));
    }
}
