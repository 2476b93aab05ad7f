package dcfs.shardcodec;

import dcfs.shardcodec.rs.NotEnoughShardsException;
import dcfs.shardcodec.rs.ReedSolomon;
import dcfs.shardcodec.v1.ShardCipher;
import dcfs.shardcodec.v1.ShardHeader;
import dcfs.shardcodec.v1.ShardLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Encrypted shards → stripe plaintext, format v1 (docs/shard-format.md). Every shard is checked on
 * its own: header parsed within the format's limits, its address fields compared with the stripe
 * asked for, its length with what the header implies, its recovery block's file id, and every
 * segment it contributes authenticated. A shard failing any check is an erasure, reported with
 * the reason; Reed-Solomon decodes around up to m of them.
 *
 * <ul>
 *   <li>{@link #authenticateInto}: one shard as it arrives, into a {@link StripeAssembly} (the
 *       network read path: decode from the first k that authenticate).</li>
 *   <li>{@link #authenticate}: one shard on its own (a scrub).</li>
 *   <li>{@link #decode}: a whole stripe from shards at hand; checks every shard given.</li>
 *   <li>{@link #readRange}: part of a stripe, decrypting only the segments that hold it, and for a
 *       missing data shard only the same segments of k others (docs/shard-format.md, "Partial reads").</li>
 *   <li>{@link #openRecovery}: the recovery block alone, with the recovery key alone.</li>
 * </ul>
 *
 * <p>Not thread-safe: it reuses one {@link javax.crypto.Cipher}. Use one per thread.
 */
public final class StripeDecoder {
    private final ShardCipher cipher = new ShardCipher();
    /** For the segment of a data shard that straddles the stripe's end. */
    private byte[] scratch = new byte[0];

    /**
     * Checks one whole shard against {@code address} and decrypts it into a buffer of its own
     * (what a scrub runs; for the read path see {@link #authenticateInto}).
     *
     * @param index where the caller expects this shard in the stripe (the index its shard id names)
     * @return the opened shard, or the reason it is rejected; never throws for bad input bytes
     */
    public ShardVerdict authenticate(StripeKeys keys, StripeAddress address, int index, byte[] shard) {
        Object checked = check(keys, address, index, shard);
        if (checked instanceof Rejection r) {
            return new RejectedShard(index, r);
        }
        return openWhole(keys, address, (ShardHeader) checked, shard, null);
    }

    /**
     * The read path: checks one shard of {@code assembly}'s stripe as it arrives and records the
     * verdict there. A data shard is decrypted straight into the assembly's stripe buffer, so
     * once the k data shards are in, {@link StripeAssembly#finish} copies nothing. May be called
     * from many threads for one assembly (each with its own decoder).
     *
     * @return the verdict, already recorded in {@code assembly}
     */
    public ShardVerdict authenticateInto(StripeAssembly assembly, StripeKeys keys, int index, byte[] shard) {
        StripeAddress address = assembly.address();
        Object checked = check(keys, address, index, shard);
        if (checked instanceof Rejection r) {
            ShardVerdict v = new RejectedShard(index, r);
            assembly.add(v);
            return v;
        }
        // The recovery block authenticated the header: its lengths are the owner's, safe to allocate by.
        ShardHeader h = (ShardHeader) checked;
        Rejection inconsistent = assembly.checkLayout(h);
        byte[] stripe = inconsistent == null && h.isDataShard() ? assembly.claim(index) : null;
        if (stripe == null) {
            ShardVerdict v = inconsistent != null ? new RejectedShard(index, inconsistent)
                    : openWhole(keys, address, h, shard, assembly);
            assembly.addLent(v);
            return v;
        }
        ShardVerdict v = null;
        try {
            v = openInto(keys, address, h, shard, stripe);
            return v;
        } finally {
            // Always end the claim, or finish() would wait for it forever.
            assembly.settle(v != null ? v : new RejectedShard(index, new Rejection.Inconsistent(
                    "decryption failed unexpectedly")));
        }
    }

    /** Parses and checks everything but the payload: the header (trusted once this returns) or a rejection. */
    private Object check(StripeKeys keys, StripeAddress address, int index, byte[] shard) {
        ShardHeader h;
        try {
            h = ShardHeader.parse(shard);
        } catch (ShardFormatException e) {
            return e.rejection();
        }
        Rejection wrong = checkAddress(h, address, index);
        if (wrong == null) {
            int expected = h.layout().encryptedLength();
            wrong = shard.length == expected ? checkFileId(keys, address, h)
                    : new Rejection.WrongLength(expected, shard.length);
        }
        return wrong != null ? wrong : h;
    }

    /** Into an array of its own, or one {@code into} lends (and takes back once it has finished). */
    private ShardVerdict openWhole(StripeKeys keys, StripeAddress address, ShardHeader h, byte[] shard,
                                   StripeAssembly into) {
        // Sized by a header field, but the field has been bounded and the shard's real length
        // matches it: N < shard.length.
        byte[] plaintext = into == null ? new byte[h.shardLength()] : into.lendShard(h.shardLength());
        try {
            cipher.openSegments(keys.fileKey(), h, shard, h.headerLength(), 0, h.layout().segmentCount(), plaintext, 0);
        } catch (ShardNotAuthenticException e) {
            if (into != null) {
                into.giveBackShard(plaintext);
            }
            return new RejectedShard(h.index(), e.rejection());
        }
        return new OpenedShard(address, h, plaintext);
    }

    /**
     * Decrypts data shard i into its place in the stripe, [i·N, (i+1)·N) ∩ [0, L): whole segments
     * straight in, the one straddling the stripe's end (and any past it, all padding) through
     * scratch, every one authenticated.
     */
    private ShardVerdict openInto(StripeKeys keys, StripeAddress address, ShardHeader h, byte[] shard, byte[] stripe) {
        ShardLayout layout = h.layout();
        int segments = layout.segmentCount();
        int s = h.segmentSize();
        long base = (long) h.index() * h.shardLength();
        long room = h.stripeLength() - base; // stripe bytes from this shard's start on
        int direct = base + h.shardLength() <= h.stripeLength() ? segments
                : (int) Math.max(0, Math.min(segments, room / s));
        try {
            cipher.openSegments(keys.fileKey(), h, shard, h.headerLength(), 0, direct, stripe, (int) Math.min(base,
                    stripe.length));
            for (int j = direct; j < segments; j++) {
                if (scratch.length < s) {
                    scratch = new byte[s];
                }
                cipher.openSegments(keys.fileKey(), h, shard, layout.segmentOffset(j), j, j + 1, scratch, 0);
                long keep = Math.min(layout.segmentPlaintextLength(j), room - (long) j * s);
                if (keep > 0) {
                    System.arraycopy(scratch, 0, stripe, (int) (base + (long) j * s), (int) keep);
                }
            }
        } catch (ShardNotAuthenticException e) {
            return new RejectedShard(h.index(), e.rejection());
        }
        return new OpenedShard(address, h, null);
    }

    /**
     * Decodes a whole stripe from the shards at hand, checking every one given (so the result lists
     * every bad shard, for repair). The read path that stops at the first k is
     * {@link #authenticateInto} with a {@link StripeAssembly}.
     *
     * @param shards shard i at index i, null where absent (normally k + m slots)
     * @throws StripeUndecodableException if fewer than k authenticate
     */
    public DecodedStripe decode(StripeKeys keys, StripeAddress address, byte[][] shards)
            throws StripeUndecodableException {
        StripeAssembly assembly = new StripeAssembly(address);
        for (int i = 0; i < shards.length; i++) {
            if (shards[i] != null) {
                authenticateInto(assembly, keys, i, shards[i]);
            }
        }
        if (!assembly.ready()) {
            throw assembly.undecodable(nullSlots(shards));
        }
        return assembly.finish();
    }

    /**
     * Reads stripe bytes [offset, offset + length) from whole shards, decrypting only the segments
     * that hold them.
     *
     * @param shards k + m slots, null where absent
     */
    public RangeRead readRange(StripeKeys keys, StripeAddress address, byte[][] shards, long offset, int length)
            throws StripeUndecodableException {
        ShardPiece[] pieces = new ShardPiece[shards.length];
        for (int i = 0; i < shards.length; i++) {
            pieces[i] = shards[i] == null ? null : ShardPiece.whole(shards[i]);
        }
        return new RangeReader(keys, address, pieces, true).read(offset, length);
    }

    /**
     * Reads stripe bytes [offset, offset + length) from pieces of shards (header plus the segments
     * the read needs, as {@code ShardLayout.locate} names them). A 4 KiB read authenticates one
     * segment of one data shard; if that shard is missing or bad, the same segments of k others.
     *
     * @param pieces k + m slots, null where absent
     * @throws StripeUndecodableException if some part of the range has fewer than k authentic pieces
     */
    public RangeRead readRange(StripeKeys keys, StripeAddress address, ShardPiece[] pieces, long offset, int length)
            throws StripeUndecodableException {
        return new RangeReader(keys, address, pieces, false).read(offset, length);
    }

    /**
     * Opens a shard's recovery block with the recovery key alone: which file and stripe the shard
     * belongs to, for {@code dcfs recover}.
     *
     * @throws ShardFormatException        if the header is malformed or of another format version
     * @throws ShardNotAuthenticException  if the block does not open under this key: another
     *                                     owner's shard, a wrong mnemonic, or damage
     */
    public RecoveredShard openRecovery(javax.crypto.SecretKey recoveryKey, byte[] shard)
            throws ShardFormatException, ShardNotAuthenticException {
        ShardHeader h = ShardHeader.parse(shard);
        byte[] plain = cipher.openRecovery(recoveryKey, h);
        return new RecoveredShard(h, Arrays.copyOf(plain, StripeAddress.FILE_ID_LENGTH),
                Arrays.copyOfRange(plain, StripeAddress.FILE_ID_LENGTH, plain.length));
    }

    private static Rejection checkAddress(ShardHeader h, StripeAddress a, int index) {
        if (h.index() != index) {
            return wrong(Rejection.AddressField.INDEX, index, h.index());
        }
        if (h.stripe() != a.stripe()) {
            return wrong(Rejection.AddressField.STRIPE, a.stripe(), h.stripe());
        }
        if (h.generation() != a.generation()) {
            return wrong(Rejection.AddressField.GENERATION, a.generation(), h.generation());
        }
        if (h.keyEpoch() != a.keyEpoch()) {
            return wrong(Rejection.AddressField.KEY_EPOCH, a.keyEpoch(), h.keyEpoch());
        }
        if (!h.hasStripeTag(a.stripeTag())) {
            return new Rejection.WrongAddress(Rejection.AddressField.STRIPE_TAG, hex(a.stripeTag()),
                    hex(h.stripeTag()));
        }
        return null;
    }

    /** The file id inside the recovery block: a second, independent check that the shard is this file's. */
    private Rejection checkFileId(StripeKeys keys, StripeAddress address, ShardHeader h) {
        byte[] plain;
        try {
            plain = cipher.openRecovery(keys.recoveryKey(), h);
        } catch (ShardNotAuthenticException e) {
            return e.rejection();
        }
        byte[] fileId = Arrays.copyOf(plain, StripeAddress.FILE_ID_LENGTH);
        return address.hasFileId(fileId) ? null
                : new Rejection.WrongAddress(Rejection.AddressField.FILE_ID, hex(address.fileId()), hex(fileId));
    }

    private static Rejection wrong(Rejection.AddressField field, long expected, long found) {
        return new Rejection.WrongAddress(field, Long.toString(expected), Long.toString(found));
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b, 0, Math.min(8, b.length)) + "…";
    }

    private static List<Integer> nullSlots(Object[] slots) {
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] == null) {
                missing.add(i);
            }
        }
        return missing;
    }

    /** One range read: the pieces, what has been learnt about each, and the layout once trusted. */
    private final class RangeReader {
        private final StripeKeys keys;
        private final StripeAddress address;
        private final ShardPiece[] pieces;
        /** Whole shards: their length must be exactly what the header says. */
        private final boolean whole;
        private final ShardHeader[] headers;
        private final boolean[] fileIdChecked;
        private final Rejection[] rejections;
        private final List<RejectedShard> rejected = new ArrayList<>();
        private ShardHeader reference;
        /** Segments decrypted while looking for a trustworthy header: (shard, first, end) → plaintext. */
        private int probeShard = -1;
        private int probeFirst;
        private int probeEnd;
        private byte[] probePlain;

        RangeReader(StripeKeys keys, StripeAddress address, ShardPiece[] pieces, boolean whole) {
            this.keys = keys;
            this.address = address;
            this.pieces = pieces;
            this.whole = whole;
            this.headers = new ShardHeader[pieces.length];
            this.fileIdChecked = new boolean[pieces.length];
            this.rejections = new Rejection[pieces.length];
        }

        RangeRead read(long offset, int length) throws StripeUndecodableException {
            if (offset < 0 || length < 0) {
                throw new IllegalArgumentException("negative range " + offset + "+" + length);
            }
            if (length == 0) {
                return new RangeRead(new byte[0], List.of());
            }
            findReference(offset, length);
            ShardLayout layout = reference.layout();
            List<ShardLayout.ShardRead> reads = layout.locate(offset, length);
            byte[] out = new byte[length];
            for (ShardLayout.ShardRead r : reads) {
                byte[] plain = segments(r.shard(), r.firstSegment(), r.endSegment());
                if (plain == null) {
                    plain = decodeColumn(layout, r);
                }
                System.arraycopy(plain, r.skip(), out, r.resultOffset(), r.length());
            }
            return new RangeRead(out, rejected);
        }

        /**
         * A header is trusted once one of its segments authenticates under the file key (the
         * header is that segment's AAD). Probe, in index order, the segments the read would need
         * from that shard by its own header.
         */
        private void findReference(long offset, int length) throws StripeUndecodableException {
            for (int i = 0; i < pieces.length && reference == null; i++) {
                ShardHeader h = header(i);
                if (h == null) {
                    continue;
                }
                ShardLayout layout = h.layout();
                if (offset + length > layout.stripeLength()) {
                    // Either the caller asks past the end or this header lies; authenticate its
                    // first segment to tell which.
                    probe(i, h, 0, 1);
                    if (rejections[i] == null) {
                        throw new IllegalArgumentException("range " + offset + "+" + length + " is outside the "
                                + layout.stripeLength() + "-byte stripe");
                    }
                    continue;
                }
                List<ShardLayout.ShardRead> reads = layout.locate(offset, length);
                ShardLayout.ShardRead mine = reads.stream().filter(r -> r.shard() == h.index()).findFirst()
                        .orElse(reads.get(0));
                probe(i, h, mine.firstSegment(), mine.endSegment());
                if (rejections[i] == null) {
                    reference = h;
                }
            }
            if (reference == null) {
                throw new StripeUndecodableException(address, 0, 0, rejected, nullSlots(pieces));
            }
        }

        private void probe(int i, ShardHeader h, int first, int end) {
            byte[] plain = decrypt(i, h, first, end);
            if (plain != null) {
                probeShard = i;
                probeFirst = first;
                probeEnd = end;
                probePlain = plain;
            }
        }

        /** Plaintext of segments [first, end) of shard i, or null if the shard is unusable (recorded). */
        private byte[] segments(int i, int first, int end) {
            if (i == probeShard && first == probeFirst && end == probeEnd) {
                return probePlain;
            }
            ShardHeader h = header(i);
            if (h == null) {
                return null;
            }
            if (!reference.sameLayout(h)) {
                reject(i, new Rejection.Inconsistent("header " + h + " where shard " + reference.index() + " has "
                        + reference));
                return null;
            }
            return decrypt(i, h, first, end);
        }

        private byte[] decrypt(int i, ShardHeader h, int first, int end) {
            ShardPiece piece = pieces[i];
            ShardLayout layout = h.layout();
            int available = piece.bytes().length - h.headerLength();
            if (piece.firstSegment() >= layout.segmentCount()
                    || available > layout.encryptedLength(piece.firstSegment(), layout.segmentCount())) {
                reject(i, new Rejection.WrongLength(layout.encryptedLength(), piece.bytes().length));
                return null;
            }
            if (first < piece.firstSegment()
                    || available < layout.encryptedLength(piece.firstSegment(), end)) {
                reject(i, new Rejection.Incomplete("holds " + available + " bytes of segments from "
                        + piece.firstSegment() + ", the read needs segments " + first + ".." + (end - 1)));
                return null;
            }
            if (!fileIdChecked[i]) {
                Rejection r = checkFileId(keys, address, h);
                if (r != null) {
                    reject(i, r);
                    return null;
                }
                fileIdChecked[i] = true;
            }
            byte[] plain = new byte[layout.plaintextLength(first, end)];
            int src = h.headerLength() + layout.encryptedLength(piece.firstSegment(), first);
            try {
                cipher.openSegments(keys.fileKey(), h, piece.bytes(), src, first, end, plain, 0);
            } catch (ShardNotAuthenticException e) {
                reject(i, e.rejection());
                return null;
            }
            return plain;
        }

        /** Rebuilds data shard r.shard()'s segments [first, end) from the same segments of k others. */
        private byte[] decodeColumn(ShardLayout layout, ShardLayout.ShardRead r) throws StripeUndecodableException {
            int k = layout.k();
            int total = k + layout.m();
            int columnLength = layout.plaintextLength(r.firstSegment(), r.endSegment());
            byte[][] column = new byte[total][];
            boolean[] present = new boolean[total];
            int authentic = 0;
            for (int i = 0; i < total && i < pieces.length && authentic < k; i++) {
                if (i != r.shard()) {
                    column[i] = segments(i, r.firstSegment(), r.endSegment());
                    present[i] = column[i] != null;
                    authentic += present[i] ? 1 : 0;
                }
            }
            if (authentic < k) {
                throw new StripeUndecodableException(address, authentic, k, rejected, nullSlots(pieces));
            }
            for (int i = 0; i < total; i++) {
                if (column[i] == null) {
                    column[i] = new byte[columnLength];
                }
            }
            try {
                ReedSolomon.create(k, layout.m()).decodeMissing(column, present, 0, columnLength);
            } catch (NotEnoughShardsException e) {
                throw new IllegalStateException("k segments are present, yet the codec says " + e.getMessage(), e);
            }
            return column[r.shard()];
        }

        /** Shard i's header if it parses, matches the address and the slot count; else null (recorded). */
        private ShardHeader header(int i) {
            if (pieces[i] == null || rejections[i] != null) {
                return null;
            }
            if (headers[i] != null) {
                return headers[i];
            }
            ShardHeader h;
            try {
                h = ShardHeader.parse(pieces[i].bytes());
            } catch (ShardFormatException e) {
                reject(i, e.rejection());
                return null;
            }
            Rejection wrong = checkAddress(h, address, i);
            if (wrong == null && whole && pieces[i].bytes().length != h.layout().encryptedLength()) {
                wrong = new Rejection.WrongLength(h.layout().encryptedLength(), pieces[i].bytes().length);
            }
            if (wrong != null) {
                reject(i, wrong);
                return null;
            }
            headers[i] = h;
            return h;
        }

        private void reject(int i, Rejection reason) {
            if (rejections[i] == null) {
                rejections[i] = reason;
                rejected.add(new RejectedShard(i, reason));
            }
        }
    }
}
