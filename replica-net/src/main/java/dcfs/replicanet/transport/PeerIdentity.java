package dcfs.replicanet.transport;

import dcfs.replicanet.MemberId;

/**
 * Who is on the other end of a connection, as its TLS certificate proved.
 *
 * @param id the peer's id (hash of its public key); null on plaintext test transports
 * @param node true for a storage node, false for a client (a mount, a tool)
 * @param name the name given when its certificate was issued (may be empty)
 */
public record PeerIdentity(MemberId id, boolean node, String name) {
    /** The identity assumed for every peer of a plaintext transport (unit tests only). */
    public static final PeerIdentity UNAUTHENTICATED_NODE = new PeerIdentity(null, true, "plaintext");

    public String describe() {
        return (node ? "node " : "client ") + (id == null ? "?" : id.shortForm()) + (name.isEmpty() ? "" : " (" + name + ")");
    }
}
