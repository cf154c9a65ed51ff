package org.sipice.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * baresip 1.0 (Debian {@code baresip}) as a real peer, headless, inside a {@link NetNs}
 * (docs/REAL-PEERS.md §3): its own config directory, no sound card ({@code ausine} plays a
 * 440 Hz tone, {@code aubridge} swallows what it receives), ICE as its media NAT module, SIP
 * trace on. Commands go to its {@code stdio} console (the JVM cannot reach a {@code ctrl_tcp}
 * socket inside the namespace); its log lines are the events tests wait for.
 */
public final class Baresip implements AutoCloseable {
    /** What baresip does with an incoming call ({@code answermode} of its account). */
    public enum AnswerMode {
        /** Answers at once: 180, then 200 with its SDP. */
        AUTO("auto"),
        /** Early media: an unreliable 183 with its SDP, and 200 only after {@link #accept()}. */
        EARLY("early"),
        /** Rings until {@link #accept()}. */
        MANUAL("manual");

        final String value;

        AnswerMode(String value) {
            this.value = value;
        }
    }

    /** Log line once its ICE checklist completed (RFC 8445 §8: a nominated pair per component). */
    public static final String ICE_COMPLETE = "connectivity check is complete";
    /** Log line once RTP arrived from the peer. */
    public static final String RTP_RECEIVED = "incoming rtp for 'audio' established";
    public static final String CALL_ESTABLISHED = "Call established";

    private static final Duration READY = Duration.ofSeconds(10);
    private static final List<Path> MODULE_DIRS = List.of(Path.of("/usr/lib/baresip/modules"),
            Path.of("/usr/lib/x86_64-linux-gnu/baresip/modules"), Path.of("/usr/local/lib/baresip/modules"));

    private final PeerProcess process;
    private final String uri;
    private final Path dir;

    private Baresip(PeerProcess process, String uri, Path dir) {
        this.process = process;
        this.uri = uri;
        this.dir = dir;
    }

    /**
     * Starts baresip as {@code sip:user@ADDRESS:port} inside {@code ns} and waits until it is
     * ready. baresip also listens on TCP port+1: keep two instances' ports apart.
     *
     * @param accountParams extra account parameters, e.g. {@code ;stunserver=turn:...}; may be empty
     */
    public static Baresip start(NetNs ns, String user, int port, AnswerMode mode, String accountParams)
            throws IOException, InterruptedException {
        RealPeers.require("baresip", "baresip-core");
        Path modules = MODULE_DIRS.stream().filter(Files::isDirectory).findFirst()
                .orElseThrow(() -> new IOException("baresip's module directory not found in " + MODULE_DIRS));
        Path dir = Files.createTempDirectory("sipice-baresip-" + user);
        String address = ns.address() + ":" + port;
        Files.writeString(dir.resolve("config"), config(modules, address));
        String account = "<sip:" + user + "@" + address + ">;regint=0;medianat=ice;answermode=" + mode.value
                + accountParams;
        Files.writeString(dir.resolve("accounts"), account + "\n");
        Files.writeString(dir.resolve("contacts"), "");
        PeerProcess p = PeerProcess.start("baresip " + user, ns.command("baresip", "-f", dir.toString(), "-s"));
        Baresip b = new Baresip(p, "sip:" + user + "@" + address, dir);
        try {
            p.await(l -> l.contains("baresip is ready"), READY, "'baresip is ready'");
        } catch (AssertionError | InterruptedException e) {
            b.close();
            throw e;
        }
        return b;
    }

    private static String config(Path modules, String listen) {
        return String.join("\n",
                "module_path " + modules,
                "poll_method epoll",
                "sip_listen " + listen,
                "call_local_timeout 120",
                "call_max_calls 4",
                // No sound card: a sine source; ausine makes 48 kHz stereo, resampled to PCMU's 8 kHz.
                "audio_source ausine,440",
                "audio_player aubridge,nil",
                "audio_alert aubridge,nil",
                "ausrc_srate 48000",
                "auplay_srate 48000",
                "ausrc_channels 2",
                "auplay_channels 1",
                "rtcp_mux no",
                "jitter_buffer_delay 5-10",
                "module stdio.so",
                "module g711.so",
                "module ausine.so",
                "module aubridge.so",
                "module stun.so",
                "module turn.so",
                "module ice.so",
                "module_tmp account.so",
                "module_app menu.so",
                "") + "\n";
    }

    /** {@code sip:user@address:port}. */
    public String uri() {
        return uri;
    }

    /** Places a call (menu command {@code /dial}). */
    public void dial(String target) {
        process.send("/dial " + target);
    }

    /** Answers the ringing or early call. */
    public void accept() {
        process.send("/accept");
    }

    public void hangup() {
        process.send("/hangup");
    }

    /** Waits for a log line containing {@code fragment}. */
    public String await(String fragment, Duration timeout) throws InterruptedException {
        return process.await(l -> l.contains(fragment), timeout, "'" + fragment + "'");
    }

    /** Index of the first log line containing {@code fragment}, or -1. */
    public int lineIndex(String fragment) {
        return process.indexOf(l -> l.contains(fragment));
    }

    public String output() {
        return process.output();
    }

    /** Quits baresip ({@code /quit}), ending it by its PID if it lingers; removes its directory. */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                process.send("/quit");
                process.awaitExit(Duration.ofSeconds(3));
            }
        } catch (RuntimeException | AssertionError | InterruptedException e) {
            // ended below
        } finally {
            process.close();
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary directory
        }
    }
}
