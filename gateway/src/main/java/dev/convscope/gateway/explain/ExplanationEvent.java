package dev.convscope.gateway.explain;

/** What an explanation under way tells: progress after each gradient pass, then itself. */
public sealed interface ExplanationEvent permits ExplanationProgress, Explanation {}
