package dcfs.keyring.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads the published test vectors kept under src/test/resources/dcfs/keyring (each says its source). */
public final class Vectors {
    private Vectors() {
    }

    public static JsonNode load(String name) {
        try (InputStream in = Vectors.class.getResourceAsStream("/dcfs/keyring/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
