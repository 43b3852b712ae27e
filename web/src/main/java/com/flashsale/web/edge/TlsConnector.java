package com.flashsale.web.edge;

import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The API's HTTPS connector, used instead of plain HTTP when {@code FLASHSALE_TLS_KEYSTORE} is set: the
 * certificate and key come from that PKCS12 keystore; TLS 1.2 and 1.3 with Jetty's default cipher suites
 * (which exclude the weak ones), HTTP/1.1 inside. Requests learn they came over TLS (SecureRequestCustomizer).
 */
public final class TlsConnector {

  private TlsConnector() {}

  public static ServerConnector on(Server server, HttpConfiguration plain, EdgeSettings.Tls tls, int port) {
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStorePath(tls.keystore().toAbsolutePath().toString());
    ssl.setKeyStoreType("PKCS12");
    ssl.setKeyStorePassword(tls.password());
    ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
    HttpConfiguration secure = new HttpConfiguration(plain);
    secure.setSecureScheme("https");
    SecureRequestCustomizer customizer = new SecureRequestCustomizer();
    // Clients reach the API by IP or by any name: the certificate is the operator's business, not SNI's.
    customizer.setSniHostCheck(false);
    secure.addCustomizer(customizer);
    ServerConnector connector = new ServerConnector(server,
        new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory(secure));
    connector.setPort(port);
    return connector;
  }
}
