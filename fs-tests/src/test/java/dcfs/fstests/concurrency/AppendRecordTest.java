package dcfs.fstests.concurrency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The record and version formats the concurrency test relies on: whole ones parse, torn ones do not. */
class AppendRecordTest {
    @Test
    void aWholeRecordParsesBack() {
        AppendRecord r = new AppendRecord(3, 1234);
        byte[] b = r.bytes();
        assertEquals(AppendRecord.SIZE, b.length);
        assertEquals(Optional.of(r), AppendRecord.parse(b, 0));
    }

    @Test
    void aTornRecordIsRejected() {
        byte[] a = new AppendRecord(1, 5).bytes();
        byte[] b = new AppendRecord(2, 5).bytes();
        byte[] torn = a.clone();
        System.arraycopy(b, 40, torn, 40, 50);
        assertTrue(AppendRecord.parse(torn, 0).isEmpty());
        byte[] shifted = new byte[AppendRecord.SIZE + 1];
        System.arraycopy(a, 0, shifted, 1, AppendRecord.SIZE);
        assertTrue(AppendRecord.parse(shifted, 0).isEmpty());
    }

    @Test
    void versionsAreRecognisedOnlyWhole() {
        byte[] v = Versioned.content(12);
        assertEquals(OptionalInt.of(12), Versioned.versionOf(v));
        assertTrue(Versioned.versionOf(java.util.Arrays.copyOf(v, v.length - 4)).isEmpty());
        byte[] mixed = v.clone();
        System.arraycopy(Versioned.content(13), 100, mixed, 100, 50);
        assertTrue(Versioned.versionOf(mixed).isEmpty());
    }
}
