package org.camelaliyun.iot.simulator.devices;

import java.time.Instant;

/** Told what devices do, to turn it into subscription messages. Called from the fleet's scheduler thread. */
public interface FleetListener {

    FleetListener NONE = new FleetListener() {
        @Override
        public void replied(DeviceReply reply, String iotId) {
        }

        @Override
        public void stateChanged(DeviceKey device, String iotId, DeviceState state, Instant time, Instant lastTime) {
        }
    };

    void replied(DeviceReply reply, String iotId);

    /** An online/offline transition; {@code lastTime} is when the device last changed state before this. */
    void stateChanged(DeviceKey device, String iotId, DeviceState state, Instant time, Instant lastTime);
}
