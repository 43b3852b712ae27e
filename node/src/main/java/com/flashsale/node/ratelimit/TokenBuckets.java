package com.flashsale.node.ratelimit;

import com.hazelcast.core.HazelcastInstance;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The token buckets of the edge's rate limits (keys "user:" or "ip:" plus the id) whose partitions this member owns,
 * kept in its user context rather than in a map: a check on a key this member owns is one hash update on the
 * caller's thread, where an entry processor cost a partition operation, about a quarter of a placement's CPU
 * (docs/BENCHMARKS.md). Every member sends the checks of a key it does not own to the key's owner
 * ({@link TakeToken}), so a caller still has one bucket in the whole cluster. A bucket holds up to {@code burst}
 * tokens and gains {@code perSecond} a second, continuously, judged on this member's clock; a refusal changes
 * nothing. Buckets are not replicated: when a member leaves or a partition migrates, its callers start again with
 * a full bucket (at most one more burst, never a refusal). A bucket that would be full again is the same as none,
 * so {@link #forgetFull} drops it and an idle caller costs nothing.
 */
public final class TokenBuckets {

  private static final String CONTEXT_KEY = TokenBuckets.class.getName();
  private static final long MILLI = 1_000;

  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  /** {@code milliTokens} thousandths of a token held at {@code atMillis}; full again at {@code fullAtMillis}. */
  private record Bucket(long milliTokens, long atMillis, long fullAtMillis) {}

  /** Empty buckets; a member's are {@link #of} it. */
  TokenBuckets() {}

  /** The buckets of {@code member}, created on first use. */
  public static TokenBuckets of(HazelcastInstance member) {
    return (TokenBuckets) member.getUserContext().computeIfAbsent(CONTEXT_KEY, key -> new TokenBuckets());
  }

  /**
   * Takes one token from {@code key}'s bucket at {@code now}: answers 0 when it was taken, else the milliseconds
   * until one is back. Atomic per key, whichever threads and members ask at once.
   */
  public long take(String key, int perSecond, int burst, long now) {
    if (perSecond < 1 || burst < 1) {
      throw new IllegalArgumentException("a bucket needs a rate and a burst of at least 1: " + perSecond + "/" + burst);
    }
    long full = burst * MILLI;
    long[] waitMillis = {0};
    buckets.compute(key, (ignored, bucket) -> {
      // A clock that stepped back refills nothing rather than a negative amount.
      long held = bucket == null ? full
          : Math.min(full, bucket.milliTokens() + Math.max(0, now - bucket.atMillis()) * perSecond);
      if (held < MILLI) {
        waitMillis[0] = Math.ceilDiv(MILLI - held, perSecond);
        return bucket;
      }
      long left = held - MILLI;
      return new Bucket(left, now, now + Math.ceilDiv(full - left, perSecond));
    });
    return waitMillis[0];
  }

  /**
   * Drops the buckets that are full again at {@code now}; a later take finds none and starts from full, as it
   * would have found it. Run every few seconds off the request path: it visits the buckets of the last seconds'
   * callers only, since older ones are gone.
   */
  public void forgetFull(long now) {
    buckets.values().removeIf(bucket -> bucket.fullAtMillis() <= now);
  }

  /** How many buckets this member holds: callers seen in the last seconds whose bucket is not full again. */
  public int size() {
    return buckets.size();
  }
}
