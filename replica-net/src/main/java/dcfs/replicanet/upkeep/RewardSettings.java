package dcfs.replicanet.upkeep;

import dcfs.proofs.ledger.RewardParameters;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The network's reward parameters as a file, {@code rewards.properties}, kept in the network
 * directory and copied into every node's directory beside {@code network.crt} (docs/proofs.md,
 * "Rewards"). Keys: {@code pool} (SP, micro-units a period), {@code capacity-share} (PMA),
 * {@code storage-share} (PMB), {@code serving-reward} (micro-units). A missing file or key means
 * the default ({@link RewardParameters#DEFAULT}).
 */
public final class RewardSettings {
    public static final String FILE = "rewards.properties";

    private RewardSettings() {
    }

    /** The parameters in {@code dir/rewards.properties}, or the defaults. */
    public static RewardParameters load(Path dir) throws IOException {
        Path f = dir.resolve(FILE);
        if (!Files.exists(f)) {
            return RewardParameters.DEFAULT;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        RewardParameters d = RewardParameters.DEFAULT;
        try {
            return new RewardParameters(
                    Long.parseLong(p.getProperty("pool", Long.toString(d.dailyPool())).trim()),
                    Double.parseDouble(p.getProperty("capacity-share", Double.toString(d.capacityShare())).trim()),
                    Double.parseDouble(p.getProperty("storage-share", Double.toString(d.storageShare())).trim()),
                    Long.parseLong(p.getProperty("serving-reward", Long.toString(d.servingReward())).trim()));
        } catch (IllegalArgumentException e) {
            throw new IOException(f + ": " + e.getMessage(), e);
        }
    }
}
