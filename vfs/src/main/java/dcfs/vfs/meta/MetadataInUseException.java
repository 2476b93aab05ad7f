package dcfs.vfs.meta;

import java.io.IOException;

/** Another process (or another mount in this one) has the metadata directory open. */
public final class MetadataInUseException extends IOException {
    private static final long serialVersionUID = 1L;

    public MetadataInUseException(String message) {
        super(message);
    }
}
