package dev.convscope.render;

import dev.convscope.bench.BenchCase;
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

/**
 * The two stages before encoding, each alone. Kept apart from {@link RenderPipelineBenchmarks} so
 * that they do not run once per encoder setting.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RenderStageBenchmarks {

  @Param({"conv1_96x55x55_relu", "conv2_weights_256x48x5x5_truncated"})
  public String caseName;

  private Tensor tensor;
  private DrawingOptions options;

  @Setup(Level.Trial)
  public void load() {
    CaseDirectory found = BenchCase.read(caseName);
    tensor = found.tensor();
    options = found.options();
  }

  /** Mean, deviation and histogram over every value of the tensor. */
  @Benchmark
  public TensorStatistics statisticsOnly() {
    return TensorStatistics.of(tensor.values());
  }

  /** Gather, normalise, colour and tile: the RGB picture, not yet encoded. */
  @Benchmark
  public RgbImage tilesOnly() {
    return TileRenderer.render(tensor, options);
  }
}
