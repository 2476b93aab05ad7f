package dcfs.vfs.inode;

/** One half of utimensat(2): set to a value, to now (UTIME_NOW), or leave alone (UTIME_OMIT). */
public sealed interface TimeChange {
    record Now() implements TimeChange {
    }

    record Omit() implements TimeChange {
    }

    record Set(Time time) implements TimeChange {
    }

    TimeChange NOW = new Now();
    TimeChange OMIT = new Omit();

    static TimeChange to(Time t) {
        return new Set(t);
    }
}
