package io.switchboard.providers.media;

/** What kind of network an IP address belongs to, as far as fetching from it is concerned. */
public enum AddressClass {
    /** Globally routable unicast: the only class fetched by default. */
    PUBLIC("a public address", true),
    /** {@code 127.0.0.0/8}, {@code ::1}. */
    LOOPBACK("a loopback address", false),
    /** RFC 1918 ({@code 10/8}, {@code 172.16/12}, {@code 192.168/16}), carrier-grade NAT {@code 100.64/10}, IPv6
     * site-local {@code fec0::/10}, NAT64 local use {@code 64:ff9b:1::/48}. */
    PRIVATE("a private network address", false),
    /** {@code 169.254/16} (where cloud metadata services live), {@code fe80::/10}. */
    LINK_LOCAL("a link-local address", false),
    /** {@code fc00::/7}. */
    UNIQUE_LOCAL("a unique local address", false),
    /** {@code 224/4}, {@code ff00::/8}. */
    MULTICAST("a multicast address", false),
    /** {@code 0.0.0.0/8}, {@code ::}. */
    UNSPECIFIED("an unspecified address", false),
    /** Documentation, benchmarking, IETF protocol and future-use ranges, broadcast, Teredo, unallocated IPv6. */
    RESERVED("a reserved address", false);

    private final String description;
    private final boolean isPublic;

    AddressClass(String description, boolean isPublic) {
        this.description = description;
        this.isPublic = isPublic;
    }

    public String description() {
        return description;
    }

    public boolean isPublic() {
        return isPublic;
    }

    /** Internal networks an operator may open for fetching (tests on loopback, an intranet image host). */
    public boolean isInternal() {
        return this == LOOPBACK || this == PRIVATE || this == LINK_LOCAL || this == UNIQUE_LOCAL;
    }
}
