package org.sipice.media;

import org.sipice.internal.concurrent.SerialExecutor;
import org.sipice.sip.internal.SipDispatcher;

/**
 * Breaks the architecture rules on purpose, for {@code ArchitectureRulesBiteTest} only: a public
 * type of a public package (and of the tools layer) that names an internal type in its API and
 * holds an implementation class of a higher layer. Nothing else uses it.
 */
public final class ArchitectureFixture {
    private SipDispatcher dispatcher;

    /** An internal type in a public signature. */
    public SerialExecutor executor() {
        return null;
    }

    @Override
    public String toString() {
        return "ArchitectureFixture{" + dispatcher + "}";
    }
}
