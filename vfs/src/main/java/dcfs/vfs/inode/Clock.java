package dcfs.vfs.inode;

import java.time.Instant;

/** Where timestamps come from (tests may fix or step it). */
@FunctionalInterface
public interface Clock {
    Time now();

    Clock SYSTEM = () -> Time.of(Instant.now());
}
