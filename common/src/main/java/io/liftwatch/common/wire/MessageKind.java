package io.liftwatch.common.wire;

import io.liftwatch.common.taxonomy.Codes;

import java.util.Optional;

/** The message kinds of wire contract v1, one topic each under {@code lw/v1/{lift}/}. */
public enum MessageKind {
    STATUS("status", true),
    RUN("run", false),
    COUNTERS("counters", false),
    FAULT("fault", false),
    EVENT("event", false),
    CONNECTION("conn", true);

    private final String topicSuffix;
    private final boolean retained;

    MessageKind(String topicSuffix, boolean retained) {
        this.topicSuffix = topicSuffix;
        this.retained = retained;
    }

    public String topicSuffix() {
        return topicSuffix;
    }

    /** Whether devices publish this kind with the retain flag, so a new subscriber sees the last one. */
    public boolean retained() {
        return retained;
    }

    /** Every message's topic is looked up here. */
    private static final Codes<String, MessageKind> BY_SUFFIX = Codes.of(values(), MessageKind::topicSuffix);

    public static Optional<MessageKind> bySuffix(String suffix) {
        return BY_SUFFIX.find(suffix);
    }
}
