package dev.vibe.riffs.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.inject.Vetoed;

import org.junit.jupiter.api.Test;

import dev.vibe.riffs.Bursts;

/** The sharing and the bound of agent server checks, with an agent server that answers when the test says so. */
class SharedAliveChecksTests {

    /** An agent server whose {@code /alive} answers {@code answer} once released, counting its calls; never a bean. */
    @Vetoed
    private static final class AgentServer extends RuntimeApiClient {

        final AtomicInteger calls = new AtomicInteger();
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean answer = true;

        AgentServer() {
            super(null, null, null, null, null, null, null);
        }

        @Override
        public boolean agentServerAlive(String runtimeUrl, String sessionApiKey) {
            calls.incrementAndGet();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return answer;
        }
    }

    @Test
    void concurrentChecksOfOneAgentServerMakeOneCall() throws Exception {
        AgentServer agent = new AgentServer();
        SharedAliveChecks checks = new SharedAliveChecks(agent, 2000, 3000);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> callers = new ArrayList<>();
        List<Boolean> answers = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 16; i++) {
            Thread caller = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                answers.add(checks.alive("http://runtime-1", "key"));
            });
            caller.start();
            callers.add(caller);
        }
        go.countDown();
        // Every caller is parked: the one making the call in the agent server, the others on its answer.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> callers.stream().allMatch(caller -> caller.getState() == Thread.State.TIMED_WAITING));
        agent.release.countDown();
        for (Thread caller : callers) {
            caller.join(10_000);
        }

        assertThat(answers).hasSize(16).containsOnly(true);
        assertThat(agent.calls.get()).isEqualTo(1);
        assertThat(checks.alive("http://runtime-1", "key")).as("a later check makes its own call").isTrue();
        assertThat(agent.calls.get()).isEqualTo(2);
    }

    @Test
    void checksOfOtherAgentServersOrKeysAreNotShared() throws Exception {
        AgentServer agent = new AgentServer();
        agent.release.countDown();
        SharedAliveChecks checks = new SharedAliveChecks(agent, 2000, 3000);
        Bursts.together(2, i -> () -> checks.alive("http://runtime-" + i, "key"));
        Bursts.together(2, i -> () -> checks.alive("http://runtime-1", "key-" + i));
        assertThat(agent.calls.get()).isEqualTo(4);
    }

    @Test
    void aFollowerGivesUpAfterTheCallsBoundAsNotAlive() throws Exception {
        AgentServer agent = new AgentServer();
        SharedAliveChecks checks = new SharedAliveChecks(agent, 100, 200);
        Future<Boolean> leader = Bursts.start(1, i -> () -> checks.alive("http://slow", "key")).get(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> agent.calls.get() > 0);
        long started = System.nanoTime();
        assertThat(checks.alive("http://slow", "key")).isFalse();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isBetween(250L, 5_000L);
        agent.release.countDown();
        assertThat(leader.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aMissingUrlOrKeyIsNotAlive() {
        AgentServer agent = new AgentServer();
        SharedAliveChecks checks = new SharedAliveChecks(agent, 2000, 3000);
        assertThat(checks.alive(null, "key")).isFalse();
        assertThat(checks.alive("http://runtime", null)).isFalse();
        assertThat(agent.calls.get()).isZero();
    }
}
