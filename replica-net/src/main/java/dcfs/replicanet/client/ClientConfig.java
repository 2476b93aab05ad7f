package dcfs.replicanet.client;

import dcfs.replicanet.Endpoint;
import dcfs.replicanet.transport.TransportSecurity;
import java.time.Duration;
import java.util.List;

/**
 * How a {@link ReplicaClient} reaches the network.
 *
 * @param security our identity (a client or node certificate of the network)
 * @param seeds nodes to learn the membership from (any live one will do)
 * @param refresh how often the membership view is refreshed
 * @param requestTimeout how long one request to one node may take before the next candidate is asked
 * @param readPolicy which shards a read asks for first
 * @param ioThreads event loops (0: netty's default)
 */
public record ClientConfig(TransportSecurity security, List<Endpoint> seeds, Duration refresh, Duration requestTimeout,
        ReadPolicy readPolicy, int ioThreads) {
    public ClientConfig {
        seeds = List.copyOf(seeds);
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("a client needs at least one node to start from");
        }
    }

    public static ClientConfig of(TransportSecurity security, List<Endpoint> seeds) {
        return new ClientConfig(security, seeds, Duration.ofSeconds(2), Duration.ofSeconds(10), ReadPolicy.ALL_SHARDS, 0);
    }

    public ClientConfig withReadPolicy(ReadPolicy p) {
        return new ClientConfig(security, seeds, refresh, requestTimeout, p, ioThreads);
    }

    public ClientConfig withRefresh(Duration d) {
        return new ClientConfig(security, seeds, d, requestTimeout, readPolicy, ioThreads);
    }

    public ClientConfig withRequestTimeout(Duration d) {
        return new ClientConfig(security, seeds, refresh, d, readPolicy, ioThreads);
    }
}
