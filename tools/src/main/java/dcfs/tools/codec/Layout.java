package dcfs.tools.codec;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine;

/** File layouts {@code dcfs shards} reads and writes. */
public enum Layout {
    /**
     * Backblaze JavaReedSolomon's SampleEncoder/SampleDecoder: {@code NAME.0} … {@code NAME.(k+m-1)};
     * the data shards hold a 4-byte big-endian length, the file, zero padding ({@link BackblazeShardSet}).
     */
    BACKBLAZE;

    /** The name users type: lower case. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code --layout}, case-insensitively, naming the known layouts when it cannot. */
    static final class Converter implements CommandLine.ITypeConverter<Layout> {
        @Override
        public Layout convert(String value) {
            for (Layout layout : values()) {
                if (layout.label().equalsIgnoreCase(value.strip())) {
                    return layout;
                }
            }
            throw new CommandLine.TypeConversionException("unknown layout '" + value + "' (known: "
                    + Arrays.stream(values()).map(Layout::label).collect(Collectors.joining(", ")) + ")");
        }
    }
}
