package io.clickstream.studio.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Password sign-in against the users in the store, behind the {@link SignInThrottle}. Every failure (unknown user,
 * wrong password, disabled account) is the same "incorrect user name or password" to the person signing in.
 */
final class PasswordSignIn implements AuthenticationProvider {

    private final SignInThrottle throttle;
    private final DaoAuthenticationProvider passwords;

    PasswordSignIn(UserRepository users, PasswordEncoder encoder, SignInThrottle throttle) {
        this.throttle = throttle;
        UserDetailsService details = username -> users.find(username)
                .map(u -> User.withUsername(u.value().username())
                        .password(u.value().passwordHash())
                        .authorities(u.value().roles().stream().map(Roles::authority).toArray(String[]::new))
                        .disabled(!u.value().enabled())
                        .build())
                .orElseThrow(() -> new UsernameNotFoundException("no such user"));
        this.passwords = new DaoAuthenticationProvider(details);
        this.passwords.setPasswordEncoder(encoder);
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String username = authentication.getName();
        String address = authentication.getDetails() instanceof WebAuthenticationDetails web
                ? web.getRemoteAddress() : null;
        throttle.check(username, address);
        try {
            Authentication result = passwords.authenticate(authentication);
            throttle.succeeded(username);
            return result;
        } catch (AuthenticationException e) {
            throttle.failed(username, address);
            throw new BadCredentialsException("Incorrect user name or password");
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
