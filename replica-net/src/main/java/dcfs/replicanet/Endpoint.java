package dcfs.replicanet;

import java.net.InetSocketAddress;

/**
 * A node's listen address as users write it ("127.0.0.1:7401", "[::1]:7401", "node3.lan:7401").
 *
 * @param host a host name or literal address, at most 255 bytes of UTF-8
 * @param port 1..65535 (0 only for "pick a free port" when listening)
 */
public record Endpoint(String host, int port) {
    public Endpoint {
        if (host == null || host.isEmpty() || host.length() > 255) {
            throw new IllegalArgumentException("host must be 1..255 characters");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
    }

    /** Parses HOST:PORT or [V6]:PORT; the message says what was wrong. */
    public static Endpoint parse(String text) {
        String t = text.trim();
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not HOST:PORT");
        }
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has no numeric port");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("'" + text + "': port must be 0..65535");
        }
        return new Endpoint(host, port);
    }

    public static Endpoint of(InetSocketAddress address) {
        return new Endpoint(address.getHostString(), address.getPort());
    }

    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
