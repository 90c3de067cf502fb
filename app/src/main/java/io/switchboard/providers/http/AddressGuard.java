package io.switchboard.providers.http;

import java.net.InetAddress;

/**
 * Decides which resolved addresses a {@link UpstreamHttp#get guarded GET} may connect to. The check runs on the
 * addresses the connection is then made to (not on a separate lookup), so a host name that resolves differently the
 * second time (DNS rebinding) cannot slip past it; every redirect hop is a new request and is checked again.
 */
@FunctionalInterface
public interface AddressGuard {
    /** Why a connection to {@code address} is refused, or null when it is allowed. */
    String refusal(InetAddress address);
}
