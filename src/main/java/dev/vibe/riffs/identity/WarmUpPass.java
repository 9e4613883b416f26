package dev.vibe.riffs.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The pass of this process's own warm-up requests ({@value #HEADER}): random, made at start-up, held in memory only and
 * sent to nobody but this process over the loopback interface. A request that carries it is a warm-up: it is believed
 * as to its user in every authentication mode, and what it does on a riff is not the user's activity. A request with any
 * other value in the header is an ordinary request. Never logged.
 */
@ApplicationScoped
public class WarmUpPass {

    public static final String HEADER = "X-Vibe-Warm-Up";

    private final byte[] pass;

    public WarmUpPass() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.pass = Base64.getUrlEncoder().withoutPadding().encode(random);
    }

    public String value() {
        return new String(pass, StandardCharsets.US_ASCII);
    }

    /** In the same time wherever the values differ (the expected value first: the time depends on its length only). */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(pass, presented.getBytes(StandardCharsets.UTF_8));
    }
}
