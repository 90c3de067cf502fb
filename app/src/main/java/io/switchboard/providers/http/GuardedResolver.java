package io.switchboard.providers.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

/**
 * The client's address resolver: Jetty's own asynchronous one, plus, for requests tagged with an {@link AddressGuard}
 * (a tag gives them their own destination and connection pool), a check of every resolved address before any
 * connection is made. Jetty connects to exactly the addresses returned here, so what was checked is what is used.
 */
final class GuardedResolver implements SocketAddressResolver {
    private final HttpClient client;
    private volatile SocketAddressResolver standard;

    GuardedResolver(HttpClient client) {
        this.client = client;
    }

    @Override
    public void resolve(String host, int port, Map<String, Object> context, Promise<List<InetSocketAddress>> promise) {
        AddressGuard guard = context.get(Destination.CONTEXT_KEY) instanceof Destination destination
                        && destination.getOrigin().getTag() instanceof AddressGuard tagged
                ? tagged
                : null;
        if (guard == null) {
            standard().resolve(host, port, context, promise);
            return;
        }
        standard()
                .resolve(
                        host,
                        port,
                        context,
                        Promise.from(
                                addresses -> {
                                    for (InetSocketAddress address : addresses) {
                                        InetAddress resolved = address.getAddress();
                                        String refusal =
                                                resolved == null ? "it did not resolve" : guard.refusal(resolved);
                                        if (refusal != null) {
                                            promise.failed(new AddressRefusedException(host, resolved, refusal));
                                            return;
                                        }
                                    }
                                    promise.succeeded(addresses);
                                },
                                promise::failed));
    }

    /** Created on first use, when the client's executor and scheduler exist. */
    private SocketAddressResolver standard() {
        SocketAddressResolver resolver = standard;
        if (resolver == null) {
            synchronized (this) {
                resolver = standard;
                if (resolver == null) {
                    resolver = new SocketAddressResolver.Async(
                            client.getExecutor(), client.getScheduler(), client.getAddressResolutionTimeout());
                    standard = resolver;
                }
            }
        }
        return resolver;
    }

    /** The guard refused an address; the connection was never attempted. */
    static final class AddressRefusedException extends IOException {
        private static final long serialVersionUID = 1L;

        AddressRefusedException(String host, InetAddress address, String refusal) {
            super(host
                    + (address == null || host.equals(address.getHostAddress())
                            ? ""
                            : " resolves to " + address.getHostAddress())
                    + ": " + refusal);
        }
    }
}
