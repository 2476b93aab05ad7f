package dcfs.keyring.identity;

import dcfs.keyring.internal.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.BufferUnderflowException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The network's signed list of revoked node and client ids, so an ejected node is refused by
 * every peer. Revocation is by {@link NodeId} (the key), not by certificate serial as in an X.509
 * CRL: ejecting a node must refuse its key whatever certificate it shows, and peers gossip the list
 * with the highest sequence number. Format v1 (docs/network-identity.md), all integers big-endian:
 *
 * <pre>
 * offset  size  field
 *  0       8    magic "dcfs-rvl"
 *  8       1    version = 1
 *  9      32    network id (SHA-256 of the admission key's SubjectPublicKeyInfo)
 * 41       8    sequence (u64, 0 for the first, empty list; grows by one per revocation)
 * 49       8    issued at (seconds since the epoch)
 * 57       4    entry count n
 * 61       …    n entries, node ids strictly ascending:
 *                 32  node id
 *                  8  revoked at (seconds since the epoch)
 *                  2  reason length r (≤ 256)
 *                  r  reason, UTF-8
 *  …       2    signature length s (≤ 128)
 *  …       s    ECDSA P-256 SHA-256 signature (DER) by the network key over every byte before it
 * </pre>
 *
 * An empty list is 63 bytes plus a ~71-byte signature; each entry adds 42 bytes plus its reason.
 */
public final class RevocationList {
    static final byte[] MAGIC = "dcfs-rvl".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int HEADER_BYTES = 61;
    static final int ENTRY_FIXED_BYTES = 42;
    static final int MAX_REASON_BYTES = 256;
    static final int MAX_SIGNATURE_BYTES = 128;

    /**
     * One revoked id.
     *
     * @param nodeId the revoked node or client
     * @param revokedAt when (second precision)
     * @param reason why, for people reading logs (may be empty)
     */
    public record Entry(NodeId nodeId, Instant revokedAt, String reason) {
        public Entry {
            revokedAt = Instant.ofEpochSecond(revokedAt.getEpochSecond());
            if (reason.getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES) {
                throw new IllegalArgumentException("a revocation reason is at most " + MAX_REASON_BYTES + " bytes");
            }
        }
    }

    private final NetworkId networkId;
    private final long sequence;
    private final Instant issuedAt;
    private final List<Entry> entries;
    private final TreeMap<NodeId, Entry> byId;
    private final byte[] encoded;

    private RevocationList(NetworkId networkId, long sequence, Instant issuedAt, List<Entry> entries, byte[] encoded) {
        this.networkId = networkId;
        this.sequence = sequence;
        this.issuedAt = issuedAt;
        this.entries = Collections.unmodifiableList(new ArrayList<>(entries));
        this.byId = new TreeMap<>();
        for (Entry e : entries) {
            byId.put(e.nodeId(), e);
        }
        this.encoded = encoded;
    }

    /** Signs a list for the network whose admission key is {@code networkKey}; entries sorted here. */
    static RevocationList sign(PrivateKey networkKey, NetworkId networkId, long sequence, Instant issuedAt,
            List<Entry> entries) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort((a, b) -> a.nodeId().compareTo(b.nodeId()));
        Instant issued = Instant.ofEpochSecond(issuedAt.getEpochSecond());
        int size = HEADER_BYTES;
        for (Entry e : sorted) {
            size += ENTRY_FIXED_BYTES + e.reason().getBytes(StandardCharsets.UTF_8).length;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put(MAGIC).put((byte) VERSION).put(networkId.bytes()).putLong(sequence).putLong(issued.getEpochSecond())
                .putInt(sorted.size());
        NodeId previous = null;
        for (Entry e : sorted) {
            if (previous != null && previous.equals(e.nodeId())) {
                throw new IllegalArgumentException("node " + e.nodeId().shortForm() + " is listed twice");
            }
            previous = e.nodeId();
            byte[] reason = e.reason().getBytes(StandardCharsets.UTF_8);
            b.put(e.nodeId().bytes()).putLong(e.revokedAt().getEpochSecond()).putShort((short) reason.length).put(reason);
        }
        byte[] body = b.array();
        byte[] sig;
        try {
            Signature s = Signature.getInstance(CertificateIssuer.SIGNATURE_ALGORITHM);
            s.initSign(networkKey);
            s.update(body);
            sig = s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a revocation list", e);
        }
        byte[] all = ByteBuffer.allocate(body.length + 2 + sig.length).put(body).putShort((short) sig.length).put(sig)
                .array();
        return new RevocationList(networkId, sequence, issued, sorted, all);
    }

    /**
     * Reads and verifies a list against the network certificate it must be signed by.
     *
     * @throws IdentityException if the bytes are not a v1 list, are truncated, belong to another
     *     network, or the signature does not verify; the message says which
     */
    public static RevocationList decode(byte[] bytes, X509Certificate network) throws IdentityException {
        NetworkId expected = NetworkId.of(network.getPublicKey());
        ByteBuffer b = ByteBuffer.wrap(bytes);
        try {
            byte[] magic = new byte[MAGIC.length];
            b.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IdentityException("not a dcfs revocation list (bad magic)");
            }
            int version = Byte.toUnsignedInt(b.get());
            if (version > VERSION) {
                throw new IdentityException("revocation list version " + version + " is newer than this dcfs reads ("
                        + VERSION + "); upgrade dcfs");
            }
            if (version < VERSION) {
                throw new IdentityException("revocation list version " + version + " is not a version dcfs wrote");
            }
            byte[] net = new byte[KeyHash.BYTES];
            b.get(net);
            NetworkId networkId = new NetworkId(java.util.HexFormat.of().formatHex(net));
            if (!networkId.equals(expected)) {
                throw new IdentityException("revocation list is for network " + networkId.shortForm() + ", not "
                        + expected.shortForm());
            }
            long sequence = b.getLong();
            if (sequence < 0) {
                throw new IdentityException("revocation list is corrupt: negative sequence");
            }
            Instant issuedAt = instant(b.getLong());
            int count = b.getInt();
            // Bound the count by the bytes present before allocating anything for it.
            if (count < 0 || (long) count * ENTRY_FIXED_BYTES > b.remaining()) {
                throw new IdentityException("revocation list is truncated: " + count + " entries announced, "
                        + b.remaining() + " bytes left");
            }
            List<Entry> entries = new ArrayList<>(count);
            NodeId previous = null;
            for (int i = 0; i < count; i++) {
                byte[] id = new byte[KeyHash.BYTES];
                b.get(id);
                NodeId nodeId = NodeId.fromBytes(id);
                if (previous != null && previous.compareTo(nodeId) >= 0) {
                    throw new IdentityException("revocation list is corrupt: entries out of order");
                }
                previous = nodeId;
                Instant at = instant(b.getLong());
                int len = Short.toUnsignedInt(b.getShort());
                if (len > MAX_REASON_BYTES) {
                    throw new IdentityException("revocation list is corrupt: reason of " + len + " bytes");
                }
                byte[] reason = new byte[len];
                b.get(reason);
                entries.add(new Entry(nodeId, at, utf8(reason)));
            }
            int bodyLength = b.position();
            int sigLength = Short.toUnsignedInt(b.getShort());
            if (sigLength > MAX_SIGNATURE_BYTES || sigLength != b.remaining()) {
                throw new IdentityException(sigLength < b.remaining()
                        ? "revocation list is corrupt: " + (b.remaining() - sigLength) + " bytes after the signature"
                        : "revocation list is truncated in its signature");
            }
            byte[] sig = new byte[sigLength];
            b.get(sig);
            if (!verifies(network.getPublicKey(), bytes, bodyLength, sig)) {
                throw new IdentityException("revocation list signature does not verify against network "
                        + expected.shortForm());
            }
            return new RevocationList(networkId, sequence, issuedAt, entries, bytes.clone());
        } catch (BufferUnderflowException e) {
            throw new IdentityException("revocation list is truncated (" + bytes.length + " bytes)", e);
        }
    }

    /** Reads and verifies the list in {@code file}; see {@link #decode}. */
    public static RevocationList read(Path file, X509Certificate network) throws IOException, IdentityException {
        if (!Files.isRegularFile(file)) {
            throw new IdentityException(file + " is missing");
        }
        try {
            return decode(Files.readAllBytes(file), network);
        } catch (IdentityException e) {
            throw new IdentityException(file + ": " + e.getMessage(), e);
        }
    }

    /** Writes the list to {@code file} (mode 0644, replacing atomically). */
    public void write(Path file) throws IOException {
        OwnerOnlyFiles.write(file, encoded, OwnerOnlyFiles.PUBLIC_READ, true);
    }

    /** The signed bytes, as gossiped between peers. */
    public byte[] encoded() {
        return encoded.clone();
    }

    public NetworkId networkId() {
        return networkId;
    }

    /** Grows by one with each revocation; peers keep the list with the highest. */
    public long sequence() {
        return sequence;
    }

    public Instant issuedAt() {
        return issuedAt;
    }

    /** The entries, node ids ascending. */
    public List<Entry> entries() {
        return entries;
    }

    public Optional<Entry> find(NodeId id) {
        return Optional.ofNullable(byId.get(id));
    }

    public boolean isRevoked(NodeId id) {
        return byId.containsKey(id);
    }

    @Override
    public String toString() {
        return "RevocationList[network=" + networkId.shortForm() + ", sequence=" + sequence + ", entries="
                + entries.size() + "]";
    }

    private static boolean verifies(PublicKey key, byte[] bytes, int length, byte[] sig) {
        try {
            Signature s = Signature.getInstance(CertificateIssuer.SIGNATURE_ALGORITHM);
            s.initVerify(key);
            s.update(bytes, 0, length);
            return s.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static Instant instant(long epochSecond) throws IdentityException {
        try {
            return Instant.ofEpochSecond(epochSecond);
        } catch (java.time.DateTimeException e) {
            throw new IdentityException("revocation list is corrupt: time " + epochSecond + " is out of range", e);
        }
    }

    private static String utf8(byte[] bytes) throws IdentityException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IdentityException("revocation list is corrupt: a reason is not UTF-8", e);
        }
    }
}
