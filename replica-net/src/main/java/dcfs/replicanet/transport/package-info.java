/**
 * Connections: event loops (epoll or NIO), TLS 1.3 mutual authentication from keyring identities
 * ({@link dcfs.replicanet.transport.TransportSecurity}, the one place TLS is configured), and the
 * client side of a node connection ({@link dcfs.replicanet.transport.Connection}: request ids,
 * in-flight limit, timeouts, CANCEL).
 */
package dcfs.replicanet.transport;
