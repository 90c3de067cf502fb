package io.switchboard.providers.media;

import java.net.InetAddress;

/**
 * Classifies IP addresses (IANA special-purpose registries for IPv4 and IPv6) on their raw bytes, so that an IPv6
 * address carrying an IPv4 one is judged by the IPv4 address it leads to: IPv4-mapped {@code ::ffff:a.b.c.d},
 * IPv4-compatible {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::a.b.c.d} and 6to4 {@code 2002:aabb:ccdd::}. Teredo
 * ({@code 2001::/32}) hides its IPv4 address and is refused as reserved; so is IPv6 space outside {@code 2000::/3}.
 */
public final class AddressClassifier {
    private AddressClassifier() {}

    public static AddressClass classify(InetAddress address) {
        byte[] bytes = address.getAddress();
        return bytes.length == 4 ? ipv4(bytes, 0) : ipv6(bytes);
    }

    private static AddressClass ipv4(byte[] bytes, int offset) {
        int a = bytes[offset] & 0xFF;
        int b = bytes[offset + 1] & 0xFF;
        int c = bytes[offset + 2] & 0xFF;
        if (a == 0) {
            return AddressClass.UNSPECIFIED;
        }
        if (a == 127) {
            return AddressClass.LOOPBACK;
        }
        if (a == 10 || (a == 172 && b >= 16 && b <= 31) || (a == 192 && b == 168)) {
            return AddressClass.PRIVATE;
        }
        if (a == 100 && b >= 64 && b <= 127) {
            return AddressClass.PRIVATE; // carrier-grade NAT, shared address space
        }
        if (a == 169 && b == 254) {
            return AddressClass.LINK_LOCAL;
        }
        if (a >= 224 && a <= 239) {
            return AddressClass.MULTICAST;
        }
        if (a >= 240) {
            return AddressClass.RESERVED; // future use, and 255.255.255.255 broadcast
        }
        if (a == 192 && b == 0 && (c == 0 || c == 2)) {
            return AddressClass.RESERVED; // IETF protocol assignments, TEST-NET-1
        }
        if (a == 192 && b == 88 && c == 99) {
            return AddressClass.RESERVED; // deprecated 6to4 relay anycast
        }
        if (a == 198 && (b == 18 || b == 19)) {
            return AddressClass.RESERVED; // benchmarking
        }
        if ((a == 198 && b == 51 && c == 100) || (a == 203 && b == 0 && c == 113)) {
            return AddressClass.RESERVED; // TEST-NET-2, TEST-NET-3
        }
        return AddressClass.PUBLIC;
    }

    private static AddressClass ipv6(byte[] bytes) {
        if (allZero(bytes, 0, 10)) {
            int marker = ((bytes[10] & 0xFF) << 8) | (bytes[11] & 0xFF);
            if (marker == 0xFFFF) {
                return ipv4(bytes, 12); // IPv4-mapped
            }
            if (marker == 0) {
                if (allZero(bytes, 12, 15)) {
                    int last = bytes[15] & 0xFF;
                    if (last == 0) {
                        return AddressClass.UNSPECIFIED;
                    }
                    if (last == 1) {
                        return AddressClass.LOOPBACK;
                    }
                }
                return ipv4(bytes, 12); // IPv4-compatible (deprecated)
            }
            return AddressClass.RESERVED;
        }
        int first = bytes[0] & 0xFF;
        int second = bytes[1] & 0xFF;
        int word0 = (first << 8) | second;
        int word1 = ((bytes[2] & 0xFF) << 8) | (bytes[3] & 0xFF);
        if (word0 == 0x0064 && word1 == 0xFF9B) {
            int word2 = ((bytes[4] & 0xFF) << 8) | (bytes[5] & 0xFF);
            if (word2 == 0x0001) {
                return AddressClass.PRIVATE; // local-use NAT64, 64:ff9b:1::/48
            }
            return allZero(bytes, 4, 12) ? ipv4(bytes, 12) : AddressClass.RESERVED;
        }
        if (word0 == 0x0100 && allZero(bytes, 2, 8)) {
            return AddressClass.RESERVED; // discard-only 100::/64
        }
        if (first == 0xFF) {
            return AddressClass.MULTICAST;
        }
        if ((first & 0xFE) == 0xFC) {
            return AddressClass.UNIQUE_LOCAL;
        }
        if (first == 0xFE && (second & 0xC0) == 0x80) {
            return AddressClass.LINK_LOCAL;
        }
        if (first == 0xFE && (second & 0xC0) == 0xC0) {
            return AddressClass.PRIVATE; // deprecated site-local
        }
        if (word0 == 0x2002) {
            return ipv4(bytes, 2); // 6to4 carries the IPv4 address of its gateway
        }
        if (word0 == 0x2001 && word1 == 0x0000) {
            return AddressClass.RESERVED; // Teredo
        }
        if (word0 == 0x2001 && word1 == 0x0DB8) {
            return AddressClass.RESERVED; // documentation
        }
        if (word0 == 0x2001 && (bytes[2] & 0xFF) < 0x02) {
            return AddressClass.RESERVED; // 2001::/23 IETF protocol assignments
        }
        if ((first & 0xE0) != 0x20) {
            return AddressClass.RESERVED; // outside global unicast 2000::/3
        }
        return AddressClass.PUBLIC;
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
