package dcfs.keyring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dcfs.keyring.bip39.Mnemonic;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Key tree v1 pinned: a fixed mnemonic must give these keys on every machine, forever. If this
 * test fails, existing filesystems would no longer open: do not update the values, restore the
 * tree (or make a new tree version beside it, docs/key-tree.md).
 *
 * <p>The values were computed by this implementation when tree v1 was fixed; their
 * independence comes from KeyTreeTest, which recomputes the same keys by BIP32 paths and the
 * JDK's HKDF as docs/key-tree.md describes them.
 */
class KeyTreeKnownAnswerTest {
    static final String MNEMONIC = "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void treeV1OfTheAbandonMnemonic() throws Exception {
        byte[] fileId = HEX.parseHex("000102030405060708090a0b0c0d0e0f");
        try (KeyTree tree = KeyTree.fromSeed(Mnemonic.parse(MNEMONIC).toSeed(""))) {
            IdentityKey id = tree.identity();
            assertEquals("0351f957c872fc45d488f97c970399f6dec0c0f8466e545f2e81fc7d2e663536de", HEX.formatHex(id.publicKey()));
            assertEquals("xpub6B6AY9jkQf3Wj72zCJKok69joBo8kZ63VmBBjxfQRtcfGhkTwRj28HCn5sMQ4FdZAadwd8NyXJ4Umv89CdamjVWbq8ubDcXpozoyTY68pQS",
                    id.xpub());
            assertEquals("0837d48b8a5e790a962962612b2b3b65", id.fingerprint());
            assertEquals("0febdd99ad6e6ea131db618afc9053490850a98c9a7d198ff1cd6f9a34bb183c",
                    HEX.formatHex(tree.superblockLocator()));
            assertEquals("f5e5bd4a5cf7b462ae4bdbcc968f7f14e7dafc5fbaddb6d2d8e67d6423024911",
                    HEX.formatHex(tree.dataKey(0, fileId).getEncoded()));
            assertEquals("f41bfe0d9e6d66a238012493e236cc08fca2555d4b378679f2536447a4e0d92a",
                    HEX.formatHex(tree.dataKey(1, fileId).getEncoded()));
            assertEquals("3569a75c7a776237faa778f9d65e4509b789254d6d2915d045a3cc5771ce2b60",
                    HEX.formatHex(tree.shardTagKey().getEncoded()));
            assertEquals("0ab9f49d76d1454fa3116373fe6070d052f853611ad84658e1633fe949ea4ca0",
                    HEX.formatHex(tree.metadataKey().getEncoded()));
            assertEquals("5c52ef8dfcd4be2e07dc8b63203218ef5586de6731042719fde4ccb5337c4810",
                    HEX.formatHex(tree.recoveryKey().getEncoded()));
            assertEquals("8f120fe960bdb9ee3233541f28e6fcee683e76aef7c7df170fbfdf891618cfb9",
                    HEX.formatHex(tree.deletionToken(new byte[32])));
            assertEquals("6964cd2f4fd09f45b60db46c44b94da48e857cc6870712759d30066db6e3dc30"
                    + "27593b2b381179450ee331eabc7450f027232e7689710d850c43bde496b6bced",
                    HEX.formatHex(id.sign("dcfs".getBytes(StandardCharsets.US_ASCII))));
        }
    }
}
