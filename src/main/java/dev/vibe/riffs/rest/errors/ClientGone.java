package dev.vibe.riffs.rest.errors;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;

/**
 * Whether a failure only means that the client went away before its answer was written (a load balancer's timeout,
 * a closed browser tab, a load tool that stops): nothing the server did wrong, and no one left to answer.
 */
final class ClientGone {

    private static final int MAX_DEPTH = 10;

    private ClientGone() {
    }

    static boolean is(Throwable failure) {
        Throwable current = failure;
        for (int depth = 0; current != null && depth < MAX_DEPTH; depth++, current = current.getCause()) {
            if (current instanceof ClosedChannelException) {
                return true;
            }
            String message = current.getMessage() == null ? "" : current.getMessage().toLowerCase(Locale.ROOT);
            if ((current instanceof IOException || current.getClass().getName().startsWith("io.vertx."))
                    && (message.contains("connection was closed") || message.contains("broken pipe")
                            || message.contains("connection reset") || message.contains("failed to write"))) {
                return true;
            }
        }
        return false;
    }
}
