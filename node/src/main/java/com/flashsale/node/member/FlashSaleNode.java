package com.flashsale.node.member;

import com.flashsale.node.jet.SaleStatisticsJob;
import com.flashsale.node.service.Grid;
import com.flashsale.node.service.HazelcastOrderService;
import com.flashsale.node.service.HazelcastSaleService;
import com.flashsale.node.service.HoldSweeper;
import com.flashsale.node.service.OrderService;
import com.flashsale.node.service.Reconciler;
import com.flashsale.node.service.SaleService;
import com.flashsale.node.service.StockRebuild;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One grid member with its services: the Hazelcast instance, the order and sale services, the hold
 * sweeper, and the executor on which every service callback runs (never a grid thread). The edge and the
 * tests start members through here, so both run exactly what production runs.
 *
 * <p>It also listens to the grid: partition migrations are counted for the operator ({@link MigrationTracker}),
 * and once this member has merged back after a network split it rebuilds the merged stock from the orders
 * ({@link StockRebuild}) on a thread of its own, never on Hazelcast's lifecycle thread.
 */
public final class FlashSaleNode implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FlashSaleNode.class);
  /** The member's user-context entry that says its maps are loaded; see {@link #initialLoadDone}. */
  private static final String INITIAL_LOAD_DONE = "flashsale.initialLoadDone";

  private final HazelcastInstance instance;
  private final ExecutorService callbacks;
  private final OrderService orders;
  private final SaleService sales;
  private final HoldSweeper sweeper;
  private final Reconciler reconciler;
  private final StockRebuild rebuild;
  private final ExecutorService rebuilds;
  private final MigrationTracker migrations;

  private FlashSaleNode(HazelcastInstance instance, Clock clock, Timings timings) {
    this.instance = instance;
    this.callbacks = callbackPool();
    Grid grid = Grid.of(instance);
    // Grid.of looked every map up, and getMap of an EAGER map returns only once the whole map is loaded.
    markInitialLoadDone(instance);
    this.orders = new HazelcastOrderService(grid, clock, callbacks, timings.confirmGrace());
    this.sales = new HazelcastSaleService(grid, clock, callbacks);
    this.sweeper = new HoldSweeper(grid, clock, timings.orphanGrace());
    this.rebuild = new StockRebuild(grid, clock);
    this.reconciler = new Reconciler(grid, clock, timings.inFlightGrace(), rebuild);
    this.rebuilds = Executors.newSingleThreadExecutor(namedDaemons("stock-rebuild"));
    this.migrations = new MigrationTracker(clock);
  }

  /** Wraps a started instance and starts the sweeper (unless its interval is zero, for tests that sweep by hand). */
  public static FlashSaleNode on(HazelcastInstance instance, Clock clock, Timings timings) {
    FlashSaleNode node = new FlashSaleNode(instance, clock, timings);
    instance.getPartitionService().addMigrationListener(node.migrations);
    instance.getLifecycleService().addLifecycleListener(event -> {
      if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
        node.rebuilds.execute(node::rebuildAfterMerge);
      }
    });
    if (!timings.sweepInterval().isZero()) {
      node.sweeper.start(timings.sweepInterval());
    }
    node.submitStatisticsJob();
    return node;
  }

  /**
   * Every member asks for the statistics job at start; the first request creates it, the others find it, so
   * the cluster runs one job whichever members come and go. A member that cannot submit (the cluster is
   * shutting down) still serves orders: statistics are not worth refusing a sale for.
   */
  private void submitStatisticsJob() {
    try {
      SaleStatisticsJob.submitIfAbsent(instance);
    } catch (RuntimeException failed) {
      LOG.warn("Could not submit the sale statistics job from this member; another member's start will", failed);
    }
  }

  /**
   * After a merge the stock of every product both sides changed is fenced (see {@code StockMergePolicy}): lift
   * the fences now rather than at the next reconciliation, which still catches whatever fails here.
   */
  private void rebuildAfterMerge() {
    try {
      List<StockRebuild.Rebuilt> rebuilt = rebuild.run();
      LOG.info("Merged back after a network split: rebuilt the stock of {} product(s) from the orders", rebuilt.size());
    } catch (RuntimeException failed) {
      LOG.warn("Rebuilding the stock after a merge failed; the next reconciliation settles the fences", failed);
    }
  }

  /**
   * Whether this member has finished its initial load, given its user context (what a map store can see): from
   * then on a map store with read-through off answers every load without asking PostgreSQL.
   */
  public static boolean initialLoadDone(Map<String, Object> memberContext) {
    return Boolean.TRUE.equals(memberContext.get(INITIAL_LOAD_DONE));
  }

  /** Records that this member's maps are loaded; a node does it once it has looked them all up. */
  public static void markInitialLoadDone(HazelcastInstance member) {
    member.getUserContext().put(INITIAL_LOAD_DONE, Boolean.TRUE);
  }

  public HazelcastInstance instance() {
    return instance;
  }

  public OrderService orders() {
    return orders;
  }

  public SaleService sales() {
    return sales;
  }

  public HoldSweeper sweeper() {
    return sweeper;
  }

  public Reconciler reconciler() {
    return reconciler;
  }

  public StockRebuild stockRebuild() {
    return rebuild;
  }

  /** The executor every grid answer is handed to: for its metrics, never for other work. */
  public ExecutorService callbacks() {
    return callbacks;
  }

  /** This member's count of partition migrations since it started. */
  public MigrationTracker migrations() {
    return migrations;
  }

  /**
   * Leaves the cluster gracefully (partitions migrate, write-behind flushes), then stops the services.
   * Call it after the API has stopped taking requests: placements still in flight then finish their steps
   * on the callback executor while the member still serves them.
   */
  @Override
  public void close() {
    sweeper.close();
    rebuilds.shutdownNow();
    callbacks.shutdown();
    try {
      callbacks.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
    if (instance.getLifecycleService().isRunning()) {
      instance.shutdown();
    }
  }

  /**
   * The pool every grid answer is handed to (see {@code Continuations}): each placement step lands here once.
   * A fork-join pool in FIFO mode rather than a fixed thread pool: its idle workers look for work a moment
   * before they park, so under load a hand-off rarely costs the partition thread a wake-up system call, which
   * with a blocking queue it paid on every answer. The work never blocks, so a few threads suffice.
   */
  private static ExecutorService callbackPool() {
    AtomicInteger count = new AtomicInteger();
    return new ForkJoinPool(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()), pool -> {
      ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
      thread.setName("order-callbacks-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }, null, true);
  }

  private static java.util.concurrent.ThreadFactory namedDaemons(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
