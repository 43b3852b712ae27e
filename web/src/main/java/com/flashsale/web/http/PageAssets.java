package com.flashsale.web.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The files of a page the members serve themselves (the dashboard, the shopper's page): a fixed list read from the
 * classpath once at start, so nothing else on the classpath can be fetched and nothing comes from a CDN, each
 * served with the page's Content-Security-Policy, no sniffing, no referrer and no caching without revalidation.
 * A name that is not on the list is 404 NOT_FOUND in the API's JSON shape.
 */
public final class PageAssets {

  /** Scripts, styles and data from this origin only, nothing inline; no framing; no forms or base elsewhere. */
  public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
      + "connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

  private final String page;
  private final Map<String, String> contentTypes;
  private final Map<String, byte[]> files;

  /** The files named in {@code contentTypes} (name → content type), from the classpath folder {@code folder}. */
  public PageAssets(String page, String folder, Map<String, String> contentTypes) {
    this.page = page;
    this.contentTypes = Map.copyOf(contentTypes);
    this.files = Map.copyOf(contentTypes.keySet().stream()
        .collect(Collectors.toMap(name -> name, name -> read(folder + "/" + name))));
  }

  public void serve(Context ctx, String name) {
    byte[] content = files.get(name);
    if (content == null) {
      throw ApiError.of(ErrorCode.NOT_FOUND, "The " + page + " has no such file.");
    }
    ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    ctx.header("X-Content-Type-Options", "nosniff");
    // A shopper's token may sit in the page's fragment: no referrer leaves a page, whatever the browser's default.
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cache-Control", "no-cache");
    ctx.contentType(contentTypes.get(name)).result(content);
  }

  private static byte[] read(String path) {
    try (InputStream in = PageAssets.class.getResourceAsStream("/" + path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException unreadable) {
      throw new UncheckedIOException(unreadable);
    }
  }
}
