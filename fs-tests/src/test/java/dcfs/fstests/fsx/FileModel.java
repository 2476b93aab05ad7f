package dcfs.fstests.fsx;

import java.util.Arrays;

/**
 * What the file under exercise must contain: its bytes and its size. Bytes past the size are kept
 * at zero, so a hole made by extending (truncate up, a write past the end) reads as zeros.
 */
final class FileModel {
    private final byte[] bytes;
    private int size;

    FileModel(int capacity) {
        this.bytes = new byte[capacity];
    }

    int size() {
        return size;
    }

    int capacity() {
        return bytes.length;
    }

    void write(int offset, byte[] data) {
        System.arraycopy(data, 0, bytes, offset, data.length);
        size = Math.max(size, offset + data.length);
    }

    void truncate(int newSize) {
        if (newSize < size) {
            Arrays.fill(bytes, newSize, size, (byte) 0);
        }
        size = newSize;
    }

    byte[] slice(int offset, int length) {
        return Arrays.copyOfRange(bytes, offset, offset + length);
    }

    /** The first offset (relative to {@code offset}) where {@code actual} differs from the model, or -1. */
    int firstDifference(int offset, byte[] actual) {
        int n = Arrays.mismatch(bytes, offset, offset + actual.length, actual, 0, actual.length);
        return n;
    }
}
