package com.flashsale.node.processors;

import static com.flashsale.node.processors.Replicas.assertBackupCopies;
import static com.flashsale.node.processors.Replicas.assertNoBackup;
import static com.flashsale.node.processors.Replicas.entry;
import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.node.domain.Order;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProjectOrderTest {

  private final Order placed = Orders.pending(1).withVersion(2);
  private final Order paid = placed.confirmed("ref", Orders.PLACED.plusSeconds(5)).withVersion(3);

  @Test
  void a_new_order_enters_the_read_side_and_is_backed_up() {
    Map.Entry<Long, Order> entry = entry(1L, null);
    ProjectOrder project = new ProjectOrder(placed);

    assertThat(project.process(entry)).isTrue();
    assertThat(entry.getValue()).isEqualTo(placed);
    assertBackupCopies(project, entry, null);
  }

  @Test
  void a_newer_version_replaces_the_older_one() {
    Map.Entry<Long, Order> entry = entry(1L, placed);

    assertThat(new ProjectOrder(paid).process(entry)).isTrue();
    assertThat(entry.getValue()).isEqualTo(paid);
  }

  @Test
  void an_older_or_equal_version_arriving_late_never_replaces_the_newer_one() {
    Map.Entry<Long, Order> entry = entry(1L, paid);
    ProjectOrder late = new ProjectOrder(placed);

    assertThat(late.process(entry)).isFalse();
    assertThat(new ProjectOrder(paid).process(entry)).isFalse();
    assertThat(entry.getValue()).isSameAs(paid);
    assertNoBackup(late);
  }
}
