/**
 * The mount: libfuse 2 low-level operations over {@link dcfs.vfs.Vfs} ({@code LowLevelFuse}, the
 * default) or jnr-fuse's path-based ones ({@code DcfsFuse}), served on our own threads
 * ({@code FuseSession}); errno mapping in one table ({@code ErrnoMapping}); the mount process's
 * lifecycle ({@code MountRunner}: checks, session, control socket, signals) and its client side
 * ({@code Detacher}, {@code Unmounter}). docs/fs-mount.md describes processes, options and figures.
 * Depends on vfs only (and jnr-fuse for the path-based adapter).
 */
package dcfs.fsmount;
