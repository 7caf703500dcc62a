package dev.convscope.render.png;

import dev.convscope.bench.BenchCase;
import dev.convscope.bench.EncoderSetting;
import dev.convscope.render.conformance.CaseDirectory;
import dev.convscope.render.RgbImage;
import dev.convscope.render.TileRenderer;
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

/** Encoding alone: a case's picture, drawn once in setup, to PNG bytes with each setting. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PngEncoderBenchmarks {

  @Param({"conv1_96x55x55_relu", "conv2_weights_256x48x5x5_truncated"})
  public String caseName;

  @Param({"up-1", "up-huffman", "sub-1", "up-6", "none-6", "none-1", "imageio"})
  public String setting;

  private RgbImage image;
  private EncoderSetting encoder;

  @Setup(Level.Trial)
  public void draw() {
    CaseDirectory found = BenchCase.read(caseName);
    image = TileRenderer.render(found.tensor(), found.options());
    encoder = EncoderSetting.named(setting);
  }

  @Benchmark
  public byte[] encodeOnly() {
    return encoder.encode(image);
  }
}
