package com.flashsale.node.jet;

import com.flashsale.node.member.MapNames;
import com.flashsale.node.processors.LatestLedgers;
import com.flashsale.node.processors.LedgerIndexes;
import com.flashsale.node.serialization.TypedSerializer;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The statistics ticker's read of the live sales' totals: one small task per member and second, each answering
 * with the figures its own {@link LatestLedgers} keeps per sale (O(sales), kept up as the ledgers change), where a
 * scan of the ledgers map read every product of the live sales every second. A member
 * whose index is not complete (the cluster changed since it last read its ledgers) answers so and reads them again
 * in the background; for that second {@link #collect} answers empty and the ticker scans the map as before.
 */
public final class MemberSums implements Callable<MemberSums.Answer>, HazelcastInstanceAware {

  public static final String TYPE_NAME = "MemberSums";
  private static final Logger LOG = LoggerFactory.getLogger(MemberSums.class);
  /** How long the ticker waits for the members' answers before it scans the map instead. */
  private static final long WAIT_MILLIS = 2_000;

  private final Set<String> saleIds;
  private transient HazelcastInstance instance;

  public MemberSums(Set<String> saleIds) {
    this.saleIds = Set.copyOf(saleIds);
  }

  /** One member's sums, or that its index is not complete (no sums then). */
  public record Answer(boolean complete, List<SaleTotals> totals) {

    public static final String TYPE_NAME = "MemberSumsAnswer";
    static final Answer INCOMPLETE = new Answer(false, List.of());

    public Answer {
      totals = List.copyOf(totals);
    }

    /** Compact serializer; the type name is permanent. */
    public static final class Serializer extends TypedSerializer<Answer> {
      public Serializer() {
        super(TYPE_NAME, Answer.class);
      }

      @Override
      public Answer read(CompactReader reader) {
        return new Answer(reader.readBoolean("complete"),
            Arrays.asList(reader.readArrayOfCompact("totals", SaleTotals.class)));
      }

      @Override
      public void write(CompactWriter writer, Answer answer) {
        writer.writeBoolean("complete", answer.complete());
        writer.writeArrayOfCompact("totals", answer.totals().toArray(SaleTotals[]::new));
      }
    }
  }

  /**
   * The totals of the given sales over every member's ledgers, or empty when a member's index is not complete or
   * a member did not answer in time (one leaving, a cluster without its majority): then read the map.
   */
  static Optional<Map<String, SaleTotals>> collect(HazelcastInstance member, Set<String> saleIds) {
    Map<Member, Future<Answer>> answers =
        member.getExecutorService(MapNames.STATISTICS_EXECUTOR).submitToAllMembers(new MemberSums(saleIds));
    SumSaleTotals sum = new SumSaleTotals();
    try {
      for (Future<Answer> pending : answers.values()) {
        Answer answer = pending.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        if (!answer.complete()) {
          return Optional.empty();
        }
        answer.totals().forEach(sum::add);
      }
    } catch (ExecutionException | TimeoutException unanswered) {
      LOG.debug("A member did not sum its ledgers this second; the map is scanned instead", unanswered);
      return Optional.empty();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
    return Optional.of(sum.aggregate());
  }

  @Override
  public void setHazelcastInstance(HazelcastInstance instance) {
    this.instance = instance;
  }

  @Override
  public Answer call() {
    LatestLedgers latest = LedgerIndexes.of(instance).latest();
    if (!latest.completeElseReadAgain(instance.getMap(MapNames.LEDGERS))) {
      return Answer.INCOMPLETE;
    }
    List<SaleTotals> totals = saleIds.stream().map(saleId -> latest.read(saleId, SaleTotals.reader(saleId))).toList();
    return new Answer(true, totals);
  }

  /** Compact serializer; the type name is permanent. */
  public static final class Serializer extends TypedSerializer<MemberSums> {
    public Serializer() {
      super(TYPE_NAME, MemberSums.class);
    }

    @Override
    public MemberSums read(CompactReader reader) {
      return new MemberSums(Set.of(reader.readArrayOfString("saleIds")));
    }

    @Override
    public void write(CompactWriter writer, MemberSums task) {
      // Sorted: a set's order varies from one JVM to the next, and equal tasks should serialize alike.
      writer.writeArrayOfString("saleIds", task.saleIds.stream().sorted().toArray(String[]::new));
    }
  }
}
