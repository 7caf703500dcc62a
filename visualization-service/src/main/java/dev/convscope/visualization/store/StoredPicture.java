package dev.convscope.visualization.store;

/**
 * A picture that is in the store.
 *
 * @param reused true when the object was already there and was not written again
 */
public record StoredPicture(String key, long sizeBytes, boolean reused) {}
