package dcfs.vfs;

/** statfs(2): sizes in {@link #blockSize} units; inode counts are nominal (no fixed inode table). */
public record FsStats(long blockSize, long totalBlocks, long freeBlocks, long availableBlocks,
                      long totalFiles, long freeFiles, int nameMax) {
}
