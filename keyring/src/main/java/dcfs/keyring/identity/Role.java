package dcfs.keyring.identity;

import java.util.Locale;

/**
 * What a certificate lets its holder do in a network. The role is carried in the certificate's
 * extended key usage, the field TLS stacks already understand: a node serves and connects to
 * peers (serverAuth + clientAuth), a client (a mount, a tool) only connects (clientAuth).
 */
public enum Role {
    /** A storage node: accepts connections from peers and clients, and connects to peers. */
    NODE("node"),
    /** A client (a mount or a command): connects to nodes, never accepts connections. */
    CLIENT("client");

    private final String label;

    Role(String label) {
        this.label = label;
    }

    /** The lower-case name used in files, commands and certificate names. */
    public String label() {
        return label;
    }

    /** The role named {@code text} ("node" or "client", any case). */
    public static Role parse(String text) {
        for (Role r : values()) {
            if (r.label.equals(text.toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role '" + text + "': expected node or client");
    }

    @Override
    public String toString() {
        return label;
    }
}
