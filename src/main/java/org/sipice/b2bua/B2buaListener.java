package org.sipice.b2bua;

/**
 * What a {@link B2bua} reports, as values: every event of both legs of every bridged call, and
 * the bridge's own milestones. Called on the legs' executors (never on a JAIN-SIP thread); must
 * not block. Events of one leg arrive in order; the two legs of a bridge run concurrently.
 */
@FunctionalInterface
public interface B2buaListener {

    B2buaListener NONE = event -> { };

    void onEvent(B2buaEvent event);
}
