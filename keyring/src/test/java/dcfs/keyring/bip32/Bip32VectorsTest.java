package dcfs.keyring.bip32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dcfs.keyring.testing.Vectors;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** BIP32 test vectors 1 to 4 (derivation, serialization) and 5 (keys that must be rejected). */
class Bip32VectorsTest {
    private static final JsonNode VECTORS = Vectors.load("bip32-vectors.json");

    static Stream<Arguments> chains() {
        return StreamSupport.stream(VECTORS.get("vectors").spliterator(), false).flatMap(v ->
                StreamSupport.stream(v.get("chains").spliterator(), false).map(c -> Arguments.of(
                        v.get("name").asText(), v.get("seed").asText(), c.get(0).asText(), c.get(1).asText(),
                        c.get(2).asText())));
    }

    static Stream<Arguments> invalid() {
        return StreamSupport.stream(VECTORS.get("invalid").spliterator(), false)
                .map(v -> Arguments.of(v.get(2).asText(), v.get(0).asText(), v.get(1).asText()));
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("chains")
    void privateDerivationGivesThePublishedKeys(String name, String seed, String path, String xpub, String xprv) {
        try (ExtendedKey master = ExtendedKey.fromSeed(HexFormat.of().parseHex(seed));
                ExtendedKey key = master.derive(path)) {
            assertEquals(xprv, key.serialize());
            assertEquals(xpub, key.serializePublic());
            try (ExtendedKey pub = key.neuter()) {
                assertEquals(xpub, pub.serialize());
            }
        }
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("chains")
    void publishedKeysParseAndSerializeBack(String name, String seed, String path, String xpub, String xprv)
            throws Exception {
        try (ExtendedKey prv = ExtendedKey.parse(xprv); ExtendedKey pub = ExtendedKey.parse(xpub)) {
            assertEquals(xprv, prv.serialize());
            assertEquals(xpub, pub.serialize());
            assertEquals(prv.fingerprint(), pub.fingerprint());
            assertEquals(DerivationPath.parse(path).steps().size(), prv.depth());
        }
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("chains")
    void publicDerivationOfNormalChildrenMatches(String name, String seed, String path, String xpub, String xprv)
            throws Exception {
        List<Integer> steps = DerivationPath.parse(path).steps();
        if (steps.isEmpty() || (steps.getLast() & ExtendedKey.HARDENED) != 0) {
            return; // only a normal last step can be derived from the parent's xpub
        }
        DerivationPath parentPath = new DerivationPath(steps.subList(0, steps.size() - 1));
        try (ExtendedKey master = ExtendedKey.fromSeed(HexFormat.of().parseHex(seed));
                ExtendedKey parent = master.derive(parentPath);
                ExtendedKey parentPub = ExtendedKey.parse(parent.serializePublic());
                ExtendedKey child = parentPub.deriveChild(steps.getLast())) {
            assertEquals(xpub, child.serialize());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void vector5KeysAreRejectedForTheRightReason(String why, String key, String reason) {
        InvalidExtendedKeyException e = assertThrows(InvalidExtendedKeyException.class, () -> ExtendedKey.parse(key));
        assertEquals(InvalidExtendedKeyException.Reason.valueOf(reason), e.reason(), e.getMessage());
    }
}
