package dcfs.vfs.inode;

import java.time.Instant;

/** A timestamp with nanosecond resolution (struct timespec). */
public record Time(long sec, int nsec) implements Comparable<Time> {
    public static final Time EPOCH = new Time(0, 0);

    public Time {
        if (nsec < 0 || nsec > 999_999_999) {
            throw new IllegalArgumentException("nsec out of range: " + nsec);
        }
    }

    public static Time of(Instant instant) {
        return new Time(instant.getEpochSecond(), instant.getNano());
    }

    @Override
    public int compareTo(Time o) {
        int c = Long.compare(sec, o.sec);
        return c != 0 ? c : Integer.compare(nsec, o.nsec);
    }

    @Override
    public String toString() {
        return sec + "." + String.format("%09d", nsec);
    }
}
