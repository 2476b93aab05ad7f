/**
 * End-to-end tests: a real mount over a real multi-node cluster, POSIX conformance, applications,
 * fault injection. Every test unmounts what it mounts and stops what it starts, by PID.
 */
package dcfs.fstests;
