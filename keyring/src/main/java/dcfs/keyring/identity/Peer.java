package dcfs.keyring.identity;

import java.time.Instant;

/**
 * A peer whose certificate chain {@link PeerVerifier} accepted.
 *
 * @param nodeId the peer's id (hash of its public key)
 * @param role what the peer may do
 * @param name the human name given when its certificate was issued (may be empty)
 * @param notAfter when its certificate expires
 */
public record Peer(NodeId nodeId, Role role, String name, Instant notAfter) {
}
