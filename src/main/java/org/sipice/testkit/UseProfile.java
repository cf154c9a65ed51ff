package org.sipice.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The sip-profile of the {@link LoopbackAgent}s {@link SipiceExtension} creates: on a parameter
 * (that agent only), a test method or a test class (every agent it gets), the nearest one winning.
 * Without it agents use {@code loopback-demo}. Whatever the profile says, host candidates are
 * bound on 127.0.0.1 only; {@code sipice.stun-servers=embedded} starts a STUN responder on
 * loopback for the test.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.PARAMETER})
public @interface UseProfile {
    /** A profile name ({@code lan}, {@code aggressive}...) or a {@code .properties} file path. */
    String value();

    /** Keys to override, each {@code KEY=VALUE} (checked like the profile's own). */
    String[] set() default {};
}
