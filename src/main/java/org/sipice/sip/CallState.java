package org.sipice.sip;

/** Where a call stands, from either side. */
public enum CallState {
    /** UAC: gathering and sending the INVITE. UAS: the INVITE arrived, the answer is being prepared. */
    SETTING_UP,
    /** The answer has been exchanged; connectivity checks run; nobody is alerted yet. */
    CHECKING,
    /** ICE is ready (or the gate timed out with RING_ANYWAY); 180 Ringing went out. */
    RINGING,
    /** 200 OK and ACK exchanged. */
    ESTABLISHED,
    /** BYE, CANCEL, rejection or failure ended the call. */
    ENDED
}
