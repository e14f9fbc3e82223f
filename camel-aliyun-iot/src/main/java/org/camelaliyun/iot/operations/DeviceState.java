package org.camelaliyun.iot.operations;

/**
 * The state of one device as BatchGetDeviceState and GetDeviceStatus report it.
 *
 * @param productKey     the device's product (null when GetDeviceStatus named the device by IotId)
 * @param deviceName     the device (null when GetDeviceStatus named the device by IotId)
 * @param iotId          the device's IotId, when the platform gave it
 * @param status         {@code ONLINE}, {@code OFFLINE}, {@code UNACTIVE} or {@code DISABLE}
 * @param asAddress      the address the device connected from, when online
 * @param lastOnlineTime when it last came online, as the platform writes it (BatchGetDeviceState only)
 * @param timestamp      when it took this state, epoch ms, null when not given
 */
public record DeviceState(String productKey, String deviceName, String iotId, String status, String asAddress,
        String lastOnlineTime, Long timestamp) {

    public boolean isOnline() {
        return "ONLINE".equals(status);
    }
}
