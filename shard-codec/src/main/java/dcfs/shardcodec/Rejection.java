package dcfs.shardcodec;

import java.util.HexFormat;

/**
 * Why a shard was not used: the closed set of reasons a shard becomes an erasure
 * (docs/shard-format.md, "Errors"). Each says what a user or an operator needs to act: whether
 * the bytes are damaged, from another format version, or in the wrong place.
 */
public sealed interface Rejection {

    /** One line, no shard index (the caller adds it). */
    String describe();

    /** The first bytes are not the shard magic: not a dcfs shard at all, or its start is damaged. */
    record NotAShard(byte[] found) implements Rejection {
        public NotAShard {
            found = found.clone();
        }

        @Override
        public String describe() {
            return "not a dcfs shard (starts with " + HexFormat.of().formatHex(found) + ")";
        }
    }

    /** A format version this build does not read; {@code newest} and {@code oldest} are what it does. */
    record UnsupportedVersion(int version, int oldest, int newest) implements Rejection {
        public boolean tooNew() {
            return version > newest;
        }

        @Override
        public String describe() {
            return tooNew()
                    ? "shard format version " + version + " is newer than this dcfs reads (" + oldest + ".." + newest
                            + "): upgrade dcfs"
                    : "shard format version " + version + " is older than this dcfs reads (" + oldest + ".." + newest
                            + "): read it with an older dcfs";
        }
    }

    /** A header field is out of range or contradicts another one. */
    record CorruptHeader(String detail) implements Rejection {
        @Override
        public String describe() {
            return "corrupt header: " + detail;
        }
    }

    /** The shard is shorter (truncated) or longer than its header says. */
    record WrongLength(long expected, long actual) implements Rejection {
        @Override
        public String describe() {
            return (actual < expected ? "truncated: " : "too long: ") + actual + " bytes where the header says "
                    + expected;
        }
    }

    /** The header names another index, stripe, generation, epoch or file than the one asked for. */
    record WrongAddress(AddressField field, String expected, String found) implements Rejection {
        @Override
        public String describe() {
            return "belongs elsewhere: " + field.label() + " is " + found + ", expected " + expected;
        }
    }

    /** Authentic, but disagrees with the other shards of the stripe (k, m, lengths, segment size). */
    record Inconsistent(String detail) implements Rejection {
        @Override
        public String describe() {
            return "inconsistent with the other shards: " + detail;
        }
    }

    /** A payload segment failed AES-GCM authentication: damaged bytes, or not sealed with this file key. */
    record SegmentNotAuthentic(int segment) implements Rejection {
        @Override
        public String describe() {
            return "segment " + segment + " failed authentication";
        }
    }

    /** The recovery block failed authentication under the recovery key. */
    record RecoveryBlockNotAuthentic() implements Rejection {
        @Override
        public String describe() {
            return "recovery block failed authentication";
        }
    }

    /** A partial shard that lacks the segments a read needs. */
    record Incomplete(String detail) implements Rejection {
        @Override
        public String describe() {
            return "incomplete: " + detail;
        }
    }

    /** The header fields a shard is checked against. */
    enum AddressField {
        INDEX("shard index"),
        STRIPE("stripe number"),
        GENERATION("generation"),
        KEY_EPOCH("key epoch"),
        STRIPE_TAG("stripe tag"),
        FILE_ID("file id");

        private final String label;

        AddressField(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
