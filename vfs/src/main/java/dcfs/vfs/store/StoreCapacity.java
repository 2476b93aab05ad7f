package dcfs.vfs.store;

/** Bytes a store holds in total and has free (statfs). */
public record StoreCapacity(long totalBytes, long freeBytes) {
}
