package dev.vibe.riffs.rest;

import java.util.regex.Pattern;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

public class SlugValidator implements ConstraintValidator<ValidSlug, String> {

    public static final int MAX_LENGTH = 63;
    private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    private String kind;

    @Override
    public void initialize(ValidSlug annotation) {
        kind = annotation.kind();
    }

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        String problem = problemWith(value);
        if (problem == null) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        // The message is a fixed text (never the user's input), so it is safe as a template.
        context.buildConstraintViolationWithTemplate(problem).addConstraintViolation();
        return false;
    }

    /** Whether the value is a valid slug. */
    public static boolean isSlug(String value) {
        return value != null && value.length() <= MAX_LENGTH && SLUG.matcher(value).matches();
    }

    private String problemWith(String value) {
        if (value == null) {
            return kind + " slug is required";
        }
        if (value.isBlank()) {
            return kind + " slug cannot be empty";
        }
        if (value.length() > MAX_LENGTH || !SLUG.matcher(value).matches()) {
            // The Flask backend's text, which clients compare; it had no length limit, so a slug too long gets it too.
            return kind + " slug must contain only lowercase letters, numbers, and hyphens (no consecutive hyphens, "
                    + "no leading/trailing hyphens)";
        }
        return null;
    }
}
