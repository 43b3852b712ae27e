package com.flashsale.web.edge;

import com.flashsale.node.member.MapNames;
import com.flashsale.web.http.ApiError;
import com.flashsale.web.http.ErrorCode;
import com.hazelcast.core.HazelcastInstance;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.grid.hazelcast.Bucket4jHazelcast;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Token buckets shared by the whole cluster (bucket4j on an IMap: each bucket is one entry, changed by an
 * entry processor on its partition), one per user for placements and one per client address for every
 * shopper call. A caller over its rate gets 429 RATE_LIMITED with {@code Retry-After} (whole seconds, at
 * least 1) from whichever member it reaches. A check is one asynchronous entry processor call (no Jetty thread
 * waits on it); an idle bucket leaves the grid once it would be full again. Unconfigured rates cost nothing.
 */
public final class RateLimits {

  /** The IMap of the buckets; keys are "user:" or "ip:" plus the id, so the two never collide. */
  static final String MAP = MapNames.RATE_LIMITS;

  private final AsyncProxyManager<String> buckets;
  private final BucketConfiguration perUser;
  private final BucketConfiguration perAddress;

  private RateLimits(AsyncProxyManager<String> buckets, BucketConfiguration perUser, BucketConfiguration perAddress) {
    this.buckets = buckets;
    this.perUser = perUser;
    this.perAddress = perAddress;
  }

  public static RateLimits of(HazelcastInstance grid, EdgeSettings.Rate userRate, EdgeSettings.Rate ipRate) {
    if (userRate == null && ipRate == null) {
      return new RateLimits(null, null, null);
    }
    AsyncProxyManager<String> buckets = Bucket4jHazelcast.<String>entryProcessorBasedBuilder(grid.getMap(MAP))
        .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
        .build()
        .asAsync();
    return new RateLimits(buckets, configuration(userRate), configuration(ipRate));
  }

  private static BucketConfiguration configuration(EdgeSettings.Rate rate) {
    if (rate == null) {
      return null;
    }
    return BucketConfiguration.builder()
        .addLimit(limit -> limit.capacity(rate.burst()).refillGreedy(rate.perSecond(), Duration.ofSeconds(1)))
        .build();
  }

  public boolean limitsAddresses() {
    return perAddress != null;
  }

  /** Completes when the user may place one more order; fails with 429 when they are over their rate. */
  public CompletableFuture<Void> checkUser(String userId) {
    return perUser == null ? CompletableFuture.completedFuture(null) : take("user:" + userId, perUser);
  }

  /** Completes when the address may make one more shopper call; fails with 429 when it is over its rate. */
  public CompletableFuture<Void> checkAddress(String address) {
    return perAddress == null ? CompletableFuture.completedFuture(null) : take("ip:" + address, perAddress);
  }

  private CompletableFuture<Void> take(String key, BucketConfiguration configuration) {
    return buckets.builder()
        .build(key, () -> CompletableFuture.completedFuture(configuration))
        .tryConsumeAndReturnRemaining(1)
        .thenAccept(RateLimits::admitOrRefuse);
  }

  private static void admitOrRefuse(ConsumptionProbe probe) {
    if (!probe.isConsumed()) {
      long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
      throw ApiError.of(ErrorCode.RATE_LIMITED, "Too many requests; retry after " + seconds + " s.")
          .retryAfter((int) Math.min(seconds, Integer.MAX_VALUE));
    }
  }
}
