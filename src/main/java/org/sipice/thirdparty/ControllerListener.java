package org.sipice.thirdparty;

/** Receives a controller's events; called on the controlled call's executor, must not block. */
@FunctionalInterface
public interface ControllerListener {

    ControllerListener NONE = event -> { };

    void onEvent(ControllerEvent event);
}
