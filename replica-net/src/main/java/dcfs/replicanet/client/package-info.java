/**
 * What the filesystem calls: {@link dcfs.replicanet.client.ReplicaClient}. Every call is
 * asynchronous (CompletableFuture), requests are multiplexed over one TLS connection per node, and
 * callbacks (including the caller's {@link dcfs.replicanet.client.ShardAuthenticator}) run on the
 * client's network threads: never block in them. No ByteBuf crosses this package's public API.
 */
package dcfs.replicanet.client;
