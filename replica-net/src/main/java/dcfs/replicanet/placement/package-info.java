/**
 * Placement as a pure function of the membership rows and a stripe's placement key
 * ({@link dcfs.replicanet.placement.Topology}): groups by RTT then capacity, copies on distinct groups,
 * rendezvous hashing inside a group. Immutable values; thread-safe.
 */
package dcfs.replicanet.placement;
