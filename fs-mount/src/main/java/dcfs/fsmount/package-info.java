/**
 * FUSE adapter (jnr-fuse): callbacks to vfs calls, errno mapping, mount lifecycle. Depends on vfs.
 */
package dcfs.fsmount;
