package dev.convscope.cli.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.convscope.localstore.RunningSystem;
import dev.convscope.models.dataset.FashionMnist;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code ./convscope batch} against a running gateway and its real neighbours. */
class BatchCommandTest {

  private final URI gateway = RunningSystem.shared().gateway();

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void runUploadsTheSetFollowsTheJobAndPrintsItsAccuracy() {
    int exit =
        batch(
            "run",
            "--idx",
            FashionMnistImages.file(FashionMnist.TEST_IMAGES).toString(),
            "--labels",
            FashionMnistImages.file(FashionMnist.TEST_LABELS).toString(),
            "--limit",
            "60",
            "--shard-size",
            "30");
    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("60/60 images, 0 failed")
        .containsPattern("accuracy \\d+\\.\\d\\d%");
    assertThat(err.toString()).contains("[==============================] 100%");
    assertThat(out.toString())
        .as("the keys it uploaded, for a job or the jobs page to name again")
        .containsPattern(
            "images datasets/[0-9a-f]{64}/" + FashionMnist.TEST_IMAGES + " \\(10000 images\\)")
        .containsPattern(
            "labels datasets/[0-9a-f]{64}/" + FashionMnist.TEST_LABELS + " \\(10000 labels\\)");

    String jobId = jobIdIn(out.toString());
    assertThat(batch("status", jobId)).isZero();
    assertThat(out.toString()).contains(jobId + "  finished");
    assertThat(batch("list")).isZero();
    assertThat(batch("status", "20990101-000000-00000000")).isEqualTo(1);
    assertThat(err.toString()).contains("no job");
  }

  private static String jobIdIn(String output) {
    Matcher matcher = Pattern.compile("job (\\d{8}-\\d{6}-[0-9a-f]{8})").matcher(output);
    assertThat(matcher.find()).as(output).isTrue();
    return matcher.group(1);
  }

  private int batch(String... args) {
    String[] withGateway = new String[args.length + 2];
    withGateway[0] = "--gateway";
    withGateway[1] = gateway.toString();
    System.arraycopy(args, 0, withGateway, 2, args.length);
    return new CommandLine(new BatchCommand())
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(withGateway);
  }
}
