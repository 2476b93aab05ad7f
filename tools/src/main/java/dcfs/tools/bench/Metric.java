package dcfs.tools.bench;

/** What {@code dcfs bench fs} reports for each target; all are rates, higher is better. */
enum Metric {
    SEQ_WRITE("seq_write_mb_s", "seq write (fio, bs 1M, end_fsync)", "MB/s"),
    SEQ_READ("seq_read_mb_s", "seq read after drop_caches (fio, bs 1M)", "MB/s"),
    RAND_READ("rand_read_4k_iops", "random read 4 KiB (fio)", "IOPS"),
    CREATE("create_per_s", "create empty files", "files/s"),
    STAT("stat_per_s", "stat files", "files/s"),
    UNLINK("unlink_per_s", "unlink files", "files/s"),
    SMALL_WRITE("small_write_files_per_s", "write 16 KiB files", "files/s"),
    SMALL_READ("small_read_files_per_s", "read 16 KiB files after drop_caches", "files/s");

    private final String key;
    private final String label;
    private final String unit;

    Metric(String key, String label, String unit) {
        this.key = key;
        this.label = label;
        this.unit = unit;
    }

    String key() {
        return key;
    }

    String label() {
        return label;
    }

    String unit() {
        return unit;
    }
}
