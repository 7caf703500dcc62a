package dev.convscope.models.caffe;

import java.util.Optional;

/**
 * A class name of a Caffe model, with its WordNet id when the labels file gives one (Caffe's and
 * DIGITS' synset_words.txt: "n01440764 tench, Tinca tinca").
 */
public record CaffeLabel(Optional<String> wordnetId, String name) {}
