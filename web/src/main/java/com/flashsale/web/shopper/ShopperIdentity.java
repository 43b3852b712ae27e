package com.flashsale.web.shopper;

import com.flashsale.node.domain.Ids;
import com.flashsale.web.edge.EdgeSettings;
import com.flashsale.web.http.ApiError;
import com.flashsale.web.http.ErrorCode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.proc.SingleKeyJWSKeySelector;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.MalformedURLException;
import java.text.ParseException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;

/**
 * Who the shopper is. With a JWT key configured (a shared secret, a public key, or the issuer's JWKS URL),
 * every shopper call carries {@code Authorization: Bearer <JWT>} (signature, {@code exp}, {@code nbf}, and
 * {@code iss}/{@code aud} when configured, checked by Nimbus JOSE+JWT);
 * its {@code sub} is the user, and a call may act only as that user: a body {@code userId} that differs is
 * 403 FORBIDDEN, another user's order is 404 as if it did not exist, another user's order list is 403.
 * Without a key the API is open and every check here admits the call. The operator API keeps its own token.
 */
final class ShopperIdentity {

  private static final String SUBJECT = "flashsale.shopper";

  private final ConfigurableJWTProcessor<SecurityContext> processor;

  private ShopperIdentity(ConfigurableJWTProcessor<SecurityContext> processor) {
    this.processor = processor;
  }

  static ShopperIdentity of(EdgeSettings.Jwt jwt) {
    if (jwt == null) {
      return new ShopperIdentity(null);
    }
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(keySelector(jwt));
    JWTClaimsSet exact = jwt.issuer() == null ? new JWTClaimsSet.Builder().build()
        : new JWTClaimsSet.Builder().issuer(jwt.issuer()).build();
    // Mutable sets: Nimbus asks them whether they contain null, which the Set.of kind refuses to answer.
    DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
        jwt.audience() == null ? null : new HashSet<>(Set.of(jwt.audience())), exact, new HashSet<>(Set.of("sub", "exp")),
        new HashSet<>());
    claims.setMaxClockSkew(jwt.clockSkewSeconds());
    processor.setJWTClaimsSetVerifier(claims);
    return new ShopperIdentity(processor);
  }

  private static JWSKeySelector<SecurityContext> keySelector(EdgeSettings.Jwt jwt) {
    if (jwt.hmacSecret() != null) {
      return new SingleKeyJWSKeySelector<>(JWSAlgorithm.HS256, new SecretKeySpec(jwt.hmacSecret(), "HmacSHA256"));
    }
    if (jwt.rsaPublicKeyPem() != null) {
      return new SingleKeyJWSKeySelector<>(JWSAlgorithm.RS256, jwt.rsaPublicKey());
    }
    // Nimbus's defaults: the set is cached for 5 minutes; a token naming a key the cache lacks (a rotation)
    // fetches it again at once, rate-limited per 30 s window so forged key ids cannot flood the issuer; a failed
    // fetch is retried once.
    JWKSource<SecurityContext> keys;
    try {
      keys = JWKSourceBuilder.<SecurityContext>create(jwt.jwksUrl().toURL()).retrying(true).build();
    } catch (MalformedURLException notAUrl) {
      throw new IllegalArgumentException("FLASHSALE_JWT_JWKS_URL must be an http(s) URL", notAUrl);
    }
    return new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256), keys);
  }

  boolean enabled() {
    return processor != null;
  }

  void register(RoutesConfig routes) {
    if (enabled()) {
      routes.before("/api/*", this::authenticate);
    }
  }

  private void authenticate(Context ctx) {
    if (ctx.path().startsWith("/api/admin/")) {
      return;
    }
    String authorization = ctx.header("Authorization");
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw unauthorized(ctx, "Shopper calls need the header Authorization: Bearer <token>.");
    }
    ctx.attribute(SUBJECT, subjectOf(ctx, authorization.substring(7).trim()));
  }

  private String subjectOf(Context ctx, String token) {
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
    } catch (BadJWTException rejected) {
      throw unauthorized(ctx, describe(rejected));
    } catch (RateLimitReachedException unknownKeyAgain) {
      // The key set was fetched as often as the rate limit allows and this token names none of its keys.
      throw unauthorized(ctx, "The token is not signed with a key this API knows.");
    } catch (KeySourceException issuerUnreachable) {
      // The token may well be good: the issuer's key set could not be fetched. Not the shopper's fault.
      throw ApiError.of(ErrorCode.UNAVAILABLE, "The token's keys could not be fetched from its issuer; retry shortly.")
          .retryAfter(5);
    } catch (ParseException | BadJOSEException | JOSEException | RuntimeException invalid) {
      throw unauthorized(ctx, "The token is not a valid signed JWT for this API.");
    }
    String subject = claims.getSubject();
    if (!Ids.isValid(subject)) {
      throw unauthorized(ctx, "The token's sub is not a valid user id (1..64 characters of [A-Za-z0-9._:-]).");
    }
    return subject;
  }

  private static String describe(BadJWTException rejected) {
    String reason = String.valueOf(rejected.getMessage()).toLowerCase(Locale.ROOT);
    if (reason.contains("expired")) {
      return "The token has expired.";
    }
    if (reason.contains("before use time")) {
      return "The token is not valid yet (nbf).";
    }
    return "The token's claims are not accepted by this API (issuer, audience, sub or exp).";
  }

  private static ApiError unauthorized(Context ctx, String message) {
    ctx.header("WWW-Authenticate", "Bearer realm=\"flashsale\"");
    return ApiError.of(ErrorCode.UNAUTHORIZED, message);
  }

  /** The authenticated user of this call; empty when the API runs open. */
  static Optional<String> shopper(Context ctx) {
    return Optional.ofNullable(ctx.attribute(SUBJECT));
  }

  /** Refuses (403) a call that names a user other than the one its token is for. */
  static void requireSelf(Context ctx, String userId) {
    shopper(ctx).filter(subject -> !subject.equals(userId)).ifPresent(other -> {
      throw ApiError.of(ErrorCode.FORBIDDEN, "The token is for another user than " + userId + ".");
    });
  }

  /** Whether the caller may see a resource of {@code userId}: always when open, else only their own. */
  static boolean mayAccess(Context ctx, String userId) {
    return shopper(ctx).map(subject -> subject.equals(userId)).orElse(true);
  }
}
