package org.sipice.natprobe;

/**
 * RFC 4787 behaviour names as the probe reports them. {@code label()} is the short form used on
 * the RESULT line and by {@code scripts/natlab} ({@code eim}, {@code apdf}, ...).
 */
public final class NatBehaviour {
    private NatBehaviour() {
    }

    /** RFC 4787 §4.1: how the NAT reuses a mapping for other destinations. */
    public enum Mapping {
        /** No NAT at all: the mapped address is our own (RFC 5780 §4.3, test I). */
        NONE("none", "no NAT (the mapped address is the local one)"),
        ENDPOINT_INDEPENDENT("eim", "endpoint-independent mapping"),
        ADDRESS_DEPENDENT("adm", "address-dependent mapping"),
        ADDRESS_AND_PORT_DEPENDENT("apdm", "address-and-port-dependent mapping"),
        /** A test got no answer, or the server lacks OTHER-ADDRESS (RFC 5780 §4.3). */
        UNKNOWN("unknown", "unknown");

        private final String label;
        private final String description;

        Mapping(String label, String description) {
            this.label = label;
            this.description = description;
        }

        public String label() {
            return label;
        }

        public String description() {
            return description;
        }
    }

    /** RFC 4787 §5: which outside endpoints may send to a mapping. */
    public enum Filtering {
        ENDPOINT_INDEPENDENT("eif", "endpoint-independent filtering"),
        ADDRESS_DEPENDENT("adf", "address-dependent filtering"),
        ADDRESS_AND_PORT_DEPENDENT("apdf", "address-and-port-dependent filtering"),
        UNKNOWN("unknown", "unknown");

        private final String label;
        private final String description;

        Filtering(String label, String description) {
            this.label = label;
            this.description = description;
        }

        public String label() {
            return label;
        }

        public String description() {
            return description;
        }
    }
}
