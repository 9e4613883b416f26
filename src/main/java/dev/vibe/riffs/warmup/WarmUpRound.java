package dev.vibe.riffs.warmup;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.vibe.riffs.domain.Riff;
import dev.vibe.riffs.rest.riffs.RiffResponses.OneRiff;
import dev.vibe.riffs.rest.riffs.RiffResponses.RuntimeFound;
import dev.vibe.riffs.rest.riffs.RiffView;
import dev.vibe.riffs.rest.riffs.RuntimeView;
import dev.vibe.riffs.service.policy.LifecyclePolicy;
import dev.vibe.riffs.service.riffs.RiffRuntimeService;
import dev.vibe.riffs.service.riffs.RiffService;

/**
 * One round of the warm-up, in a request context of its own as a request has: what {@code GET .../riffs/{riff}} and
 * {@code GET .../runtime/status} do, through the same services and JSON mapper, with the answers dropped. Unlike those
 * requests it records no activity, so it never holds off a riff's idle pause.
 */
@ApplicationScoped
public class WarmUpRound {

    private final RiffService riffs;
    private final RiffRuntimeService runtimes;
    private final LifecyclePolicy policy;
    private final ObjectMapper json;

    public WarmUpRound(RiffService riffs, RiffRuntimeService runtimes, LifecyclePolicy policy, ObjectMapper json) {
        this.riffs = riffs;
        this.runtimes = runtimes;
        this.policy = policy;
        this.json = json;
    }

    @ActivateRequestContext
    List<WarmUpTarget> targets(int limit) {
        return riffs.newestWithRuntime(limit).stream().map(WarmUpTarget::of).toList();
    }

    /** Reads the riff and writes its JSON; with {@code lookUp}, then looks its runtime up and writes that too. */
    @ActivateRequestContext
    void run(WarmUpTarget target, boolean lookUp) {
        Riff riff = riffs.get(target.userId(), target.appSlug(), target.riffSlug());
        write(new OneRiff(RiffView.of(riff, target.appSlug(), policy)));
        if (lookUp) {
            write(new RuntimeFound("found", RuntimeView.of(runtimes.liveStatus(riff))));
        }
    }

    private void write(Object answer) {
        try {
            json.writeValueAsBytes(answer);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An answer could not be written as JSON", e);
        }
    }
}
