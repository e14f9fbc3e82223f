package org.camelaliyun.iot.simulator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.camelaliyun.iot.simulator.devices.DeviceKey;
import org.camelaliyun.iot.simulator.devices.DeviceModel;
import org.camelaliyun.iot.simulator.devices.DeviceState;

/**
 * Accounts, instances, products and devices the simulator knows. Filled by the builder (and config file) before the
 * server starts and only read afterwards, so it needs no locking once built. With no product configured any product
 * and device is accepted; with no instance configured any IotInstanceId is.
 */
final class Registry {

    /** A product, the instance it lives in (null = the public instance) and its devices by name → initially online. */
    record Product(String productKey, String iotInstanceId, Map<String, Boolean> devices) {
    }

    private final Map<String, Account> accounts = new LinkedHashMap<>();
    private final Set<String> instances = new LinkedHashSet<>();
    private final Map<String, Product> products = new LinkedHashMap<>();
    private final Set<String> consumerGroups = new LinkedHashSet<>();
    private final DeviceModel devices = new DeviceModel();

    void addAccount(Account account) {
        accounts.put(account.accessKeyId(), account);
    }

    void addInstance(String iotInstanceId) {
        requireText(iotInstanceId, "iotInstanceId");
        instances.add(iotInstanceId);
    }

    void addProduct(String productKey, String iotInstanceId) {
        requireText(productKey, "productKey");
        Product existing = products.get(productKey);
        if (existing != null && iotInstanceId == null) {
            return;
        }
        if (iotInstanceId != null) {
            addInstance(iotInstanceId);
        }
        products.put(productKey, new Product(productKey, iotInstanceId,
                existing == null ? new LinkedHashMap<>() : existing.devices()));
    }

    /** Registers the device, and its product in the public instance if the product is new. */
    void addDevice(String productKey, String deviceName, boolean online) {
        addDevice(productKey, deviceName, online ? DeviceState.ONLINE : DeviceState.OFFLINE);
    }

    void addDevice(String productKey, String deviceName, DeviceState state) {
        requireText(deviceName, "deviceName");
        addProduct(productKey, null);
        products.get(productKey).devices().put(deviceName, state == DeviceState.ONLINE);
        devices.state(new DeviceKey(productKey, deviceName), state);
    }

    /** Device behaviour: states, scripted changes, reply rules, offline handling. */
    DeviceModel devices() {
        return devices;
    }

    void addConsumerGroup(String id) {
        requireText(id, "consumerGroupId");
        consumerGroups.add(id);
    }

    Set<String> consumerGroups() {
        return Collections.unmodifiableSet(consumerGroups);
    }

    Map<String, Product> products() {
        return Collections.unmodifiableMap(products);
    }

    /** Whether the device may be addressed: any device while no product is configured. */
    boolean knows(String productKey, String deviceName) {
        if (!hasProducts()) {
            return true;
        }
        Product product = products.get(productKey);
        return product != null && product.devices().containsKey(deviceName);
    }

    Account account(String accessKeyId) {
        return accounts.get(accessKeyId);
    }

    Map<String, Account> accounts() {
        return Collections.unmodifiableMap(accounts);
    }

    boolean hasAccounts() {
        return !accounts.isEmpty();
    }

    /** Once a product is configured, unknown products and devices are business errors. */
    boolean hasProducts() {
        return !products.isEmpty();
    }

    /** Once an instance is configured, an unknown IotInstanceId is a business error. */
    boolean hasInstances() {
        return !instances.isEmpty();
    }

    boolean hasInstance(String iotInstanceId) {
        return instances.contains(iotInstanceId);
    }

    Product product(String productKey) {
        return products.get(productKey);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
