package dev.vibe.riffs.rest;

import java.util.regex.Pattern;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

public class SlugValidator implements ConstraintValidator<ValidSlug, String> {

    static final int MAX_LENGTH = 63;
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
    static boolean isSlug(String value) {
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
            return "Invalid " + kind.toLowerCase() + " slug: use 1 to " + MAX_LENGTH
                    + " lowercase letters (a-z), digits and single hyphens, starting and ending with a letter or digit";
        }
        return null;
    }
}
