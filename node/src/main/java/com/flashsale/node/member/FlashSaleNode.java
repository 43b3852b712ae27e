package com.flashsale.node.member;

import com.flashsale.node.jet.SaleStatisticsJob;
import com.flashsale.node.processors.LedgerIndexes;
import com.flashsale.node.ratelimit.TokenBuckets;
import com.flashsale.node.service.Grid;
import com.flashsale.node.service.HazelcastOrderService;
import com.flashsale.node.service.HazelcastSaleService;
import com.flashsale.node.service.HazelcastWaitingRoomService;
import com.flashsale.node.service.HoldSweeper;
import com.flashsale.node.service.RoomKeeper;
import com.flashsale.node.service.WaitingRoomService;
import com.flashsale.node.service.OrderService;
import com.flashsale.node.service.Reconciler;
import com.flashsale.node.service.SaleService;
import com.hazelcast.core.HazelcastInstance;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One grid member with its services: the Hazelcast instance, the order and sale services, the sweeper that
 * expires unpaid orders, the reconciler, and the rate limits' buckets of the keys it owns ({@link TokenBuckets}).
 * The edge and the tests start members through here, so both run exactly what production runs. It also counts
 * partition migrations for the operator ({@link MigrationTracker}).
 */
public final class FlashSaleNode implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FlashSaleNode.class);
  /** How often the rate limits' buckets that are full again are dropped ({@link TokenBuckets#forgetFull}). */
  private static final Duration BUCKET_SWEEP_INTERVAL = Duration.ofSeconds(10);
  /** The member's user-context entry that says its maps are loaded; see {@link #initialLoadDone}. */
  private static final String INITIAL_LOAD_DONE = "flashsale.initialLoadDone";

  private final HazelcastInstance instance;
  private final OrderService orders;
  private final SaleService sales;
  private final HoldSweeper sweeper;
  private final RoomKeeper rooms;
  private final WaitingRoomService waitingRooms;
  private final Reconciler reconciler;
  private final MigrationTracker migrations;
  private final Periodic bucketSweep;

  private FlashSaleNode(HazelcastInstance instance, Clock clock, Timings timings) {
    this.instance = instance;
    // The member-local indexes of its ledgers, made here rather than by the first operation on a partition thread.
    LedgerIndexes.of(instance);
    Grid grid = Grid.of(instance);
    // Grid.of looked every map up, and getMap of an EAGER map returns only once the whole map is loaded.
    markInitialLoadDone(instance);
    this.orders = new HazelcastOrderService(grid, clock);
    this.sales = new HazelcastSaleService(grid, clock);
    this.sweeper = new HoldSweeper(grid, clock);
    this.rooms = new RoomKeeper(grid, clock);
    this.waitingRooms = new HazelcastWaitingRoomService(grid);
    this.reconciler = new Reconciler(grid, clock, timings.inFlightGrace(), timings.reconciliationPace());
    this.migrations = new MigrationTracker(clock);
    TokenBuckets buckets = TokenBuckets.of(instance);
    this.bucketSweep = Periodic.every(BUCKET_SWEEP_INTERVAL, "rate-bucket-sweep",
        () -> buckets.forgetFull(System.currentTimeMillis()), LOG);
  }

  /** Wraps a started instance and starts the sweeper (unless its interval is zero, for tests that sweep by hand). */
  public static FlashSaleNode on(HazelcastInstance instance, Clock clock, Timings timings) {
    FlashSaleNode node = new FlashSaleNode(instance, clock, timings);
    instance.getPartitionService().addMigrationListener(node.migrations);
    if (!timings.sweepInterval().isZero()) {
      node.sweeper.start(timings.sweepInterval());
    }
    if (!timings.roomInterval().isZero()) {
      node.rooms.start(timings.roomInterval());
    }
    if (!timings.reconciliationInterval().isZero()) {
      node.reconciler.every(timings.reconciliationInterval());
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

  public RoomKeeper rooms() {
    return rooms;
  }

  public WaitingRoomService waitingRooms() {
    return waitingRooms;
  }

  public Reconciler reconciler() {
    return reconciler;
  }

  /** This member's count of partition migrations since it started. */
  public MigrationTracker migrations() {
    return migrations;
  }

  /**
   * Stops this member's periodic work (the hold sweeper, the room keeper, the rate buckets' sweep): before a test
   * drops it.
   */
  public void stopBackgroundWork() {
    sweeper.close();
    rooms.close();
    bucketSweep.close();
  }

  /**
   * Leaves the cluster gracefully (partitions migrate, write-behind flushes), then stops the services. Call it
   * after the API has stopped taking requests, so that no placement is cut off half-way by the shutdown.
   */
  @Override
  public void close() {
    sweeper.close();
    rooms.close();
    reconciler.close();
    bucketSweep.close();
    if (instance.getLifecycleService().isRunning()) {
      instance.shutdown();
    }
  }
}
