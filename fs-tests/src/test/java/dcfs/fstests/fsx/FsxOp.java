package dcfs.fstests.fsx;

/**
 * One step of the exerciser, as it appears in the operation log. Offsets and lengths are bytes;
 * the data a write puts comes from the run's seeded generator, so a seed replays the same bytes.
 */
sealed interface FsxOp {
    /** read(2) at an offset, compared with the model. */
    record Read(int offset, int length) implements FsxOp {
        @Override
        public String toString() {
            return "READ     0x" + Integer.toHexString(offset) + " +" + length;
        }
    }

    /** write(2) at an offset; past the end it leaves a hole. */
    record Write(int offset, int length) implements FsxOp {

        @Override
        public String toString() {
            return "WRITE    0x" + Integer.toHexString(offset) + " +" + length;
        }
    }

    /** ftruncate(2) down or up. */
    record Truncate(int size) implements FsxOp {
        @Override
        public String toString() {
            return "TRUNCATE to 0x" + Integer.toHexString(size);
        }
    }

    /** A read through a shared read-only mapping. */
    record MapRead(int offset, int length) implements FsxOp {
        @Override
        public String toString() {
            return "MAPREAD  0x" + Integer.toHexString(offset) + " +" + length;
        }
    }

    /** A write through a shared writable mapping (the file is first extended to cover it), then msync. */
    record MapWrite(int offset, int length) implements FsxOp {

        @Override
        public String toString() {
            return "MAPWRITE 0x" + Integer.toHexString(offset) + " +" + length;
        }
    }

    /** fsync(2). */
    record Fsync() implements FsxOp {
        @Override
        public String toString() {
            return "FSYNC";
        }
    }

    /** close(2) and open(2) again: nothing may depend on one descriptor's cache. */
    record Reopen() implements FsxOp {
        @Override
        public String toString() {
            return "CLOSE/OPEN";
        }
    }
}
