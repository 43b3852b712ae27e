package com.flashsale.web.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.flashsale.web.it.FaultHistory.Fault;
import com.flashsale.web.it.FaultHistory.Op;
import com.flashsale.web.it.HistoryChecker.FinalOrder;
import com.flashsale.web.it.HistoryChecker.FinalProduct;
import com.flashsale.web.it.HistoryChecker.Outcome;
import com.flashsale.web.it.HistoryChecker.SaleWindow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Issue 16: three members, each in its own network namespace, with majority protection on, under a workload of
 * placements, replays, payments, cancels and expiries sent to every member, while a nemesis cycles through a
 * partition of one member from the other two, a partition of one member from PostgreSQL, 200 ms of delay and 5%
 * loss on one member's link, kill -9 and restart of a member, and a member restarted with its clock 5 s off
 * (around a sale whose window opens and closes during that fault). After the last heal, {@link HistoryChecker}
 * judges the recorded history against what the cluster and PostgreSQL show.
 *
 * <p>One cycle of each fault by default (the run in {@code scripts/test.sh}); {@code -Dfaults.cycles=N} for the
 * long run ({@code scripts/faults.sh}). Needs root: without network namespaces it fails, it never skips. The
 * history, the summary and each member's log land in {@code web/target/it-logs}.
 */
@Order(1)
@ResourceLock(ItCluster.CROWD)
class NetworkFaultIT {

  private static final int CYCLES = Integer.getInteger("faults.cycles", 1);
  private static final int PER_USER_LIMIT = 2;
  private static final int PAYMENT_WINDOW_SECONDS = 10;
  private static final List<String> PRODUCTS = List.of("tee", "mug", "cap", "bag");
  /** How far the history's clock (the host's) and the cluster's time may disagree. */
  private static final long RESOLUTION_MILLIS = 1000;
  /** Load without faults first, so that the first fault meets a cluster in its stride, not one just started. */
  private static final Duration WARM_UP = Duration.ofSeconds(10);
  private static final Duration PARTITION = Duration.ofSeconds(15);
  private static final Duration DATABASE_CUT = Duration.ofSeconds(10);
  private static final Duration SLOW_LINK = Duration.ofSeconds(12);
  private static final long CLOCK_OFFSET_MILLIS = 5000;
  /** How long a member may take to merge back after a partition heals before the harness restarts it. */
  private static final Duration REJOIN = Duration.ofSeconds(60);
  private static final Path LOGS = MemberProcess.repositoryRoot().resolve("web/target/it-logs");

  private final FaultHistory history = new FaultHistory();
  private final List<SaleWindow> windows = new ArrayList<>();
  private final List<String> findings = new ArrayList<>();
  private final List<String> users = IntStream.range(0, 300).mapToObj(i -> Shop.newId("shopper" + i)).toList();
  private FaultCluster cluster;
  private FaultWorkload workload;
  /** The member restarted with its clock off, if any: the next kill restarts it with a true clock. */
  private int skewed;

  @Test
  void no_promise_breaks_under_partitions_a_database_cut_a_slow_link_crashes_and_a_skewed_clock() throws Exception {
    long began = System.currentTimeMillis();
    try (FaultCluster faults = new FaultCluster()) {
      cluster = faults;
      List<MemberProcess> members = cluster.startAll();
      MemberProcess first = members.get(0);
      String saleId = Shop.createSale(first.host(), first.httpPort(),
          PRODUCTS.stream().collect(Collectors.toMap(product -> product, product -> 150)), PER_USER_LIMIT,
          PAYMENT_WINDOW_SECONDS, Instant.now().minus(1, ChronoUnit.MINUTES), Instant.now().plus(2, ChronoUnit.HOURS));
      workload = new FaultWorkload(history, members, new FaultWorkload.Target(saleId, PRODUCTS), users).start(8);
      try {
        hold(WARM_UP);
        for (int cycle = 0; cycle < CYCLES; cycle++) {
          runCycle(cycle);
        }
        cluster.lab.healAll();
        awaitRejoinOrRestart(1, 2, 3);
      } finally {
        workload.stop();
        history.writeTo(LOGS.resolve("network-faults-history.txt"));
      }
      List<String> saleIds = new ArrayList<>(List.of(saleId));
      windows.forEach(window -> saleIds.add(window.saleId()));
      Outcome outcome = settledOutcome(saleIds);
      HistoryChecker checker = new HistoryChecker(history.ops(), history.faults(), outcome, PER_USER_LIMIT, windows,
          RESOLUTION_MILLIS, FaultCluster.TAKEOVER.toMillis());
      List<String> violations = checker.violations();
      findings.add(checker.minorityRefusalsBeforeTakeover() + " refusal(s) or replay(s) answered by a cut-off member"
          + " before the others could take over its partitions (allowed: it still owned them)");
      report(began, violations);
      assertThat(violations).as("violations of issue 16's rules (history: %s)", LOGS.resolve("network-faults-history.txt"))
          .isEmpty();
      assertPostgresHoldsTheConfirmedOrders(outcome);
    }
  }

