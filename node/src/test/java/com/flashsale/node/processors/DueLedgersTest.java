package com.flashsale.node.processors;

import static org.assertj.core.api.Assertions.assertThat;

import com.flashsale.node.domain.ProductKey;
import org.junit.jupiter.api.Test;

class DueLedgersTest {

  private static final ProductKey A = new ProductKey("s", "a");
  private static final ProductKey B = new ProductKey("s", "b");
  private static final ProductKey C = new ProductKey("t", "a");

  private final DueLedgers due = new DueLedgers();

  @Test
  void taking_the_due_ledgers_returns_those_due_by_now_earliest_first_and_leaves_the_others() {
    due.record(A, 300);
    due.record(B, 100);
    due.record(C, 200);

    assertThat(due.takeDue(250)).containsExactly(B, C);
    assertThat(due.takeDue(250)).as("taken out").isEmpty();
    assertThat(due.takeDue(300)).containsExactly(A);
    assertThat(due.size()).isZero();
  }

  @Test
  void a_ledger_is_indexed_under_its_latest_deadline_only() {
    due.record(A, 100);
    due.record(A, 500);

    assertThat(due.takeDue(400)).isEmpty();
    assertThat(due.takeDue(500)).containsExactly(A);
  }

  @Test
  void a_ledger_without_an_unpaid_order_leaves_the_index() {
    due.record(A, 100);
    due.record(A, Long.MAX_VALUE);

    assertThat(due.contains(A)).isFalse();
    assertThat(due.takeDue(Long.MAX_VALUE - 1)).isEmpty();
  }

  @Test
  void a_ledger_put_back_after_a_failed_sweep_is_due_again_unless_recorded_earlier_since() {
    due.record(A, 100);
    due.record(B, 100);
    assertThat(due.takeDue(100)).containsExactly(A, B);

    due.record(B, 50);
    due.retry(A, 100);
    due.retry(B, 100);

    assertThat(due.takeDue(99)).containsExactly(B);
    assertThat(due.takeDue(100)).containsExactly(A);
  }

  @Test
  void clearing_forgets_every_ledger() {
    due.record(A, 100);
    due.record(B, 200);

    due.clear();

    assertThat(due.size()).isZero();
    assertThat(due.takeDue(Long.MAX_VALUE - 1)).isEmpty();
  }
}
