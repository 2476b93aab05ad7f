/**
 * Local clusters: {@link dcfs.replicanet.cluster.LocalCluster} (node processes, pid files; what
 * {@code dcfs cluster} runs) and {@link dcfs.replicanet.cluster.EmbeddedCluster} (nodes inside this
 * JVM; what a mount without peers runs), sharing one directory layout
 * ({@link dcfs.replicanet.cluster.ClusterLayout}).
 */
package dcfs.replicanet.cluster;
