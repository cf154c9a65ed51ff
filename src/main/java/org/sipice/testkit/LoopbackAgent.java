package org.sipice.testkit;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.sipice.ice.IceConfig;
import org.sipice.ice.StunServer;
import org.sipice.profile.SipProfile;
import org.sipice.sip.Call;
import org.sipice.sip.CallConfig;
import org.sipice.sip.IceUserAgent;
import org.sipice.sip.SipEndpoint;

/**
 * A sipice user agent on 127.0.0.1, ready for a test: its own JAIN-SIP stack (the profile's stack
 * properties), sipice installed on it, host candidates on loopback only. {@link SipiceExtension}
 * creates and closes them; {@link #start} does it by hand.
 */
public final class LoopbackAgent implements AutoCloseable {
    private final String name;
    private final SipProfile profile;
    private final CallConfig config;
    private final SipEndpoint sip;
    private final IceUserAgent ua;
    final AgentRecorder recorder;

    private LoopbackAgent(String name, SipProfile profile, CallConfig config, SipEndpoint sip, IceUserAgent ua,
            AgentRecorder recorder) {
        this.name = name;
        this.profile = profile;
        this.config = config;
        this.sip = sip;
        this.ua = ua;
        this.recorder = recorder;
    }

    /**
     * Starts an agent named {@code name} (the user part of its URI) with {@code profile}, host
     * candidates on 127.0.0.1 only.
     *
     * @param embeddedStun the STUN responder for {@code sipice.stun-servers=embedded}, or null
     * @throws Exception if the stack cannot start
     */
    static LoopbackAgent start(String name, SipProfile profile, InetSocketAddress embeddedStun)
            throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        CallConfig base = profile.callConfig();
        IceConfig.Builder ice = base.ice().toBuilder().hostAddresses(List.of(loopback));
        if (profile.embeddedStun()) {
            if (embeddedStun == null) {
                throw new IllegalArgumentException(profile.name() + " asks for the embedded STUN responder: "
                        + "pass its address");
            }
            List<StunServer> servers = new ArrayList<>(base.ice().stunServers());
            servers.add(new StunServer(embeddedStun));
            ice.stunServers(servers);
        }
        CallConfig config = base.toBuilder().ice(ice.build()).build();
        AgentRecorder recorder = new AgentRecorder(name);
        SipEndpoint sip = SipEndpoint.start(name + "-" + System.nanoTime(), profile.stackProperties(), loopback, 0);
        try {
            return new LoopbackAgent(name, profile, config, sip,
                    IceUserAgent.create(sip.provider(), name, config, recorder, null), recorder);
        } catch (RuntimeException e) {
            sip.close();
            throw e;
        }
    }

    /** Loads {@code profileNameOrPath} with the {@code KEY=VALUE} overrides over it. */
    static SipProfile profile(String profileNameOrPath, String... overrides) {
        if (overrides.length == 0) {
            return SipProfile.load(profileNameOrPath);
        }
        Properties props = new Properties();
        props.setProperty("extends", profileNameOrPath);
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("@UseProfile set \"" + o + "\": expected KEY=VALUE");
            }
            props.setProperty(o.substring(0, eq).trim(), o.substring(eq + 1).trim());
        }
        return SipProfile.parse("@UseProfile(" + profileNameOrPath + ")", props);
    }

    /**
     * Calls {@code callee}: the INVITE goes out now, and the returned script checks what follows,
     * step by step, each within its deadline.
     */
    public CallScript calls(LoopbackAgent callee) {
        long t0 = System.nanoTime();
        Call call = ua.call(callee.uri());
        return new CallScript(this, callee, call, t0);
    }

    /** The agent's name, e.g. {@code alice}. */
    public String name() {
        return name;
    }

    /** {@code sip:alice@127.0.0.1:PORT}. */
    public String uri() {
        return sip.uri(name);
    }

    /** The profile the agent was started with (before the loopback host address was forced). */
    public SipProfile profile() {
        return profile;
    }

    /** The call settings in force: the profile's, with host candidates on 127.0.0.1. */
    public CallConfig config() {
        return config;
    }

    /** The sipice user agent, for anything the script does not cover. */
    public IceUserAgent userAgent() {
        return ua;
    }

    /** The JAIN-SIP endpoint (stack and provider). */
    public SipEndpoint sip() {
        return sip;
    }

    /** Hangs up what is still up and stops the stack. Idempotent. */
    @Override
    public void close() {
        ua.close();
        sip.close();
    }

    @Override
    public String toString() {
        return name + " (" + profile.name() + ")";
    }
}
