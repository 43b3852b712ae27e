package com.flashsale.web.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.core.OperationTimeoutException;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Failures become answers by their type: every way the grid says "not now" is 503 UNAVAILABLE with
 * {@code Retry-After}, however deep it is wrapped, and a message that merely sounds like it is not.
 */
class ErrorMappingTest {

  private static final List<Throwable> GRID_FAILURES = List.of(
      new HazelcastInstanceNotActiveException(),
      new MemberLeftException("member left"),
      new TargetNotMemberException("not a member"),
      new TargetDisconnectedException("disconnected"),
      new IndeterminateOperationStateException("backup did not answer"),
      new OperationTimeoutException("timed out"),
      new SplitBrainProtectionException("no quorum"));

  private static final List<Function<Throwable, Throwable>> WRAPPERS = List.of(
      failure -> failure,
      CompletionException::new,
      ExecutionException::new,
      failure -> new CompletionException(new ExecutionException(failure)),
      failure -> new IllegalStateException("a library wrapped it", failure),
      failure -> new RuntimeException(new RuntimeException(new CompletionException(failure))));

  @Test
  void every_grid_failure_however_wrapped_is_503_unavailable_with_retry_after() {
    for (Throwable failure : GRID_FAILURES) {
      for (Function<Throwable, Throwable> wrap : WRAPPERS) {
        Throwable thrown = wrap.apply(failure);

        ApiError answer = ErrorMapping.toApiError(thrown, "POST /api/sales/s/orders");

        assertThat(answer.status()).as("status for " + thrown).isEqualTo(503);
        assertThat(answer.code()).as("code for " + thrown).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(answer.retryAfterSeconds()).as("Retry-After for " + thrown).isEqualTo(1);
      }
    }
  }

  @Test
  void an_exception_whose_message_only_mentions_shutting_down_is_a_defect_not_a_grid_failure() {
    ApiError answer = ErrorMapping.toApiError(new IllegalStateException("the cache is shutting down"), "GET /api/sales");

    assertThat(answer.status()).isEqualTo(500);
    assertThat(answer.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
  }

  @Test
  void an_api_error_inside_a_completion_keeps_its_own_status() {
    ApiError refused = ApiError.of(ErrorCode.RATE_LIMITED, "slow down").retryAfter(2);

    ApiError answer = ErrorMapping.toApiError(new CompletionException(refused), "POST /api/sales/s/orders");

    assertThat(answer).isSameAs(refused);
  }

  @Test
  void statuses_chosen_by_jetty_or_javalin_map_to_one_code_each() {
    assertThat(ErrorMapping.forStatus(404, "GET /x").code()).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(ErrorMapping.forStatus(405, "PUT /x").code()).isEqualTo(ErrorCode.METHOD_NOT_ALLOWED);
    assertThat(ErrorMapping.forStatus(431, "GET /x").code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
    assertThat(ErrorMapping.forStatus(400, "GET /x").code()).isEqualTo(ErrorCode.INVALID_REQUEST);
    ApiError stopping = ErrorMapping.forStatus(503, "GET /x");
    assertThat(stopping.code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(stopping.retryAfterSeconds()).isEqualTo(1);
  }

  @Test
  void a_status_chosen_by_jetty_is_kept_on_the_wire_whatever_status_its_code_has_elsewhere() {
    ApiError uriTooLong = ErrorMapping.forStatus(414, "GET request");
    ApiError headersTooLarge = ErrorMapping.forStatus(431, "GET request");

    assertThat(uriTooLong.status()).isEqualTo(414);
    assertThat(headersTooLarge.status()).isEqualTo(431);
    assertThat(headersTooLarge.body()).containsEntry("error", "PAYLOAD_TOO_LARGE");
    assertThat(headersTooLarge.retryAfterSeconds()).isNull();
  }

  @Test
  void an_error_takes_its_status_from_its_code_and_its_body_names_the_code() {
    ApiError limit = ApiError.of(ErrorCode.LIMIT_EXCEEDED, "over").with("limit", 2).with("held", 2);

    assertThat(limit.status()).isEqualTo(409);
    assertThat(limit.retryAfterSeconds()).isNull();
    assertThat(limit.body()).containsExactly(Map.entry("error", "LIMIT_EXCEEDED"),
        Map.entry("message", "over"), Map.entry("limit", 2), Map.entry("held", 2));
    assertThat(ApiError.of(ErrorCode.RATE_LIMITED, "slow down").retryAfter(3).status()).isEqualTo(429);
  }
}
