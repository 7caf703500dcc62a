package dev.convscope.gateway.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.convscope.contract.digest.Sha256;
import dev.convscope.gateway.api.NeighbourServicesResource;
import dev.convscope.gateway.api.TestImages;
import dev.convscope.store.ObjectStore;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * More than a thousand malformed requests against the running gateway and its neighbours:
 * truncated, corrupted and hostile images (one claiming 100000x100000 pixels), odd layer names, bad
 * options, corrupt model files and bad jobs. Every one must get a 4xx with a message, none a 5xx,
 * and every object stored before the corpus ran must be there afterwards, byte for byte.
 */
@QuarkusTest
@WithTestResource(
    value = NeighbourServicesResource.class,
    scope = TestResourceScope.MATCHING_RESOURCES)
class BadInputCorpusTest {

  @Inject ObjectStore store;

  private final Map<String, Integer> statusCounts = new TreeMap<>();
  private final List<String> unexpected = new ArrayList<>();
  private int tried;

  @Test
  void everyMalformedInputGetsAClientErrorAndNothingStoredChanges() {
    // Something stored to protect: a run's pictures and manifest.
    given()
        .contentType("image/png")
        .body(TestImages.shiftedBootPng(9))
        .post("/api/v1/runs")
        .then()
        .statusCode(200);
    Map<String, String> before = digestsOfEveryObject();
    assertThat(before).isNotEmpty();

    byte[] png = TestImages.bootPng();
    int idatEnd = endOfIdat(png);
    Random random = new Random(20261122);

    for (int cut = 0; cut < idatEnd - 4; cut += Math.max(1, idatEnd / 250)) {
      int at = cut;
      image("truncated PNG at " + at, () -> java.util.Arrays.copyOf(png, at));
    }
    for (int i = 0; i < 400; i++) {
      image("PNG with a corrupted byte", () -> corruptedInData(png, random));
    }
    byte[] jpeg = jpeg();
    for (int cut = 0; cut < jpeg.length - 2; cut += Math.max(1, jpeg.length / 120)) {
      int at = cut;
      image("truncated JPEG at " + at, () -> java.util.Arrays.copyOf(jpeg, at));
    }
    for (int i = 0; i < 200; i++) {
      int size = 1 + random.nextInt(4096);
      image("random bytes", () -> randomBytes(random, size));
    }
    image("a PNG claiming 100000x100000 pixels", () -> pngClaiming(100_000, 100_000));
    image("a PNG claiming 0x0 pixels", () -> pngClaiming(0, 0));
    image("a PNG claiming -1 pixels wide", () -> pngClaiming(-1, 10));

    // Names that are not layers. (Blank entries and surrounding whitespace or control
    // characters are trimmed away by design, so "conv1," or "conv1 " are good requests.)
    String[] names = {
      "../",
      "../../etc/passwd",
      "..%2F..%2Fsecret",
      "conv1/../..",
      "x".repeat(1000),
      "名前",
      "%00",
      "conv1;drop",
      "<script>",
      "\u202Econv1",
      "conv1/x",
      "/conv1",
      "CONV1",
      "conv 1",
      "conv1\u0000x"
    };
    for (String name : names) {
      for (int i = 0; i < 5; i++) {
        request(
            "layer '" + name + "'",
            () ->
                given()
                    .contentType("image/png")
                    .body(png)
                    .queryParam("layers", name)
                    .queryParam("skip_weights", true)
                    .post("/api/v1/runs"));
      }
    }
    Map<String, List<String>> badOptions =
        Map.of(
            "top_k", List.of("0", "-1", "11", "999999", "abc", "1e9", "2147483648"),
            "max_width", List.of("0", "-5", "x", "99999999999"),
            "colormap", List.of("sepia", "JET;", "../jet", "\u00e9", "je t"),
            "channels", List.of("-1", "a", "0,,1", "999", "1.5"),
            "first_channels", List.of("0", "-3", "x"),
            "model",
                List.of("no-such-model", "sha256:zz", "sha256:" + "0".repeat(64), "../caffenet"));
    badOptions.forEach(
        (option, values) -> {
          for (String value : values) {
            for (int i = 0; i < 4; i++) {
              request(
                  option + "=" + value,
                  () ->
                      given()
                          .contentType("image/png")
                          .body(png)
                          .queryParam(option, value)
                          .queryParam("layers", "conv1")
                          .queryParam("skip_weights", true)
                          .post("/api/v1/runs"));
            }
          }
        });
    for (int i = 0; i < 40; i++) {
      byte[] zip = randomBytes(random, 64 + random.nextInt(2048));
      zip[0] = 'P';
      zip[1] = 'K';
      zip[2] = 3;
      zip[3] = 4;
      request(
          "corrupt model zip",
          () -> given().contentType("application/zip").body(zip).post("/api/v1/models"));
      byte[] hdf5 = randomBytes(random, 64 + random.nextInt(2048));
      request(
          "random bytes as HDF5",
          () -> given().contentType("application/x-hdf5").body(hdf5).post("/api/v1/models"));
    }
    List<Map<String, Object>> badJobs =
        List.of(
            Map.of(),
            Map.of("prefix", "nothing-here/"),
            Map.of("keys", List.of()),
            Map.of("idx_images", "no/such.idx"),
            Map.of("idx_images", "x", "prefix", "y"),
            Map.of("keys", List.of("a.png"), "shard_size", -1),
            Map.of("keys", List.of("a.png"), "limit", 0));
    for (Map<String, Object> job : badJobs) {
      for (int i = 0; i < 4; i++) {
        request(
            "job " + job,
            () -> given().contentType("application/json").body(job).post("/api/v1/jobs"));
      }
    }
    for (String id : new String[] {"..", "../spec", "x".repeat(300), "%2e%2e", "0".repeat(32)}) {
      request("run " + id, () -> given().get("/api/v1/runs/" + id));
      request("job " + id, () -> given().get("/api/v1/jobs/" + id));
    }

    for (int length : new int[] {8200, 20_000, 60_000}) {
      String channels = "7".repeat(length); // nothing to escape: as long as sent
      request(
          "a URI of " + length + " characters",
          () ->
              given()
                  .contentType("image/png")
                  .body(png)
                  .queryParam("channels", channels)
                  .post("/api/v1/runs"));
      request(
          "a path of " + length + " characters",
          () -> given().get("/api/v1/runs/" + "r".repeat(length)));
    }

    System.out.printf("bad-input corpus: %d requests, statuses %s%n", tried, statusCounts);
    unexpected.stream().limit(40).forEach(line -> System.out.println("unexpected: " + line));
    assertThat(unexpected).as("answers that were not a 4xx problem with a message").isEmpty();
    assertThat(tried).isGreaterThanOrEqualTo(1000);
    assertThat(digestsOfEveryObject()).containsAllEntriesOf(before);
  }

