package org.camelaliyun.iot.simulator.devices;

import java.time.Duration;

/** A scripted state change: {@code after} the simulator started (or was last reset), the device takes {@code state}. */
public record StateChange(DeviceKey device, Duration after, DeviceState state) {
}
