package io.clickstream.ingestion.collect;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The load balancers and proxies whose {@code X-Forwarded-For} header is believed. The client address is the
 * right-most entry of that header that is not itself a trusted proxy; from any other peer the header is ignored,
 * because anyone can send it.
 */
public final class TrustedProxies {

    private record Range(byte[] network, int prefixBits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefixBits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefixBits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Range> ranges;

    private TrustedProxies(List<Range> ranges) {
        this.ranges = ranges;
    }

    /**
     * Parses addresses ({@code 10.0.0.1}, {@code ::1}) and CIDR ranges ({@code 10.0.0.0/8}).
     *
     * @throws IllegalArgumentException for an entry that is neither
     */
    public static TrustedProxies parse(List<String> entries) {
        List<Range> ranges = new ArrayList<>();
        for (String entry : entries) {
            String text = entry.trim();
            if (text.isEmpty()) {
                continue;
            }
            int slash = text.indexOf('/');
            byte[] network = NetUtil.createByteArrayFromIpAddressString(slash < 0 ? text : text.substring(0, slash));
            if (network == null) {
                throw new IllegalArgumentException("not an IP address or CIDR range: " + entry);
            }
            int bits = network.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(text.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad prefix length in " + entry);
                }
                if (bits < 0 || bits > network.length * 8) {
                    throw new IllegalArgumentException("bad prefix length in " + entry);
                }
            }
            ranges.add(new Range(network, bits));
        }
        return new TrustedProxies(List.copyOf(ranges));
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    public boolean trusts(InetAddress peer) {
        return peer != null && trusts(peer.getAddress());
    }

    private boolean trusts(byte[] address) {
        for (Range range : ranges) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The client address for a request from {@code peer} carrying {@code forwardedFor} (may be null).
     *
     * @param peerText the peer's address as text, returned when the header is not believed
     */
    public String clientAddress(InetAddress peer, String peerText, String forwardedFor) {
        if (forwardedFor == null || ranges.isEmpty() || !trusts(peer)) {
            return peerText;
        }
        String client = peerText;
        int end = forwardedFor.length();
        while (end > 0) {
            int comma = forwardedFor.lastIndexOf(',', end - 1);
            String hop = forwardedFor.substring(comma + 1, end).trim();
            end = comma < 0 ? 0 : comma;
            byte[] address = NetUtil.createByteArrayFromIpAddressString(hop);
            if (address == null) {
                return client;
            }
            client = hop;
            if (!trusts(address)) {
                return hop;
            }
        }
        return client;
    }
}