  private void image(String what, Supplier<byte[]> bytes) {
    byte[] body = bytes.get();
    request(what, () -> given().contentType("image/png").body(body).post("/api/v1/runs"));
  }

  private void request(String what, Supplier<Response> send) {
    tried++;
    Response response = send.get();
    int status = response.statusCode();
    statusCounts.merge(String.valueOf(status), 1, Integer::sum);
    String detail = null;
    if (status >= 400
        && String.valueOf(response.contentType()).startsWith("application/problem+json")) {
      detail = response.jsonPath().getString("detail");
    }
    if (status < 400 || status >= 500 || detail == null || detail.isBlank()) {
      unexpected.add(what + " -> " + status + " " + response.asString());
    }
  }

  private Map<String, String> digestsOfEveryObject() {
    Map<String, String> digests = new HashMap<>();
    for (String key : store.list("")) {
      digests.put(key, Sha256.hex(store.read(key).orElseThrow()));
    }
    return digests;
  }

  /** Where the first IDAT chunk ends: cuts before it leave the picture's data incomplete. */
  private static int endOfIdat(byte[] png) {
    ByteBuffer buffer = ByteBuffer.wrap(png);
    int at = 8;
    while (at + 8 <= png.length) {
      int length = buffer.getInt(at);
      String type = new String(png, at + 4, 4, StandardCharsets.US_ASCII);
      int end = at + 12 + length;
      if (type.equals("IDAT")) {
        return end;
      }
      at = end;
    }
    throw new IllegalStateException("no IDAT chunk");
  }

  /** One byte of the compressed data flipped: the checksum no longer matches. */
  private static byte[] corruptedInData(byte[] png, Random random) {
    byte[] copy = png.clone();
    int idatEnd = endOfIdat(png);
    int at = 41 + random.nextInt(Math.max(1, idatEnd - 45));
    copy[at] ^= (byte) (1 + random.nextInt(255));
    return copy;
  }

  private static byte[] randomBytes(Random random, int size) {
    byte[] bytes = new byte[size];
    random.nextBytes(bytes);
    return bytes;
  }

  /** A PNG signature and an IHDR with a valid checksum claiming this size, and nothing after. */
  private static byte[] pngClaiming(int width, int height) {
    ByteBuffer ihdr = ByteBuffer.allocate(17);
    ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(width).putInt(height);
    ihdr.put(new byte[] {8, 2, 0, 0, 0});
    CRC32 crc = new CRC32();
    crc.update(ihdr.array());
    return ByteBuffer.allocate(8 + 4 + 17 + 4)
        .put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'})
        .putInt(13)
        .put(ihdr.array())
        .putInt((int) crc.getValue())
        .array();
  }

  private static byte[] jpeg() {
    try {
      java.awt.image.BufferedImage image =
          javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(TestImages.colourPng(3)));
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      javax.imageio.ImageIO.write(image, "jpeg", out);
      return out.toByteArray();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
