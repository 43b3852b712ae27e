package com.flashsale.node.jet;

import static com.hazelcast.jet.aggregate.AggregateOperations.allOf;
import static com.hazelcast.jet.aggregate.AggregateOperations.counting;
import static com.hazelcast.jet.aggregate.AggregateOperations.mapping;
import static com.hazelcast.jet.aggregate.AggregateOperations.summingLong;
import static com.hazelcast.jet.aggregate.AggregateOperations.toSet;

import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.ProductKey;
import com.flashsale.node.processors.LedgerRead;
import com.flashsale.node.member.MapNames;
import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.jet.pipeline.BatchSource;
import com.hazelcast.jet.pipeline.BatchStage;
import com.hazelcast.jet.pipeline.JoinClause;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.Sinks;
import com.hazelcast.jet.pipeline.SourceBuilder;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Reconciliation as one Jet batch job: it reads the ledgers changed since {@code since} (all of them for a full
 * run), joins each changed product with PostgreSQL's stock row, and writes every difference it sees to a list.
 * It changes nothing: the driver ({@code Reconciler}) re-checks each difference and repairs through the store's
 * own version-guarded writes, so a job racing a placement can report a difference that has gone, never "repair"
 * a correct value.
 *
 * <p>The cost is what changed: a ledger is selected by its last change and walked newest-first only as far as
 * {@code since}, paced to the run's orders a second ({@code FLASHSALE_RECONCILIATION_PACE}, 20,000 by default) by
 * its one reader. A run is background work, and the crowd whose orders it counts is still placing more.
 */
public final class ReconciliationPipeline {

  /** PostgreSQL's stock row is absent, or older than the ledger: write-behind may still be on its way. */
  public static final String STOCK_ROW_BEHIND = "STOCK_ROW_BEHIND";

  /**
   * One processor per stage on each member: reconciliation is background work, and on a member of two cores a
   * full run over 1,000,000 orders at Jet's default parallelism (a processor per core) took both from the
   * placements (their p99 rose from 0.3 s to 1 s). One core at most; it takes longer, nobody waits for it.
   */
  static final int BACKGROUND = 1;

  private ReconciliationPipeline() {}

  /** A product's stock row as PostgreSQL holds it. */
  public record StoredVersion(String saleId, String productId, long version) implements Serializable {
    ProductKey product() {
      return new ProductKey(saleId, productId);
    }
  }

  /**
   * One difference the job saw: {@code gridVersion} is the ledger's version, {@code otherVersion} PostgreSQL's
   * stock row's, {@code -1} where it has none.
   */
  public record Difference(String kind, String saleId, String productId, long gridVersion, long otherVersion)
      implements Serializable {
    public ProductKey productKey() {
      return new ProductKey(saleId, productId);
    }
  }

  /** What the job looked at: sales and products with a changed ledger, and their changed orders. */
  public record Tally(int sales, int products, long orders) implements Serializable {
    public static final Tally NOTHING = new Tally(0, 0, 0);
  }

  /** What a run reads, where it writes, and its pace: orders a second ({@code Timings}). */
  public record Run(long since, String differences, String tally, int pace)
      implements Serializable {
    public boolean full() {
      return since == Long.MIN_VALUE;
    }
  }

  /**
   * A ledger as reconciliation reads it: its version and how many of its orders changed since the run's start point.
   * It crosses partitions and members once per ledger a run reads, so it has a Compact serializer.
   */
  public record LedgerDigest(String saleId, String productId, long version, int changedOrders) {
    public static final String TYPE_NAME = "ReconciliationLedgerDigest";

    ProductKey product() {
      return new ProductKey(saleId, productId);
    }

    /** Compact serializer; the type name is permanent. */
    public static final class Serializer extends TypedSerializer<LedgerDigest> {
      public Serializer() {
        super(TYPE_NAME, LedgerDigest.class);
      }

      @Override
      public LedgerDigest read(CompactReader reader) {
        return new LedgerDigest(reader.readString("saleId"), reader.readString("productId"),
            reader.readInt64("version"), reader.readInt32("changedOrders"));
      }

      @Override
      public void write(CompactWriter writer, LedgerDigest digest) {
        writer.writeString("saleId", digest.saleId());
        writer.writeString("productId", digest.productId());
        writer.writeInt64("version", digest.version());
        writer.writeInt32("changedOrders", digest.changedOrders());
      }
    }
  }

