package org.sipice.natlab;

import java.net.InetSocketAddress;
import org.ice4j.attribute.Attribute;
import org.ice4j.message.Message;
import org.sipice.ice.internal.engine.net.PortTap;
import org.sipice.ice.internal.engine.stun.StunCodec;

/** Debugging aid: the sipice CLI with every STUN datagram of its engine ports printed to stderr. */
public final class WireTraceMain {
    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        PortTap.install(new PortTap() {
            @Override
            public boolean onSend(InetSocketAddress local, InetSocketAddress to, byte[] data, int offset, int length) {
                print(t0, "->", local, to, data, offset, length);
                return true;
            }

            @Override
            public boolean onReceive(InetSocketAddress local, InetSocketAddress from, byte[] data, int length) {
                print(t0, "<-", local, from, data, 0, length);
                return true;
            }
        });
        org.sipice.cli.Main.main(args);
    }

    private static void print(long t0, String dir, InetSocketAddress local, InetSocketAddress peer, byte[] data,
            int offset, int length) {
        String what;
        try {
            byte[] copy = java.util.Arrays.copyOfRange(data, offset, offset + length);
            if (!StunCodec.isStun(copy, copy.length)) {
                if (length > 0 && (data[offset] & 0xC0) == 0x40) {
                    what = "channeldata";
                } else {
                    return; // media
                }
            } else {
                Message m = StunCodec.decode(copy, copy.length);
                what = m.getName() + (m.containsAttribute(Attribute.USE_CANDIDATE) ? " USE-CANDIDATE" : "")
                        + " tid=" + Integer.toHexString(java.util.Arrays.hashCode(m.getTransactionID()) & 0xffff);
            }
        } catch (Exception e) {
            what = "? " + e;
        }
        System.err.printf("WIRE %9.3f %s %s %s %s%n", (System.nanoTime() - t0) / 1e6, local, dir, peer, what);
    }
}
