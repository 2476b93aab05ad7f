/**
 * The node protocol v1 (docs/wire-protocol.md) in netty's layers: {@link dcfs.replicanet.wire.FrameDecoder}
 * cuts frames (and slices their bodies), {@link dcfs.replicanet.wire.MessageDecoder} verifies them into
 * the {@link dcfs.replicanet.wire.Message} records, {@link dcfs.replicanet.wire.MessageEncoder} writes
 * them; {@link dcfs.replicanet.wire.ErrorCode} is the one list of errors.
 *
 * <p>Buffer ownership: whoever consumes a message that carries a buffer
 * ({@link dcfs.replicanet.wire.Message.Carrying}) releases it; decoders and encoders are stateless
 * per message except the frame decoder, which is per connection.
 */
package dcfs.replicanet.wire;
