package dev.convscope.visualization.store;

import java.util.HashMap;
import java.util.Map;

/** The real S3-compatible server, given a secret key it does not take: a misconfigured store. */
public class RefusedCredentialsResource extends S3ProxyResource {

  public static final String WRONG_SECRET = "not-this-store-secret-0815";

  @Override
  public Map<String, String> start() {
    Map<String, String> settings = new HashMap<>(super.start());
    settings.put("convscope.store.secret-key", WRONG_SECRET);
    return settings;
  }
}
