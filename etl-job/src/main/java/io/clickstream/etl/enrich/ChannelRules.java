package io.clickstream.etl.enrich;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An ordered channel-group rule list: the first rule whose conditions all hold names the channel. Rules are text,
 * one per line, {@code Channel Name: field~regex && !field~regex}, where field is {@code source}, {@code medium},
 * {@code campaign}, {@code category} or {@code clid} and the regex must match the whole lower-cased value (a
 * missing value is the empty string). A rule without conditions matches everything. Lines starting with
 * {@code #} are comments.
 */
public final class ChannelRules {

    /** The default list, after GA4's default channel groups. */
    public static final String DEFAULT_RULES = """
            Direct: source~\\(direct\\)|direct && medium~|\\(none\\)|\\(not set\\)
            Cross-network: campaign~.*cross-network.*
            Paid Shopping: category~shopping && medium~.*cp.*|ppc|retargeting|paid.*
            Paid Shopping: campaign~.*shop.* && medium~.*cp.*|ppc|retargeting|paid.*
            Paid Search: category~search && medium~.*cp.*|ppc|retargeting|paid.*
            Paid Search: category~search && clid~.+
            Paid Social: category~social && medium~.*cp.*|ppc|retargeting|paid.*
            Paid Video: category~video && medium~.*cp.*|ppc|retargeting|paid.*
            Display: medium~display|banner|expandable|interstitial|cpm
            Paid Other: medium~.*cp.*|ppc|retargeting|paid.*
            Organic Shopping: category~shopping
            Organic Shopping: campaign~.*shop.*
            Organic Social: category~social
            Organic Social: medium~social|social-network|social-media|sm|social network|social media
            Organic Video: category~video
            Organic Video: medium~.*video.*
            Organic Search: category~search
            Organic Search: medium~organic
            Email: source~email|e-mail|e_mail|e mail|newsletter
            Email: medium~email|e-mail|e_mail|e mail|newsletter
            Affiliates: medium~affiliate|affiliates
            Referral: medium~referral|app|link
            Audio: medium~audio
            SMS: source~sms
            SMS: medium~sms
            Mobile Push Notifications: medium~.*push|.*mobile.*|.*notification.*
            Unassigned:
            """;

    private record Condition(String field, Pattern pattern, boolean negated) {
        boolean holds(String source, String medium, String campaign, String category, String clid) {
            String v = switch (field) {
                case "source" -> source;
                case "medium" -> medium;
                case "campaign" -> campaign;
                case "category" -> category;
                case "clid" -> clid;
                default -> throw new IllegalStateException(field);
            };
            boolean m = pattern.matcher(v == null ? "" : v.toLowerCase(Locale.ROOT)).matches();
            return negated != m;
        }
    }

    private record Rule(String channel, List<Condition> conditions) {
    }

    private final List<Rule> rules;

    private ChannelRules(List<Rule> rules) {
        this.rules = rules;
    }

    public static ChannelRules defaults() {
        return parse(DEFAULT_RULES);
    }

    /** @throws IllegalArgumentException naming the line of a malformed rule */
    public static ChannelRules parse(String text) {
        List<Rule> rules = new ArrayList<>();
        int lineNo = 0;
        for (String line : text.split("\n")) {
            lineNo++;
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int colon = l.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("channel rule line " + lineNo + ": expected 'Channel: conditions'");
            }
            String channel = l.substring(0, colon).strip();
            String body = l.substring(colon + 1).strip();
            List<Condition> conditions = new ArrayList<>();
            if (!body.isEmpty()) {
                for (String c : body.split("&&")) {
                    String cond = c.strip();
                    boolean negated = cond.startsWith("!");
                    if (negated) {
                        cond = cond.substring(1);
                    }
                    int tilde = cond.indexOf('~');
                    String field = tilde < 0 ? "" : cond.substring(0, tilde).strip();
                    if (!List.of("source", "medium", "campaign", "category", "clid").contains(field)) {
                        throw new IllegalArgumentException("channel rule line " + lineNo + ": unknown field in '" + c.strip() + "'");
                    }
                    conditions.add(new Condition(field, Pattern.compile(cond.substring(tilde + 1).strip()), negated));
                }
            }
            rules.add(new Rule(channel, conditions));
        }
        return new ChannelRules(List.copyOf(rules));
    }

    /** The channel group of a traffic source; null when no rule matches. */
    public String channelOf(String source, String medium, String campaign, String category, String clid) {
        for (Rule r : rules) {
            boolean all = true;
            for (Condition c : r.conditions()) {
                if (!c.holds(source, medium, campaign, category, clid)) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return r.channel();
            }
        }
        return null;
    }
}
