package org.sipice.testkit;

import java.io.IOException;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Parameter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.sipice.profile.ProfileException;
import org.sipice.profile.SipProfile;
import org.sipice.stun.EmbeddedStunServer;

/**
 * JUnit 5 extension that hands a test method ready {@link LoopbackAgent}s, one per parameter of
 * that type, and closes them (calls hung up, stacks stopped) after the test.
 *
 * <pre>{@code
 * @ExtendWith(SipiceExtension.class)
 * @UseProfile("loopback-demo")                       // optional; per class, method or parameter
 * class CallsTest {
 *     @Test
 *     void aliceCallsBob(LoopbackAgent alice, @UseProfile("aggressive") LoopbackAgent bob) { ... }
 * }
 * }</pre>
 *
 * Agents are named alice, bob, carol, dave and eve in parameter order unless {@link Agent} names
 * them. A profile that cannot be loaded fails the test with the profile's own message. When a
 * profile asks for {@code sipice.stun-servers=embedded}, one STUN responder is started on
 * 127.0.0.1 for the test; it reports 127.0.0.2 as the public address, so agents get host and
 * server-reflexive candidates as in {@code sipice demo}.
 */
public final class SipiceExtension implements ParameterResolver, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SipiceExtension.class);
    private static final List<String> NAMES = List.of("alice", "bob", "carol", "dave", "eve");
    /** The profile agents use when no {@link UseProfile} says otherwise. */
    public static final String DEFAULT_PROFILE = "loopback-demo";

    /** Bound on waiting for one agent to close. */
    private static final long CLOSE_TIMEOUT_MS = 10_000;

    /** What one test started; closed after it. */
    private static final class Started {
        final List<LoopbackAgent> agents = new ArrayList<>();
        EmbeddedStunServer stun;

        synchronized InetSocketAddress stun() throws IOException {
            if (stun == null) {
                InetAddress loopback = InetAddress.getByName("127.0.0.1");
                stun = EmbeddedStunServer.start(new InetSocketAddress(loopback, 0),
                        EmbeddedStunServer.translateTo(InetAddress.getByName("127.0.0.2")));
            }
            return stun.address();
        }

        synchronized void close() {
            // Together: each JAIN-SIP stack takes a second to stop (docs/JAIN-SIP.md §7).
            List<Thread> closing = new ArrayList<>();
            for (LoopbackAgent a : agents) {
                Thread t = new Thread(a::close, "sipice-testkit-close-" + a.name());
                t.start();
                closing.add(t);
            }
            for (Thread t : closing) {
                try {
                    t.join(CLOSE_TIMEOUT_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            agents.clear();
            if (stun != null) {
                stun.close();
                stun = null;
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == LoopbackAgent.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Parameter p = parameter.getParameter();
        String name = parameter.findAnnotation(Agent.class).map(Agent::value).orElseGet(() -> defaultName(parameter));
        UseProfile use = parameter.findAnnotation(UseProfile.class)
                .or(() -> context.getTestMethod().flatMap(m -> find(m)))
                .or(() -> context.getTestClass().flatMap(SipiceExtension::findOnClass))
                .orElse(null);
        SipProfile profile;
        try {
            profile = use == null ? SipProfile.load(DEFAULT_PROFILE) : LoopbackAgent.profile(use.value(), use.set());
        } catch (ProfileException | IllegalArgumentException e) {
            throw new ParameterResolutionException("agent " + name + " (" + p + "): " + e.getMessage(), e);
        }
        Started started = context.getStore(NAMESPACE).getOrComputeIfAbsent(Started.class, k -> new Started(),
                Started.class);
        try {
            LoopbackAgent agent = LoopbackAgent.start(name, profile, profile.embeddedStun() ? started.stun() : null);
            synchronized (started) {
                started.agents.add(agent);
            }
            return agent;
        } catch (Exception e) {
            throw new ParameterResolutionException("agent " + name + " with profile " + profile.name()
                    + " did not start: " + e, e);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Started started = context.getStore(NAMESPACE).remove(Started.class, Started.class);
        if (started != null) {
            started.close();
        }
    }

    private static String defaultName(ParameterContext parameter) {
        int position = 0;
        Parameter[] all = parameter.getDeclaringExecutable().getParameters();
        for (int i = 0; i < parameter.getIndex(); i++) {
            if (all[i].getType() == LoopbackAgent.class) {
                position++;
            }
        }
        return position < NAMES.size() ? NAMES.get(position) : "agent" + (position + 1);
    }

    private static Optional<UseProfile> find(AnnotatedElement element) {
        return Optional.ofNullable(element.getAnnotation(UseProfile.class));
    }

    private static Optional<UseProfile> findOnClass(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            UseProfile use = c.getAnnotation(UseProfile.class);
            if (use != null) {
                return Optional.of(use);
            }
        }
        return Optional.empty();
    }
}
