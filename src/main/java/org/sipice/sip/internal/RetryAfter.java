package org.sipice.sip.internal;

import java.util.concurrent.ThreadLocalRandom;
import javax.sip.InvalidArgumentException;
import javax.sip.message.Response;

/**
 * RFC 3261 §14.2: a UAS that receives a second INVITE before it sent the final response to a
 * first one with a lower CSeq on the same dialog answers 500 with a Retry-After chosen at random
 * between 0 and 10 seconds. Added to every 500 an in-dialog offer gets from us.
 */
final class RetryAfter {
    /** RFC 3261 §14.2: "between 0 and 10 seconds". */
    private static final int MAX_SECONDS = 10;

    private RetryAfter() {
    }

    static void add(Response response, SipContext context) throws InvalidArgumentException {
        response.addHeader(context.headers.createRetryAfterHeader(ThreadLocalRandom.current().nextInt(MAX_SECONDS + 1)));
    }
}
