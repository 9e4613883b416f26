package dev.vibe.riffs.identity;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** How many of something each user holds now, at most {@code limit} each; a user who holds none has no entry. */
public final class PerUserCounts {

    private final int limit;
    private final ConcurrentMap<String, Integer> held = new ConcurrentHashMap<>();

    public PerUserCounts(int limit) {
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }

    /** Takes one more for the user, unless they hold {@code limit} already; then nothing changes. */
    public boolean tryTake(String user) {
        boolean[] taken = new boolean[1];
        held.compute(user, (id, count) -> {
            int now = count == null ? 0 : count;
            taken[0] = now < limit;
            return taken[0] ? now + 1 : count;
        });
        return taken[0];
    }

    /** Gives back one that {@link #tryTake} took. */
    public void giveBack(String user) {
        held.computeIfPresent(user, (id, count) -> count == 1 ? null : count - 1);
    }
}
