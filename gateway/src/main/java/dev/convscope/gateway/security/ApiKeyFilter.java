package dev.convscope.gateway.security;

import dev.convscope.gateway.config.GatewayConfig;
import dev.convscope.gateway.run.PictureUrls;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * Requires the API key on every REST call when one is configured. Only the REST resources (under
 * /api) pass through here: health, the OpenAPI document and the page's files are served outside
 * them and stay open.
 */
@Provider
@PreMatching
public class ApiKeyFilter implements ContainerRequestFilter {

  static final String API_KEY_HEADER = "X-API-Key";

  // Read on the first call: this may be built before the application's settings are.
  @Inject jakarta.inject.Provider<GatewayConfig> config;

  private volatile ApiKeys keys;

  private ApiKeys keys() {
    ApiKeys known = keys;
    if (known == null) {
      known = new ApiKeys(config.get().apiKey());
      keys = known;
    }
    return known;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    // Pictures are fetched by the browser's <img>, which sends no key: their content-addressed
    // keys (digests of the model and the image) are what a client must know, as with a
    // presigned URL.
    if (request.getUriInfo().getRequestUri().getPath().startsWith(PictureUrls.PATH)) {
      return;
    }
    if (!keys()
        .admits(
            request.getHeaderString(HttpHeaders.AUTHORIZATION),
            request.getHeaderString(API_KEY_HEADER))) {
      // The mapper answers problem details; the challenge names the scheme, never the key.
      throw new NotAuthorizedException(
          "this gateway requires an API key: send it as 'Authorization: Bearer KEY' or"
              + " 'X-API-Key: KEY'",
          "Bearer realm=\"convscope\"");
    }
  }
}
