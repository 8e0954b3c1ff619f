package io.clickstream.ingestion.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.clickstream.ingestion.BearerAuth;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies {@code Authorization: Bearer <JWT>} headers against one OIDC issuer: the signature with a key of the
 * issuer's JWKS (RSA or EC; HMAC and {@code none} are refused), then {@code iss}, {@code aud}, {@code exp} and
 * {@code nbf}. The JWKS is fetched once at start (through OIDC discovery), cached, and fetched again when a token
 * names an unknown key id, at most once per {@link BearerAuth#minRefreshInterval()}. Fetches run on one thread of
 * their own, so an event loop never waits for the issuer: {@link #verify} answers at once when the token's key is
 * cached and otherwise returns a future completed after the fetch. Tokens are never logged.
 */
public final class BearerTokenVerifier implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BearerTokenVerifier.class);
    private static final Set<JWSAlgorithm> ACCEPTED_ALGORITHMS = Set.copyOf(
            JWSAlgorithm.Family.RSA.stream().collect(java.util.stream.Collectors.toCollection(
                    () -> new java.util.HashSet<>(JWSAlgorithm.Family.EC))));
    /** Keys older than this are fetched again in the background, while the cached ones stay in use. */
    private static final long MAX_KEYS_AGE_NANOS = Duration.ofHours(1).toNanos();
    private static final int MAX_CACHED_TOKENS = 10_000;
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);
    private static final CompletableFuture<Verdict> ACCEPTED = CompletableFuture.completedFuture(Verdict.ACCEPTED);

    /** The outcome for one request: accepted, or refused with a status (403, as DESIGN.md has it for failed auth, or 503 while keys are unknown). */
    public record Verdict(int status, String reason) {
        public static final Verdict ACCEPTED = new Verdict(200, null);

        public boolean accepted() {
            return status == 200;
        }

        static Verdict unauthorized(String reason) {
            return new Verdict(403, reason);
        }
    }

    /** The keys of one JWKS fetch, by key id, each with its verifier. */
    private record Keys(Map<String, List<Entry>> byKid, List<Entry> all, long fetchedNanos) {
        Entry find(JWSHeader header) {
            List<Entry> candidates = header.getKeyID() == null ? all : byKid.getOrDefault(header.getKeyID(), List.of());
            for (Entry entry : candidates) {
                if (entry.accepts(header.getAlgorithm())) {
                    return entry;
                }
            }
            return null;
        }
    }

    private record Entry(String kid, JWSAlgorithm keyAlgorithm, JWSVerifier verifier) {
        boolean accepts(JWSAlgorithm algorithm) {
            return (keyAlgorithm == null || keyAlgorithm.equals(algorithm))
                    && verifier.supportedJWSAlgorithms().contains(algorithm);
        }
    }

    private final BearerAuth auth;
    private final String issuer;
    private final HttpClient http;
    private final ExecutorService fetcher;
    private final Object lock = new Object();
    /** Accepted tokens and their expiry (epoch ms), so that an SDK resending its token costs no signature check. */
    private final ConcurrentHashMap<String, Long> acceptedTokens = new ConcurrentHashMap<>();
    private volatile Keys keys;
    private volatile URI jwksUri;
    private CompletableFuture<Keys> fetching;
    private long lastFetchNanos;
    private boolean fetchedOnce;

    public BearerTokenVerifier(BearerAuth auth) {
        this.auth = auth;
        this.issuer = auth.issuer().toString();
        this.fetcher = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ingest-jwks");
            thread.setDaemon(true);
            return thread;
        });
        this.http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        refresh();
    }

    /**
     * Verifies one request's {@code Authorization} header value (null when absent). The future is already complete
     * unless the token's key must be fetched first.
     */
    public CompletableFuture<Verdict> verify(String authorization) {
        String token;
        SignedJWT jwt;
        if (authorization == null || authorization.isBlank()) {
            return done(Verdict.unauthorized("missing bearer token: send Authorization: Bearer <JWT>"));
        }
        if (authorization.length() < 8 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return done(Verdict.unauthorized("the Authorization header must use the Bearer scheme"));
        }
        token = authorization.substring(7).trim();
        Long cachedExpiry = acceptedTokens.get(token);
        if (cachedExpiry != null && System.currentTimeMillis() < cachedExpiry + auth.clockSkew().toMillis()) {
            return done(Verdict.ACCEPTED);
        }
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            return done(Verdict.unauthorized("the bearer token is not a signed JWT"));
        }
        JWSAlgorithm algorithm = jwt.getHeader().getAlgorithm();
        if (!ACCEPTED_ALGORITHMS.contains(algorithm)) {
            return done(Verdict.unauthorized("tokens signed with " + algorithm + " are not accepted"));
        }
        Keys current = keys;
        if (current != null) {
            Entry entry = current.find(jwt.getHeader());
            if (entry != null) {
                if (System.nanoTime() - current.fetchedNanos() > MAX_KEYS_AGE_NANOS) {
                    refresh();
                }
                return done(check(token, jwt, entry));
            }
        }
        CompletableFuture<Keys> refreshed = refresh();
        if (refreshed == null) {
            return done(current == null
                    ? new Verdict(503, "the issuer's signing keys could not be fetched; retry later")
                    : Verdict.unauthorized(unknownKey(jwt)));
        }
        return refreshed.handle((fetched, failure) -> {
            if (fetched == null) {
                return new Verdict(503, "the issuer's signing keys could not be fetched; retry later");
            }
            Entry entry = fetched.find(jwt.getHeader());
            return entry == null ? Verdict.unauthorized(unknownKey(jwt)) : check(token, jwt, entry);
        });
    }

    private String unknownKey(SignedJWT jwt) {
        String kid = jwt.getHeader().getKeyID();
        return "the token's signing key " + (kid == null ? "(no kid)" : "kid=" + printable(kid))
                + " is not among the issuer's keys";
    }

    private Verdict check(String token, SignedJWT jwt, Entry entry) {
        try {
            if (!jwt.verify(entry.verifier())) {
                return Verdict.unauthorized("the token's signature does not verify with the issuer's key "
                        + printable(entry.kid()));
            }
        } catch (JOSEException | IllegalStateException e) {
            return Verdict.unauthorized("the token's signature cannot be verified");
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return Verdict.unauthorized("the token's claims are not a JSON object");
        }
        if (!issuer.equals(claims.getIssuer())) {
            return Verdict.unauthorized("the token's issuer " + printable(claims.getIssuer())
                    + " is not the configured issuer " + issuer);
        }
        List<String> audience = claims.getAudience();
        if (audience == null || !audience.contains(auth.audience())) {
            return Verdict.unauthorized("the token's audience " + printable(String.valueOf(audience))
                    + " does not include " + auth.audience());
        }
        long now = System.currentTimeMillis();
        long skew = auth.clockSkew().toMillis();
        Date expires = claims.getExpirationTime();
        if (expires == null) {
            return Verdict.unauthorized("the token has no exp claim");
        }
        if (now >= expires.getTime() + skew) {
            return Verdict.unauthorized("the token expired at " + expires.toInstant());
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && now + skew < notBefore.getTime()) {
            return Verdict.unauthorized("the token is not valid before " + notBefore.toInstant());
        }
        if (acceptedTokens.size() >= MAX_CACHED_TOKENS) {
            acceptedTokens.clear();
        }
        long notAfter = notBefore == null || notBefore.getTime() <= now ? expires.getTime() : Long.MIN_VALUE;
        if (notAfter != Long.MIN_VALUE) {
            acceptedTokens.put(token, notAfter);
        }
        return Verdict.ACCEPTED;
    }

    /** Starts a JWKS fetch unless one runs (then joins it) or the last one was too recent (then null). */
    private CompletableFuture<Keys> refresh() {
        synchronized (lock) {
            if (fetching != null) {
                return fetching;
            }
            long now = System.nanoTime();
            if (fetchedOnce && now - lastFetchNanos < auth.minRefreshInterval().toNanos()) {
                return null;
            }
            fetchedOnce = true;
            lastFetchNanos = now;
            CompletableFuture<Keys> started = CompletableFuture.supplyAsync(this::fetch, fetcher)
                    .whenComplete((fetched, failure) -> {
                        synchronized (lock) {
                            fetching = null;
                        }
                        if (fetched != null) {
                            if (keys != null) {
                                // A key may have been withdrawn: tokens it signed must be checked again.
                                acceptedTokens.clear();
                            }
                            keys = fetched;
                        } else {
                            log.warn("cannot fetch the signing keys of issuer {}: {}", issuer,
                                    failure.getCause() != null ? failure.getCause().getMessage() : failure.getMessage());
                        }
                    });
            fetching = started;
            return started;
        }
    }

    private Keys fetch() {
        try {
            URI jwks = jwksUri;
            if (jwks == null) {
                Map<String, Object> discovery = JSONObjectUtils.parse(get(auth.discoveryUri()));
                String advertised = JSONObjectUtils.getString(discovery, "issuer");
                if (!issuer.equals(advertised)) {
                    throw new IllegalStateException("the discovery document at " + auth.discoveryUri()
                            + " names issuer " + advertised + ", not " + issuer);
                }
                jwks = JSONObjectUtils.getURI(discovery, "jwks_uri");
                if (jwks == null) {
                    throw new IllegalStateException("the discovery document has no jwks_uri");
                }
                jwksUri = jwks;
            }
            Keys fetched = keys(JWKSet.parse(get(jwks)));
            log.info("fetched {} signing key(s) of issuer {}", fetched.all().size(), issuer);
            return fetched;
        } catch (IOException | ParseException e) {
            throw new IllegalStateException(e.getMessage() != null ? e.getMessage() : e.toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private String get(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(HTTP_TIMEOUT)
                .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + uri + " answered " + response.statusCode());
        }
        return response.body();
    }

    private static Keys keys(JWKSet set) {
        Map<String, List<Entry>> byKid = new HashMap<>();
        List<Entry> all = new ArrayList<>();
        for (JWK jwk : set.getKeys()) {
            if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
                continue;
            }
            JWSVerifier verifier;
            try {
                if (jwk instanceof RSAKey rsa) {
                    verifier = new RSASSAVerifier(rsa.toRSAPublicKey());
                } else if (jwk instanceof ECKey ec) {
                    verifier = new ECDSAVerifier(ec.toECPublicKey());
                } else {
                    continue;
                }
            } catch (JOSEException e) {
                log.warn("skipping unusable JWK {}: {}", jwk.getKeyID(), e.getMessage());
                continue;
            }
            JWSAlgorithm algorithm = jwk.getAlgorithm() == null ? null : JWSAlgorithm.parse(jwk.getAlgorithm().getName());
            Entry entry = new Entry(jwk.getKeyID(), algorithm, verifier);
            all.add(entry);
            if (jwk.getKeyID() != null) {
                byKid.computeIfAbsent(jwk.getKeyID(), kid -> new ArrayList<>()).add(entry);
            }
        }
        return new Keys(Map.copyOf(byKid), List.copyOf(all), System.nanoTime());
    }

    /** Token-supplied text shortened and stripped of control characters before it goes into a response. */
    private static String printable(String text) {
        if (text == null) {
            return "(none)";
        }
        String shortened = text.length() > 80 ? text.substring(0, 80) + "..." : text;
        return shortened.replaceAll("\\p{Cntrl}", "?");
    }

    private static CompletableFuture<Verdict> done(Verdict verdict) {
        return verdict == Verdict.ACCEPTED ? ACCEPTED : CompletableFuture.completedFuture(verdict);
    }

    @Override
    public void close() {
        fetcher.shutdownNow();
    }
}
