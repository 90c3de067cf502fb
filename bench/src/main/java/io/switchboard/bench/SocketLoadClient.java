package io.switchboard.bench;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * Minimal blocking HTTP/1.1 client: one keep-alive socket per session, the request pre-encoded
 * once, responses parsed with Content-Length, chunked, or read-to-close framing. It exists to keep
 * the load generator's own CPU cost low on small machines, where it competes with the gateway and
 * the simulator for the same cores.
 */
final class SocketLoadClient implements LoadClient {

    private static final int MAX_LINE = 16 * 1024;
    private static final int MAX_BODY = 16 * 1024 * 1024;

    private final int timeoutMillis;

    SocketLoadClient(Duration requestTimeout) {
        this.timeoutMillis = Math.toIntExact(Math.max(1, requestTimeout.toMillis()));
    }

    @Override
    public Session open(Target target) {
        return new SocketSession(target, timeoutMillis);
    }

    @Override
    public String description() {
        return "blocking socket HTTP/1.1 client (one keep-alive connection per worker)";
    }

    @Override
    public void close() {}

    static byte[] encodeRequest(Target target) {
        var uri = target.uri();
        int port = uri.getPort() == -1 ? 80 : uri.getPort();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        StringBuilder head = new StringBuilder(256)
                .append("POST ")
                .append(path)
                .append(" HTTP/1.1\r\n")
                .append("Host: ")
                .append(uri.getHost())
                .append(':')
                .append(port)
                .append("\r\n");
        target.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("Content-Length: ").append(target.body().length).append("\r\n\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = Arrays.copyOf(h, h.length + target.body().length);
        System.arraycopy(target.body(), 0, out, h.length, target.body().length);
        return out;
    }

    static final class SocketSession implements Session {

        private final InetSocketAddress address;
        private final byte[] request;
        private final int timeoutMillis;
        private final byte[] buf = new byte[16 * 1024];
        private final ByteArrayOutputStream body = new ByteArrayOutputStream(1024);
        private int pos;
        private int lim;
        private Socket socket;
        private InputStream in;
        private OutputStream out;
        private boolean reused;

        SocketSession(Target target, int timeoutMillis) {
            var uri = target.uri();
            this.address = new InetSocketAddress(uri.getHost(), uri.getPort() == -1 ? 80 : uri.getPort());
            this.request = encodeRequest(target);
            this.timeoutMillis = timeoutMillis;
        }

        @Override
        public Exchange send() throws IOException {
            if (socket == null) {
                connect();
            }
            try {
                return exchange();
            } catch (StaleConnectionException e) {
                // The server closed an idle keep-alive connection before we sent; retry once fresh.
                disconnect();
                connect();
                try {
                    return exchange();
                } catch (IOException retryFailure) {
                    disconnect();
                    throw retryFailure;
                }
            } catch (IOException e) {
                disconnect();
                throw e;
            }
        }

        private Exchange exchange() throws IOException {
            boolean wasReused = reused;
            reused = true;
            try {
                out.write(request);
                out.flush();
                if (!fillIfEmpty()) {
                    throw new EOFException("connection closed before response");
                }
            } catch (SocketTimeoutException e) {
                throw e;
            } catch (IOException e) {
                if (wasReused) {
                    throw new StaleConnectionException(e);
                }
                throw e;
            }
            Response r = readResponse();
            if (r.close) {
                disconnect();
            }
            return new Exchange(r.status, r.body);
        }

        private record Response(int status, byte[] body, boolean close) {}

        private Response readResponse() throws IOException {
            while (true) {
                String statusLine = readLine();
                if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
                    throw new ProtocolException("bad status line: " + statusLine);
                }
                boolean http10 = statusLine.startsWith("HTTP/1.0");
                int status = parseStatus(statusLine);
                long contentLength = -1;
                boolean chunked = false;
                boolean close = http10;
                for (String line = readLine(); !line.isEmpty(); line = readLine()) {
                    int colon = line.indexOf(':');
                    if (colon <= 0) {
                        throw new ProtocolException("bad header line: " + line);
                    }
                    String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                    String value = line.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
                    switch (name) {
                        case "content-length" -> contentLength = parseContentLength(value);
                        case "transfer-encoding" -> chunked = value.contains("chunked");
                        case "connection" -> {
                            if (value.contains("close")) {
                                close = true;
                            } else if (value.contains("keep-alive")) {
                                close = false;
                            }
                        }
                        default -> {}
                    }
                }
                if (status >= 100 && status < 200) {
                    continue; // interim response (e.g. 100 Continue): the final one follows
                }
                body.reset();
                if (status == 204 || status == 304) {
                    // no body by definition
                } else if (chunked) {
                    readChunked();
                } else if (contentLength >= 0) {
                    readFixed(contentLength);
                } else {
                    readToEof();
                    close = true;
                }
                return new Response(status, body.toByteArray(), close);
            }
        }

        private static int parseStatus(String statusLine) throws ProtocolException {
            try {
                return Integer.parseInt(statusLine.substring(9, 12));
            } catch (NumberFormatException e) {
                throw new ProtocolException("bad status line: " + statusLine);
            }
        }

        private static long parseContentLength(String value) throws ProtocolException {
            try {
                long n = Long.parseLong(value);
                if (n < 0 || n > MAX_BODY) {
                    throw new ProtocolException("unsupported Content-Length: " + value);
                }
                return n;
            } catch (NumberFormatException e) {
                throw new ProtocolException("bad Content-Length: " + value);
            }
        }

        private void readChunked() throws IOException {
            while (true) {
                String sizeLine = readLine();
                int semi = sizeLine.indexOf(';');
                String hex = (semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim();
                long size;
                try {
                    size = Long.parseLong(hex, 16);
                } catch (NumberFormatException e) {
                    throw new ProtocolException("bad chunk size: " + sizeLine);
                }
                if (size < 0 || body.size() + size > MAX_BODY) {
                    throw new ProtocolException("chunk too large: " + sizeLine);
                }
                if (size == 0) {
                    // trailers, terminated by an empty line
                    while (!readLine().isEmpty()) {
                        // skip
                    }
                    return;
                }
                readFixed(size);
                if (!readLine().isEmpty()) {
                    throw new ProtocolException("missing CRLF after chunk");
                }
            }
        }

        private void readFixed(long n) throws IOException {
            long remaining = n;
            while (remaining > 0) {
                if (pos == lim && !fill()) {
                    throw new EOFException("connection closed with " + remaining + " body bytes outstanding");
                }
                int take = (int) Math.min(remaining, lim - pos);
                body.write(buf, pos, take);
                pos += take;
                remaining -= take;
            }
        }

        private void readToEof() throws IOException {
            while (pos < lim || fill()) {
                if (body.size() + (lim - pos) > MAX_BODY) {
                    throw new ProtocolException("body too large");
                }
                body.write(buf, pos, lim - pos);
                pos = lim;
            }
        }

        private String readLine() throws IOException {
            StringBuilder sb = new StringBuilder(64);
            while (true) {
                if (pos == lim && !fill()) {
                    throw new EOFException("connection closed mid-response");
                }
                byte b = buf[pos++];
                if (b == '\n') {
                    int len = sb.length();
                    if (len > 0 && sb.charAt(len - 1) == '\r') {
                        sb.setLength(len - 1);
                    }
                    return sb.toString();
                }
                if (sb.length() >= MAX_LINE) {
                    throw new ProtocolException("line too long");
                }
                sb.append((char) (b & 0xff));
            }
        }

        /** Ensures buffered input is available; false at EOF. */
        private boolean fillIfEmpty() throws IOException {
            return pos < lim || fill();
        }

        private boolean fill() throws IOException {
            int n = in.read(buf, 0, buf.length);
            if (n <= 0) {
                return false;
            }
            pos = 0;
            lim = n;
            return true;
        }

        private void connect() throws IOException {
            Socket s = new Socket();
            try {
                s.setTcpNoDelay(true);
                s.setSoTimeout(timeoutMillis);
                s.connect(address, timeoutMillis);
            } catch (IOException e) {
                s.close();
                throw e;
            }
            socket = s;
            in = s.getInputStream();
            out = s.getOutputStream();
            pos = 0;
            lim = 0;
            reused = false;
        }

        private void disconnect() {
            Socket s = socket;
            socket = null;
            in = null;
            out = null;
            pos = 0;
            lim = 0;
            if (s != null) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }

        @Override
        public void close() {
            disconnect();
        }
    }

    /** Write failure or EOF before any byte of the response, on a reused connection. */
    private static final class StaleConnectionException extends IOException {
        StaleConnectionException(IOException cause) {
            super("keep-alive connection closed by server", cause);
        }
    }
}
