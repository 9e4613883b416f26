package dev.vibe.riffs.config;

import dev.vibe.riffs.rest.apps.AppResponses;
import dev.vibe.riffs.rest.apps.AppView;
import dev.vibe.riffs.rest.apps.CreateAppRequest;
import dev.vibe.riffs.rest.riffs.CreateRiffRequest;
import dev.vibe.riffs.rest.errors.ErrorResponse;
import dev.vibe.riffs.rest.riffs.RiffResponses;
import dev.vibe.riffs.rest.riffs.RiffView;
import dev.vibe.riffs.rest.events.RuntimeEventResponses;
import dev.vibe.riffs.rest.events.RuntimeEventView;
import dev.vibe.riffs.rest.status.RuntimeApiStatusResource;
import dev.vibe.riffs.rest.riffs.RuntimeView;
import dev.vibe.riffs.rest.status.ServiceHealthResource;
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