  /**
   * The job of one run; {@code stored} is PostgreSQL's stock rows, or {@code null} when this member cannot
   * reach PostgreSQL (the run then checks the grid only).
   */
  public static Pipeline build(Run run, BatchSource<StoredVersion> stored) {
    Pipeline pipeline = Pipeline.create();
    long since = run.since();
    BatchStage<LedgerDigest> ledgers = pipeline
        .readFrom(changedLedgers(since, run.pace()))
        .setName("changed ledgers").setLocalParallelism(BACKGROUND);
    if (stored != null) {
      ledgers.hashJoin(pipeline.readFrom(stored), JoinClause.onKeys(LedgerDigest::product, StoredVersion::product)
              .projecting(StoredVersion::version), ReconciliationPipeline::storedRow)
          .filter(difference -> difference != null)
          .setName("PostgreSQL against ledger").setLocalParallelism(BACKGROUND)
          .writeTo(Sinks.list(run.differences()));
    }
    ledgers.aggregate(allOf(mapping(LedgerDigest::saleId, toSet()), counting(),
            summingLong(LedgerDigest::changedOrders)))
        .map(figures -> new Tally(figures.f0().size(), figures.f1().intValue(), figures.f2()))
        .writeTo(Sinks.list(run.tally()));
    return pipeline;
  }

  /**
   * The digests of the ledgers changed since {@code since}, read where they live. Jet's map source would fetch
   * every ledger as serialized entries to test the predicate: each run wrote every ledger, every order included,
   * on the partition threads, between placements (a product of 50,000 unpaid orders held its partition for the
   * time it took). Here a query selects the keys, reading each ledger in place ({@link ChangedSince}), and a
   * read-only processor on each ledger's partition answers with its digest alone, a batch of ledgers at a time.
   */
  static BatchSource<LedgerDigest> changedLedgers(long since, int pace) {
    return SourceBuilder.batch("changed ledgers", context -> new DigestReader(
            context.hazelcastInstance().getMap(MapNames.LEDGERS), since, new Pace(pace)))
        .<LedgerDigest>fillBufferFn(DigestReader::fill)
        .build();
  }

  /** Walks the selected keys in batches; one batch per call, as the source builder asks. */
  private static final class DigestReader {
    private static final int BATCH = 32;
    private final IMap<ProductKey, Ledger> ledgers;
    private final DigestOf digestOf;
    private final Iterator<ProductKey> keys;

    private final Pace pace;
    private long notBefore = System.nanoTime();

    DigestReader(IMap<ProductKey, Ledger> ledgers, long since, Pace pace) {
      this.ledgers = ledgers;
      this.pace = pace;
      this.digestOf = new DigestOf(since);
      this.keys = (since == Long.MIN_VALUE ? ledgers.keySet() : ledgers.keySet(new ChangedSince(since))).iterator();
    }

    /**
     * One operation per key, on its partition, a batch in flight at once: every operation of a batch queues before
     * the placements on the partition threads, so a batch is small ({@value #BATCH}; 256 queued over a hundred
     * before the placements on each of two threads). Not {@code executeOnKeys}: it sends the whole batch to every
     * partition that owns one of its keys, and each of them hashes every key to find its own.
     */
    void fill(SourceBuilder.SourceBuffer<LedgerDigest> buffer) {
      if (System.nanoTime() - notBefore < 0) {
        return;  // the pace: the last batch's orders have not had their time yet; Jet calls again
      }
      List<CompletableFuture<LedgerDigest>> batch = new ArrayList<>(BATCH);
      while (batch.size() < BATCH && keys.hasNext()) {
        batch.add(ledgers.submitToKey(keys.next(), digestOf).toCompletableFuture());
      }
      List<LedgerDigest> digests = batch.stream().map(CompletableFuture::join).filter(Objects::nonNull).toList();
      digests.forEach(buffer::add);
      notBefore = System.nanoTime() + pace.took(digests.stream().mapToInt(LedgerDigest::changedOrders).sum());
      if (!keys.hasNext()) {
        buffer.close();
      }
    }
  }

  /** A ledger's digest: its version and how many of its orders changed since {@code since}. */
  public record DigestOf(long since) implements LedgerRead<LedgerDigest> {
    public static final String TYPE_NAME = "ReconciliationDigestOf";

    @Override
    public LedgerDigest process(Map.Entry<ProductKey, Ledger> entry) {
      Ledger ledger = entry.getValue();
      return ledger == null ? null : new LedgerDigest(entry.getKey().saleId(), entry.getKey().productId(),
          ledger.version(), ledger.changedSince(since));
    }

    /** Compact serializer; the type name is permanent. */
    public static final class Serializer extends TypedSerializer<DigestOf> {
      public Serializer() {
        super(TYPE_NAME, DigestOf.class);
      }

      @Override
      public DigestOf read(CompactReader reader) {
        return new DigestOf(reader.readInt64("since"));
      }

      @Override
      public void write(CompactWriter writer, DigestOf processor) {
        writer.writeInt64("since", processor.since());
      }
    }
  }

  private static Difference storedRow(LedgerDigest ledger, Long storedVersion) {
    if (storedVersion != null && storedVersion >= ledger.version()) {
      return null;
    }
    return new Difference(STOCK_ROW_BEHIND, ledger.saleId(), ledger.productId(), ledger.version(),
        storedVersion == null ? -1 : storedVersion);
  }
}