  private void runCycle(int cycle) {
    int victim = 1 + cycle % FaultCluster.SIZE;
    partition(victim);
    cutFromDatabase(1 + (victim) % FaultCluster.SIZE);
    slowLink(1 + (victim + 1) % FaultCluster.SIZE);
    killAndRestart(skewed != 0 ? skewed : victim);
    skewClock(1 + (victim) % FaultCluster.SIZE, cycle % 2 == 0 ? CLOCK_OFFSET_MILLIS : -CLOCK_OFFSET_MILLIS);
  }

  /** One member cut off from the other two; it must answer 503 meanwhile, then merge back. */
  private void partition(int victim) {
    cluster.lab.isolate(victim);
    // The cut is judged from the moment every rule is in place until the heal begins: a request sent while the
    // rules were still going in may have had its backup acknowledged before, and is rightly answered.
    long start = System.currentTimeMillis();
    hold(PARTITION);
    long end = System.currentTimeMillis();
    cluster.lab.heal(victim);
    history.fault(FaultHistory.PARTITION, name(victim), start, end);
    awaitRejoinOrRestart(victim);
  }

  private void cutFromDatabase(int victim) {
    long start = System.currentTimeMillis();
    cluster.lab.cutFrom(victim, cluster.databaseProxy.port());
    hold(DATABASE_CUT);
    cluster.lab.heal(victim);
    history.fault("database-cut", name(victim), start, System.currentTimeMillis());
    awaitRejoinOrRestart(victim);
  }

  private void slowLink(int victim) {
    long start = System.currentTimeMillis();
    cluster.lab.slowLink(victim, Duration.ofMillis(200), 0.05);
    hold(SLOW_LINK);
    cluster.lab.heal(victim);
    history.fault("slow-link", name(victim), start, System.currentTimeMillis());
    awaitRejoinOrRestart(victim);
  }

  private void killAndRestart(int victim) {
    long start = System.currentTimeMillis();
    cluster.kill(victim);
    awaitOthersSee(victim, FaultCluster.SIZE - 1);
    replace(victim, 0);
    skewed = skewed == victim ? 0 : skewed;
    history.fault("kill-restart", name(victim), start, System.currentTimeMillis());
    cluster.awaitCluster();
  }

  /**
   * The victim restarted with its clock {@code offset} off, then a sale whose window opens about 6 s later and
   * closes 8 s after that: the clients buy from it through every member, the skewed one included.
   */
  private void skewClock(int victim, long offset) {
    long start = System.currentTimeMillis();
    cluster.kill(victim);
    awaitOthersSee(victim, FaultCluster.SIZE - 1);
    replace(victim, offset);
    skewed = victim;
    cluster.awaitCluster();
    MemberProcess via = cluster.member(1 + victim % FaultCluster.SIZE);
    Instant opens = Instant.now().plusSeconds(6).truncatedTo(ChronoUnit.SECONDS);
    Instant closes = opens.plusSeconds(8);
    String saleId = Shop.createSale(via.host(), via.httpPort(), Map.of("w1", 2000, "w2", 2000), PER_USER_LIMIT,
        PAYMENT_WINDOW_SECONDS, opens, closes);
    windows.add(new SaleWindow(saleId, opens.toEpochMilli(), closes.toEpochMilli()));
    workload.alsoBuyFrom(new FaultWorkload.Target(saleId, List.of("w1", "w2")));
    hold(Duration.between(Instant.now(), closes.plusSeconds(3)));
    history.fault("clock-" + (offset > 0 ? "ahead" : "behind"), name(victim), start, System.currentTimeMillis());
  }

