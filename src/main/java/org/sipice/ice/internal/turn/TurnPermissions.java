package org.sipice.ice.internal.turn;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ice4j.StunException;
import org.ice4j.TransportAddress;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.ChannelNumberAttribute;
import org.ice4j.attribute.XorPeerAddressAttribute;
import org.ice4j.message.MessageFactory;
import org.ice4j.message.Request;
import org.ice4j.stack.TransactionID;

/**
 * The permissions and channel bindings of one allocation, and the requests that renew them.
 *
 * <p>What ice4j does ({@code RelayedCandidateDatagramSocket}): it installs a permission
 * (CreatePermission) per peer on the first send and, once media (non-STUN) goes to a peer, binds
 * a channel (ChannelBind). It assumes a 300 s permission and re-installs both only on a send more
 * than 240 s after the last installation. Nothing is renewed while nothing is sent, and a server
 * with shorter lifetimes silently drops the relayed media. What this class adds: every
 * permission and channel ice4j installed is renewed on a timer (RFC 8656 §9.1: a CreatePermission
 * "refreshes" an existing permission; §12.1: a ChannelBind for the same number and peer
 * refreshes the binding and the permission of the peer's address).
 */
final class TurnPermissions {
    /** Peer IP address → a transport address of that peer: permissions are per IP (RFC 8656 §9). */
    private final Map<InetAddress, TransportAddress> permissions = new LinkedHashMap<>();
    /** Peer transport address → channel number: channels are per transport address (RFC 8656 §12). */
    private final Map<TransportAddress, Character> channels = new LinkedHashMap<>();

    /** Notes a successful CreatePermission. */
    synchronized void permissionInstalled(Request request) {
        TransportAddress peer = peer(request);
        if (peer != null) {
            permissions.put(peer.getAddress(), peer);
        }
    }

    /** Notes a successful ChannelBind. */
    synchronized void channelBound(Request request) {
        TransportAddress peer = peer(request);
        ChannelNumberAttribute number = (ChannelNumberAttribute) request.getAttribute(Attribute.CHANNEL_NUMBER);
        if (peer != null && number != null) {
            channels.put(peer, number.getChannelNumber());
            permissions.put(peer.getAddress(), peer);
        }
    }

    /** How many permissions and channels are known, for logs. */
    synchronized String summary() {
        return permissions.size() + " permission(s), " + channels.size() + " channel(s)";
    }

    /**
     * The requests that renew everything: one ChannelBind per channel (it renews the permission
     * of the peer's address too) and one CreatePermission per other permitted address.
     */
    synchronized List<Request> renewals() throws StunException {
        List<Request> requests = new ArrayList<>();
        List<InetAddress> covered = new ArrayList<>();
        for (Map.Entry<TransportAddress, Character> channel : channels.entrySet()) {
            byte[] id = TransactionID.createNewTransactionID().getBytes();
            Request bind = MessageFactory.createChannelBindRequest(channel.getValue(), channel.getKey(), id);
            bind.setTransactionID(id);
            requests.add(bind);
            covered.add(channel.getKey().getAddress());
        }
        for (Map.Entry<InetAddress, TransportAddress> permission : permissions.entrySet()) {
            if (!covered.contains(permission.getKey())) {
                byte[] id = TransactionID.createNewTransactionID().getBytes();
                Request create = MessageFactory.createCreatePermissionRequest(permission.getValue(), id);
                create.setTransactionID(id);
                requests.add(create);
            }
        }
        return requests;
    }

    private static TransportAddress peer(Request request) {
        XorPeerAddressAttribute attribute = (XorPeerAddressAttribute) request.getAttribute(Attribute.XOR_PEER_ADDRESS);
        return attribute == null ? null : attribute.getAddress(request.getTransactionID());
    }
}
