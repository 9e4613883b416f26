package dev.vibe.riffs.runtime;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Answer of {@code GET /list}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RuntimeList(List<RuntimeInfo> runtimes) {
}
