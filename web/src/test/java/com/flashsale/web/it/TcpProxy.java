package com.flashsale.web.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP forwarder between the members and PostgreSQL that a test can cut: {@link #cut()} drops every
 * connection and refuses new ones, as a database outage or a network partition would, without stopping
 * the machine's PostgreSQL that other tests share. {@link #restore()} lets connections through again.
 */
public final class TcpProxy implements AutoCloseable {

  private final ServerSocket listener;
  private final String targetHost;
  private final int targetPort;
  private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "tcp-proxy");
    thread.setDaemon(true);
    return thread;
  });
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile boolean cut;

  private TcpProxy(ServerSocket listener, String targetHost, int targetPort) {
    this.listener = listener;
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    threads.submit(this::acceptLoop);
  }

  public static TcpProxy to(String host, int port) {
    return listeningOn(InetAddress.getLoopbackAddress(), host, port);
  }

  /** A forwarder that listens on {@code address} (e.g. a bridge's, for members in network namespaces). */
  public static TcpProxy listeningOn(InetAddress address, String host, int port) {
    try {
      return new TcpProxy(new ServerSocket(0, 100, address), host, port);
    } catch (IOException failed) {
      throw new UncheckedIOException(failed);
    }
  }

  public int port() {
    return listener.getLocalPort();
  }

  public void cut() {
    cut = true;
    open.forEach(TcpProxy::closeQuietly);
    open.clear();
  }

  public void restore() {
    cut = false;
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        if (cut) {
          client.close();
          continue;
        }
        Socket server = new Socket(targetHost, targetPort);
        open.add(client);
        open.add(server);
        threads.submit(() -> pump(client, server));
        threads.submit(() -> pump(server, client));
      } catch (IOException closedOrRefused) {
        if (listener.isClosed()) {
          return;
        }
      }
    }
  }

  private static void pump(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      int read;
      while ((read = in.read(buffer)) >= 0) {
        out.write(buffer, 0, read);
        out.flush();
      }
    } catch (IOException connectionGone) {
      // One side closed or the proxy was cut: close both, so the other side sees it too.
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException alreadyClosed) {
      // Nothing left to release.
      return;
    }
  }

  @Override
  public void close() {
    cut();
    closeQuietly(listener);
    threads.shutdownNow();
  }

  private static void closeQuietly(ServerSocket socket) {
    try {
      socket.close();
    } catch (IOException alreadyClosed) {
      return;
    }
  }
}
