package dcfs.proofs.ledger;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;

/**
 * One entry of the reward ledger (docs/proofs.md, "Ledger entry"): linked to its predecessor by
 * hash and signed by the node that recorded it, so any node can check the whole chain.
 */
public record LedgerEntry(long sequence, byte[] previousHash, long timeMillis, EntryKind kind, String nodeId,
                          long amount, String detail, String signerId, byte[] signature) {
    static final int MAX_ID_BYTES = 128;
    static final int MAX_DETAIL_BYTES = 1024;
    static final int MAX_SIGNATURE_BYTES = 160;
    public static final byte[] GENESIS = new byte[32];

    public LedgerEntry {
        if (previousHash.length != 32) {
            throw new IllegalArgumentException("previous hash must be 32 bytes");
        }
        checkLength("node id", nodeId, MAX_ID_BYTES);
        checkLength("signer id", signerId, MAX_ID_BYTES);
        checkLength("detail", detail, MAX_DETAIL_BYTES);
        previousHash = previousHash.clone();
        signature = signature.clone();
    }

    private static void checkLength(String what, String s, int max) {
        if (s.getBytes(StandardCharsets.UTF_8).length > max) {
            throw new IllegalArgumentException(what + " longer than " + max + " bytes");
        }
    }

    /** A new entry after {@code previous} (null for the first), signed with {@code key}. */
    public static LedgerEntry sign(LedgerEntry previous, long timeMillis, EntryKind kind, String nodeId, long amount,
                                   String detail, String signerId, PrivateKey key) throws GeneralSecurityException {
        long seq = previous == null ? 0 : previous.sequence + 1;
        byte[] prev = previous == null ? GENESIS : previous.hash();
        LedgerEntry unsigned = new LedgerEntry(seq, prev, timeMillis, kind, nodeId, amount, detail, signerId, new byte[0]);
        Signature s = Signature.getInstance(algorithm(key.getAlgorithm()));
        s.initSign(key);
        s.update(unsigned.signedBytes());
        return new LedgerEntry(seq, prev, timeMillis, kind, nodeId, amount, detail, signerId, s.sign());
    }

    public boolean verifySignature(PublicKey signerKey) {
        try {
            Signature s = Signature.getInstance(algorithm(signerKey.getAlgorithm()));
            s.initVerify(signerKey);
            s.update(signedBytes());
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String algorithm(String keyAlgorithm) {
        return switch (keyAlgorithm) {
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> throw new IllegalArgumentException("ledger signatures need an EC or Ed25519 key, not " + keyAlgorithm);
        };
    }

    /** Everything but the signature, as signed. */
    byte[] signedBytes() {
        return encode(false);
    }

    public byte[] encode() {
        return encode(true);
    }

    /** SHA-256 of the encoded entry, signature included: what the next entry links to. */
    public byte[] hash() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(encode());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] encode(boolean withSignature) {
        byte[] node = nodeId.getBytes(StandardCharsets.UTF_8);
        byte[] det = detail.getBytes(StandardCharsets.UTF_8);
        byte[] signer = signerId.getBytes(StandardCharsets.UTF_8);
        int size = 1 + 8 + 32 + 8 + 1 + 2 + node.length + 8 + 2 + det.length + 2 + signer.length
                + (withSignature ? 2 + signature.length : 0);
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put((byte) 1); // entry format version
        b.putLong(sequence).put(previousHash).putLong(timeMillis).put((byte) kind.code());
        b.putShort((short) node.length).put(node);
        b.putLong(amount);
        b.putShort((short) det.length).put(det);
        b.putShort((short) signer.length).put(signer);
        if (withSignature) {
            b.putShort((short) signature.length).put(signature);
        }
        return b.array();
    }

    public static LedgerEntry decode(byte[] bytes) throws MalformedLedgerException {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            int version = Byte.toUnsignedInt(b.get());
            if (version != 1) {
                throw new MalformedLedgerException("ledger entry version " + version + " (this build reads 1)");
            }
            long seq = b.getLong();
            byte[] prev = new byte[32];
            b.get(prev);
            long time = b.getLong();
            EntryKind kind = EntryKind.ofCode(Byte.toUnsignedInt(b.get()));
            String node = string(b, MAX_ID_BYTES, "node id");
            long amount = b.getLong();
            String detail = string(b, MAX_DETAIL_BYTES, "detail");
            String signer = string(b, MAX_ID_BYTES, "signer id");
            int sigLen = Short.toUnsignedInt(b.getShort());
            if (sigLen > MAX_SIGNATURE_BYTES) {
                throw new MalformedLedgerException("signature of " + sigLen + " bytes");
            }
            byte[] sig = new byte[sigLen];
            b.get(sig);
            if (b.hasRemaining()) {
                throw new MalformedLedgerException(b.remaining() + " stray bytes after entry " + seq);
            }
            return new LedgerEntry(seq, prev, time, kind, node, amount, detail, signer, sig);
        } catch (BufferUnderflowException e) {
            throw new MalformedLedgerException("ledger entry is truncated");
        }
    }

    private static String string(ByteBuffer b, int max, String what) throws MalformedLedgerException {
        int len = Short.toUnsignedInt(b.getShort());
        if (len > max || len > b.remaining()) {
            throw new MalformedLedgerException(what + " of " + len + " bytes");
        }
        byte[] s = new byte[len];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LedgerEntry e && Arrays.equals(encode(), e.encode());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hash());
    }
}
