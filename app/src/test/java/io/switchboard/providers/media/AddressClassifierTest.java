package io.switchboard.providers.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressClassifierTest {
    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "8.8.8.8, PUBLIC",
        "1.1.1.1, PUBLIC",
        "93.184.216.34, PUBLIC",
        "172.15.255.255, PUBLIC",
        "172.32.0.1, PUBLIC",
        "100.63.255.255, PUBLIC",
        "100.128.0.1, PUBLIC",
        "192.169.0.1, PUBLIC",
        "127.0.0.1, LOOPBACK",
        "127.255.255.254, LOOPBACK",
        "10.0.0.1, PRIVATE",
        "10.255.255.255, PRIVATE",
        "172.16.0.1, PRIVATE",
        "172.31.255.255, PRIVATE",
        "192.168.1.1, PRIVATE",
        "100.64.0.1, PRIVATE",
        "100.127.255.255, PRIVATE",
        "169.254.169.254, LINK_LOCAL",
        "224.0.0.1, MULTICAST",
        "239.255.255.250, MULTICAST",
        "0.0.0.0, UNSPECIFIED",
        "0.1.2.3, UNSPECIFIED",
        "255.255.255.255, RESERVED",
        "240.0.0.1, RESERVED",
        "192.0.0.8, RESERVED",
        "192.0.2.1, RESERVED",
        "198.18.0.1, RESERVED",
        "198.51.100.7, RESERVED",
        "203.0.113.9, RESERVED",
    })
    void ipv4(String address, AddressClass expected) throws UnknownHostException {
        assertThat(AddressClassifier.classify(InetAddress.getByName(address))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "2606:4700:4700::1111, PUBLIC",
        "2a00:1450:4001:80b::200e, PUBLIC",
        "::1, LOOPBACK",
        "::, UNSPECIFIED",
        "fe80::1, LINK_LOCAL",
        "febf:ffff::1, LINK_LOCAL",
        "fc00::1, UNIQUE_LOCAL",
        "fd12:3456:789a::1, UNIQUE_LOCAL",
        "fec0::1, PRIVATE",
        "ff02::1, MULTICAST",
        "ff05::2, MULTICAST",
        "2001:db8::1, RESERVED",
        "2001:0:4136:e378:8000:63bf:3fff:fdd2, RESERVED",
        "100::1, RESERVED",
        "4000::1, RESERVED",
        // IPv4 inside IPv6 is judged by the IPv4 address
        "::127.0.0.1, LOOPBACK",
        "::10.1.2.3, PRIVATE",
        "::8.8.8.8, PUBLIC",
        "64:ff9b::7f00:1, LOOPBACK",
        "64:ff9b::a9fe:a9fe, LINK_LOCAL",
        "64:ff9b::808:808, PUBLIC",
        "64:ff9b:1::1, PRIVATE",
        "2002:7f00:1::1, LOOPBACK",
        "2002:c0a8:101::1, PRIVATE",
        "2002:808:808::1, PUBLIC",
    })
    void ipv6(String address, AddressClass expected) throws UnknownHostException {
        assertThat(AddressClassifier.classify(ipv6Literal(address))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "::ffff:{0} is {1}")
    @CsvSource({
        "127.0.0.1, LOOPBACK",
        "10.0.0.1, PRIVATE",
        "169.254.169.254, LINK_LOCAL",
        "0.0.0.0, UNSPECIFIED",
        "8.8.8.8, PUBLIC",
    })
    void ipv4MappedInBothForms(String ipv4, AddressClass expected) throws UnknownHostException {
        byte[] v4 = InetAddress.getByName(ipv4).getAddress();
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        System.arraycopy(v4, 0, mapped, 12, 4);
        // The JDK turns a mapped address into an Inet4Address; an Inet6Address can still carry one.
        InetAddress asParsed = InetAddress.getByName("::ffff:" + ipv4);
        InetAddress asIpv6 = Inet6Address.getByAddress(null, mapped, -1);

        assertThat(asIpv6).isInstanceOf(Inet6Address.class);
        assertThat(AddressClassifier.classify(asParsed)).isEqualTo(expected);
        assertThat(AddressClassifier.classify(asIpv6)).isEqualTo(expected);
    }

    private static InetAddress ipv6Literal(String address) throws UnknownHostException {
        byte[] bytes = InetAddress.getByName(address).getAddress();
        return bytes.length == 16 ? Inet6Address.getByAddress(null, bytes, -1) : InetAddress.getByAddress(bytes);
    }
}
