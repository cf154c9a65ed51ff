package org.sipice.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A private network namespace ({@link NetNs}) for every test of a class that calls baresip:
 * made before the first test (which is skipped, or fails under CI=true, when baresip is not
 * installed), removed after the last.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final BaresipNetwork network = BaresipNetwork.named("bs");
 * ...
 * Baresip.start(network.ns(), "alice", 5070, Baresip.AnswerMode.MANUAL, "")
 * </pre>
 */
public final class BaresipNetwork implements BeforeAllCallback, AfterAllCallback {
    private final String tag;
    private NetNs ns;

    private BaresipNetwork(String tag) {
        this.tag = tag;
    }

    /** {@code tag}: a few letters that name the namespace (see {@link NetNs#create}). */
    public static BaresipNetwork named(String tag) {
        return new BaresipNetwork(tag);
    }

    public NetNs ns() {
        return ns;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        RealPeers.require("baresip", "baresip-core");
        ns = NetNs.create(tag);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (ns != null) {
            ns.close();
            ns = null;
        }
    }
}
