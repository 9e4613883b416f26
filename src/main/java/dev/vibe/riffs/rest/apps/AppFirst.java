package dev.vibe.riffs.rest.apps;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.ws.rs.NameBinding;

/**
 * The operation's app (path parameter {@code slug}) must exist before its body is read: {@code 404 App not found}
 * comes before any complaint about the body, as it did from the Flask backend ({@link AppFirstFilter}).
 */
@NameBinding
@Retention(RUNTIME)
@Target({ TYPE, METHOD })
public @interface AppFirst {
}
