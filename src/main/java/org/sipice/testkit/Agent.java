package org.sipice.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names a {@link LoopbackAgent} parameter (the user part of its SIP URI and its name in the
 * ladder). Without it the agents of a test are called alice, bob, carol, dave and eve, in the
 * order of the parameters.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Agent {
    String value();
}
