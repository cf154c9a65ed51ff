/**
 * sip-profiles: {@code .properties} presets that produce the JAIN-SIP stack properties and the
 * immutable {@link org.sipice.sip.CallConfig} for a user agent. Loading a profile changes
 * nothing global; see {@link org.sipice.profile.SipProfile}.
 */
package org.sipice.profile;
