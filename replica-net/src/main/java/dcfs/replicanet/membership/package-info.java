/**
 * Membership and health: gossip over the node protocol's mutual TLS (docs/wire-protocol.md,
 * "Membership"), local failure detection, RTT minima, host health reports. Table state is guarded
 * by the {@link dcfs.replicanet.membership.Membership} instance; gossip rounds run on one timer thread.
 */
package dcfs.replicanet.membership;
