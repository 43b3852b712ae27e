package com.flashsale.web.edge;

import com.flashsale.node.member.MapNames;
import com.flashsale.web.http.ApiError;
import com.flashsale.web.http.ErrorCode;
import com.hazelcast.core.HazelcastInstance;
import com.flashsale.node.processors.TakeToken;
import com.hazelcast.map.IMap;
import java.util.concurrent.CompletableFuture;

/**
 * Token buckets shared by the whole cluster, one per user for placements and one per client address for every
 * shopper call: each bucket is one small entry of an IMap, changed by one entry processor on its partition
 * ({@link TakeToken}). A caller over its rate gets 429 RATE_LIMITED with {@code Retry-After} (whole seconds, at
 * least 1) from whichever member it reaches. A check is one entry processor call: a plain blocking one for a
 * placement, which runs on a virtual thread; an idle bucket leaves the grid once it would be full again.
 * Unconfigured rates cost nothing.
 */
public final class RateLimits {

  /** The IMap of the buckets; keys are "user:" or "ip:" plus the id, so the two never collide. */
  static final String MAP = MapNames.RATE_LIMITS;

  private final IMap<String, TakeToken.Bucket> buckets;
  private final EdgeSettings.Rate perUser;
  private final EdgeSettings.Rate perAddress;

  private RateLimits(IMap<String, TakeToken.Bucket> buckets, EdgeSettings.Rate perUser, EdgeSettings.Rate perAddress) {
    this.buckets = buckets;
    this.perUser = perUser;
    this.perAddress = perAddress;
  }

  public static RateLimits of(HazelcastInstance grid, EdgeSettings.Rate userRate, EdgeSettings.Rate ipRate) {
    if (userRate == null && ipRate == null) {
      return new RateLimits(null, null, null);
    }
    return new RateLimits(grid.getMap(MAP), userRate, ipRate);
  }

  public boolean limitsAddresses() {
    return perAddress != null;
  }

  /**
   * Returns when the user may place one more order; throws 429 when they are over their rate. A plain blocking
   * call, made on the placement's grid-call thread: waiting parks only that virtual thread, and the answer needs no
   * hop through a callback executor.
   */
  public void admitUser(String userId) {
    if (perUser != null) {
      admit("user:" + userId, perUser);
    }
  }

  /** The same for a client address, for a placement (on its grid-call thread, beside the user's check). */
  public void admitAddress(String address) {
    if (perAddress != null) {
      admit(addressKey(address), perAddress);
    }
  }

  /**
   * Completes when the address may make one more shopper call; fails with 429 when it is over its rate. For the
   * calls other than placing, whose guard waits on it with a timeout of its own.
   */
  public CompletableFuture<Void> checkAddress(String address) {
    return perAddress == null ? CompletableFuture.completedFuture(null)
        : buckets.submitToKey(addressKey(address), takeOne(perAddress)).toCompletableFuture()
            .thenAccept(RateLimits::admitOrRefuse);
  }

  private void admit(String key, EdgeSettings.Rate rate) {
    admitOrRefuse(buckets.executeOnKey(key, takeOne(rate)));
  }

  private static String addressKey(String address) {
    return "ip:" + address;
  }

  /**
   * A new processor per call: it remembers what it wrote for its backup, and a call on a key this member owns
   * hands the very instance to the partition thread, so one shared instance would mix concurrent calls' buckets.
   */
  private static TakeToken takeOne(EdgeSettings.Rate rate) {
    return new TakeToken(rate.perSecond(), rate.burst());
  }

  private static void admitOrRefuse(long waitMillis) {
    if (waitMillis > 0) {
      long seconds = Math.max(1, Math.ceilDiv(waitMillis, 1000));
      throw ApiError.of(ErrorCode.RATE_LIMITED, "Too many requests; retry after " + seconds + " s.")
          .retryAfter((int) Math.min(seconds, Integer.MAX_VALUE));
    }
  }
}
