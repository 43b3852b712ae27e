package com.flashsale.web.shopper;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads that run shoppers' blocking grid calls: virtual threads, kept and reused, not one started per call.
 *
 * <p>Hazelcast keeps a pool of serialization buffers for each thread that calls it (two output buffers of 4 KiB and
 * an input), held strongly in a map whose key, the thread, is a weak reference. A dead thread's buffers leave the
 * heap only after a collection of the old generation has cleared that reference and a later call has purged the
 * entry. With a new virtual thread per call, every placement left about 9 KiB behind that way: after ten minutes of
 * the bench, 357,000 dead threads held 3.2 GB of byte arrays, the collector's old-generation cycles took 45 s each
 * and never caught up, and requests stalled on allocation. A few reused threads keep a few pools.
 *
 * <p>Calls past {@code threads} at once wait in the queue for a free thread; every answer has its deadline
 * ({@link AnswerDeadline}) however long it waited. Threads are started as calls need them and then stay: an idle
 * one waits without a timeout, since a timed wait arms a timer on every hand-off (with idle threads ending after
 * a minute, 4 % of the spread run's execution samples were in those waits).
 */
final class GridCallThreads {

  private GridCallThreads() {}

  /** An executor of at most {@code threads} reused virtual threads, started as calls need them. */
  static ExecutorService of(int threads) {
    return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedTransferQueue<>(),
        Thread.ofVirtual().name("grid-call-", 0).factory());
  }
}
