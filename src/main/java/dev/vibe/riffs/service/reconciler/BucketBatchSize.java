package dev.vibe.riffs.service.reconciler;

import dev.vibe.riffs.domain.refresh.RefreshBucketRepository;

/**
 * How many refresh buckets the next regular batch leases, so that it holds about {@code batch-size} live riffs: learnt
 * from the last lease (its riffs per bucket), so that no count of the live riffs is needed and a fleet that grows or
 * shrinks between runs is followed from one lease to the next. Starts at one bucket (at most a 1,024th of the live
 * riffs); buckets without a live riff make the next lease take them all. One job thread uses it at a time.
 */
final class BucketBatchSize {

    private final int batchSize;
    private volatile int buckets = 1;

    BucketBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    int next() {
        return buckets;
    }

    /** Learns from a lease of {@code leased} buckets that held {@code riffs} live riffs. */
    void leased(int leased, int riffs) {
        long wanted = riffs == 0 ? RefreshBucketRepository.BUCKETS : Math.round((double) batchSize * leased / riffs);
        buckets = (int) Math.max(1, Math.min(RefreshBucketRepository.BUCKETS, wanted));
    }
}
