package org.sipice.ice;

/** Life of an {@link IceSession}. */
public enum IceState {
    NEW, GATHERING, GATHERED, CHECKING, COMPLETED, FAILED, CLOSED
}
