package dev.vibe.riffs.warmup;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;

import dev.vibe.riffs.service.riffs.RiffService;

/** The riffs the warm-up asks about: the newest that have a runtime, which their users are the likeliest to ask about. */
@ApplicationScoped
public class WarmUpTargets {

    private final RiffService riffs;

    public WarmUpTargets(RiffService riffs) {
        this.riffs = riffs;
    }

    @ActivateRequestContext
    List<WarmUpTarget> newest(int limit) {
        return riffs.newestWithRuntime(limit).stream().map(WarmUpTarget::of).filter(WarmUpTarget::askable).toList();
    }
}
