package io.liftwatch.common.wire;

import java.util.Optional;

/** Topic names of wire contract v1: {@code lw/v1/{registration code}/{kind}}. */
public final class Topics {
    public static final String PREFIX = "lw/v1/";
    /** Every lift's every kind. */
    public static final String ALL = PREFIX + "+/+";

    private Topics() {
    }

    public static String of(String liftId, MessageKind kind) {
        return PREFIX + liftId + "/" + kind.topicSuffix();
    }

    /** A filter for a shared subscription: the broker splits the stream among the group's members. */
    public static String shared(String group) {
        return "$share/" + group + "/" + ALL;
    }

    /** The lift and kind a topic names, or empty when it is not a v1 lift topic. */
    public static Optional<Address> parse(String topic) {
        if (topic == null || !topic.startsWith(PREFIX)) {
            return Optional.empty();
        }
        int slash = topic.indexOf('/', PREFIX.length());
        if (slash < 0 || topic.indexOf('/', slash + 1) >= 0) {
            return Optional.empty();
        }
        String lift = topic.substring(PREFIX.length(), slash);
        return MessageKind.bySuffix(topic.substring(slash + 1)).map(kind -> new Address(lift, kind));
    }

    public record Address(String liftId, MessageKind kind) {
    }
}
