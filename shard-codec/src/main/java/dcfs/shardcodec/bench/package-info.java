/**
 * Measuring the codec: the cases of issue 2's benchmarks, one prepared workload per case, and a
 * small runner (warm-up, several timed runs, median) that {@code dcfs bench codec} prints and the JMH
 * benchmarks in the test sources drive through the same {@link dcfs.shardcodec.bench.CodecWorkload},
 * so both measure the same operation. Single-threaded; every figure is MB/s (10^6 bytes) of data
 * bytes, k × shard size per operation.
 */
package dcfs.shardcodec.bench;
