// A JDK-only HTTPS server that requires a client certificate: what a Spring
// Boot service with server.ssl.client-auth=need does underneath.
//
//   java MtlsServer PORT KEYSTORE.p12 TRUSTSTORE.p12 PASSWORD-FILE
//
// Both stores are PKCS#12 files with the same password (first line of the
// file). Prints "ready" once it listens; answers each request with the
// client certificate's subject.
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

public class MtlsServer {
    static KeyStore load(String path, char[] password) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(path)) {
            ks.load(in, password);
        }
        return ks;
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        char[] password = Files.readAllLines(Paths.get(args[3])).get(0).toCharArray();
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(load(args[1], password), password);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(load(args[2], password));
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        SSLServerSocket server = (SSLServerSocket) ctx.getServerSocketFactory()
                .createServerSocket(port, 50, InetAddress.getLoopbackAddress());
        server.setNeedClientAuth(true);
        System.out.println("ready");
        System.out.flush();
        while (true) {
            try (SSLSocket s = (SSLSocket) server.accept()) {
                s.setSoTimeout(10000);
                s.startHandshake();
                String who = s.getSession().getPeerPrincipal().getName();
                BufferedReader in = new BufferedReader(
                        new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                String line;
                while ((line = in.readLine()) != null && !line.isEmpty()) {
                    // the request head; nothing in it matters here
                }
                byte[] body = ("hello " + who + "\n").getBytes(StandardCharsets.UTF_8);
                OutputStream out = s.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\nContent-Length: "
                        + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
            } catch (Exception e) {
                System.err.println("refused: " + e);
            }
        }
    }
}
