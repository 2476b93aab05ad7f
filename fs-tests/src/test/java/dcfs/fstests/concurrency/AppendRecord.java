package dcfs.fstests.concurrency;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * One fixed-size record a writer appends: its writer id, its sequence number, filler derived from
 * both, and a CRC over all that. A record torn by an interleaved write, or shifted, fails its CRC.
 *
 * <pre>w03 s0000123 qrstuvw...qrs c1a2b3c4d\n</pre>
 */
record AppendRecord(int writer, int sequence) {
    static final int SIZE = 128;

    byte[] bytes() {
        StringBuilder b = new StringBuilder(String.format("w%02d s%07d ", writer, sequence));
        int fill = SIZE - b.length() - " c12345678\n".length();
        for (int i = 0; i < fill; i++) {
            b.append((char) ('a' + (writer * 7 + sequence + i) % 26));
        }
        byte[] head = b.toString().getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(head);
        return (b + String.format(" c%08x\n", crc.getValue())).getBytes(StandardCharsets.US_ASCII);
    }

    /** The record at {@code offset} of {@code data}, or empty if those bytes are not one whole record. */
    static Optional<AppendRecord> parse(byte[] data, int offset) {
        if (offset + SIZE > data.length) {
            return Optional.empty();
        }
        String s = new String(data, offset, SIZE, StandardCharsets.US_ASCII);
        if (!s.matches("w\\d{2} s\\d{7} [a-z]+ c[0-9a-f]{8}\n")) {
            return Optional.empty();
        }
        AppendRecord r = new AppendRecord(Integer.parseInt(s.substring(1, 3)), Integer.parseInt(s.substring(5, 12)));
        return java.util.Arrays.equals(r.bytes(), 0, SIZE, data, offset, offset + SIZE) ? Optional.of(r) : Optional.empty();
    }
}
