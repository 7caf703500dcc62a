package dev.convscope.render;

import dev.convscope.bench.BenchCase;
import dev.convscope.bench.EncoderSetting;
import dev.convscope.render.conformance.CaseDirectory;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One tensor's whole step, as {@code convscope render} does it: statistics, the tiled picture, and
 * the PNG, for each encoder setting. The stages alone are in {@link RenderStageBenchmarks} and
 * {@code PngEncoderBenchmarks}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RenderPipelineBenchmarks {

  @Param({"conv1_96x55x55_relu", "conv2_weights_256x48x5x5_truncated"})
  public String caseName;

  @Param({"up-1", "up-huffman", "sub-1", "up-6", "none-6", "none-1", "imageio"})
  public String setting;

  private Tensor tensor;
  private DrawingOptions options;
  private EncoderSetting encoder;

  @Setup(Level.Trial)
  public void load() {
    CaseDirectory found = BenchCase.read(caseName);
    tensor = found.tensor();
    options = found.options();
    encoder = EncoderSetting.named(setting);
  }

  /** Statistics, tiles and colormap, PNG: the bytes a client receives for one tensor. */
  @Benchmark
  public byte[] renderStatsEncode(Blackhole blackhole) {
    blackhole.consume(TensorStatistics.of(tensor.values()));
    RgbImage image = TileRenderer.render(tensor, options);
    return encoder.encode(image);
  }
}
