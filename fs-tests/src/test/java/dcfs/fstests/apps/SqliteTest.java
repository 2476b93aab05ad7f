package dcfs.fstests.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dcfs.fstests.mount.MountedFilesystem;
import dcfs.fstests.mount.MountExtension;
import dcfs.fstests.mount.Scratch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * sqlite3 with its database in the mount, in WAL mode (a shared-memory file mapped by every
 * connection, fsync at each commit): a few thousand transactions of inserts, updates and deletes,
 * then an integrity check and exact row counts, again after a checkpoint and after unmounting and
 * mounting the filesystem again.
 */
@ExtendWith(MountExtension.class)
class SqliteTest {
    private static final int TRANSACTIONS = Boolean.getBoolean("dcfs.long") ? 20_000 : 2_000;

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void walTransactionsSurviveCheckpointAndRemount(MountedFilesystem fs, Scratch scratch) throws Exception {
        Path db = scratch.dir().resolve("test.db");
        Commands sqlite = new Commands(scratch.dir());
        assertEquals("wal", sqlite.run("sqlite3", db.toString(), "PRAGMA journal_mode=WAL;").strip());
        sqlite.runWithInput(script().getBytes(StandardCharsets.UTF_8), "sqlite3", "-bail", db.toString());

        String expected = expectedState();
        assertEquals("ok", sqlite.run("sqlite3", db.toString(), "PRAGMA integrity_check;").strip());
        assertEquals(expected, state(sqlite, db), "rows after " + TRANSACTIONS + " transactions");

        sqlite.run("sqlite3", db.toString(), "PRAGMA wal_checkpoint(TRUNCATE);");
        assertEquals(expected, state(sqlite, db), "rows after a checkpoint");

        fs.remount();
        assertEquals("ok", sqlite.run("sqlite3", db.toString(), "PRAGMA integrity_check;").strip(), "integrity after remount");
        assertEquals(expected, state(sqlite, db), "rows after remount");
        assertEquals("wal", sqlite.run("sqlite3", db.toString(), "PRAGMA journal_mode;").strip());
    }

    /**
     * Transaction i inserts row i with n = i, bumps a counter, every 10th updates an earlier row
     * (n += 1000) and every 7th deletes the row before it.
     */
    private static String script() {
        StringBuilder s = new StringBuilder("PRAGMA journal_mode=WAL;\nPRAGMA synchronous=FULL;\n"
                + "CREATE TABLE t(id INTEGER PRIMARY KEY, n INTEGER NOT NULL, payload TEXT NOT NULL);\n"
                + "CREATE TABLE counter(k TEXT PRIMARY KEY, v INTEGER NOT NULL);\n"
                + "CREATE INDEX t_n ON t(n);\nINSERT INTO counter VALUES('tx', 0);\n");
        for (int i = 1; i <= TRANSACTIONS; i++) {
            s.append("BEGIN;\nINSERT INTO t VALUES(").append(i).append(", ").append(i).append(", printf('%0*d', ")
                    .append(50 + i % 400).append(", ").append(i).append("));\n");
            s.append("UPDATE counter SET v = v + 1 WHERE k = 'tx';\n");
            if (i % 10 == 0) {
                s.append("UPDATE t SET n = n + 1000 WHERE id = ").append(i / 2).append(";\n");
            }
            if (i % 7 == 0) {
                s.append("DELETE FROM t WHERE id = ").append(i - 1).append(";\n");
            }
            s.append("COMMIT;\n");
        }
        return s.toString();
    }

    /** The same rules played in Java: row count, sum of n, and the counter. */
    private static String expectedState() {
        java.util.TreeMap<Integer, Long> rows = new java.util.TreeMap<>();
        for (int i = 1; i <= TRANSACTIONS; i++) {
            rows.put(i, (long) i);
            if (i % 10 == 0) {
                rows.computeIfPresent(i / 2, (k, n) -> n + 1000);
            }
            if (i % 7 == 0) {
                rows.remove(i - 1);
            }
        }
        long sum = rows.values().stream().mapToLong(Long::longValue).sum();
        return rows.size() + "|" + sum + "|" + TRANSACTIONS;
    }

    private static String state(Commands sqlite, Path db) throws Exception {
        return sqlite.run("sqlite3", db.toString(),
                "SELECT (SELECT count(*) FROM t) || '|' || (SELECT sum(n) FROM t) || '|' || (SELECT v FROM counter);").strip();
    }
}
