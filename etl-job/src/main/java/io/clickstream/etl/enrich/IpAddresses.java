package io.clickstream.etl.enrich;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** IP literal handling without DNS: parsing and anonymization (last IPv4 octet, last 80 IPv6 bits). */
public final class IpAddresses {

    private IpAddresses() {
    }

    /** The address of an IPv4 or IPv6 literal (the first of a comma-separated list), or null for anything else. */
    public static InetAddress parseLiteral(String text) {
        if (text == null) {
            return null;
        }
        String ip = text;
        int comma = ip.indexOf(',');
        if (comma >= 0) {
            ip = ip.substring(0, comma);
        }
        ip = ip.trim();
        if (ip.isEmpty() || ip.length() > 45) {
            return null;
        }
        for (int i = 0; i < ip.length(); i++) {
            char ch = ip.charAt(i);
            boolean ok = (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F')
                    || ch == '.' || ch == ':';
            if (!ok) {
                // Anything else could make InetAddress resolve a host name.
                return null;
            }
        }
        if (ip.indexOf(':') < 0 && !ip.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return null;
        }
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** The address with its host part zeroed: /24 for IPv4, /48 for IPv6; null when not an IP literal. */
    public static String anonymize(String text) {
        InetAddress a = parseLiteral(text);
        if (a == null) {
            return null;
        }
        byte[] b = a.getAddress();
        int keep = b.length == 4 ? 3 : 6;
        for (int i = keep; i < b.length; i++) {
            b[i] = 0;
        }
        try {
            return InetAddress.getByAddress(b).getHostAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