  private void replace(int victim, long clockOffset) {
    MemberProcess restarted = cluster.restart(victim, clockOffset);
    workload.members.set(victim - 1, restarted);
  }

  /**
   * Waits for the members to form the whole cluster again; a member that has not merged back within
   * {@link #REJOIN} is restarted and the restart recorded as a finding (Hazelcast issue 13782: a member cut off
   * while it was the master can stay outside for good, "Still have pending migration tasks, cannot lock cluster
   * state").
   */
  private void awaitRejoinOrRestart(int... victims) {
    try {
      await("the whole cluster again").atMost(REJOIN).pollInterval(Duration.ofMillis(500))
          .until(() -> IntStream.rangeClosed(1, FaultCluster.SIZE).allMatch(cluster::seesWholeCluster));
    } catch (ConditionTimeoutException stuck) {
      for (int member = 1; member <= FaultCluster.SIZE; member++) {
        if (!cluster.seesWholeCluster(member)) {
          findings.add(name(member) + " had not merged back " + REJOIN.toSeconds() + " s after the heal"
              + " (faults so far: " + history.faults().size() + "): restarted");
          long start = System.currentTimeMillis();
          replace(member, 0);
          skewed = member == skewed ? 0 : skewed;
          history.fault("restart-after-heal", name(member), start, System.currentTimeMillis());
        }
      }
      cluster.awaitCluster();
    }
  }

  private void awaitOthersSee(int victim, int size) {
    await(name(victim) + " declared dead").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .until(() -> IntStream.rangeClosed(1, FaultCluster.SIZE).filter(member -> member != victim)
            .allMatch(member -> {
              Http.Reply view = cluster.admin(member, "/api/admin/cluster");
              return view.status() == 200 && view.json().path("members").size() == size;
            }));
  }

  /**
   * The end state once nothing is in flight: every unpaid order expired (the payment window is short) and every
   * product's figures adding up, or, after 150 s, whatever the cluster shows, for the checker to judge.
   */
  private Outcome settledOutcome(List<String> saleIds) {
    MemberProcess reader = cluster.member(1);
    try {
      await("every order settled and every product adding up").atMost(Duration.ofSeconds(150))
          .pollInterval(Duration.ofSeconds(3))
          .until(() -> settled(ordersOf(reader), productsOf(reader, saleIds)));
    } catch (ConditionTimeoutException unsettled) {
      findings.add("the end state did not settle within 150 s: judged as it was");
    }
    Map<String, FinalOrder> orders = ordersOf(reader);
    Set<String> acknowledged = history.ops().stream().filter(Op::acknowledgedOrder).map(Op::orderId)
        .collect(Collectors.toCollection(TreeSet::new));
    Map<String, Map<String, String>> reads = new LinkedHashMap<>();
    for (int member = 1; member <= FaultCluster.SIZE; member++) {
      MemberProcess process = cluster.member(member);
      Map<String, String> read = new LinkedHashMap<>();
      for (String orderId : acknowledged) {
        Http.Reply order = Http.get(process.host(), process.httpPort(), "/api/orders/" + orderId);
        if (order.status() == 200) {
          read.put(orderId, Ledger.statusOf(order.json()));
        }
      }
      reads.put(name(member), read);
    }
    return new Outcome(orders, reads, productsOf(reader, saleIds));
  }

  private static boolean settled(Map<String, FinalOrder> orders, List<FinalProduct> products) {
    if (orders.values().stream().anyMatch(order -> order.status().equals("PENDING"))) {
      return false;
    }
    Map<String, Integer> held = new TreeMap<>();
    orders.values().stream().filter(FinalOrder::holdsUnits)
        .forEach(order -> held.merge(order.saleId() + "/" + order.productId(), order.quantity(), Integer::sum));
    return products.stream().allMatch(product ->
        product.available() + held.getOrDefault(product.saleId() + "/" + product.productId(), 0) == product.stock());
  }

