package dev.vibe.riffs.config;

import dev.vibe.riffs.rest.AppResponses;
import dev.vibe.riffs.rest.AppView;
import dev.vibe.riffs.rest.CreateAppRequest;
import dev.vibe.riffs.rest.CreateRiffRequest;
import dev.vibe.riffs.rest.ErrorResponse;
import dev.vibe.riffs.rest.RiffResponses;
import dev.vibe.riffs.rest.RiffView;
import dev.vibe.riffs.rest.RuntimeEventResponses;
import dev.vibe.riffs.rest.RuntimeEventView;
import dev.vibe.riffs.rest.RuntimeApiStatusResource;
import dev.vibe.riffs.rest.RuntimeView;
import dev.vibe.riffs.rest.ServiceHealthResource;
import dev.vibe.riffs.runtime.RetryAfterBackoff;
import dev.vibe.riffs.runtime.RuntimeIdRequest;
import dev.vibe.riffs.runtime.RuntimeInfo;
import dev.vibe.riffs.runtime.StartRequest;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Classes that Jackson reads or writes by reflection, registered for the native image in one place. Quarkus
 * finds most of them from the resource and REST client signatures; listing them all keeps nested types (the
 * records inside lists and envelopes) safe too.
 */
@RegisterForReflection(targets = {
        CreateAppRequest.class, CreateRiffRequest.class, ErrorResponse.class, AppView.class, RiffView.class,
        RuntimeView.class, AppResponses.AppList.class, AppResponses.AppCreated.class, AppResponses.InitialRiff.class,
        AppResponses.AppDeleted.class, RiffResponses.RiffList.class, RiffResponses.RiffSaved.class,
        RiffResponses.RiffKeptAlive.class, RiffResponses.OneRiff.class, RiffResponses.RiffDeleted.class, RiffResponses.RuntimeChanged.class,
        RiffResponses.RuntimeFound.class, RiffResponses.RiffReset.class, RiffResponses.RiffReadiness.class,
        RuntimeApiStatusResource.RuntimeApiStatus.class, ServiceHealthResource.ServiceHealth.class,
        RuntimeApiStatusResource.RuntimeApiDetails.class, RuntimeInfo.class, StartRequest.class,
        RuntimeIdRequest.class, RetryAfterBackoff.class, RuntimeEventView.class, RuntimeEventResponses.RuntimeEventPage.class,
        RuntimeEventResponses.StreamedRuntimeEvent.class, RuntimeEventResponses.Usage.class, RuntimeEventResponses.AppUsage.class,
        RuntimeEventResponses.RiffUsage.class })
final class ReflectionRegistrations {

    private ReflectionRegistrations() {
    }
}
