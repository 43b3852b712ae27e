package com.flashsale.node.jet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What a reconciliation run on a few orders cannot reach; the runs are ReconcilerTest's. */
class ReadSideCheckTest {

  @Test
  void a_partitions_orders_are_looked_up_in_chunks_that_keep_every_order_once_and_in_order() {
    List<Integer> orders = IntStream.range(0, 300).boxed().toList();

    List<List<Integer>> chunks = ReadSideCheck.chunks(orders, 128);

    assertThat(chunks).extracting(List::size).containsExactly(128, 128, 44);
    assertThat(chunks.stream().flatMap(List::stream).toList()).isEqualTo(orders);
    assertThat(ReadSideCheck.chunks(orders.subList(0, 128), 128)).hasSize(1);
    assertThat(ReadSideCheck.chunks(List.of(), 128)).isEmpty();
  }
}