  private Map<String, FinalOrder> ordersOf(MemberProcess reader) {
    Map<String, FinalOrder> orders = new LinkedHashMap<>();
    for (String user : users) {
      Http.Reply listing = Http.get(reader.host(), reader.httpPort(), "/api/users/" + user + "/orders");
      assertThat(listing.status()).as(listing.toString()).isEqualTo(200);
      for (JsonNode order : listing.json()) {
        orders.put(order.path("orderId").asText(), new FinalOrder(order.path("orderId").asText(),
            order.path("saleId").asText(), order.path("productId").asText(), order.path("userId").asText(),
            order.path("quantity").asInt(), Ledger.statusOf(order), Instant.parse(order.path("updatedAt").asText()).toEpochMilli()));
      }
    }
    return orders;
  }

  private static List<FinalProduct> productsOf(MemberProcess reader, List<String> saleIds) {
    List<FinalProduct> products = new ArrayList<>();
    for (String saleId : saleIds) {
      Http.Reply sale = Http.get(reader.host(), reader.httpPort(), "/api/sales/" + saleId);
      assertThat(sale.status()).as(sale.toString()).isEqualTo(200);
      sale.json().path("products").forEach(product -> products.add(new FinalProduct(saleId,
          product.path("productId").asText(), product.path("stock").asInt(), product.path("available").asInt())));
    }
    return products;
  }

  private void assertPostgresHoldsTheConfirmedOrders(Outcome outcome) {
    Set<String> confirmed = outcome.orders().values().stream().filter(order -> order.status().equals("CONFIRMED"))
        .map(FinalOrder::orderId).collect(Collectors.toCollection(TreeSet::new));
    await("PostgreSQL holds exactly the confirmed orders").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
        .untilAsserted(() -> assertThat(confirmedIn(cluster.database.orderStatuses())).isEqualTo(confirmed));
  }

  private static Set<String> confirmedIn(Map<String, String> statuses) {
    return statuses.entrySet().stream().filter(row -> row.getValue().equals("CONFIRMED")).map(Map.Entry::getKey)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** Ops per fault (requests sent while it held) and the run's figures, on stdout and in the logs directory. */
  private void report(long began, List<String> violations) throws IOException {
    Map<String, int[]> perKind = new TreeMap<>();
    List<Op> ops = history.ops();
    for (Fault fault : history.faults()) {
      int[] figures = perKind.computeIfAbsent(fault.kind(), kind -> new int[5]);
      figures[0]++;
      for (Op op : ops) {
        if (op.start() >= fault.start() && op.start() <= fault.end()) {
          figures[1]++;
          figures[2] += op.succeeded() ? 1 : 0;
          figures[3] += op.status() == 503 ? 1 : 0;
          figures[4] += op.answered() ? 0 : 1;
        }
      }
    }
    List<String> lines = new ArrayList<>();
    lines.add("NetworkFaultIT: " + CYCLES + " cycle(s) in " + (System.currentTimeMillis() - began) / 1000 + " s, "
        + ops.size() + " requests, " + ops.stream().filter(Op::acknowledgedOrder).count() + " acknowledged orders, "
        + violations.size() + " violation(s)");
    lines.add("fault | times | requests | 2xx | 503 | no answer");
    perKind.forEach((kind, figures) -> lines.add(kind + " | " + figures[0] + " | " + figures[1] + " | " + figures[2]
        + " | " + figures[3] + " | " + figures[4]));
    findings.forEach(finding -> lines.add("finding: " + finding));
    violations.forEach(violation -> lines.add("violation: " + violation));
    lines.forEach(System.out::println);
    Files.write(LOGS.resolve("network-faults-summary.txt"), lines);
  }

  /** The member's name as the history records it. */
  private String name(int member) {
    return cluster.member(member).name();
  }

  private static void hold(Duration duration) {
    if (!duration.isNegative()) {
      await().pollDelay(duration).atMost(duration.plusSeconds(5)).until(() -> true);
    }
  }
}
