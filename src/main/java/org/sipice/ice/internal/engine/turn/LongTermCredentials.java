package org.sipice.ice.internal.engine.turn;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.ice4j.attribute.Attribute;
import org.ice4j.attribute.AttributeFactory;
import org.ice4j.attribute.NonceAttribute;
import org.ice4j.attribute.RealmAttribute;
import org.ice4j.message.Request;
import org.ice4j.message.Response;
import org.sipice.ice.internal.engine.stun.StunCodec;

/**
 * The long-term credential mechanism of one allocation (RFC 8489 §9.2): the user's name and
 * password, and the REALM and NONCE the server last gave. The first request goes without
 * credentials; the 401 that answers it carries the realm and nonce (§9.2.4); every later request
 * carries USERNAME, REALM, NONCE and MESSAGE-INTEGRITY under MD5(username:realm:password).
 */
final class LongTermCredentials {
    /** RFC 8489 §14.9/§14.10: REALM and NONCE are under 128 characters (763 bytes). */
    private static final int MAX_REALM_OR_NONCE_BYTES = 763;

    private final String username;
    private final String password;
    private byte[] realm;
    private byte[] nonce;
    private byte[] key;

    LongTermCredentials(String username, String password) {
        this.username = username;
        this.password = password;
    }

    String username() {
        return username;
    }

    /** True once a server's challenge gave a realm and nonce. */
    boolean challenged() {
        return nonce != null;
    }

    /**
     * Takes the REALM and NONCE of a 401 or 438 error response (RFC 8489 §9.2.5: the client
     * uses the new nonce, and the realm when it changed). False when either is missing or
     * oversized: the response cannot be answered with credentials.
     */
    boolean learn(Response challenge) {
        RealmAttribute r = (RealmAttribute) challenge.getAttribute(Attribute.REALM);
        NonceAttribute n = (NonceAttribute) challenge.getAttribute(Attribute.NONCE);
        byte[] newRealm = r == null ? realm : r.getRealm();
        if (n == null || newRealm == null || newRealm.length > MAX_REALM_OR_NONCE_BYTES
                || n.getNonce().length > MAX_REALM_OR_NONCE_BYTES) {
            return false;
        }
        if (key == null || !Arrays.equals(newRealm, realm)) {
            key = StunCodec.longTermKey(username, new String(newRealm, StandardCharsets.UTF_8), password);
        }
        realm = newRealm.clone();
        nonce = n.getNonce().clone();
        return true;
    }

    /**
     * Puts USERNAME, REALM and NONCE into {@code request} (RFC 8489 §9.2.4) and returns the key
     * its MESSAGE-INTEGRITY is computed with; null (and nothing added) before any challenge.
     */
    byte[] apply(Request request) {
        if (!challenged()) {
            return null;
        }
        request.putAttribute(AttributeFactory.createUsernameAttribute(username));
        request.putAttribute(AttributeFactory.createRealmAttribute(realm.clone()));
        request.putAttribute(AttributeFactory.createNonceAttribute(nonce.clone()));
        return key;
    }
}
