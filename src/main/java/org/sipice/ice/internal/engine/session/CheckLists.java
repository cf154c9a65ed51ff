package org.sipice.ice.internal.engine.session;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.UsernameAttribute;
import org.ice4j.message.Message;
import org.sipice.ice.internal.engine.agent.Agent;
import org.sipice.ice.internal.engine.net.DatagramPort;

/**
 * The check lists that share one set of local candidates and credentials: one per fork of a
 * forked offer (RFC 8839 §7.3, RFC 3261 §13.2.2.4), a single one otherwise. Tells, for each
 * request and media datagram the demultiplexer hands over, which check list it belongs to.
 *
 * <p>RFC 8839 §7.3: "the connectivity checks ... carry username fragments, which in turn are
 * correlated to a specific callee. Subsequent media packets that arrive on the same 5-tuple as the
 * connectivity check will be associated with that same callee." So:
 * <ol>
 * <li>a request whose USERNAME is "ours:theirs" (RFC 8445 §7.2.2: the receiver's ufrag, then the
 *     sender's) goes to the check list started with the answer whose ufrag is "theirs"; failing
 *     that, to the newest check list not started yet (the offerer before any answer, or the fork
 *     whose answer just came: it answers and keeps the check, and replays only its own peer's at
 *     start); failing that it is held, at most
 *     {@link #MAX_HELD}, and given to the check list that later starts with that ufrag (a fork's
 *     checks often come before its 18x). A check from the peer of a released fork is dropped
 *     unanswered: its consent expires (RFC 7675 §5.1) instead of its peer holding a call nobody
 *     takes part in;</li>
 * <li>media, and requests without USERNAME, go to the check list with a selected pair, then with
 *     any pair, on their 5-tuple; requests with no such pair go to the first check list (it
 *     answers 400/401), media is dropped.</li>
 * </ol>
 * A STUN response needs none of this: the shared {@code StunTransactions} match it to the check
 * that sent it by transaction id. Media with a single check list goes to it, whatever its
 * 5-tuple, as before forking; a check from a ufrag the started check list does not know is held
 * like a fork's (a later fork's answer may name it). Session thread only.
 */
final class CheckLists implements PacketDemux.Checks, PacketDemux.Media {

    /** Requests held for a fork not started yet: a few retransmitted checks per fork. */
    static final int MAX_HELD = 64;

    /** Released forks whose checks are dropped rather than held: more than a call forks to. */
    static final int MAX_GONE = 16;

    /** One check list: its agent, where its media goes, and its peer's ufrag once started. */
    static final class Entry {
        final Agent agent;
        final LoopMediaTransport media;
        String remoteUfrag;

        Entry(Agent agent, LoopMediaTransport media) {
            this.agent = agent;
            this.media = media;
        }
    }

    private record Held(DatagramPort port, Message request, byte[] raw, InetSocketAddress from, String sender) {
    }

    private final DropLog drops;
    private final java.util.function.Supplier<String> localUfrag;
    private final List<Entry> entries = new ArrayList<>();
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    /** The ufrags of released forks: their consent checks go on until they hang up (RFC 7675 §5.1). */
    private final ArrayDeque<String> gone = new ArrayDeque<>();

    /** {@code localUfrag}: the ufrag every check list answers to, once gathering started. */
    CheckLists(DropLog drops, java.util.function.Supplier<String> localUfrag) {
        this.drops = drops;
        this.localUfrag = localUfrag;
    }

    void add(Entry entry) {
        entries.add(entry);
    }

    /** The check list is closed: nothing reaches it any more. */
    void remove(Entry entry) {
        entries.remove(entry);
        String peer = entry.remoteUfrag;
        if (peer != null && entries.stream().noneMatch(e -> peer.equals(e.remoteUfrag))) {
            // Its peer may keep checking a while (consent, RFC 7675): unanswered, it gives up.
            if (gone.size() == MAX_GONE) {
                gone.removeFirst();
            }
            gone.addLast(peer);
            held.removeIf(h -> peer.equals(h.sender()));
        }
        if (entries.isEmpty()) {
            held.clear();
            gone.clear();
        }
    }

