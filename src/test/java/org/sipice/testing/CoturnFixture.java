package org.sipice.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One coturn on loopback for every test of a class: started before the first test (before the
 * class's own {@code @BeforeAll}), stopped after the last.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final CoturnFixture coturn = CoturnFixture.of(Coturn.settings().staleNonce(1));
 * ...
 * IceConfig.builder().addTurnServer(coturn.server().turnServer())
 * </pre>
 */
public final class CoturnFixture implements BeforeAllCallback, AfterAllCallback {
    private final CoturnSettings settings;
    private Coturn server;

    private CoturnFixture(CoturnSettings settings) {
        this.settings = settings;
    }

    /** A coturn with {@code settings} (lifetimes, stale nonces). */
    public static CoturnFixture of(CoturnSettings settings) {
        return new CoturnFixture(settings);
    }

    /** A coturn with coturn's own lifetimes. */
    public static CoturnFixture withDefaults() {
        return of(Coturn.settings());
    }

    /** The running server (its TURN address and credentials, what its log says). */
    public Coturn server() {
        if (server == null) {
            throw new IllegalStateException("coturn is not running: register the fixture as a static @RegisterExtension");
        }
        return server;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = settings.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
