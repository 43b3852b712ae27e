package com.flashsale.mapstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.flashsale.node.domain.Ledger;
import com.flashsale.node.domain.ProductKey;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A store's writes while its member stops ({@link Persistence#stopping()}), against the real PostgreSQL. The
 * database "stops answering" by the pool logging in as a role that does not exist (HikariCP lets a running pool
 * change its user), so every new connection is refused, as in an outage; the outage of a real network is
 * {@code StopDuringOutageIT}'s.
 */
class StoppingStoreTest {

  private static final TestDatabase TEST_DATABASE = new TestDatabase();
  /** The pools of the tests whose member is stopping, closed with the class's own. */
  private static final List<Database> OPENED = new CopyOnWriteArrayList<>();
  private static Database database;
  private static LedgerStore store;

  private final ProductKey product = new ProductKey("stopping", "p-" + System.nanoTime());
  private final Ledger ledger = Samples.place(Samples.ledger(product, 10), product, 1, "u-1", 2);

  @BeforeAll
  static void openDatabase() {
    DatabaseSettings settings = TEST_DATABASE.settings();
    database = Database.open(new DatabaseSettings(settings.jdbcUrl(), settings.user(), settings.password(),
        settings.schema(), 2, 500));
    store = new LedgerStore(database, true);
  }

  @AfterAll
  static void closeDatabase() throws Exception {
    OPENED.forEach(Database::close);
    database.close();
    TEST_DATABASE.close();
  }

  @AfterEach
  void databaseAnswersAgain() {
    login(TEST_DATABASE.user);
  }

  @Test
  void a_running_member_fails_a_write_postgresql_refuses_so_that_hazelcast_queues_it_again() {
    store.ownership(keys -> true);
    login("no_such_role");

    assertThatThrownBy(() -> store.store(product, ledger)).isInstanceOf(DatabaseException.class);
  }

  @Test
  void a_stopping_member_holds_a_write_of_what_it_owns_until_postgresql_answers_then_writes_it() throws SQLException {
    Database stopping = stoppingDatabase();
    LedgerStore owner = new LedgerStore(stopping, true);
    owner.ownership(keys -> true);
    login(stopping, "no_such_role");

    CompletableFuture<Void> write = CompletableFuture.runAsync(() -> owner.store(product, ledger));
    await("the write waiting for the database").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
        .until(() -> !write.isDone() && stopping.holdsWrites());
    assertThat(storedVersion()).as("nothing written during the outage").isEmpty();

    login(stopping, TEST_DATABASE.user);
    assertThat(write).succeedsWithin(Duration.ofSeconds(10));
    assertThat(storedVersion()).containsExactly(ledger.version());
    assertThat(stopping.holdsWrites()).isFalse();
  }

  @Test
  void a_stopping_member_leaves_copies_it_only_backs_up_to_their_owner_whether_or_not_postgresql_answers() {
    Database stopping = stoppingDatabase();
    LedgerStore backup = new LedgerStore(stopping, true);
    backup.ownership(keys -> false);

    assertThat(CompletableFuture.runAsync(() -> backup.store(product, ledger))).succeedsWithin(Duration.ofSeconds(1));
    login(stopping, "no_such_role");
    assertThat(CompletableFuture.runAsync(() -> backup.store(product, ledger))).succeedsWithin(Duration.ofSeconds(1));
    assertThat(storedVersion()).as("written by their owner, not by a backup").isEmpty();
  }

  @Test
  void a_stopping_member_stops_holding_a_write_once_its_partition_has_moved_to_another_member() {
    Database stopping = stoppingDatabase();
    LedgerStore leaving = new LedgerStore(stopping, true);
    AtomicBoolean owned = new AtomicBoolean(true);
    leaving.ownership(keys -> owned.get());
    login(stopping, "no_such_role");

    CompletableFuture<Void> write = CompletableFuture.runAsync(() -> leaving.store(product, ledger));
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> !write.isDone());
    owned.set(false);
    assertThat(write).as("left to the new owner").succeedsWithin(Duration.ofSeconds(10));
    assertThat(storedVersion()).isEmpty();
  }

  @Test
  void a_stopping_member_fails_a_write_postgresql_answers_but_rejects_it_at_once() {
    Database stopping = stoppingDatabase();
    LedgerStore owner = new LedgerStore(stopping, true);
    owner.ownership(keys -> true);
    // PostgreSQL answers, and refuses the write itself: waiting would never help.
    Ledger broken = Samples.placeBroken(Samples.ledger(product, 10), product, 2);

    assertThat(CompletableFuture.runAsync(() -> owner.store(product, broken))).failsWithin(Duration.ofSeconds(10));
    assertThat(stopping.holdsWrites()).isFalse();
  }

  /** A pool of its own, marked as its member's stop has begun; closed with the class's schema. */
  private static Database stoppingDatabase() {
    Database stopping = Database.open(database.settings());
    stopping.stopping();
    OPENED.add(stopping);
    return stopping;
  }

  private List<Long> storedVersion() {
    return TEST_DATABASE.rows("SELECT version FROM stock WHERE sale_id = ? AND product_id = ?",
            product.saleId(), product.productId()).stream()
        .map(row -> ((Number) row.get("version")).longValue()).toList();
  }

  private static void login(String user) {
    login(database, user);
    OPENED.forEach(opened -> login(opened, user));
  }

  /**
   * New connections of the pool log in as {@code user}, and none of the old ones remain (one the pool was opening
   * as the user changed is closed too once it arrives).
   */
  private static void login(Database pool, String user) {
    HikariDataSource hikari = (HikariDataSource) pool.dataSource();
    hikari.getHikariConfigMXBean().setUsername(user);
    hikari.getHikariPoolMXBean().softEvictConnections();
    if (!user.equals(TEST_DATABASE.user)) {
      await("no connection left of the old user").atMost(Duration.ofSeconds(5)).until(() -> {
        hikari.getHikariPoolMXBean().softEvictConnections();
        return hikari.getHikariPoolMXBean().getTotalConnections() == 0;
      });
    }
  }
}
