package com.flashsale.web.edge;

import com.flashsale.node.member.MapNames;
import com.flashsale.node.ratelimit.TakeToken;
import com.flashsale.node.ratelimit.TokenBuckets;
import com.flashsale.web.http.ApiError;
import com.flashsale.web.http.ErrorCode;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.ExecutionCallback;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Token buckets shared by the whole cluster, one per user for placements and one per client address for every
 * shopper call. A bucket lives on the member that owns its key's partition ({@link TokenBuckets}): a check on a key
 * this member owns is a hash update on the caller's thread, with no grid operation; any other check is one task
 * sent to the key's owner ({@link TakeToken}). Every member asks the same owner, so a caller that spreads its calls
 * over the members still has one rate. A caller over its rate gets 429 RATE_LIMITED with {@code Retry-After}
 * (whole seconds, at least 1) from whichever member it reaches. Unconfigured rates cost nothing.
 */
public final class RateLimits {

  /** The executor that runs the checks sent to a key's owner; see {@code hazelcast.yaml}. */
  static final String EXECUTOR = MapNames.RATE_LIMITS;

  private final HazelcastInstance grid;
  private final TokenBuckets local;
  private final IExecutorService owners;
  private final EdgeSettings.Rate perUser;
  private final EdgeSettings.Rate perAddress;

  private RateLimits(HazelcastInstance grid, EdgeSettings.Rate perUser, EdgeSettings.Rate perAddress) {
    this.grid = grid;
    this.local = TokenBuckets.of(grid);
    this.owners = grid.getExecutorService(EXECUTOR);
    this.perUser = perUser;
    this.perAddress = perAddress;
  }

  public static RateLimits of(HazelcastInstance grid, EdgeSettings.Rate userRate, EdgeSettings.Rate ipRate) {
    return new RateLimits(grid, userRate, ipRate);
  }

  public boolean limitsAddresses() {
    return perAddress != null;
  }

  /**
   * Returns when the user may place one more order; throws 429 when they are over their rate. A plain call on the
   * placement's virtual thread: a bucket of another member's is a task there, whose wait parks only that thread.
   */
  public void admitUser(String userId) {
    if (perUser != null) {
      admitOrRefuse(take("user:" + userId, perUser));
    }
  }

  /** The same for a client address, for a placement (on its virtual thread, beside the user's check). */
  public void admitAddress(String address) {
    if (perAddress != null) {
      admitOrRefuse(take(addressKey(address), perAddress));
    }
  }

  /**
   * Completes when the address may make one more shopper call; fails with 429 when it is over its rate. For the
   * calls other than placing, whose guard waits on it with a timeout of its own.
   */
  public CompletableFuture<Void> checkAddress(String address) {
    if (perAddress == null) {
      return CompletableFuture.completedFuture(null);
    }
    String key = addressKey(address);
    if (ownedHere(key)) {
      return CompletableFuture.runAsync(() -> admitOrRefuse(takeHere(key, perAddress)), Runnable::run);
    }
    CompletableFuture<Long> answer = new CompletableFuture<>();
    owners.submitToKeyOwner(takeOne(key, perAddress), key, new ExecutionCallback<Long>() {
      @Override
      public void onResponse(Long waitMillis) {
        answer.complete(waitMillis);
      }

      @Override
      public void onFailure(Throwable failure) {
        answer.completeExceptionally(failure);
      }
    });
    return answer.thenAccept(RateLimits::admitOrRefuse);
  }

  private long take(String key, EdgeSettings.Rate rate) {
    if (ownedHere(key)) {
      return takeHere(key, rate);
    }
    try {
      return owners.submitToKeyOwner(takeOne(key, rate), key).get();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while checking the rate of " + key, interrupted);
    } catch (ExecutionException failed) {
      throw failed.getCause() instanceof RuntimeException runtime ? runtime
          : new IllegalStateException("Could not check the rate of " + key, failed.getCause());
    }
  }

  /**
   * Whether this member owns the key's partition, so that its bucket is here. While a partition migrates two
   * members may both answer for a moment: a caller then has two buckets briefly, never fewer tokens.
   */
  private boolean ownedHere(String key) {
    Member owner = grid.getPartitionService().getPartition(key).getOwner();
    return owner != null && owner.localMember();
  }

  private long takeHere(String key, EdgeSettings.Rate rate) {
    return local.take(key, rate.perSecond(), rate.burst(), System.currentTimeMillis());
  }

  private static String addressKey(String address) {
    return "ip:" + address;
  }

  private static TakeToken takeOne(String key, EdgeSettings.Rate rate) {
    return new TakeToken(key, rate.perSecond(), rate.burst());
  }

  private static void admitOrRefuse(long waitMillis) {
    if (waitMillis > 0) {
      long seconds = Math.max(1, Math.ceilDiv(waitMillis, 1000));
      throw ApiError.of(ErrorCode.RATE_LIMITED, "Too many requests; retry after " + seconds + " s.")
          .retryAfter((int) Math.min(seconds, Integer.MAX_VALUE));
    }
  }
}
