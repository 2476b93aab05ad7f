/**
 * The storage node: {@link dcfs.replicanet.node.NodeServer} (netty server, store, membership) and
 * {@link dcfs.replicanet.node.NodeMain} (what {@code dcfs node run} and local cluster processes run).
 * A connection's handler state lives on its event loop; store completions hop back to it.
 */
package dcfs.replicanet.node;
