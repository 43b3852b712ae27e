package com.flashsale.mapstore;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.MapStore;
import com.hazelcast.partition.PartitionService;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;

/**
 * A {@link TableLoader} that also writes: batches in one transaction each. A failure is thrown as a
 * {@link DatabaseException} so that Hazelcast keeps the entries queued and retries them.
 *
 * <p>Except while the member stops ({@link Persistence#stopping()}) with changes it owns. Hazelcast's flush on
 * shutdown writes every queue the member still holds, tries each change three times (about 12 s) and then drops
 * it, and the owner of a change is the last to hold it once the other members have gone: a whole cluster stopped
 * during an outage exited 0 without 100 of the 120 orders it had confirmed ({@code StopDuringOutageIT}). So a write
 * of keys this member owns that fails because PostgreSQL does not answer waits for the database, however long, and
 * is tried again; the member's stop waits with it, and its log says what a kill would cost. A failure while
 * PostgreSQL answers is the write's own and is thrown as before. The same flush also writes the queues of the
 * partitions the member only backs up, each change tried for about 12 s during an outage: a member leaving others
 * skips those, as Hazelcast's backups never write; their owner writes them from its own queue.
 */
abstract class TableStore<K, V> extends TableLoader<K, V> implements MapStore<K, V> {

  /**
   * Whether this member owns any of the keys. A store not started by a member (reconciliation's re-persist, tests,
   * tools) writes whatever it is given.
   */
  private Predicate<Collection<K>> ownsAny = keys -> true;

  /** For Hazelcast, which creates stores by class name and then calls {@link #init}. */
  TableStore() {}

  /** For tests and tools: a store on a pool the caller owns and closes. */
  TableStore(Table<K, V> table, Database database, boolean readThrough) {
    super(table, database, readThrough);
  }

  /** The table of this member's map; called once from {@link #init}. */
  abstract Table<K, V> table(HazelcastInstance member, String mapName);

  @Override
  public void init(HazelcastInstance member, Properties properties, String mapName) {
    super.init(member, properties, mapName);
    if (member.getLifecycleService().isRunning()) {
      // Taken now: the member's own handle refuses calls once it is shutting down, which is when it matters.
      PartitionService partitions = member.getPartitionService();
      ownsAny = keys -> keys.stream().anyMatch(key -> ownedHere(partitions, key));
    }
  }

  /** Whether this member owns the key's partition; when it cannot tell, it counts as owned (wait rather than drop). */
  private static boolean ownedHere(PartitionService partitions, Object key) {
    try {
      Member owner = partitions.getPartition(key).getOwner();
      return owner == null || owner.localMember();
    } catch (RuntimeException cannotTell) {
      return true;
    }
  }

  /** For tests: which keys this store counts as owned by its member. */
  void ownership(Predicate<Collection<K>> owns) {
    this.ownsAny = owns;
  }

  @Override
  final Rows<K, V> rows(HazelcastInstance member, String mapName) {
    return table(member, mapName);
  }

  /** The rows this store reads are the table it writes. */
  Table<K, V> table() {
    return (Table<K, V>) rows();
  }

  @Override
  public void store(K key, V value) {
    storeAll(Map.of(key, value));
  }

  @Override
  public void storeAll(Map<K, V> entries) {
    if (!entries.isEmpty()) {
      write("storing " + entries.size() + " entries", entries.keySet(),
          connection -> table().upsert(connection, entries));
    }
  }

  @Override
  public void delete(K key) {
    deleteAll(List.of(key));
  }

  @Override
  public void deleteAll(Collection<K> keys) {
    if (!keys.isEmpty()) {
      write("deleting " + keys.size() + " entries", keys, connection -> table().delete(connection, keys));
    }
  }

  /**
   * Runs the work in one transaction. While the member stops, copies it only backs up are left to their owner, and a
   * failure because PostgreSQL does not answer waits for it and runs the work again (the class's comment says why).
   */
  private void write(String what, Collection<K> keys, SqlWork work) {
    Database database = database();
    while (true) {
      if (database.isStopping() && !ownsAny.test(keys)) {
        // Another member owns these keys and writes them from its own queue, as Hazelcast's backups never write.
        return;
      }
      try {
        inTransaction(what, work);
        return;
      } catch (DatabaseException failed) {
        boolean writeAgain = database.isStopping()
            && database.awaitAnswer(what + " in " + table().name(), () -> ownsAny.test(keys));
        if (!writeAgain) {
          throw failed;
        }
      }
    }
  }

  /** Runs the work in one transaction, rolled back (and thrown) when any part fails. */
  void inTransaction(String what, SqlWork work) {
    try (Connection connection = database().connection()) {
      connection.setAutoCommit(false);
      try {
        work.run(connection);
        connection.commit();
      } catch (SQLException | RuntimeException failed) {
        rollback(connection, failed);
        throw failed;
      }
    } catch (SQLException failed) {
      throw new DatabaseException(what + " in " + table().name() + " failed", failed);
    }
  }

  private static void rollback(Connection connection, Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException rollbackFailed) {
      // The first failure is the one to report; the pool discards a connection whose rollback failed.
      cause.addSuppressed(rollbackFailed);
    }
  }

  /** A unit of JDBC work on a connection the caller owns. */
  @FunctionalInterface
  interface SqlWork {
    void run(Connection connection) throws SQLException;
  }
}
