package org.camelaliyun.iot.subscription;

/**
 * What a subscription topic tells: the kind of message and the device it is about.
 *
 * @param messageType one of the {@code TYPE_*} names
 * @param productKey  null when the topic names no device
 */
public record Topic(String messageType, String productKey, String deviceName) {

    public static final String TYPE_DOWNLINK_REPLY = "downlinkReply";
    public static final String TYPE_STATUS = "status";
    public static final String TYPE_PROPERTY = "property";
    public static final String TYPE_EVENT = "event";
    public static final String TYPE_LIFECYCLE = "lifecycle";
    public static final String TYPE_TOPOLOGY = "topology";
    public static final String TYPE_CUSTOM = "custom";
    public static final String TYPE_OTHER = "other";

    /**
     * {@code /{pk}/{dn}/thing/downlink/reply/message} (older docs with a {@code /sys} prefix),
     * {@code /as/mqtt/status/{pk}/{dn}}, {@code /sys/{pk}/{dn}/thing/event/property/post},
     * {@code /sys/{pk}/{dn}/thing/event/{identifier}/post}, {@code /{pk}/{dn}/thing/lifecycle},
     * {@code /{pk}/{dn}/thing/topo/lifecycle}, {@code /{pk}/{dn}/user/...}; anything else is {@code other}.
     */
    public static Topic parse(String topic) {
        if (topic == null || topic.isEmpty()) {
            return new Topic(TYPE_OTHER, null, null);
        }
        String[] p = (topic.startsWith("/") ? topic.substring(1) : topic).split("/");
        if (p.length == 5 && "as".equals(p[0]) && "mqtt".equals(p[1]) && "status".equals(p[2])) {
            return new Topic(TYPE_STATUS, p[3], p[4]);
        }
        int base = p.length > 0 && "sys".equals(p[0]) ? 1 : 0;
        if (p.length < base + 3) {
            return new Topic(TYPE_OTHER, null, null);
        }
        String pk = p[base];
        String dn = p[base + 1];
        String rest = String.join("/", java.util.Arrays.copyOfRange(p, base + 2, p.length));
        String type;
        if (rest.equals("thing/downlink/reply/message")) {
            type = TYPE_DOWNLINK_REPLY;
        } else if (rest.equals("thing/event/property/post")) {
            type = TYPE_PROPERTY;
        } else if (rest.startsWith("thing/event/") && rest.endsWith("/post")) {
            type = TYPE_EVENT;
        } else if (rest.equals("thing/lifecycle")) {
            type = TYPE_LIFECYCLE;
        } else if (rest.startsWith("thing/topo/")) {
            type = TYPE_TOPOLOGY;
        } else if (rest.startsWith("user/")) {
            type = TYPE_CUSTOM;
        } else {
            type = TYPE_OTHER;
        }
        return new Topic(type, pk, dn);
    }
}