    /** Check lists now (a test and leak-check seam). */
    int size() {
        return entries.size();
    }

    /** Requests held for forks not started yet (a test and leak-check seam). */
    int held() {
        return held.size();
    }

    /**
     * {@code entry} starts checking against the peer whose ufrag is {@code remoteUfrag}: the
     * requests held for that peer go to its agent now, before it starts, so that they are answered
     * (the peer's transactions are still open, RFC 8489 §6.2.1) and become triggered checks.
     */
    void started(Entry entry, String remoteUfrag) {
        entry.remoteUfrag = remoteUfrag;
        gone.remove(remoteUfrag);
        List<Held> mine = new ArrayList<>();
        held.removeIf(h -> remoteUfrag.equals(h.sender()) && mine.add(h));
        for (Held h : mine) {
            entry.agent.onRequest(h.port(), h.request(), h.raw(), h.from());
        }
    }

    @Override
    public void onRequest(DatagramPort port, Message request, byte[] raw, InetSocketAddress from) {
        String sender = sender(request, localUfrag.get());
        if (sender != null && gone.contains(sender)) {
            drops.dropped("a check from the peer of a released fork", from);
            return;
        }
        Entry to = sender == null ? byTuple(port, from) : bySender(sender);
        // A check from a peer no check list knows yet: held for the fork whose answer comes next.
        if (to == null && sender != null && !entries.isEmpty()) {
            if (held.size() == MAX_HELD) {
                held.removeFirst();
            }
            held.addLast(new Held(port, request, java.util.Arrays.copyOf(raw, raw.length), from, sender));
            return;
        }
        if (to == null) {
            to = entries.isEmpty() ? null : entries.get(0);
        }
        if (to == null) {
            drops.dropped("a STUN request with no check list", from);
            return;
        }
        to.agent.onRequest(port, request, raw, from);
    }

    @Override
    public void onMedia(DatagramPort port, InetSocketAddress from, int length) {
        Entry to = mediaTarget(port, from);
        if (to != null) {
            to.agent.onMedia(port, from, length);
        }
    }

    @Override
    public void deliver(DatagramPort port, int componentId, byte[] data, int length, InetSocketAddress from) {
        Entry to = mediaTarget(port, from);
        if (to == null) {
            drops.dropped("media from a 5-tuple of no fork's check list", from);
            return;
        }
        to.media.deliver(componentId, data, length, from);
    }

    /** One check list takes everything (no fork); several: the one with a pair on the 5-tuple. */
    private Entry mediaTarget(DatagramPort port, InetSocketAddress from) {
        return entries.size() == 1 ? entries.get(0) : byTuple(port, from);
    }

    private Entry bySender(String sender) {
        Entry fresh = null;
        for (Entry e : entries) {
            if (sender.equals(e.remoteUfrag)) {
                return e;
            }
            if (e.remoteUfrag == null) {
                fresh = e;
            }
        }
        return fresh;
    }

    private Entry byTuple(DatagramPort port, InetSocketAddress from) {
        for (Entry e : entries) {
            if (e.agent.selects(port, from)) {
                return e;
            }
        }
        for (Entry e : entries) {
            if (e.agent.carries(port, from)) {
                return e;
            }
        }
        return null;
    }

    /**
     * RFC 8445 §7.2.2: USERNAME "RFRAG:LFRAG" of a request we receive, RFRAG ours, LFRAG the
     * sender's ufrag; null when it does not name us (any check list answers that one 401).
     */
    private static String sender(Message request, String ours) {
        Attribute a = request.getAttribute(Attribute.USERNAME);
        if (ours == null || !(a instanceof UsernameAttribute u) || u.getUsername() == null) {
            return null;
        }
        String username = new String(u.getUsername(), StandardCharsets.UTF_8);
        return username.startsWith(ours + ":") ? username.substring(ours.length() + 1) : null;
    }
}
