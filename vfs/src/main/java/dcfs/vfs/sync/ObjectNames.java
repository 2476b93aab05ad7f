package dcfs.vfs.sync;

import dcfs.keyring.KeyTree;
import dcfs.vfs.store.FileId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.KDF;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.HKDFParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Names metadata objects: the id an object's stripes are stored under (its "file id") is
 *
 * <pre>
 * names key = HKDF-SHA-256(IKM = metadata key, salt = "dcfs key tree v1", info = "dcfs metadata object names")
 * object id = HMAC-SHA-256(names key, "dcfs/meta-object/v1" ‖ fs id (16) ‖ mount id (16) ‖ u8 kind
 *                                     ‖ u64 first seq ‖ u64 last seq)[0..16)
 * </pre>
 *
 * So only the mnemonic can compute an object's shard ids (the shard-tag key turns the object id into
 * them, as for files), objects of two filesystems or two mounts never share a name, and a retry of
 * the same object by the same mount (same entries, same bytes) lands on the same shards.
 *
 * <p>Thread-safe (a Mac per call).
 */
public final class ObjectNames {
    static final byte[] LABEL = "dcfs/meta-object/v1".getBytes(StandardCharsets.US_ASCII);
    static final String NAMES_INFO = "dcfs metadata object names";
    static final String SALT = "dcfs key tree v1";

    private final byte[] namesKey;

    private ObjectNames(byte[] namesKey) {
        this.namesKey = namesKey;
    }

    public static ObjectNames of(KeyTree keys) {
        SecretKey metadata = keys.metadataKey();
        try {
            KDF hkdf = KDF.getInstance("HKDF-SHA256");
            byte[] k = hkdf.deriveData(HKDFParameterSpec.ofExtract()
                    .addIKM(metadata.getEncoded())
                    .addSalt(SALT.getBytes(StandardCharsets.US_ASCII))
                    .thenExpand(NAMES_INFO.getBytes(StandardCharsets.US_ASCII), 32));
            return new ObjectNames(k);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HKDF-SHA256 is missing from this JVM", e);
        } finally {
            SuperblockSeal.wipe(metadata);
        }
    }

    public FileId objectId(FileId fsId, RandomId mountId, ObjectKind kind, long firstSeq, long lastSeq) {
        ByteBuffer msg = ByteBuffer.allocate(LABEL.length + FileId.BYTES + RandomId.BYTES + 1 + 16);
        msg.put(LABEL);
        fsId.writeTo(msg);
        mountId.writeTo(msg);
        msg.put((byte) kind.code()).putLong(firstSeq).putLong(lastSeq);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(namesKey, "HmacSHA256"));
            return FileId.of(Arrays.copyOf(mac.doFinal(msg.array()), FileId.BYTES), 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
