package io.clickstream.studio.security;

import com.vaadin.flow.component.Component;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import java.lang.annotation.Annotation;
import org.springframework.aop.Advisor;
import org.springframework.aop.ClassFilter;
import org.springframework.aop.Pointcut;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.security.authorization.method.AuthorizationManagerBeforeMethodInterceptor;
import org.springframework.security.authorization.method.Jsr250AuthorizationManager;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;

/**
 * {@code @RolesAllowed} (and {@code @PermitAll}, {@code @DenyAll}) enforced on every Spring bean's methods, services
 * and API controllers, but not on Vaadin views: their annotations are read by Vaadin's navigation access control,
 * and Spring's stock JSR-250 method security would wrap each view in a proxy subclass (views are final or
 * package-private, and a proxy's fields are empty). Features therefore must not turn on
 * {@code @EnableMethodSecurity(jsr250Enabled = true)} themselves; {@code @PreAuthorize} stays available.
 */
@Configuration
@EnableMethodSecurity
class ServiceMethodSecurity {

    /** Runs where Spring's own JSR-250 interceptor would (after pre-filter, before pre-authorize). */
    static final int ORDER = 400;

    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static Advisor rolesAllowedOnBeans() {
        ComposablePointcut annotated = null;
        for (Class<? extends Annotation> type : java.util.List.of(RolesAllowed.class, PermitAll.class, DenyAll.class)) {
            Pointcut onClass = new AnnotationMatchingPointcut(type, true);
            Pointcut onMethod = new AnnotationMatchingPointcut(null, type, true);
            annotated = annotated == null ? new ComposablePointcut(onClass).union(onMethod)
                    : annotated.union(onClass).union(onMethod);
        }
        ClassFilter notAView = type -> !Component.class.isAssignableFrom(type);
        AuthorizationManagerBeforeMethodInterceptor interceptor = new AuthorizationManagerBeforeMethodInterceptor(
                annotated.intersection(notAView), new Jsr250AuthorizationManager());
        interceptor.setOrder(ORDER);
        return interceptor;
    }
}
