package io.clickstream.studio.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

import java.util.Set;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Gives a user signed in through OIDC the studio roles of their groups: the configured claim (e.g. {@code groups})
 * of the ID token or user info, each group mapped through {@code role-mapping}, or taken as a role when it is named
 * like one. A user with no studio role is refused at sign-in with a message saying so.
 */
final class OidcRoleMapping implements OAuth2UserService<OidcUserRequest, OidcUser> {

    static final String NO_ROLE = "no_studio_role";

    private final OidcUserService delegate = new OidcUserService();
    private final SecurityProperties.Oidc settings;

    OidcRoleMapping(SecurityProperties.Oidc settings) {
        this.settings = settings;
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) throws OAuth2AuthenticationException {
        OidcUser user = delegate.loadUser(request);
        Set<String> roles = rolesOf(user.getClaims().get(settings.rolesClaim()));
        if (roles.isEmpty()) {
            throw new OAuth2AuthenticationException(new OAuth2Error(NO_ROLE, "Your account has no Clickstream Studio "
                    + "role: ask an administrator to add you to a studio group", null));
        }
        List<GrantedAuthority> authorities = new ArrayList<>(user.getAuthorities());
        roles.forEach(role -> authorities.add(new SimpleGrantedAuthority(Roles.authority(role))));
        String nameClaim = user.getClaims().containsKey(settings.usernameClaim()) ? settings.usernameClaim() : "sub";
        return new DefaultOidcUser(authorities, user.getIdToken(), user.getUserInfo(), nameClaim);
    }

    Set<String> rolesOf(Object claim) {
        List<String> groups = new ArrayList<>();
        if (claim instanceof Collection<?> values) {
            values.forEach(v -> groups.add(String.valueOf(v)));
        } else if (claim instanceof String value) {
            groups.addAll(List.of(value.split("[,\\s]+")));
        }
        Set<String> roles = new LinkedHashSet<>();
        for (String group : groups) {
            String mapped = settings.roleMapping().get(group);
            if (mapped != null) {
                roles.add(mapped);
            } else {
                Roles.ALL.stream().filter(r -> r.equalsIgnoreCase(group)).forEach(roles::add);
            }
        }
        return roles;
    }

}
