package dev.vibe.riffs.rest;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * A slug as Vibe names apps and riffs: {@code ^[a-z0-9]+(-[a-z0-9]+)*$}, at most 63 characters.
 * Null, blank and malformed slugs each get their own message, naming the {@link #kind()}.
 */
@Documented
@Constraint(validatedBy = SlugValidator.class)
@Target({ FIELD, PARAMETER, RECORD_COMPONENT })
@Retention(RUNTIME)
public @interface ValidSlug {

    /** "App" or "Riff": the first word of every message. */
    String kind();

    String message() default "invalid slug";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
