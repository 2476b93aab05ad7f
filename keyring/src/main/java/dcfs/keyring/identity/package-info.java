/**
 * Network and node identities for mutual TLS 1.3 between nodes and clients (docs/network-identity.md).
 *
 * <p>A {@link dcfs.keyring.identity.NetworkAuthority} holds a network's admission key (ECDSA P-256)
 * and self-signed certificate; it issues {@link dcfs.keyring.identity.NodeIdentity node and client
 * identities} and signs the {@link dcfs.keyring.identity.RevocationList}. A
 * {@link dcfs.keyring.identity.PeerVerifier} decides, from the network certificate alone, whether a
 * peer's certificate makes it a member, and names it by its {@link dcfs.keyring.identity.NodeId}.
 *
 * <p>These keys have nothing to do with a filesystem's keys (the BIP32 tree): a node never holds a
 * key of any filesystem it stores shards for.
 *
 * <p>Threads: {@code PeerVerifier}, {@code NodeIdentity} and {@code NetworkAuthority} are safe to
 * share; {@code NetworkAuthority}'s mutations are synchronized on the instance but not across
 * processes (one administrator per directory at a time).
 */
package dcfs.keyring.identity;
