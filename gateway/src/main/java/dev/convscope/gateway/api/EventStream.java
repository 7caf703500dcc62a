package dev.convscope.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * How the REST API tells events as they happen: one JSON object per line (NDJSON) or one
 * Server-Sent Event each, whichever the client's Accept header asks for first.
 */
final class EventStream {

  static final String NDJSON = "application/x-ndjson";

  private final ObjectMapper json;
  private final OutputStream out;
  private final boolean sse;

  EventStream(ObjectMapper json, OutputStream out, String type) {
    this.json = json;
    this.out = out;
    this.sse = type.equals(MediaType.SERVER_SENT_EVENTS);
  }

  /** The streaming type the client asked for, or null for one JSON document. */
  static String typeOf(String accept) {
    if (accept == null) {
      return null;
    }
    for (String part : accept.split(",")) {
      String type = part.split(";")[0].trim();
      if (type.equalsIgnoreCase(NDJSON)) {
        return NDJSON;
      }
      if (type.equalsIgnoreCase(MediaType.SERVER_SENT_EVENTS)) {
        return MediaType.SERVER_SENT_EVENTS;
      }
      if (type.equalsIgnoreCase(MediaType.APPLICATION_JSON)) {
        return null;
      }
    }
    return null;
  }

  /** The answer that streams {@code body} as {@code type}, kept from every cache and buffer. */
  static Response response(StreamingOutput body, String type) {
    return Response.ok(body, type)
        .header(HttpHeaders.CACHE_CONTROL, "no-cache")
        // Proxies such as nginx would otherwise hold the stream back until it ends.
        .header("X-Accel-Buffering", "no")
        .build();
  }

  /** Sends one event at once; {@code type} names it as an SSE event. */
  void write(String type, Object view) throws IOException {
    byte[] data = json.writeValueAsBytes(view);
    if (sse) {
      out.write(("event: " + type + "\ndata: ").getBytes(StandardCharsets.UTF_8));
      out.write(data);
      out.write("\n\n".getBytes(StandardCharsets.UTF_8));
    } else {
      out.write(data);
      out.write('\n');
    }
    out.flush();
  }
}
