package dcfs.proofs.audit;

import dcfs.proofs.merkle.MerklePath;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A node's answer to an {@link AuditChallenge}: the asked leaves with their Merkle paths, in the
 * challenge's order. Encoded as in docs/proofs.md, "Audit proof encoding"; decoding bounds every
 * count and length by the input it has, so a hostile peer cannot make the verifier allocate freely.
 */
public record AuditProof(long shardLength, List<Leaf> leaves) {
    /** One shown leaf. */
    public record Leaf(byte[] bytes, MerklePath path) {
    }

    public AuditProof {
        leaves = List.copyOf(leaves);
    }

    public byte[] encode() {
        int size = 8 + 2;
        for (Leaf l : leaves) {
            size += 4 + 4 + l.bytes().length + 1 + l.path().encodedSize();
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putLong(shardLength);
        b.putShort((short) leaves.size());
        for (Leaf l : leaves) {
            b.putInt(l.path().index());
            b.putInt(l.bytes().length);
            b.put(l.bytes());
            b.put((byte) l.path().siblings().size());
            for (byte[] s : l.path().siblings()) {
                b.put((byte) s.length);
                b.put(s);
            }
        }
        return b.array();
    }

    /**
     * @throws MalformedProofException for anything that is not a well-formed proof within the limits
     */
    public static AuditProof decode(byte[] encoded, int maxLeafSize) throws MalformedProofException {
        try {
            ByteBuffer b = ByteBuffer.wrap(encoded);
            long shardLength = b.getLong();
            if (shardLength < 0) {
                throw new MalformedProofException("negative shard length");
            }
            int count = Short.toUnsignedInt(b.getShort());
            if (count > AuditChallenge.MAX_SAMPLES) {
                throw new MalformedProofException("proof shows " + count + " leaves, at most "
                        + AuditChallenge.MAX_SAMPLES + " allowed");
            }
            List<Leaf> leaves = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int index = b.getInt();
                int len = b.getInt();
                if (len < 0 || len > maxLeafSize || len > b.remaining()) {
                    throw new MalformedProofException("leaf " + i + " claims " + len + " bytes");
                }
                byte[] bytes = new byte[len];
                b.get(bytes);
                int depth = Byte.toUnsignedInt(b.get());
                if (depth > 40) {
                    throw new MalformedProofException("path of leaf " + i + " is " + depth + " levels deep");
                }
                List<byte[]> siblings = new ArrayList<>(depth);
                for (int d = 0; d < depth; d++) {
                    int sl = Byte.toUnsignedInt(b.get());
                    if (sl != 0 && sl != 32) {
                        throw new MalformedProofException("sibling hash of " + sl + " bytes");
                    }
                    byte[] s = new byte[sl];
                    b.get(s);
                    siblings.add(s);
                }
                leaves.add(new Leaf(bytes, new MerklePath(index, siblings)));
            }
            if (b.hasRemaining()) {
                throw new MalformedProofException(b.remaining() + " bytes after the proof");
            }
            return new AuditProof(shardLength, leaves);
        } catch (BufferUnderflowException e) {
            throw new MalformedProofException("proof is truncated");
        }
    }
}
