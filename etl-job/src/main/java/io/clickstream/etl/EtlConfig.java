package io.clickstream.etl;

import java.io.Serializable;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of one ETL pass, parsed from command-line arguments or built by the pipeline engine. It travels to
 * Spark tasks, so it holds only serializable values.
 *
 * @param lake                a local directory or an {@code s3a://bucket/prefix} URI holding {@code raw/},
 *                            {@code modeled/}, {@code quarantine/} and {@code _state/}
 * @param master              Spark master for {@link EtlJob#main}; null leaves it to spark-submit
 * @param geoipDb             a MaxMind {@code .mmdb} city database for IP geolocation; null disables it
 * @param defaultTimeZone     zone of {@code event_date} for apps without their own
 * @param appTimeZones        per-app zones of {@code event_date}
 * @param anonymizeIp         drop the last octet (IPv4) or 80 bits (IPv6) before lookup
 * @param botFilter           drop events whose user agent is a known bot or crawler
 * @param piiHashed           attribute names whose values are replaced by their SHA-256
 * @param piiDropped          attribute names that are removed
 * @param plugins             class names of custom {@code io.clickstream.etl.enrich.EventEnricher}s, run last
 * @param pluginJars          jars holding those classes (added to the Spark context)
 * @param sessionTimeout      inactivity that ends a session for clients without SDK session attributes
 * @param clockSkewThreshold  shift event times when client upload time and ingest time differ by more
 * @param channelRules        channel-group rule text ({@code io.clickstream.etl.enrich.ChannelRules}) per app id,
 *                            {@code "*"} for every other app; empty for the built-in rules
 * @param compactMinFiles     a partition of the event, item or quarantine table whose small files number at least
 *                            this many has them merged into one after the pass; 0 never compacts
 * @param compactSmallFileBytes files below this size count as small for compaction (merged files grow until they
 *                            are no longer small, so compaction never rewrites a big file again)
 * @param sparkConf           extra Spark (and {@code spark.hadoop.*}) settings for the session {@link EtlJob#main}
 *                            creates, e.g. the S3A endpoint; ignored by {@link EtlJob#run}
 * @param housekeeping        when raw hours are sealed, and how long raw batches and quarantine are kept
 * @param apps                the apps whose raw batches a pass models (every app by default): each local pipeline
 *                            models its own apps with its own processing settings
 */
public record EtlConfig(
        String lake,
        String master,
        String geoipDb,
        ZoneId defaultTimeZone,
        Map<String, ZoneId> appTimeZones,
        boolean anonymizeIp,
        boolean botFilter,
        Set<String> piiHashed,
        Set<String> piiDropped,
        List<String> plugins,
        List<String> pluginJars,
        Duration sessionTimeout,
        Duration clockSkewThreshold,
        Map<String, String> channelRules,
        int compactMinFiles,
        long compactSmallFileBytes,
        Map<String, String> sparkConf,
        LakeHousekeeping housekeeping,
        AppScope apps) implements Serializable {

    /** Default of {@link #compactMinFiles}: about ten minutes of one-minute micro-batches per partition. */
    public static final int DEFAULT_COMPACT_MIN_FILES = 10;
    /** Default of {@link #compactSmallFileBytes}. */
    public static final long DEFAULT_COMPACT_SMALL_FILE_BYTES = 64L << 20;

    public EtlConfig {
        Objects.requireNonNull(lake, "lake");
        if (lake.isBlank()) {
            throw new IllegalArgumentException("lake must not be blank");
        }
        defaultTimeZone = defaultTimeZone == null ? ZoneOffset.UTC : defaultTimeZone;
        appTimeZones = Map.copyOf(appTimeZones == null ? Map.of() : appTimeZones);
        piiHashed = Set.copyOf(piiHashed == null ? Set.of() : piiHashed);
        piiDropped = Set.copyOf(piiDropped == null ? Set.of() : piiDropped);
        plugins = List.copyOf(plugins == null ? List.of() : plugins);
        pluginJars = List.copyOf(pluginJars == null ? List.of() : pluginJars);
        sessionTimeout = sessionTimeout == null ? Duration.ofMinutes(30) : sessionTimeout;
        clockSkewThreshold = clockSkewThreshold == null ? Duration.ofMinutes(10) : clockSkewThreshold;
        channelRules = Map.copyOf(channelRules == null ? Map.of() : channelRules);
        if (compactMinFiles < 0 || compactMinFiles == 1) {
            throw new IllegalArgumentException("compactMinFiles must be 0 (off) or at least 2, got " + compactMinFiles);
        }
        if (compactSmallFileBytes <= 0) {
            throw new IllegalArgumentException("compactSmallFileBytes must be positive");
        }
        sparkConf = Map.copyOf(sparkConf == null ? Map.of() : sparkConf);
        housekeeping = housekeeping == null ? LakeHousekeeping.DEFAULT : housekeeping;
        apps = apps == null ? AppScope.ALL : apps;
    }

    /**
     * The apps a pass models: those in {@code only} when it is not empty, else every app but those in {@code except}.
     * A pass lists, models and seals the raw hours of these apps only; the others' progress is left as it was.
     */
    public record AppScope(Set<String> only, Set<String> except) implements Serializable {

        public static final AppScope ALL = new AppScope(Set.of(), Set.of());

        public AppScope {
            only = Set.copyOf(only == null ? Set.of() : only);
            except = Set.copyOf(except == null ? Set.of() : except);
            if (!only.isEmpty() && !except.isEmpty()) {
                throw new IllegalArgumentException("--apps and --skip-apps exclude each other");
            }
        }

        /** Exactly these apps (an empty set is refused: it would read as every app). */
        public static AppScope only(Set<String> apps) {
            if (apps.isEmpty()) {
                throw new IllegalArgumentException("an app scope of no app models nothing: leave the pass out");
            }
            return new AppScope(apps, Set.of());
        }

        /** Every app but these. */
        public static AppScope except(Set<String> apps) {
            return new AppScope(Set.of(), apps);
        }

        public boolean includes(String appId) {
            return only.isEmpty() ? !except.contains(appId) : only.contains(appId);
        }
    }

    /**
     * How the ETL keeps a lake that runs for months.
     *
     * @param sealDelay           an hour of raw partitions is sealed (never listed again) this long after it ends:
     *                            {@link io.clickstream.model.LakeLayout#RAW_LATE_LIMIT} plus a margin for clocks
     * @param rawRetention        raw batches older than this are deleted once modeled (whole days); null keeps them
     * @param quarantineRetention quarantine partitions older than this are deleted; null keeps them
     */
    public record LakeHousekeeping(Duration sealDelay, Duration rawRetention, Duration quarantineRetention)
            implements Serializable {

        /** Clocks of ingestion nodes and the ETL may differ by this much. */
        public static final Duration CLOCK_MARGIN = Duration.ofMinutes(5);
        /** Seal after the late limit and the clock margin; keep raw batches and quarantine. */
        public static final LakeHousekeeping DEFAULT = new LakeHousekeeping(
                io.clickstream.model.LakeLayout.RAW_LATE_LIMIT.plus(CLOCK_MARGIN), null, null);

        public LakeHousekeeping {
            if (sealDelay == null || sealDelay.compareTo(io.clickstream.model.LakeLayout.RAW_LATE_LIMIT) < 0) {
                throw new IllegalArgumentException("the raw seal delay must be at least the late limit of "
                        + io.clickstream.model.LakeLayout.RAW_LATE_LIMIT.toMinutes() + " minutes, was " + sealDelay);
            }
            if (rawRetention != null && (rawRetention.isNegative() || rawRetention.compareTo(sealDelay) <= 0)) {
                throw new IllegalArgumentException("the raw retention must be longer than the seal delay, was "
                        + rawRetention);
            }
            if (quarantineRetention != null && (quarantineRetention.isNegative() || quarantineRetention.isZero())) {
                throw new IllegalArgumentException("the quarantine retention must be positive, was "
                        + quarantineRetention);
            }
        }
    }

    public EtlConfig withApps(AppScope newApps) {
        return new EtlConfig(lake, master, geoipDb, defaultTimeZone, appTimeZones, anonymizeIp, botFilter,
                piiHashed, piiDropped, plugins, pluginJars, sessionTimeout, clockSkewThreshold, channelRules,
                compactMinFiles, compactSmallFileBytes, sparkConf, housekeeping, newApps);
    }

    public EtlConfig withHousekeeping(LakeHousekeeping newHousekeeping) {
        return new EtlConfig(lake, master, geoipDb, defaultTimeZone, appTimeZones, anonymizeIp, botFilter,
                piiHashed, piiDropped, plugins, pluginJars, sessionTimeout, clockSkewThreshold, channelRules,
                compactMinFiles, compactSmallFileBytes, sparkConf, newHousekeeping, apps);
    }

    /** Defaults for a lake: UTC dates, bot filter on, no geolocation, no PII rules, no plugins. */
    public static EtlConfig forLake(String lake) {
        return new EtlConfig(lake, null, null, ZoneOffset.UTC, Map.of(), false, true, Set.of(), Set.of(),
                List.of(), List.of(), null, null, Map.of(), DEFAULT_COMPACT_MIN_FILES, DEFAULT_COMPACT_SMALL_FILE_BYTES,
                Map.of(), LakeHousekeeping.DEFAULT, AppScope.ALL);
    }

    public EtlConfig withMaster(String newMaster) {
        return new EtlConfig(lake, newMaster, geoipDb, defaultTimeZone, appTimeZones, anonymizeIp, botFilter,
                piiHashed, piiDropped, plugins, pluginJars, sessionTimeout, clockSkewThreshold, channelRules,
                compactMinFiles, compactSmallFileBytes, sparkConf, housekeeping, apps);
    }

    public EtlConfig withGeoipDb(String newGeoipDb) {
        return new EtlConfig(lake, master, newGeoipDb, defaultTimeZone, appTimeZones, anonymizeIp, botFilter,
                piiHashed, piiDropped, plugins, pluginJars, sessionTimeout, clockSkewThreshold, channelRules,
                compactMinFiles, compactSmallFileBytes, sparkConf, housekeeping, apps);
    }

    public EtlConfig withTimeZones(ZoneId newDefault, Map<String, ZoneId> newAppZones) {
        return new EtlConfig(lake, master, geoipDb, newDefault, newAppZones, anonymizeIp, botFilter,
                piiHashed, piiDropped, plugins, pluginJars, sessionTimeout, clockSkewThreshold, channelRules,
                compactMinFiles, compactSmallFileBytes, sparkConf, housekeeping, apps);
    }

    public EtlConfig withPrivacy(boolean newAnonymizeIp, Set<String> newHashed, Set<String> newDropped) {
        return new EtlConfig(lake, master, geoipDb, defaultTimeZone, appTimeZones, newAnonymizeIp, botFilter,
                newHashed, newDropped, plugins, pluginJars, sessionTimeout, clockSkewThreshold, channelRules,
                compactMinFiles, compactSmallFileBytes, sparkConf, housekeeping, apps);
    }

    public EtlConfig withBotFilter(boolean enabled) {
        return new EtlConfig(lake, master, geoipDb, defaultTimeZone, appTimeZones, anonymizeIp, enabled,
                piiHashed, piiDropped, plugins, pluginJars, sessionTimeout, clockSkewThreshold, channelRules,
                compactMinFiles, compactSmallFileBytes, sparkConf, housekeeping, apps);
    }

    public EtlConfig withPlugins(List<String> newPlugins, List<String> newJars) {
        return new EtlConfig(lake, master, geoipDb, defaultTimeZone, appTimeZones, anonymizeIp, botFilter,
                piiHashed, piiDropped, newPlugins, newJars, sessionTimeout, clockSkewThreshold, channelRules,
                compactMinFiles, compactSmallFileBytes, sparkConf, housekeeping, apps);
    }

    public EtlConfig withCompaction(int newMinFiles, long newSmallFileBytes) {
        return new EtlConfig(lake, master, geoipDb, defaultTimeZone, appTimeZones, anonymizeIp, botFilter,
                piiHashed, piiDropped, plugins, pluginJars, sessionTimeout, clockSkewThreshold, channelRules,
                newMinFiles, newSmallFileBytes, sparkConf, housekeeping, apps);
    }

    public EtlConfig withSparkConf(Map<String, String> newSparkConf) {
        return new EtlConfig(lake, master, geoipDb, defaultTimeZone, appTimeZones, anonymizeIp, botFilter,
                piiHashed, piiDropped, plugins, pluginJars, sessionTimeout, clockSkewThreshold, channelRules,
                compactMinFiles, compactSmallFileBytes, newSparkConf, housekeeping, apps);
    }

    /** The zone in which an app's {@code event_date} is counted. */
    public ZoneId timeZoneOf(String appId) {
        return appTimeZones.getOrDefault(appId, defaultTimeZone);
    }

    /** Thrown by {@link #parse} for {@code --help}; its message is the usage text. */
    public static final class HelpRequested extends RuntimeException {
        HelpRequested() {
            super(usage(), null, false, false);
        }
    }

    /** Every option, as {@code --help} prints it. */
    public static String usage() {
        return """
                Usage: java -jar etl-job.jar --lake=PATH [options]
                One ETL pass: new raw batches of the lake -> modeled Parquet tables + quarantine.

                  --lake=PATH                  lake root: a directory, s3a://bucket/prefix or s3://bucket/prefix
                                               (S3 through Hadoop's S3A connector, hadoop-aws) (required)
                  --master=MASTER              Spark master, e.g. local[2]; default: left to spark-submit,
                                               local[*] when run with java -jar
                  --geoip-db=FILE.mmdb         MaxMind city database for IP geolocation (off without it)
                  --time-zone=ZONE             default zone of event_date (default UTC); --time-zone=APP=ZONE
                                               sets one app's zone, like --app-time-zone
                  --app-time-zone=APP=ZONE     zone of one app's event_date (repeatable)
                  --anonymize-ip               drop the last IPv4 octet / 80 IPv6 bits before lookup
                  --no-bot-filter              keep events from known bots and crawlers
                  --pii-hash=NAME[,NAME]       attributes whose values are stored as SHA-256
                  --pii-drop=NAME[,NAME]       attributes that are removed
                  --plugin=CLASS               custom EventEnricher class, run after the built-in ones (repeatable)
                  --plugin-jar=FILE.jar        jar with plugin classes (repeatable)
                  --session-timeout-minutes=N  inactivity that ends a session without SDK session ids (default 30)
                  --channel-rules=FILE         channel-group rules (one 'Channel: field~regex && ...' per line)
                  --app-channel-rules=APP=FILE channel-group rules of one app (repeatable)
                  --clock-skew-minutes=N       shift event times when client and server clocks differ by more (default 10)
                  --compact-min-files=N        merge a partition's small files (event, item, quarantine) once it has
                                               at least N of them (default 10; 0 = never)
                  --compact-small-file-mb=N    files below N MiB count as small for compaction (default 64)
                  --raw-seal-minutes=N         an hour of raw batches is sealed N minutes after it ends: later passes
                                               never list it again (default 15; ingestion publishes a late batch
                                               into the current hour after 10)
                  --apps=A,B                   model only these apps' raw batches (default: every app)
                  --skip-apps=A,B              model every app but these
                  --raw-retention-days=N       delete raw batches older than N days once modeled (default: keep)
                  --quarantine-retention-days=N delete quarantine partitions older than N days (default: keep)
                  --conf=KEY=VALUE             Spark setting for the session this command creates (repeatable),
                                               e.g. --conf=spark.hadoop.fs.s3a.endpoint=http://host:9000
                  --help                       print this text
                """;
    }

    /**
     * Parses {@code --name=value} arguments.
     *
     * @throws HelpRequested            for {@code --help}
     * @throws IllegalArgumentException for unknown options, bad values or a missing {@code --lake}
     */
    public static EtlConfig parse(String[] args) {
        String lake = null, master = null, geoip = null;
        ZoneId zone = ZoneOffset.UTC;
        Map<String, ZoneId> appZones = new LinkedHashMap<>();
        boolean anonymize = false, bots = true;
        Set<String> hashed = new LinkedHashSet<>(), dropped = new LinkedHashSet<>();
        List<String> plugins = new ArrayList<>(), jars = new ArrayList<>();
        Duration sessionTimeout = null, skew = null;
        Map<String, String> rules = new LinkedHashMap<>();
        int compactMin = DEFAULT_COMPACT_MIN_FILES;
        long compactSmallMb = DEFAULT_COMPACT_SMALL_FILE_BYTES >> 20;
        Map<String, String> conf = new LinkedHashMap<>();
        Duration sealDelay = LakeHousekeeping.DEFAULT.sealDelay(), rawRetention = null, quarantineRetention = null;
        Set<String> onlyApps = new LinkedHashSet<>(), skipApps = new LinkedHashSet<>();
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                throw new HelpRequested();
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            String value = eq < 0 ? null : arg.substring(eq + 1);
            switch (name) {
                case "--lake" -> lake = required(name, value);
                case "--master" -> master = required(name, value);
                case "--geoip-db" -> geoip = required(name, value);
                case "--time-zone" -> {
                    String v = required(name, value);
                    int sep = v.indexOf('=');
                    if (sep > 0) {
                        // --time-zone=APP=ZONE is accepted as a synonym of --app-time-zone=APP=ZONE
                        appZones.put(v.substring(0, sep), zone(name, v.substring(sep + 1)));
                    } else {
                        zone = zone(name, v);
                    }
                }
                case "--app-time-zone" -> {
                    String v = required(name, value);
                    int sep = v.indexOf('=');
                    if (sep <= 0) {
                        throw new IllegalArgumentException(name + " expects APP=ZONE, got '" + v + "'");
                    }
                    appZones.put(v.substring(0, sep), zone(name, v.substring(sep + 1)));
                }
                case "--anonymize-ip" -> anonymize = flag(name, value);
                case "--no-bot-filter" -> bots = !flag(name, value);
                case "--pii-hash" -> hashed.addAll(names(required(name, value)));
                case "--pii-drop" -> dropped.addAll(names(required(name, value)));
                case "--apps" -> onlyApps.addAll(names(required(name, value)));
                case "--skip-apps" -> skipApps.addAll(names(required(name, value)));
                case "--plugin" -> plugins.add(required(name, value));
                case "--plugin-jar" -> jars.add(required(name, value));
                case "--session-timeout-minutes" -> sessionTimeout = Duration.ofMinutes(positive(name, value));
                case "--clock-skew-minutes" -> skew = Duration.ofMinutes(positive(name, value));
                case "--channel-rules" -> rules.put("*", readRules(name, required(name, value)));
                case "--app-channel-rules" -> {
                    String v = required(name, value);
                    int sep = v.indexOf('=');
                    if (sep <= 0) {
                        throw new IllegalArgumentException(name + " expects APP=FILE, got '" + v + "'");
                    }
                    rules.put(v.substring(0, sep), readRules(name, v.substring(sep + 1)));
                }
                case "--compact-min-files" -> {
                    String v = required(name, value);
                    compactMin = v.equals("0") ? 0 : (int) positive(name, v);
                    if (compactMin == 1) {
                        throw new IllegalArgumentException(name + " expects 0 (off) or at least 2, got '1'");
                    }
                }
                case "--compact-small-file-mb" -> compactSmallMb = positive(name, value);
                case "--raw-seal-minutes" -> sealDelay = Duration.ofMinutes(positive(name, value));
                case "--raw-retention-days" -> rawRetention = Duration.ofDays(positive(name, value));
                case "--quarantine-retention-days" -> quarantineRetention = Duration.ofDays(positive(name, value));
                case "--conf" -> {
                    String v = required(name, value);
                    int sep = v.indexOf('=');
                    if (sep <= 0) {
                        throw new IllegalArgumentException(name + " expects KEY=VALUE, got '" + v + "'");
                    }
                    conf.put(v.substring(0, sep), v.substring(sep + 1));
                }
                default -> throw new IllegalArgumentException("unknown option '" + arg + "' (see --help)");
            }
        }
        if (lake == null) {
            throw new IllegalArgumentException("missing required option --lake=PATH (see --help)");
        }
        return new EtlConfig(lake, master, geoip, zone, appZones, anonymize, bots, hashed, dropped, plugins, jars,
                sessionTimeout, skew, rules, compactMin, compactSmallMb << 20, conf,
                new LakeHousekeeping(sealDelay, rawRetention, quarantineRetention), new AppScope(onlyApps, skipApps));
    }

    public EtlConfig withChannelRules(Map<String, String> newRules) {
        return new EtlConfig(lake, master, geoipDb, defaultTimeZone, appTimeZones, anonymizeIp, botFilter,
                piiHashed, piiDropped, plugins, pluginJars, sessionTimeout, clockSkewThreshold, newRules,
                compactMinFiles, compactSmallFileBytes, sparkConf, housekeeping, apps);
    }

    private static String readRules(String name, String file) {
        try {
            String text = java.nio.file.Files.readString(java.nio.file.Path.of(file));
            io.clickstream.etl.enrich.ChannelRules.parse(text);
            return text;
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(name + ": cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " needs a value: " + name + "=...");
        }
        return value;
    }

    private static boolean flag(String name, String value) {
        if (value == null) {
            return true;
        }
        throw new IllegalArgumentException(name + " takes no value");
    }

    private static ZoneId zone(String name, String value) {
        try {
            return ZoneId.of(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + ": unknown time zone '" + value + "'", e);
        }
    }

    private static long positive(String name, String value) {
        try {
            long n = Long.parseLong(required(name, value));
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(name + " expects a positive number, got '" + value + "'");
    }

    private static List<String> names(String csv) {
        List<String> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }
}
