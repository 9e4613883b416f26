package dev.vibe.riffs.service.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.vibe.riffs.domain.refresh.RefreshBucketRepository;

class BucketBatchSizeTests {

    private final BucketBatchSize size = new BucketBatchSize(100);

    @Test
    void startsWithOneBucket() {
        assertThat(size.next()).isOne();
    }

    @Test
    void asksForAsManyBucketsAsHoldABatchAtTheLastLeasesDensity() {
        size.leased(1, 98); // 100,000 live riffs: about 98 a bucket
        assertThat(size.next()).isOne();

        size.leased(1, 1); // 1,000 live riffs
        assertThat(size.next()).isEqualTo(100);

        size.leased(100, 25_000); // the fleet grew 250-fold since: back to about a batch at once
        assertThat(size.next()).isOne();
    }

    @Test
    void takesEveryBucketWhileNoneHoldsALiveRiffAndNeverMoreThanAll() {
        size.leased(1, 0);
        assertThat(size.next()).isEqualTo(RefreshBucketRepository.BUCKETS);

        size.leased(RefreshBucketRepository.BUCKETS, 3);
        assertThat(size.next()).isEqualTo(RefreshBucketRepository.BUCKETS);
    }
}
