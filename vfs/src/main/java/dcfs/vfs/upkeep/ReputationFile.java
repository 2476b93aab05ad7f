package dcfs.vfs.upkeep;

import dcfs.proofs.reputation.EjectionPolicy;
import dcfs.proofs.reputation.NodeReputation;
import dcfs.proofs.reputation.ReputationBook;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The auditor's {@link ReputationBook} between runs: {@code HOME/upkeep/reputation}, one line per
 * node — {@code node-id passed failed consecutive-failures} — so that failures add up across
 * {@code dcfs audit} runs and a node that keeps failing is ejected. Written whole to a temporary
 * file and moved into place.
 */
public final class ReputationFile {
    public static final String NAME = "reputation";

    private ReputationFile() {
    }

    public static ReputationBook load(Path dir, EjectionPolicy policy) throws IOException {
        ReputationBook book = new ReputationBook(policy);
        Path f = dir.resolve(NAME);
        if (!Files.exists(f)) {
            return book;
        }
        int n = 0;
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            n++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] p = t.split("\\s+");
            try {
                if (p.length != 4) {
                    throw new NumberFormatException("4 fields expected");
                }
                book.restore(new NodeReputation(p[0], Long.parseLong(p[1]), Long.parseLong(p[2]), Integer.parseInt(p[3])));
            } catch (NumberFormatException e) {
                throw new IOException(f + " line " + n + " is not 'node passed failed consecutive': " + t, e);
            }
        }
        return book;
    }

    public static void save(Path dir, ReputationBook book) throws IOException {
        Files.createDirectories(dir);
        List<String> lines = new ArrayList<>();
        lines.add("# node-id passed failed consecutive-failures (dcfs audit)");
        for (NodeReputation r : book.all()) {
            lines.add(r.nodeId() + " " + r.passed() + " " + r.failed() + " " + r.consecutiveFailures());
        }
        Path tmp = dir.resolve(NAME + ".tmp");
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve(NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
